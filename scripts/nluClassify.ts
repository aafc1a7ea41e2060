/**
 * `npm run --silent nlu:classify`: reads UTF-8 lines on stdin and writes one
 * JSON object per line, in the same order: {"text", "intent", "score",
 * "locale", "crisis"} (SPEC.md section 6). `crisis` is the bot's own crisis
 * decision for the message — "emergency", "self_harm" or null — made by the
 * function the bot runs before every dialog (bots/crisisCheck.ts), so what a
 * child would see can be measured. The model is trained once, then every
 * line is classified; nothing else is written to stdout.
 */
import readline from 'node:readline';
import { crisisOfMessage } from '../bots/crisisCheck';
import { NlpjsRecognizer } from '../services/nlu/nlpjsRecognizer';

async function main(): Promise<void> {
  const recognizer = new NlpjsRecognizer();
  await recognizer.init();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  for await (const line of lines) {
    const text = line.replace(/^\uFEFF/, '');
    const r = await recognizer.recognize(text);
    const crisis = crisisOfMessage(text, r)?.kind ?? null;
    out.push(JSON.stringify({ text, intent: r.intent, score: Number(r.score.toFixed(4)), locale: r.locale, crisis }));
    if (out.length >= 256) {
      process.stdout.write(`${out.join('\n')}\n`);
      out.length = 0;
    }
  }
  if (out.length) process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
