import type { MemoryStorage } from 'botbuilder';
import type { ReportProgress } from '../../../dialogs/report/reportProgress';
import type { MessageView } from '../../../dialogs/shared/reply';
import type { Locale } from '../../../services/i18n/locales';
import { latinToCyrillic } from '../../../services/text/transliterate';
import type { BotHarness } from '../../support/botHarness';

/** How a child writes the same answer: Serbian in Latin with or without diacritics, in Cyrillic, or English. */
export const SPELLINGS = ['latin', 'ascii', 'cyrillic', 'english'] as const;
export type Spelling = (typeof SPELLINGS)[number];

/** The conversation's locale for each spelling (a child writing Cyrillic gets Cyrillic). */
export const SPELLING_LOCALE: Readonly<Record<Spelling, Locale>> = { latin: 'sr-Latn', ascii: 'sr-Latn', cyrillic: 'sr-Cyrl', english: 'en' };

const ASCII: Readonly<Record<string, string>> = { č: 'c', ć: 'c', š: 's', ž: 'z', đ: 'dj', Č: 'C', Ć: 'C', Š: 'S', Ž: 'Z', Đ: 'Dj' };

/** Serbian as a phone without Serbian letters types it. */
export function withoutDiacritics(text: string): string {
  return text.replace(/[čćšžđČĆŠŽĐ]/g, (c) => ASCII[c] ?? c);
}

/** An answer in a spelling: Serbian authored once in Latin (`sr`), English apart (`en`). */
export function spell(s: Spelling, sr: string, en: string): string {
  switch (s) {
    case 'latin':
      return sr;
    case 'ascii':
      return withoutDiacritics(sr);
    case 'cyrillic':
      return latinToCyrillic(sr);
    case 'english':
      return en;
  }
}

/** Finds the report in progress anywhere in a state object (it travels in the report dialog's options). */
function findProgress(node: unknown): ReportProgress | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const o = node as Record<string, unknown>;
  if (typeof o.submissionId === 'string' && o.answers && typeof o.at === 'string') return o as unknown as ReportProgress;
  for (const v of Object.values(o)) {
    const found = findProgress(v);
    if (found) return found;
  }
  return undefined;
}

/**
 * The report in progress in a test conversation, read from its conversation
 * state (MemoryStorage): what the dialog recorded from the answers so far.
 */
export async function reportInProgress(bot: BotHarness): Promise<ReportProgress | undefined> {
  return findProgress(await conversationState(bot));
}

async function conversationState(bot: BotHarness): Promise<unknown> {
  const { conversation, channelId } = bot.adapter.conversation;
  // ConversationState keys a conversation as "<channel>/conversations/<id>/" (its namespace is empty).
  const key = `${channelId}/conversations/${conversation.id}/`;
  return (await (bot.storage as MemoryStorage).read([key]))[key];
}

/** Finds the waiting question: the only prompt on the dialog stack keeps its view in its options. */
function findView(node: unknown): MessageView | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const o = node as Record<string, unknown>;
  const options = o.options as { view?: MessageView } | undefined;
  if (options && typeof options === 'object' && options.view) return options.view;
  for (const v of Object.values(o)) {
    const found = findView(v);
    if (found) return found;
  }
  return undefined;
}

/** The question waiting in a test conversation, as its prompt stored it. */
export async function waitingQuestion(bot: BotHarness): Promise<MessageView | undefined> {
  return findView(await conversationState(bot));
}
