import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ENV_VARIABLES, envSchema, loadConfig } from '../../core/config';
import { fromRoot } from '../../core/paths';

/**
 * .env.example is written by people (grouped, with the why of each value)
 * and checked here against the one configuration schema, both ways: every
 * variable the schema knows is documented there, and nothing there is
 * unknown to the schema. Generating the file instead would move all that
 * prose into the schema; checking keeps it where operators read it and
 * still fails the build the day the two drift.
 */
describe('.env.example against the configuration schema (core/config)', () => {
  const text = fs.readFileSync(fromRoot('.env.example'), 'utf8');
  /** `NAME=value  # comment` lines: the variables set. */
  const set = new Map([...text.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/\s+#.*$/, '').trim()]));
  /** `#   NAME=value` lines: examples in comments. */
  const mentioned = [...text.matchAll(/^#\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!);

  it('when the file is read, then every variable of the schema is set there once (documented)', () => {
    assert.ok(ENV_VARIABLES.length > 90, `${ENV_VARIABLES.length} variables in the schema`);
    assert.deepEqual(ENV_VARIABLES.filter((v) => !set.has(v)), [], 'every schema variable has a NAME= line in .env.example');
    const lines = [...text.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!);
    assert.deepEqual(lines.filter((v, i) => lines.indexOf(v) !== i), [], 'no variable is set twice');
  });

  it('when the file is read, then it names no variable the schema does not know (a typo, a removed setting)', () => {
    const known = new Set(ENV_VARIABLES);
    assert.deepEqual([...set.keys(), ...mentioned].filter((v) => !known.has(v)), []);
    // The schema the deployment templates are held against is the same one.
    assert.deepEqual(Object.keys((envSchema.describe() as { keys: Record<string, unknown> }).keys).sort(), [...ENV_VARIABLES].sort());
  });

  it('when the example values are used as they stand, then the configuration loads (they are valid development values)', () => {
    const env = Object.fromEntries([...set].filter(([, value]) => value !== ''));
    const config = loadConfig(env);
    assert.equal(config.server.port, Number(set.get('PORT')));
    assert.equal(config.reports.notify.deadlineReminderFraction, Number(set.get('NOTIFY_DEADLINE_REMINDER_FRACTION')));
  });
});
