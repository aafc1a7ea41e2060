import type { Model } from 'mongoose';
import type { Database } from '../database';
import { onQueueEntryWritten, reportQueueEntryModel } from '../reportQueueEntry';
import type { ReportQueueEntryDoc } from '../reportQueueEntry';
import { matchesSelector, QueueSelector } from '../queueSelector';

type Entry = ReportQueueEntryDoc;

/*
 * An accommodation of the embedded database (FerretDB 1.24 on SQLite).
 *
 * Why it exists: that database cannot walk an index in order or answer a
 * range from one. Every filter, sort or count on `reportqueue` reads and
 * decodes every entry — about ten seconds per queue page at 100,000 reports —
 * where MongoDB and Cosmos DB walk the collection's indexes
 * (models/reportQueueRepository.ts). So on the embedded database the queue is
 * read from this copy instead (ReportQueue in `memory` mode, the default there).
 *
 * What it costs: the whole queue in the server's heap (98 MiB at 100,000
 * reports) and a load at start (16 s at 100,000 reports, in the background:
 * queue requests wait for it, the chat does not); and it is right only while
 * this process is the only writer, since it hears only the entry writes this
 * process makes. Measured by `npm run --silent bench:dashboard`.
 *
 * On MongoDB: not worth having. A page there is an index walk of a few
 * milliseconds whatever its depth, any number of instances can serve it,
 * and the copy would be wrong as soon as a second instance writes. A single
 * instance may still choose it (DASHBOARD_QUEUE_MODE=memory) to spare the
 * database the queue's reads.
 */

/**
 * The whole review queue held in this process, in queue order: a page is a
 * binary search to the cursor and a walk of the sorted entries; a case code
 * is one map lookup.
 *
 * It is a copy of the `reportqueue` collection, loaded once and then told of
 * every entry this process writes ({@link onQueueEntryWritten}). So it is
 * only right when this process is the only writer: the embedded database (one
 * server per data folder, the admin commands refuse to share it) or a single
 * instance that says so (DASHBOARD_QUEUE_MODE=memory). Several instances on
 * one database must read the collection itself.
 */
export class QueueMirror {
  private readonly entries: Model<Entry>;
  /** Every entry, sorted by queueKey. */
  private sorted: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private readonly byCaseCode = new Map<string, Entry>();
  private readonly alerts = new Set<Entry>();
  /** Writes heard while loading, applied after the snapshot in the order they happened. */
  private pending?: [string, Entry | null][];
  private unsubscribe?: () => void;

  constructor(private readonly db: Database) {
    this.entries = reportQueueEntryModel(db);
  }

  /**
   * Reads every entry. Writes made while it reads are held back and applied
   * after it, so none is lost whichever way the two interleave: each write
   * carries the entry as written, and the last one for a report is its state.
   */
  async load(): Promise<void> {
    this.unsubscribe?.();
    this.pending = [];
    this.unsubscribe = onQueueEntryWritten(this.db, (id, entry) => {
      if (this.pending) this.pending.push([id, entry]);
      else this.apply(id, entry);
    });
    try {
      const all = await this.snapshot();
      all.sort((a, b) => (a.queueKey < b.queueKey ? -1 : a.queueKey > b.queueKey ? 1 : 0));
      this.sorted = all;
      this.byId.clear();
      this.byCaseCode.clear();
      this.alerts.clear();
      for (const e of all) this.index(e);
      const heard = this.pending;
      this.pending = undefined;
      for (const [id, entry] of heard) this.apply(id, entry);
    } catch (err) {
      this.pending = undefined;
      this.unsubscribe();
      this.unsubscribe = undefined;
      throw err;
    }
  }

  /** Every entry in the collection (any order). */
  protected async snapshot(): Promise<Entry[]> {
    const all: Entry[] = [];
    for await (const e of this.entries.find({}).lean<Entry>().cursor()) all.push(e);
    return all;
  }

  /** Stops listening (the mirror is then stale). */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Replaces (or, with null, removes) one report's entry. */
  apply(id: string, entry: Entry | null): void {
    const old = this.byId.get(id);
    if (old) {
      this.sorted.splice(this.position(old.queueKey), 1);
      this.byId.delete(id);
      if (this.byCaseCode.get(old.caseCode) === old) this.byCaseCode.delete(old.caseCode);
      this.alerts.delete(old);
    }
    if (entry) {
      this.sorted.splice(this.position(entry.queueKey), 0, entry);
      this.index(entry);
    }
  }

  /** Up to `limit` selected entries after the cursor key, in queue order. */
  page(s: QueueSelector, after: string | undefined, limit: number): Entry[] {
    if (s.caseCode !== undefined) {
      const e = this.byCaseCode.get(s.caseCode);
      return e && matchesSelector(s, e) && (after === undefined || e.queueKey > after) && limit > 0 ? [e] : [];
    }
    const from = s.keyRange && (after === undefined || after < s.keyRange.gte) ? this.position(s.keyRange.gte) : after === undefined ? 0 : this.after(after);
    const out: Entry[] = [];
    for (let i = from; i < this.sorted.length && out.length < limit; i++) {
      const e = this.sorted[i]!;
      if (s.keyRange && e.queueKey >= s.keyRange.lt) break;
      if (matchesSelector(s, e)) out.push(e);
    }
    return out;
  }

  /** How many entries are selected. */
  count(s: QueueSelector): number {
    const pool = s.alert ? this.alerts : this.sorted;
    let n = 0;
    for (const e of pool) if (matchesSelector(s, e)) n++;
    return n;
  }

  /** The selected entry whose notice failed last (the banner's "last error"). */
  latestNoticeFailure(s: QueueSelector): Entry | undefined {
    let latest: Entry | undefined;
    for (const e of this.sorted) {
      if (!e.noticeFailed || !e.noticeFailedAt || !matchesSelector(s, e)) continue;
      if (!latest || e.noticeFailedAt.getTime() > latest.noticeFailedAt!.getTime()) latest = e;
    }
    return latest;
  }

  private index(e: Entry): void {
    this.byId.set(e._id.toHexString(), e);
    this.byCaseCode.set(e.caseCode, e);
    if (e.alert) this.alerts.add(e);
  }

  /** The first index whose key is >= key. */
  private position(key: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]!.queueKey < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first index whose key is > key. */
  private after(key: string): number {
    const i = this.position(key);
    return i < this.sorted.length && this.sorted[i]!.queueKey === key ? i + 1 : i;
  }
}
