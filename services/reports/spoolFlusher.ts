import type { Logger } from '../../core/logger';
import { isDatabaseUnavailable, withTimeout } from '../../models/dbAvailability';
import type { ReportSpool } from './reportSpool';
import type { ReportStore } from './reportStore';

/** What one flush did. */
export interface FlushResult {
  stored: number;
  duplicates: number;
  /** Entries kept because they could not be read or stored (logged). */
  kept: number;
  /** Entries still on disk after this flush. */
  remaining: number;
  databaseDown: boolean;
}

/**
 * Moves spooled reports into the database once it answers again, oldest
 * first. Each entry is deleted only after the database acknowledged its
 * write; a report that is already there (an earlier write that landed late,
 * the same submission retried, or another instance flushing the same shared
 * spool folder at the same time) counts as stored — every step of a store is
 * idempotent on the report's `_id`, case code and submission key, so a
 * report is stored exactly once however many instances flush. Entries that
 * cannot be stored for another reason are kept and logged, never dropped.
 */
export class SpoolFlusher {
  private running?: Promise<FlushResult>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly spool: ReportSpool,
    private readonly store: ReportStore,
    private readonly log: Logger,
    private readonly opts: { intervalMs: number; storeTimeoutMs: number },
  ) {}

  /** Flushes now (a flush already running is joined, not doubled). */
  flush(): Promise<FlushResult> {
    this.running ??= this.flushOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Flushes every `intervalMs` until {@link stop}. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch((err: unknown) => this.log.error({ event: 'spool.flush_failed', err }, 'spool flush failed; will retry'));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async flushOnce(): Promise<FlushResult> {
    const result: FlushResult = { stored: 0, duplicates: 0, kept: 0, remaining: 0, databaseDown: false };
    const entries = await this.spool.list();
    for (const entry of entries) {
      if (result.databaseDown) {
        result.remaining++;
        continue;
      }
      const outcome = await this.spool.withLock(entry.key, async () => {
        let prepared;
        try {
          prepared = await this.spool.read(entry.key);
        } catch (err) {
          this.log.error({ event: 'spool.unreadable', entry: entry.key, err }, 'spool entry cannot be decrypted; kept (is its key still configured?)');
          return 'kept' as const;
        }
        if (!prepared) return 'gone' as const;
        try {
          const stored = await withTimeout(this.store.store(prepared), this.opts.storeTimeoutMs);
          // Read again before removing: another instance may have reissued the passphrase in the entry meanwhile.
          const latest = await this.spool.read(entry.key).catch(() => undefined);
          const sameReport = stored.outcome === 'stored' || stored.existing._id.equals(prepared.report._id);
          const hash = latest?.report.passphraseHash;
          if (hash && sameReport) await withTimeout(this.store.adoptPassphrase(prepared.report._id, hash), this.opts.storeTimeoutMs);
          await this.spool.remove(entry.key);
          return stored.outcome === 'duplicate' ? ('duplicate' as const) : ('stored' as const);
        } catch (err) {
          if (isDatabaseUnavailable(err)) return 'down' as const;
          this.log.error({ event: 'spool.store_failed', entry: entry.key, err }, 'spooled report could not be stored; kept');
          return 'kept' as const;
        }
      });
      if (outcome === 'stored') result.stored++;
      else if (outcome === 'duplicate') result.duplicates++;
      else if (outcome === 'kept') {
        result.kept++;
        result.remaining++;
      } else if (outcome === 'down') {
        result.databaseDown = true;
        result.remaining++;
      }
    }
    if (result.stored + result.duplicates > 0) {
      this.log.info({ event: 'spool.flushed', stored: result.stored, duplicates: result.duplicates, remaining: result.remaining }, 'spooled reports stored');
    }
    return result;
  }
}
