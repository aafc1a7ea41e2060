/**
 * `npm run admin -- <command>`: staff accounts and the audit check from the
 * command line (see scripts/adminCommands.ts for the commands). Uses
 * MONGODB_URI; without it, opens the embedded database under DATA_DIR
 * (stop the server first: one process per embedded database).
 */
import mongoose from 'mongoose';
import { loadConfig } from '../server/config';
import { startEmbeddedDatabase, EmbeddedDatabase } from '../server/db/embedded';
import { loadDashboardConfig } from '../server/dashboard/config';
import { PasswordHasher } from '../services/auth/password';
import { ADMIN_USAGE, runAdmin } from './adminCommands';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(ADMIN_USAGE);
    return 0;
  }
  const config = loadConfig();
  const dash = loadDashboardConfig();
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    embedded = await startEmbeddedDatabase({ dir: config.dataDir });
    uri = embedded.uri;
    process.stderr.write(`admin: no MONGODB_URI; using the embedded database in ${config.dataDir}\n`);
  }
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false }).asPromise();
  try {
    return await runAdmin(argv, conn, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, new PasswordHasher({ memoryCost: dash.argonMemoryKiB, timeCost: dash.argonTimeCost }));
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
