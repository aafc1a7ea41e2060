import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import type { Connection } from 'mongoose';
import { runAdmin } from '../../scripts/adminCommands';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PasswordHasher } from '../../services/auth/password';
import { createReportServices } from '../../services/reports/index';
import { createLogger } from '../../core/logger';
import { dropTestDb, openTestDb, testDbUri } from '../support/db';
import { MONGODB_DATABASE } from '../../models/database';
import { loadSection } from '../../core/config';

function io(stdinText: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdin: Readable.from([stdinText]), stdout, stderr }, out: () => out, err: () => err };
}

describe('npm run admin: accounts and the audit check', () => {
  let conn: Connection;
  const hasher = new PasswordHasher({ memoryCost: 1024, timeCost: 1 });
  before(async () => {
    conn = await openTestDb('admincli');
  });
  after(async () => dropTestDb(conn));

  it('when create-user runs with the password on stdin, then an argon2id account exists and the creation is audited', async () => {
    const t = io('a very long admin password\n');
    const code = await runAdmin(['create-user', '--email', 'Root@Example.org', '--role', 'admin', '--name', 'Root'], conn, t.io, hasher);
    assert.equal(code, 0, t.err());
    const created = JSON.parse(t.out()) as { created: string; role: string };
    assert.equal(created.role, 'admin');
    const doc = await conn.collection('staffusers').findOne({ email: 'root@example.org' });
    assert.match(String(doc!.passwordHash), /^\$argon2id\$/);
    assert.doesNotMatch(JSON.stringify(doc), /very long admin password/);
    const events = await conn.collection('auditevents').find({ action: 'staff.create' }).toArray();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actorId, 'cli');
  });

  it('when the password is too short or the role unknown, then it refuses with exit 2', async () => {
    assert.equal(await runAdmin(['create-user', '--email', 'x@example.org', '--role', 'admin'], conn, io('short\n').io, hasher), 2);
    assert.equal(await runAdmin(['create-user', '--email', 'x@example.org', '--role', 'god'], conn, io('a very long password\n').io, hasher), 2);
  });

  it('when a password is passed as an option, then the command refuses it (passwords never come from argv)', async () => {
    await assert.rejects(runAdmin(['create-user', '--email', 'y@example.org', '--role', 'admin', '--password', 'secret secret'], conn, io('').io, hasher));
  });

  it('when rotate-keys runs after a new key is prepended, then stored reports move to the new key and still decrypt; purge-now runs and both are audited', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-rotate-'));
    try {
      const k1 = `k1:${randomBytes(32).toString('base64')}`;
      const k2 = `k2:${randomBytes(32).toString('base64')}`;
      const before = createReportServices(conn, loadSection('reports', { DATA_DIR: dir, REPORT_ENCRYPTION_KEYS: k1 }), createLogger('silent'));
      await before.ensureIndexes();
      const submitted = await before.submitter.submit({
        submissionId: randomUUID(), reporterRole: 'pupil', victimAge: '14-17', category: 'cyberbullying', platforms: ['instagram'], ongoing: true,
        narrative: 'Neko iz odeljenja mi stalno šalje uvredljive poruke.',
      });
      const raw = () => conn.collection('reports').findOne({ caseCode: submitted.caseCode });
      assert.equal((await raw())!.narrative.kid, 'k1');

      const env = { DATA_DIR: dir, REPORT_ENCRYPTION_KEYS: `${k2},${k1}` };
      const t = io('');
      assert.equal(await runAdmin(['rotate-keys'], conn, t.io, hasher, () => loadSection('reports', env)), 0, t.err());
      assert.ok((JSON.parse(t.out()) as { reports: number }).reports >= 1);
      const doc = (await raw())!;
      assert.equal(doc.narrative.kid, 'k2');
      const onlyNew = createReportServices(conn, loadSection('reports', { DATA_DIR: dir, REPORT_ENCRYPTION_KEYS: k2 }), createLogger('silent'));
      assert.match(onlyNew.cipher.decrypt(doc.narrative, { reportId: doc._id.toHexString(), field: 'narrative' }), /uvredljive poruke/);

      const p = io('');
      assert.equal(await runAdmin(['purge-now'], conn, p.io, hasher, () => loadSection('reports', env)), 0, p.err());
      assert.equal(typeof (JSON.parse(p.out()) as { purged: number }).purged, 'number');
      // As on a server given MONGODB_URI (scripts/admin.ts: the same rule): the purge and rotation run the MongoDB way.
      const m = io('');
      assert.equal(await runAdmin(['purge-now'], conn, m.io, hasher, () => loadSection('reports', env), MONGODB_DATABASE), 0, m.err());
      assert.equal(typeof (JSON.parse(m.out()) as { purged: number }).purged, 'number');
      const r = io('');
      assert.equal(await runAdmin(['rotate-keys'], conn, r.io, hasher, () => loadSection('reports', env), MONGODB_DATABASE), 0, r.err());
      assert.equal((JSON.parse(r.out()) as { reports: number }).reports, 0, 'everything is under k2 already');
      const l = io('');
      assert.equal(await runAdmin(['relink-accounts'], conn, l.io, hasher, () => loadSection('reports', env)), 0, l.err());
      assert.deepEqual(Object.keys(JSON.parse(l.out()) as object).sort(), ['relinked', 'repaired', 'reports', 'retired', 'unreadable']);
      const actions = (await conn.collection('auditevents').find({}).toArray()).map((e) => e.action);
      assert.ok(actions.includes('keys.rotate') && actions.includes('retention.purge') && actions.includes('accounts.relink'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when verify-audit runs on an intact chain, then exit 0; after tampering, exit 1 naming the event', async () => {
    const ok = io('');
    assert.equal(await runAdmin(['verify-audit'], conn, ok.io, hasher), 0);
    assert.equal((JSON.parse(ok.out()) as { ok: boolean }).ok, true);
    await runAdmin(['unlock', '--email', 'root@example.org'], conn, io('').io, hasher);
    await conn.collection('auditevents').updateOne({ seq: 1 }, { $set: { action: 'staff.delete' } });
    const bad = io('');
    assert.equal(await runAdmin(['verify-audit'], conn, bad.io, hasher), 1);
    assert.match(bad.err(), /BROKEN at event 1/);
  });

  it('when run as `npm run admin -- verify-audit` in a child process, then it prints the verdict as JSON', async function () {
    this.timeout(60_000);
    const uri = testDbUri('adminproc');
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'verify-audit'], { env: { ...process.env, MONGODB_URI: uri } }, (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }));
    });
    assert.equal(result.code, 0);
    assert.deepEqual(JSON.parse(result.stdout.trim()), { ok: true, checked: 0 });
  });
});
