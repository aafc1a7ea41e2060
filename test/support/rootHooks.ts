import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, EmbeddedDatabase } from '../../server/db/embedded';
import { ensureWebChat } from '../../scripts/buildWebChat.mjs';

/**
 * Tests use whatever MONGODB_URI points at (CI starts FerretDB; a developer
 * may point it at a real mongod). With none set, the embedded database is
 * started in a temporary folder for the run, as `npm start` would.
 */
let embedded: EmbeddedDatabase | undefined;
let tmp: string | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  // The widget's Web Chat bundle (dist/widget/webchat.js), when missing or out of date.
  if (await ensureWebChat({ quiet: true })) process.stderr.write('test: built the widget\'s Web Chat bundle\n');
  if (process.env.MONGODB_URI) return;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-test-db-'));
  embedded = await startEmbeddedDatabase({ dir: tmp });
  process.env.MONGODB_URI = embedded.uri;
  process.stderr.write(`test database: embedded ${embedded.kind} on port ${embedded.port}\n`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await embedded?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
