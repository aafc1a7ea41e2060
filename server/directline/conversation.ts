/** An activity as the local Direct Line keeps and delivers it. */
export interface ChannelActivity {
  id: string;
  type: string;
  [key: string]: unknown;
}

/** A batch of activities and the watermark to ask from next time. */
export interface ActivitySet {
  activities: ChannelActivity[];
  watermark: string;
}

/** Called for every activity appended, with the watermark after it. */
export type ActivityListener = (activity: ChannelActivity, watermark: number) => void;

/**
 * One Direct Line conversation, in memory only. Activities are numbered in
 * arrival order; a watermark is the number of activities a client has seen.
 * Only the newest `maxActivities` are kept, so memory per conversation is
 * bounded and old text does not linger.
 */
export class Conversation {
  /** Set when the client has started the conversation (POST /conversations). */
  started = false;
  locale?: string;
  lastActive: number;
  private readonly log: ChannelActivity[] = [];
  /** Index (watermark) of `log[0]`. */
  private firstIndex = 0;
  private readonly listeners = new Set<ActivityListener>();

  constructor(
    readonly id: string,
    readonly userId: string,
    private readonly maxActivities: number,
    now: number,
  ) {
    this.lastActive = now;
  }

  /** The watermark after the newest activity. */
  get watermark(): number {
    return this.firstIndex + this.log.length;
  }

  /** Gives `activity` the next id, stores it and tells the listeners. */
  append(activity: Omit<ChannelActivity, 'id'>): ChannelActivity {
    const index = this.watermark;
    const stored = { ...activity, id: `${this.id}|${String(index).padStart(7, '0')}` } as ChannelActivity;
    this.log.push(stored);
    if (this.log.length > this.maxActivities) {
      this.log.shift();
      this.firstIndex++;
    }
    for (const listener of this.listeners) listener(stored, index + 1);
    return stored;
  }

  /** Activities after `watermark` ('' or garbage = from the start). */
  since(watermark: string | undefined): ActivitySet {
    const parsed = Number.parseInt(watermark ?? '', 10);
    const from = Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
    const start = Math.max(0, from - this.firstIndex);
    return { activities: this.log.slice(start), watermark: String(this.watermark) };
  }

  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops every activity and listener, so nothing the user wrote stays referenced. */
  clear(): void {
    this.log.length = 0;
    this.listeners.clear();
  }
}
