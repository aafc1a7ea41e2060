import { MemoryStorage, TestAdapter } from 'botbuilder';
import { createBot } from '../bots/createBot';
import { createLogger } from '../core/logger';
import type { Recognizer } from '../services/nlu/types';

/**
 * What a few people say in their first turns, in each script: a greeting,
 * a question about a danger, the start of a report and its first answers,
 * a crisis line (so the crisis card's path is warm too).
 */
const SCRIPT: ReadonlyArray<{ locale: string; turns: string[] }> = [
  { locale: 'sr-Latn', turns: ['zdravo', 'ja sam učenik', 'šta je grooming?', 'hoću nešto da prijavim', 'meni', 'ne znam', 'neko me prati do kuće'] },
  { locale: 'sr-Cyrl', turns: ['помоћ', 'неко ми прети да ће објавити моје слике', 'како да пријавим'] },
  { locale: 'en', turns: ['hi', 'how do I make my instagram private', 'I am a teacher'] },
];

/**
 * Runs a short scripted conversation in each script through a throwaway
 * copy of the bot — the same recognizer, dialogs and content, but state in
 * memory, a silent log and no reporting layer — before the server listens.
 * The first turn after a start otherwise pays for cold code (modules loaded
 * and compiled on first use, content read, functions not yet optimised):
 * measured 2.0 s for the first "zdravo" against 0.08 s for the next new
 * conversation. Nothing is stored, sent or logged; the bot that serves
 * people is a different instance with its own state.
 */
export async function warmUp(recognizer: Recognizer): Promise<{ turns: number; replies: number; ms: number }> {
  const started = performance.now();
  const { bot } = createBot({ storage: new MemoryStorage(), recognizer, log: createLogger('silent') });
  let turns = 0;
  let replies = 0;
  for (const [i, { locale, turns: lines }] of SCRIPT.entries()) {
    const conversation = TestAdapter.createConversation(`warm-up-${i}`);
    conversation.locale = locale;
    const adapter = new TestAdapter((context) => bot.run(context), conversation);
    adapter.locale = locale;
    for (const text of lines) {
      await adapter.receiveActivity(text);
      replies += adapter.activeQueue.splice(0).length;
      turns++;
    }
  }
  return { turns, replies, ms: Math.round(performance.now() - started) };
}
