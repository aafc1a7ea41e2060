import assert from 'node:assert/strict';
import type { AuthorityDef } from '../../../core/domain/authorityDef';
import type { Situation } from '../../../core/domain/routing';
import type { RoutingRuleDef } from '../../../core/domain/ruleDef';
import type { RegistryKind } from '../../../models/routingRegistry';
import { RoutingEditError } from '../../../services/routing/routingEdits';
import { loadRoutingSeed } from '../../../services/routing/routingSeed';
import { RoutingService, type RoutingStore } from '../../../services/routing/routingService';

const csam: Situation = { category: 'csam', immediateDanger: false, victimAge: 'under14', reporterRole: 'parent' };

/** The registry in memory: what it answers, how often it was asked, and what was saved. */
class MemoryRegistry implements RoutingStore {
  reads = 0;
  saved: Array<{ kind: RegistryKind; id: string; expectedVersion?: number }> = [];
  /** What the next read does: answer, fail, or never answer (a paused database). */
  mode: 'answer' | 'fail' | 'hang' = 'answer';
  conflict = false;

  constructor(public rules: RoutingRuleDef[], public authorities: AuthorityDef[]) {}

  list(): Promise<{ rules: RoutingRuleDef[]; authorities: AuthorityDef[] }> {
    this.reads++;
    if (this.mode === 'fail') return Promise.reject(new Error('connection refused'));
    if (this.mode === 'hang') return new Promise(() => undefined);
    return Promise.resolve({ rules: this.rules, authorities: this.authorities });
  }

  saveAsAdmin(kind: RegistryKind, def: { id: string } & object, expectedVersion?: number): Promise<number | 'conflict'> {
    this.saved.push({ kind, id: def.id, expectedVersion });
    return Promise.resolve(this.conflict ? 'conflict' : (expectedVersion ?? 0) + 1);
  }
}

describe('RoutingService against a registry in memory: cache, outage and edits', () => {
  const seed = loadRoutingSeed();
  let clock: number;
  const now = (): number => clock;

  beforeEach(() => {
    clock = Date.UTC(2026, 5, 1, 9, 0, 0);
  });

  it('when the registry holds the data, then decisions use it and it is read once per cache period', async () => {
    const registry = new MemoryRegistry(seed.rules, seed.authorities);
    const service = new RoutingService(registry, { cacheMs: 1000, now });
    assert.equal((await service.data()).from, 'database');
    assert.equal((await service.route(csam)).urgency, 'immediate');
    assert.equal(registry.reads, 1);
    clock += 1001;
    await service.route(csam);
    assert.equal(registry.reads, 2);
  });

  it('when the registry is empty (not seeded), then the service routes from the files', async () => {
    const service = new RoutingService(new MemoryRegistry([], []), { now });
    assert.equal((await service.data()).from, 'files');
    assert.equal((await service.route(csam)).urgency, 'immediate');
  });

  it('when a read fails after a good one, then the last data read is used, and the failure is not asked again until the cache period ends', async () => {
    const registry = new MemoryRegistry(seed.rules.slice(0, -1), seed.authorities);
    const service = new RoutingService(registry, { cacheMs: 1000, now });
    const first = await service.data();
    clock += 1001;
    registry.mode = 'fail';
    const during = await service.data();
    assert.equal(during.from, 'database');
    assert.equal(during.rules.length, first.rules.length);
    assert.equal(registry.reads, 2);
    await service.data();
    assert.equal(registry.reads, 2, 'the outage is remembered for the cache period');
  });

  it('when the registry never answers and nothing was read yet, then after the read budget the files are used', async () => {
    const registry = new MemoryRegistry(seed.rules, seed.authorities);
    registry.mode = 'hang';
    const service = new RoutingService(registry, { readTimeoutMs: 20, now });
    assert.equal((await service.data()).from, 'files');
    assert.equal((await service.route(csam)).urgency, 'immediate');
  });

  it('when an administrator saves a rule, then it is validated, saved as the registry answers, and the next decision reads the registry again', async () => {
    const registry = new MemoryRegistry(seed.rules, seed.authorities);
    const service = new RoutingService(registry, { cacheMs: 60_000, now });
    await service.data();
    const rule = seed.rules[0]!;
    assert.equal(await service.editRule(rule, 3), 4);
    assert.deepEqual(registry.saved, [{ kind: 'rule', id: rule.id, expectedVersion: 3 }]);
    await service.data();
    assert.equal(registry.reads, 2, 'the edit dropped the cache');
  });

  it('when the registry refuses a save (changed since), then the edit fails as a conflict; an invalid rule never reaches the registry', async () => {
    const registry = new MemoryRegistry(seed.rules, seed.authorities);
    const service = new RoutingService(registry, { now });
    registry.conflict = true;
    await assert.rejects(service.editAuthority(seed.authorities[0]!, 1), (e: unknown) => e instanceof RoutingEditError && e.code === 'conflict');
    const saves = registry.saved.length;
    await assert.rejects(
      service.editRule({ ...seed.rules[0]!, when: { category: 'nonsense' } } as RoutingRuleDef),
      (e: unknown) => e instanceof RoutingEditError && e.code === 'invalid',
    );
    assert.equal(registry.saved.length, saves);
  });

  it('when there is no registry at all, then it routes from the files and refuses edits', async () => {
    const service = new RoutingService(undefined, { now });
    assert.equal((await service.data()).from, 'files');
    await assert.rejects(service.editRule(seed.rules[0]!), /edits need a database connection/);
  });
});
