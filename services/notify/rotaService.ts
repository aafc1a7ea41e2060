import type { DatabaseGate } from '../../models/databaseGate';
import { withTimeout } from '../../models/dbAvailability';
import type { StoredRota } from '../../models/onDutyRota';
import type { Logger } from '../../core/logger';
import type { AuthorityEndpoints } from './channelDirectory';
import type { DutyStatus, OnDuty } from './dutyClock';
import { dutyStatusOf } from './rota';
import { type Rota } from '../../core/domain/rota';
import { webhookUrlProblem } from './webhookUrl';
import { AppError } from '../../core/errors';

/** What the service needs from the rota's repository (models/onDutyRota.ts). */
export interface RotaStore {
  get(): Promise<StoredRota | null>;
  save(rota: Rota, expectedVersion: number, by: string, at: Date): Promise<number | 'conflict'>;
}

/** The rota in force: the one saved in the dashboard, or the environment's until one is. */
export interface CurrentRota {
  rota: Rota;
  /** 0 while none is saved. */
  version: number;
  source: 'saved' | 'environment';
  updatedAt?: Date;
  updatedBy?: string;
}

/** Why a rota edit was refused: `conflict` (saved by someone else meanwhile) or `invalid` (with the field). */
export class RotaEditError extends AppError<'conflict' | 'invalid'> {
  constructor(code: 'conflict' | 'invalid', message: string, readonly field?: string) {
    super(code, message, field ? { field } : {});
  }
}

export interface RotaServiceOptions {
  /** The rota from NOTIFY_ONDUTY_HOURS and the on-duty channel variables: the seed and the fallback. */
  seed: Rota;
  production: boolean;
  /** NOTIFY_WEBHOOK_SECRET is set: webhook notices can be signed. */
  webhookSigning: boolean;
  /** SMTP is configured: e-mail notices can be sent. */
  emailSending: boolean;
  /** How long a read rota is used before it is read again (every instance reads the same document). */
  cacheMs?: number;
  /**
   * The server's database gate: the rota is read on the chat's path (the
   * promise after a report), so while the database is away the last known
   * rota is used without waiting. Without a gate, `readTimeoutMs` bounds the read.
   */
  gate?: Pick<DatabaseGate, 'run'>;
  readTimeoutMs?: number;
  now?: () => Date;
}

/**
 * The contact centre's on-duty rota, kept in the database so every instance
 * reads the same, and cached briefly (`cacheMs`, 30 s): the bot's promise
 * after an immediate report ("the on-duty person gets it at once", "within
 * N minutes") and the on-duty channel of every notice come from it. Until
 * an administrator saves a rota, and whenever the database cannot be read,
 * the environment's hours and channel stand (NOTIFY_ONDUTY_HOURS, …) — the
 * bot always gets an answer, never a promise the rota does not make.
 */
export class RotaService implements OnDuty {
  private cache?: { value: CurrentRota; at: number };
  private readonly now: () => Date;

  constructor(private readonly store: RotaStore, private readonly opts: RotaServiceOptions, private readonly log: Logger) {
    this.now = opts.now ?? (() => new Date());
  }

  /** The rota in force now. */
  async current(): Promise<CurrentRota> {
    const t = this.now().getTime();
    if (this.cache && t - this.cache.at < (this.opts.cacheMs ?? 30_000)) return this.cache.value;
    let value: CurrentRota;
    try {
      const read = (): Promise<StoredRota | null> => this.store.get();
      const { gate, readTimeoutMs } = this.opts;
      const saved = gate ? await gate.run(read) : readTimeoutMs ? await withTimeout(read(), readTimeoutMs) : await read();
      value = saved
        ? { rota: saved.rota, version: saved.version, source: 'saved', updatedAt: saved.updatedAt, updatedBy: saved.updatedBy }
        : { rota: this.opts.seed, version: 0, source: 'environment' };
    } catch (err) {
      // The last rota read, else the environment's: the bot must answer during an outage. Remembered for
      // cacheMs too, so an outage does not cost every turn a timeout.
      this.log.warn({ event: 'onduty.rota_unreadable', err }, 'could not read the on-duty rota; using the last known or the configured hours');
      value = this.cache?.value ?? { rota: this.opts.seed, version: 0, source: 'environment' };
    }
    this.cache = { value, at: t };
    return value;
  }

  /** True when a channel of the rota can actually deliver (a webhook needs the signing secret, e-mail needs SMTP). */
  channelWorks(rota: Rota): boolean {
    return Boolean((rota.channel.webhook && this.opts.webhookSigning) || (rota.channel.email && this.opts.emailSending));
  }

  /** Which kinds of channel this server can deliver to (the rota page offers only those). */
  channelsAvailable(): { webhook: boolean; email: boolean } {
    return { webhook: this.opts.webhookSigning, email: this.opts.emailSending };
  }

  /** Who sees an immediate report now (the bot's promise). */
  async status(): Promise<DutyStatus> {
    const { rota } = await this.current();
    return dutyStatusOf(rota, this.channelWorks(rota), this.now());
  }

  /** Where the on-duty notices go now. */
  async endpoints(): Promise<AuthorityEndpoints> {
    return { ...(await this.current()).rota.channel };
  }

  /**
   * Saves an administrator's rota if nobody saved another since
   * `expectedVersion` (0: the environment's was shown). A channel must be
   * one that can deliver: an https webhook (http only to this machine in
   * development) with the signing secret configured, an e-mail address
   * with SMTP configured. Returns the new version.
   */
  async save(rota: Rota, expectedVersion: number, by: string): Promise<number> {
    const { webhook, email } = rota.channel;
    if (webhook) {
      const problem = webhookUrlProblem(webhook, this.opts.production);
      if (problem) throw new RotaEditError('invalid', `the webhook ${problem}`, 'channel.webhook');
      if (!this.opts.webhookSigning) throw new RotaEditError('invalid', 'webhook notices need NOTIFY_WEBHOOK_SECRET on the server', 'channel.webhook');
    }
    if (email && !this.opts.emailSending) throw new RotaEditError('invalid', 'e-mail notices need SMTP_HOST on the server', 'channel.email');
    const version = await this.store.save(rota, expectedVersion, by, this.now());
    if (version === 'conflict') throw new RotaEditError('conflict', 'the rota was changed since it was opened');
    this.cache = undefined;
    return version;
  }
}
