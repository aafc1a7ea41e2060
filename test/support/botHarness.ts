import { Activity, ConversationState, MemoryStorage, Storage, TestAdapter } from 'botbuilder';
import { createBot } from '../../bots/createBot';
import type { ReportingServices } from '../../dialogs/report/reportingServices';
import { resourceKeysOf } from '../../dialogs/shared/reply';
import type { Recognizer } from '../../services/nlu/types';
import { createLogger, Logger } from '../../core/logger';
import { KeywordRecognizer } from './keywordRecognizer';

export interface HarnessOptions {
  /** The channel's locale on every activity (BCP-47, as a channel sends it). */
  locale?: string;
  recognizer?: Recognizer;
  storage?: Storage;
  log?: Logger;
  conversationId?: string;
  /** The reports layer (createReportServices on a test database); without it reports cannot be sent. */
  reporting?: ReportingServices;
  /** The bot's clock (which help lines are open, what "do petka" means). */
  clock?: () => Date;
}

/**
 * The real bot (pipeline, dialogs, state) on botbuilder's TestAdapter. Each
 * `send` is one user turn and returns the bot's replies to it, so tests read
 * as conversations and assert resource keys (see {@link keys}).
 */
export class BotHarness {
  readonly adapter: TestAdapter;
  readonly recognizer: Recognizer;
  readonly storage: Storage;
  readonly conversationState: ConversationState;

  constructor(opts: HarnessOptions = {}) {
    this.recognizer = opts.recognizer ?? new KeywordRecognizer();
    this.storage = opts.storage ?? new MemoryStorage();
    const { bot, conversationState } = createBot({ storage: this.storage, recognizer: this.recognizer, log: opts.log ?? createLogger('silent'), reporting: opts.reporting, clock: opts.clock });
    this.conversationState = conversationState;
    const conversation = TestAdapter.createConversation(opts.conversationId ?? 'Convo1');
    conversation.locale = opts.locale ?? 'sr-Latn';
    this.adapter = new TestAdapter((context) => bot.run(context), { ...conversation, locale: conversation.locale });
    this.adapter.locale = conversation.locale;
  }

  /** The user joins: the bot's welcome. */
  join(): Promise<Partial<Activity>[]> {
    const { user, bot } = this.adapter.conversation;
    if (!user) throw new Error('the test conversation has no user');
    return this.turn({ type: 'conversationUpdate', membersAdded: [user, bot], from: user, recipient: bot });
  }

  /** The user writes (or taps a button: the token is sent as text). */
  send(text: string): Promise<Partial<Activity>[]> {
    return this.turn(text);
  }

  /** Any activity from the user; returns the bot's replies. */
  async turn(activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
    this.adapter.activeQueue.splice(0);
    await this.adapter.receiveActivity(activity);
    return this.adapter.activeQueue.splice(0);
  }
}

/** All resource keys of a turn's replies, in order. */
export function keys(replies: Partial<Activity>[]): string[] {
  return replies.flatMap(resourceKeysOf);
}

/** The tokens of the suggested actions of the last reply (what the user can tap next). */
export function buttonTokens(replies: Partial<Activity>[]): string[] {
  const last = replies[replies.length - 1];
  return (last?.suggestedActions?.actions ?? []).map((a) => String(a.text ?? a.value));
}

/** The `tel:` links anywhere in a turn's replies (cards and suggested actions). */
export function telLinks(replies: Partial<Activity>[]): string[] {
  const links: string[] = [];
  for (const r of replies) {
    for (const a of r.suggestedActions?.actions ?? []) if (String(a.value).startsWith('tel:')) links.push(String(a.value));
    for (const att of r.attachments ?? []) {
      const buttons = (att.content as { buttons?: Array<{ value?: unknown }> } | undefined)?.buttons ?? [];
      for (const b of buttons) if (String(b.value).startsWith('tel:')) links.push(String(b.value));
    }
  }
  return links;
}

/** Every user-visible text of a turn: message texts, card texts and button titles. */
export function visibleTexts(replies: Partial<Activity>[]): string[] {
  const out: string[] = [];
  for (const r of replies) {
    if (r.text) out.push(r.text);
    for (const a of r.suggestedActions?.actions ?? []) out.push(a.title);
    for (const att of r.attachments ?? []) {
      const c = att.content as { title?: string; subtitle?: string; text?: string; buttons?: Array<{ title?: string }> } | undefined;
      for (const s of [c?.title, c?.subtitle, c?.text, ...(c?.buttons ?? []).map((b) => b.title)]) if (s) out.push(s);
    }
  }
  return out;
}
