/**
 * `npm run admin -- <command>`: staff accounts and the audit check from the
 * command line (see scripts/adminCommands.ts for the commands). Uses
 * MONGODB_URI; without it, the embedded database under DATA_DIR: the running
 * server's (its URI is in DATA_DIR/embedded-db.json, mode 0600), or — when no
 * server runs — one started for the command.
 */
import mongoose from 'mongoose';
import { loadSection } from '../core/config';
import { runningOwner } from '../server/db/dataDirLock';
import { startEmbeddedDatabase, EmbeddedDatabase } from '../server/db/embedded';
import { PasswordHasher } from '../services/auth/password';
import { EMBEDDED_DATABASE, MONGODB_DATABASE } from '../models/database';
import { ADMIN_USAGE, runAdmin } from './adminCommands';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(ADMIN_USAGE);
    return 0;
  }
  // The sections this command needs, read once (the report keys only by the commands that open reports).
  const config = loadSection('server');
  const dash = loadSection('dashboard');
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  const owner = uri ? undefined : runningOwner(config.dataDir);
  if (owner?.uri) {
    // The server owns the database folder: talk to its database, never start a second one on the same files.
    uri = owner.uri;
    process.stderr.write(`admin: no MONGODB_URI; using the running server's embedded database (process ${owner.pid}) in ${config.dataDir}\n`);
  } else if (owner) {
    throw new Error(`process ${owner.pid} is starting the embedded database in ${config.dataDir}; try again in a moment`);
  } else if (!uri) {
    embedded = await startEmbeddedDatabase({ dir: config.dataDir });
    uri = embedded.uri;
    process.stderr.write(`admin: no MONGODB_URI; no server is running, so the embedded database in ${config.dataDir} was started for this command\n`);
  }
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false }).asPromise();
  try {
    // As the server decides: the embedded database (its own, or the running server's) when there is no MONGODB_URI.
    const mode = config.mongodbUri ? MONGODB_DATABASE : EMBEDDED_DATABASE;
    const hasher = new PasswordHasher({ memoryCost: dash.argonMemoryKiB, timeCost: dash.argonTimeCost });
    return await runAdmin(argv, conn, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, hasher, undefined, mode);
  } finally {
    await conn.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`admin: failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
