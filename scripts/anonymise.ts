/**
 * `npm run --silent anonymise` (SPEC.md section 6): reads UTF-8 lines on
 * stdin, one text per line, and writes one JSON object per line, in the same
 * order: {"text", "redactions": [{"type", "start", "end"}], "evidence": {"urls", "handles"}}.
 * Nothing else goes to stdout.
 */
import readline from 'node:readline';
import { anonymise } from '../services/anonymise/anonymise';

async function main(): Promise<void> {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    process.stdout.write(JSON.stringify(anonymise(line.replace(/^\uFEFF/, ''))) + '\n');
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`anonymise: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
