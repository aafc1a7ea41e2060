import mongoose, { Connection } from 'mongoose';
import type { Logger } from '../../core/logger';
import { AppError } from '../../core/errors';

/** Options for {@link connectDatabase}. */
export interface ConnectOptions {
  uri: string;
  attempts: number;
  maxDelayMs: number;
  log: Logger;
  /** How long an operation (and one connection attempt) waits for a server. */
  serverSelectionTimeoutMs?: number;
  /**
   * How long an operation waits on its socket: bounds what a paused database
   * holds (the chat does not wait that long — see DatabaseGate — but the
   * connections it holds are freed).
   */
  socketTimeoutMs?: number;
}

/** Raised when every connection attempt failed. */
export class DatabaseUnreachableError extends AppError<'DatabaseUnreachable'> {
  constructor(readonly attempts: number, readonly host: string) {
    super(
      'DatabaseUnreachable',
      `MongoDB at ${host} could not be reached after ${attempts} attempts. ` +
        'Check MONGODB_URI, or leave it unset to use the embedded database.',
      { attempts, host },
    );
  }
}

/** The host part of a MongoDB URI, without credentials, safe to log. */
export function describeUri(uri: string): string {
  const m = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri);
  return m?.[1] ?? 'the configured server';
}

/**
 * Opens a mongoose connection, retrying with exponential back-off and jitter.
 * After the first success the driver reconnects by itself; connection events
 * are logged so an outage and the recovery are both visible.
 */
export async function connectDatabase(opts: ConnectOptions): Promise<Connection> {
  const host = describeUri(opts.uri);
  let delay = 250;
  for (let attempt = 1; attempt <= opts.attempts; attempt++) {
    const conn = mongoose.createConnection(opts.uri, {
      serverSelectionTimeoutMS: opts.serverSelectionTimeoutMs ?? 3000,
      socketTimeoutMS: opts.socketTimeoutMs ?? 30_000,
      connectTimeoutMS: Math.min(10_000, opts.socketTimeoutMs ?? 10_000),
      autoIndex: false,
      autoCreate: false,
      retryWrites: false,
      maxPoolSize: 20,
    });
    try {
      await conn.asPromise();
      watchConnection(conn, host, opts.log);
      opts.log.info({ event: 'db.connected', host, attempt }, 'database connected');
      return conn;
    } catch (err) {
      await conn.close(true).catch(() => undefined);
      opts.log.warn({ event: 'db.connect_failed', host, attempt, of: opts.attempts, err }, 'database not reachable yet');
      if (attempt === opts.attempts) break;
      await sleep(delay + Math.floor(Math.random() * delay * 0.2));
      delay = Math.min(delay * 2, opts.maxDelayMs);
    }
  }
  throw new DatabaseUnreachableError(opts.attempts, host);
}

function watchConnection(conn: Connection, host: string, log: Logger): void {
  conn.on('disconnected', () => log.error({ event: 'db.disconnected', host }, 'database connection lost; retrying'));
  conn.on('reconnected', () => log.info({ event: 'db.reconnected', host }, 'database connection restored'));
  conn.on('error', (err: unknown) => log.error({ event: 'db.error', host, err }, 'database error'));
}

/**
 * One `ping`, as the DatabaseGate's probe. It goes through the driver even
 * while mongoose reports the connection lost, because that is what makes the
 * driver look for the server again at once (after an embedded database was
 * restarted) instead of at its next heartbeat.
 */
export function pingCommand(conn: Connection): () => Promise<unknown> {
  return async () => {
    const db = conn.db;
    if (!db) throw new Error('database connection not open');
    return db.command({ ping: 1 });
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
