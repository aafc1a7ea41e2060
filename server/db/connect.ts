import mongoose, { Connection } from 'mongoose';
import type { Logger } from '../logger';

/** Options for {@link connectDatabase}. */
export interface ConnectOptions {
  uri: string;
  attempts: number;
  maxDelayMs: number;
  log: Logger;
  /** How long one attempt waits for a server; small in tests. */
  serverSelectionTimeoutMs?: number;
}

/** Raised when every connection attempt failed. */
export class DatabaseUnreachableError extends Error {
  constructor(readonly attempts: number, readonly host: string) {
    super(
      `MongoDB at ${host} could not be reached after ${attempts} attempts. ` +
        'Check MONGODB_URI, or leave it unset to use the embedded database.',
    );
    this.name = 'DatabaseUnreachableError';
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
      serverSelectionTimeoutMS: opts.serverSelectionTimeoutMs ?? 5000,
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
 * Readiness of the database as seen by /readyz, logging each change of state
 * once (unreachable, then restored) so an outage is visible in the log even
 * when the driver itself stays quiet.
 */
export class DatabaseHealth {
  private lastOk = true;

  constructor(private readonly conn: Connection, private readonly host: string, private readonly log: Logger) {}

  async check(): Promise<boolean> {
    const ok = await pingDatabase(this.conn);
    if (ok !== this.lastOk) {
      if (ok) this.log.info({ event: 'db.ready', host: this.host }, 'database reachable again; ready');
      else this.log.error({ event: 'db.unreachable', host: this.host }, 'database not answering; /readyz reports 503');
      this.lastOk = ok;
    }
    return ok;
  }
}

/** True when the database answers a ping within `timeoutMs`. */
export async function pingDatabase(conn: Connection, timeoutMs = 1500): Promise<boolean> {
  const db = conn.db;
  if (!db || conn.readyState !== 1) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ping = db.command({ ping: 1 }).then(() => true);
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([ping, timeout]);
  } catch {
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
