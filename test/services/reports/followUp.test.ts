import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { reportModel, type ReportDoc } from '../../../models/report';
import { caseMessageModel } from '../../../models/caseMessage';
import { FollowUpService, FollowUpTokenError, InvalidMessageError } from '../../../services/reports/followUp';
import { argon2Hasher, type PassphraseHasher } from '../../../services/reports/passphrase';
import { openEvidence } from '../../../services/reports/reportEvidence';
import type { SubmitResult } from '../../../services/reports/submitReport';
import { dropTestDb, openTestDb } from '../../support/db';
import { draft, ensureIndexes, fakeAnonymise, followUpStores, makeRig, type Rig } from './fixtures';
import { DATABASE_MODES } from '../../support/databaseModes';

for (const { name, mode } of DATABASE_MODES) {
  describe(`follow-up: verification with attempt limiting, and the anonymous thread (${name})`, function () {
    this.timeout(60_000);
    let conn: Connection;
    let rig: Rig;
    let clock: number;
    let submitted: SubmitResult;
    let verifyCalls: number;
    const countingHasher: PassphraseHasher = {
      hash: (p) => argon2Hasher.hash(p),
      verify: (h, p) => {
        verifyCalls++;
        return argon2Hasher.verify(h, p);
      },
    };
    const service = (): FollowUpService =>
      new FollowUpService({
        ...followUpStores(conn, mode), cipher: rig.cipher, hasher: countingHasher, anonymise: fakeAnonymise, log: rig.log,
        policy: { maxFailures: 5, lockMinutes: 15 }, tokenMinutes: 30, now: () => new Date(clock),
      });

    beforeEach(async () => {
      conn = await openTestDb('followup', { monitorCommands: true });
      await ensureIndexes(conn);
      rig = makeRig(conn, { mode });
      clock = Date.UTC(2026, 2, 1, 10);
      verifyCalls = 0;
      submitted = await rig.submitter.submit(draft());
    });
    afterEach(async () => {
      rig.cleanup();
      await dropTestDb(conn);
    });

    it('when the code (typed loosely) and passphrase are right, then the reporter gets a token and the status as a resource key', async () => {
      const typed = submitted.caseCode.toLowerCase().replace(/-/g, ' ');
      const res = await service().verify(typed, submitted.passphrase!.toUpperCase());
      assert.equal(res.ok, true);
      if (!res.ok) return;
      assert.equal(res.view.caseCode, submitted.caseCode);
      assert.equal(res.view.status, 'new');
      assert.equal(res.view.statusKey, 'report.status.new');
      assert.deepEqual(res.view.messages, []);
      const again = await service().view(res.token);
      assert.equal(again.caseCode, submitted.caseCode);
    });

    it('when the passphrase is wrong five times, then the code locks for 15 minutes, even for the right passphrase, and the next lock is longer', async () => {
      const f = service();
      for (let i = 1; i <= 4; i++) assert.deepEqual(await f.verify(submitted.caseCode, 'pogresna fraza'), { ok: false, reason: 'invalid' });
      const locked = await f.verify(submitted.caseCode, 'pogresna fraza');
      assert.deepEqual(locked, { ok: false, reason: 'locked', retryAfterSeconds: 900 });
      const stillLocked = await service().verify(submitted.caseCode, submitted.passphrase!);
      assert.equal(stillLocked.ok, false, 'a new service instance (restart) sees the lock stored in the database');
      assert.equal(!stillLocked.ok && stillLocked.reason, 'locked');

      clock += 15 * 60_000 + 1000;
      for (let i = 1; i <= 4; i++) await f.verify(submitted.caseCode, 'opet pogresno');
      const second = await f.verify(submitted.caseCode, 'opet pogresno');
      assert.deepEqual(second, { ok: false, reason: 'locked', retryAfterSeconds: 1800 });

      clock += 30 * 60_000 + 1000;
      const ok = await f.verify(submitted.caseCode, submitted.passphrase!);
      assert.equal(ok.ok, true);
      const doc = (await reportModel(conn).findOne().lean<ReportDoc>())!;
      assert.equal(doc.access.failures, 0);
      assert.equal(doc.access.lockouts, 0);
      assert.ok(doc.access.lastVerifiedAt);
    });

    it('when wrong guesses race in parallel, then no more than the limit are checked before the lock', async () => {
      const f = service();
      verifyCalls = 0;
      const results = await Promise.all(Array.from({ length: 12 }, () => f.verify(submitted.caseCode, 'nagadjanje')));
      assert.equal(verifyCalls, 5, 'argon2 ran for five guesses only');
      assert.equal(results.filter((r) => !r.ok && r.reason === 'locked').length, 8);
    });

    it('when the code is unknown, then the answer is the same as for a wrong passphrase and the same hashing work is done', async () => {
      const f = service();
      verifyCalls = 0;
      const unknown = await f.verify('ABCD-EFGH-JKMN-P', submitted.passphrase!);
      assert.deepEqual(unknown, { ok: false, reason: 'invalid' });
      assert.equal(verifyCalls, 1, 'a dummy hash was verified');
      const malformed = await f.verify('not a code', 'x');
      assert.deepEqual(malformed, { ok: false, reason: 'malformed' });
      assert.equal(verifyCalls, 1, 'malformed input costs no attempt and no hashing');
    });

    it('when staff and reporter exchange messages, then each sees the thread, reporter text is anonymised and its links join the evidence', async () => {
      const f = service();
      const v = await f.verify(submitted.caseCode, submitted.passphrase!);
      assert.ok(v.ok);
      if (!v.ok) return;
      const report = (await reportModel(conn).findOne().lean<ReportDoc>())!;
      const reportId = report._id.toHexString();

      await f.postStaffMessage(reportId, 'staff-1', 'Hvala ti. Da li ti se ta osoba ponovo javila?');
      const seen = await f.view(v.token);
      assert.equal(seen.newFromStaff, 1);
      assert.equal(seen.messages[0]!.text, 'Hvala ti. Da li ti se ta osoba ponovo javila?');
      assert.equal(seen.messages[0]!.from, 'staff');
      assert.equal(seen.messages[0]!.staffId, undefined, 'the reporter does not see staff ids');
      assert.equal((await f.view(v.token)).newFromStaff, 0);

      clock += 1000;
      await f.postReporterMessage(v.token, 'Da, Marko mi je pisao sa @novi_profil');
      const after = (await reportModel(conn).findOne().lean<ReportDoc>())!;
      assert.equal(after.unreadByStaff, 1);
      assert.deepEqual(openEvidence(rig.cipher, after), {
        urls: ['https://example.org/chat/42'],
        handles: ['@tajni_drug99', '@novi_profil'],
      });
      const thread = await f.staffThread(reportId, { markRead: true });
      assert.deepEqual(thread.map((m) => [m.from, m.text]), [
        ['staff', 'Hvala ti. Da li ti se ta osoba ponovo javila?'],
        ['reporter', 'Da, [ime] mi je pisao sa [profil]'],
      ]);
      assert.equal(thread[0]!.staffId, 'staff-1');
      assert.equal((await reportModel(conn).findOne().lean<ReportDoc>())!.unreadByStaff, 0);
      assert.equal(await caseMessageModel(conn).countDocuments({ readByStaffAt: null, from: 'reporter' }), 0);
      await assert.rejects(f.postReporterMessage(v.token, '   '), InvalidMessageError);
    });

    it('when a token is forged or expired, then it is refused', async () => {
      const f = service();
      const v = await f.verify(submitted.caseCode, submitted.passphrase!);
      assert.ok(v.ok);
      if (!v.ok) return;
      const [id, exp] = v.token.split('.');
      await assert.rejects(f.view(`${id}.${Number(exp) + 1}.${v.token.split('.')[2]}`), FollowUpTokenError);
      clock += 31 * 60_000;
      await assert.rejects(f.view(v.token), FollowUpTokenError);
    });

    it('when a reporter sends evidence in follow-up messages, then each message appends it sealed in one update, the submitted evidence is never rewritten, and messages fired at once all keep theirs', async () => {
      const f = service();
      const v = await f.verify(submitted.caseCode, submitted.passphrase!);
      assert.ok(v.ok);
      if (!v.ok) return;
      const before = (await reportModel(conn).findOne().lean<ReportDoc>())!;

      // What the database is asked while one message is posted.
      const commands: Array<{ name: string; collection: unknown; update?: unknown }> = [];
      const client = conn.getClient();
      const listen = (e: { commandName: string; command: Record<string, unknown> }): void => {
        if (['find', 'update', 'findAndModify'].includes(e.commandName)) {
          const cmd = e.command;
          commands.push({ name: e.commandName, collection: cmd[e.commandName], update: (cmd.updates as Array<{ u: unknown }> | undefined)?.[0]?.u ?? cmd.update });
        }
      };
      client.on('commandStarted', listen);
      try {
        await f.postReporterMessage(v.token, 'Novi profil je @prvi_novi');
      } finally {
        client.off('commandStarted', listen);
      }
      const onReports = commands.filter((c) => c.collection === 'reports');
      const updates = onReports.filter((c) => c.name !== 'find');
      assert.equal(updates.length, 1, JSON.stringify(onReports));
      const u = updates[0]!.update as { $push?: { evidenceAdded?: { $each: unknown[] } }; $set?: Record<string, unknown>; $inc?: Record<string, number> };
      assert.equal(u.$push?.evidenceAdded?.$each.length, 1, 'the evidence is appended');
      assert.ok(!('evidence' in (u.$set ?? {})), 'the sealed evidence is never rewritten');
      assert.deepEqual(u.$inc, { unreadByStaff: 1 });
      assert.ok(!JSON.stringify(u).includes('prvi_novi'), 'what is appended is sealed');

      await Promise.all(Array.from({ length: 8 }, (_, i) => f.postReporterMessage(v.token, `I još @nalog_${i}`)));
      const after = (await reportModel(conn).findOne().lean<ReportDoc>())!;
      assert.deepEqual(after.evidence, before.evidence, 'the evidence sent with the report is untouched');
      const all = openEvidence(rig.cipher, after)!;
      for (const h of ['@tajni_drug99', '@prvi_novi', ...Array.from({ length: 8 }, (_, i) => `@nalog_${i}`)]) assert.ok(all.handles.includes(h), h);
      assert.equal(after.unreadByStaff, 9);
    });
  });
}
