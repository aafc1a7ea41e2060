import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { AuditLog } from '../../../services/audit/auditLog';
import { AuditEventRepository } from '../../../models/auditEventRepository';
import { canonicalJson } from '../../../services/audit/canonicalJson';
import { dropTestDb, openTestDb } from '../../support/db';

describe('AuditLog: append-only, hash-chained', () => {
  let conn: Connection;
  let log: AuditLog;
  const actor = { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', role: 'reviewer' };

  beforeEach(async () => {
    conn = await openTestDb('audit');
    log = new AuditLog(new AuditEventRepository(conn));
    await log.init();
  });
  afterEach(async () => dropTestDb(conn));

  it('when events are appended, then seq counts from 1 and each links to the previous hash', async () => {
    const a = await log.append(actor, { action: 'report.read', targetType: 'report', targetId: 'r1' });
    const b = await log.append(actor, { action: 'report.status', targetType: 'report', targetId: 'r1', details: { from: 'new', to: 'in_review' } });
    assert.equal(a.seq, 1);
    assert.equal(b.seq, 2);
    assert.equal(b.prevHash, a.hash);
    assert.match(a.hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(await log.verify(), { ok: true, checked: 2 });
  });

  it('when two independent writers append concurrently, then no seq is lost or duplicated and the chain verifies', async () => {
    const other = new AuditLog(new AuditEventRepository(conn)); // a second process: its own queue, same collection
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? log : other).append(actor, { action: 'report.read', targetType: 'report', targetId: `r${i}` })),
    );
    const verdict = await log.verify();
    assert.deepEqual(verdict, { ok: true, checked: 20 });
  });

  it('when a stored event is altered, then verification names that event', async () => {
    for (let i = 0; i < 5; i++) await log.append(actor, { action: 'report.read', targetType: 'report', targetId: `r${i}` });
    await conn.collection('auditevents').updateOne({ seq: 3 }, { $set: { actorId: 'bbbbbbbbbbbbbbbbbbbbbbbb' } });
    const verdict = await log.verify();
    assert.equal(verdict.ok, false);
    assert.equal(verdict.brokenAt, 3);
    assert.equal(verdict.checked, 2);
  });

  it('when an event is deleted from the middle, then verification reports the gap', async () => {
    for (let i = 0; i < 5; i++) await log.append(actor, { action: 'report.read', targetType: 'report', targetId: `r${i}` });
    await conn.collection('auditevents').deleteOne({ seq: 2 });
    const verdict = await log.verify();
    assert.equal(verdict.ok, false);
    assert.equal(verdict.brokenAt, 2);
  });

  it('when an altered event is re-hashed to hide it, then the next link breaks', async () => {
    for (let i = 0; i < 4; i++) await log.append(actor, { action: 'report.read', targetType: 'report', targetId: `r${i}` });
    const { auditHash } = await import('../../../services/audit/auditHash');
    const ev = await conn.collection('auditevents').findOne({ seq: 2 });
    const forged = { ...(ev as unknown as Parameters<typeof auditHash>[0]), targetId: 'other' };
    await conn.collection('auditevents').updateOne({ seq: 2 }, { $set: { targetId: 'other', hash: auditHash(forged) } });
    const verdict = await log.verify();
    assert.equal(verdict.brokenAt, 3);
  });

  it('when the chain head is missing (a log written before it existed), then the next append continues from the last event', async () => {
    for (let i = 0; i < 3; i++) await log.append(actor, { action: 'report.read', targetType: 'report', targetId: `r${i}` });
    await conn.collection('auditevents_head').deleteMany({});
    const next = await new AuditLog(new AuditEventRepository(conn)).append(actor, { action: 'report.read', targetType: 'report', targetId: 'r3' });
    assert.equal(next.seq, 4);
    assert.deepEqual(await log.verify(), { ok: true, checked: 4 });
  });

  it('when a process stopped between inserting an event and moving the head, then the next append catches up and the chain holds', async () => {
    await log.append(actor, { action: 'report.read', targetType: 'report', targetId: 'r0' });
    const head = await conn.collection('auditevents_head').findOne({});
    await log.append(actor, { action: 'report.read', targetType: 'report', targetId: 'r1' });
    // Put the head back one link, as if the advance after event 2 never ran.
    await conn.collection('auditevents_head').replaceOne({}, head!);
    const next = await new AuditLog(new AuditEventRepository(conn)).append(actor, { action: 'report.read', targetType: 'report', targetId: 'r2' });
    assert.equal(next.seq, 3);
    assert.deepEqual(await log.verify(), { ok: true, checked: 3 });
  });

  it('when the last event is deleted, then the next event still links to it and verification reports the gap', async () => {
    for (let i = 0; i < 3; i++) await log.append(actor, { action: 'report.read', targetType: 'report', targetId: `r${i}` });
    await conn.collection('auditevents').deleteOne({ seq: 3 });
    const next = await log.append(actor, { action: 'report.read', targetType: 'report', targetId: 'r3' });
    assert.equal(next.seq, 4, 'the seq of the deleted event is not reused');
    assert.deepEqual(await log.verify(), { ok: false, checked: 2, brokenAt: 3, reason: 'event 3 is missing' });
  });

  it('when canonical JSON is built, then key order does not matter', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } }), canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }));
    assert.equal(canonicalJson({ b: 1, a: 2 }), '{"a":2,"b":1}');
  });
});
