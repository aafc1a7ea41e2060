import { randomBytes } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';
import { integrationOnly } from './tier';

/**
 * A URI for a database of its own on the test server, so test files never
 * see each other's data. The name carries a random suffix.
 */
export function testDbUri(label: string): string {
  integrationOnly('asked for a test database');
  const base = process.env.MONGODB_URI;
  if (!base) throw new Error('MONGODB_URI is not set (the root hook sets it)');
  const url = new URL(base);
  url.pathname = `/t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

/** Opens a connection to a fresh test database (`monitorCommands`: the client emits `commandStarted` events). */
export async function openTestDb(label: string, opts: { monitorCommands?: boolean } = {}): Promise<Connection> {
  return mongoose.createConnection(testDbUri(label), { serverSelectionTimeoutMS: 5000, autoIndex: false, monitorCommands: opts.monitorCommands ?? false }).asPromise();
}

/** Drops the database and closes the connection. */
export async function dropTestDb(conn: Connection | undefined): Promise<void> {
  if (!conn) return;
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
}
