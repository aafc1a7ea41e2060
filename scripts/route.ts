/**
 * `npm run --silent route -- '<json situation>'` (SPEC.md section 6): prints
 * the routing decision as JSON on its last line,
 * `{"urgency","authorities":[{"id","reason"}]}`, with English reasons.
 * Routes from the seed files in content/, so no database is needed.
 * The situation may also come on stdin when no argument is given.
 * Exit 2 on bad input, with the reason on stderr.
 */
import fs from 'node:fs';
import { decide } from '../services/routing/engine';
import { loadRoutingSeed } from '../services/routing/routingSeed';
import { InvalidSituationError, validateSituation } from '../services/routing/situationSchema';

function fail(message: string): never {
  process.stderr.write(`route: ${message}\n`);
  process.stderr.write(
    'usage: npm run --silent route -- \'{"category":"grooming","immediateDanger":false,"victimAge":"14-17","reporterRole":"pupil"}\'\n',
  );
  process.exit(2);
}

function main(): void {
  const arg = process.argv.slice(2).join(' ').trim();
  const raw = arg || (process.stdin.isTTY ? '' : fs.readFileSync(0, 'utf8').trim());
  if (!raw) fail('no situation given');
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch {
    fail('the situation is not valid JSON');
  }
  let situation;
  try {
    situation = validateSituation(input);
  } catch (err) {
    if (err instanceof InvalidSituationError) fail(err.problems.join('; '));
    throw err;
  }
  const seed = loadRoutingSeed();
  const decision = decide(situation, seed.rules, seed.authorities);
  const out = { urgency: decision.urgency, authorities: decision.authorities.map((a) => ({ id: a.id, reason: a.reason })) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main();
