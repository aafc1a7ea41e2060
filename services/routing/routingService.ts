import type { Logger } from 'pino';
import type { DatabaseGate } from '../../models/databaseGate';
import { withTimeout } from '../../models/dbAvailability';
import type { RoutingRegistry } from '../../models/routingRegistry';
import type { AuthorityDef } from '../../core/domain/authorityDef';
import { decide } from './engine';
import type { RoutingRuleDef } from '../../core/domain/ruleDef';
import { saveAuthorityEdit, saveRuleEdit } from './routingEdits';
import { DEFAULT_SEED_FILES, loadRoutingSeed, RoutingSeedFiles } from './routingSeed';
import { validateSituation } from './situationSchema';
import type { RoutingDecision, Situation } from '../../core/domain/routing';

/** The data a decision was made with, and where it came from. */
export interface RoutingData {
  rules: RoutingRuleDef[];
  authorities: AuthorityDef[];
  from: 'database' | 'files';
}

/** What the service needs of the registry (models/routingRegistry.ts): its data, and an administrator's save. */
export type RoutingStore = Pick<RoutingRegistry, 'list' | 'saveAsAdmin'>;

export interface RoutingServiceOptions {
  /** How long rules and authorities read from the database are reused (ms). */
  cacheMs?: number;
  /** How long a read of them may take before the last known data is used (a paused database never answers). */
  readTimeoutMs?: number;
  /** The server's database gate: while it is closed, the last known data is used without asking. */
  gate?: DatabaseGate;
  files?: RoutingSeedFiles;
  log?: Logger;
  now?: () => number;
}

/**
 * Routes situations with the rules and authorities held in MongoDB, cached
 * briefly (edits made through this service invalidate the cache at once;
 * edits by another process show within `cacheMs`).
 *
 * Without a registry, or while the database has not been seeded, it routes
 * from the seed files. If the database fails, it keeps routing with the last
 * data it read, or the files: a report must be routed even during an outage.
 */
export class RoutingService {
  private cache?: { data: RoutingData; at: number };
  private files?: RoutingData;
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly registry?: RoutingStore, private readonly opts: RoutingServiceOptions = {}) {
    this.cacheMs = opts.cacheMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  /** Validates the situation (throws InvalidSituationError) and decides. */
  async route(situation: Situation): Promise<RoutingDecision> {
    const valid = validateSituation(situation);
    const { rules, authorities } = await this.data();
    return decide(valid, rules, authorities);
  }

  /** The current routing data (cached). */
  async data(): Promise<RoutingData> {
    if (!this.registry) return this.fromFiles();
    if (this.cache && this.now() - this.cache.at < this.cacheMs) return this.cache.data;
    try {
      const registry = this.registry;
      const read = (): Promise<{ rules: RoutingRuleDef[]; authorities: AuthorityDef[] }> => registry.list();
      const { gate, readTimeoutMs } = this.opts;
      const { rules, authorities } = gate ? await gate.run(read, readTimeoutMs) : readTimeoutMs ? await withTimeout(read(), readTimeoutMs) : await read();
      if (rules.length === 0 || authorities.length === 0) {
        this.opts.log?.warn({ event: 'routing.not_seeded' }, 'routing data not seeded; routing from files');
        return this.remember(this.fromFiles());
      }
      return this.remember({ rules, authorities, from: 'database' });
    } catch (err) {
      // Remembered for cacheMs too, so an outage does not cost every decision a server-selection timeout.
      this.opts.log?.warn({ event: 'routing.db_unavailable', err }, 'routing data unreadable; using last known data');
      return this.remember(this.cache?.data ?? this.fromFiles());
    }
  }

  /** Forgets the cached data, so the next decision reads the database. */
  invalidate(): void {
    this.cache = undefined;
  }

  /** Saves an administrator's rule edit and applies it to the next decision. */
  async editRule(rule: RoutingRuleDef, expectedVersion?: number): Promise<number> {
    const version = await saveRuleEdit(this.requireRegistry(), rule, expectedVersion);
    this.invalidate();
    return version;
  }

  /** Saves an administrator's authority edit and applies it to the next decision. */
  async editAuthority(authority: AuthorityDef, expectedVersion?: number): Promise<number> {
    const version = await saveAuthorityEdit(this.requireRegistry(), authority, expectedVersion);
    this.invalidate();
    return version;
  }

  private remember(data: RoutingData): RoutingData {
    this.cache = { data, at: this.now() };
    return data;
  }

  private requireRegistry(): RoutingStore {
    if (!this.registry) throw new Error('RoutingService: edits need a database connection');
    return this.registry;
  }

  private fromFiles(): RoutingData {
    if (!this.files) {
      const seed = loadRoutingSeed(this.opts.files ?? DEFAULT_SEED_FILES);
      this.files = { rules: seed.rules, authorities: seed.authorities, from: 'files' };
    }
    return this.files;
  }
}
