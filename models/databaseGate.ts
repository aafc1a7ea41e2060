import type { Logger } from '../core/logger';
import { DatabaseUnavailableError, isDatabaseUnavailable, withTimeout } from './dbAvailability';

export interface DatabaseGateOptions {
  /** One round trip to the database (a `ping`). */
  ping: () => Promise<unknown>;
  /** Time budget of one operation on a hot path (a turn, a chat message). */
  opTimeoutMs: number;
  /** How often to ask whether the database is back while it is away. */
  probeIntervalMs: number;
  /** Time budget of one probe. */
  pingTimeoutMs?: number;
  /** Names the database in the log (host only, never credentials). */
  host?: string;
  log?: Pick<Logger, 'info' | 'error'>;
}

/**
 * Knows whether the database answers, so that the chat never waits on it
 * for long. Hot paths run their operations through {@link run}: each gets a
 * time budget, and the first one that finds the database away (a timeout or
 * a driver error that means "unreachable") closes the gate — from then on
 * operations fail at once with {@link DatabaseUnavailableError} and the
 * callers take their fallback (the state cache, the Direct Line's memory,
 * the report spool) without waiting. While closed, one probe at a time asks
 * the database; the first answer opens the gate and tells the listeners
 * (which write what they kept meanwhile). One probe at a time because a
 * paused database holds every request sent to it: piling up pings would
 * exhaust the connection pool.
 */
export class DatabaseGate {
  private down = false;
  private probing?: Promise<boolean>;
  /** The ping sent and not yet answered (a paused database holds it): never more than one. */
  private unanswered?: Promise<unknown>;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly recovered: Array<() => void> = [];

  constructor(private readonly opts: DatabaseGateOptions) {}

  /** True while the database is believed to answer. */
  get up(): boolean {
    return !this.down;
  }

  /** Runs `op` within the operation budget; closes the gate when it finds the database away. */
  async run<T>(op: () => Promise<T>, budgetMs = this.opts.opTimeoutMs): Promise<T> {
    if (this.down) throw new DatabaseUnavailableError();
    try {
      return await withTimeout(op(), budgetMs);
    } catch (err) {
      if (isDatabaseUnavailable(err)) this.trip();
      throw err;
    }
  }

  /** Records that the database did not answer (also for callers with their own timeouts). */
  trip(): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.opts.log?.error({ event: 'db.unreachable', host: this.opts.host }, 'database not answering; the chat continues from memory and the spool, /readyz reports 503');
    void this.probe();
    this.timer = setInterval(() => void this.probe(), this.opts.probeIntervalMs);
    this.timer.unref();
  }

  /** Called every time the database answers again after an outage. */
  onRecover(listener: () => void): void {
    this.recovered.push(listener);
  }

  /** For /readyz: pings (one at a time) while up; reports the gate's state while down. */
  async check(): Promise<boolean> {
    if (this.down) return false;
    return this.probe();
  }

  /** Stops probing (shutdown). */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Asks the database now (one probe at a time); opens the gate when it answers. */
  probe(): Promise<boolean> {
    this.probing ??= this.ping().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  private async ping(): Promise<boolean> {
    let ok: boolean;
    try {
      this.unanswered ??= this.opts.ping().finally(() => {
        this.unanswered = undefined;
      });
      await withTimeout(this.unanswered, this.opts.pingTimeoutMs ?? Math.min(1500, this.opts.opTimeoutMs));
      ok = true;
    } catch {
      ok = false;
    }
    if (!ok) {
      this.trip();
      return false;
    }
    if (this.down) {
      this.down = false;
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      this.opts.log?.info({ event: 'db.ready', host: this.opts.host }, 'database reachable again; ready');
      for (const listener of this.recovered) listener();
    }
    return true;
  }
}
