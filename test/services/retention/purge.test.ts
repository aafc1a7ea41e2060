import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Connection } from 'mongoose';
import { caseMessageModel } from '../../../models/caseMessage';
import { reportModel, type ReportDoc } from '../../../models/report';
import { reporterContactModel } from '../../../models/reporterContact';
import { FollowUpService } from '../../../services/reports/followUp';
import { argon2Hasher } from '../../../services/reports/passphrase';
import { prepareReport } from '../../../services/reports/prepareReport';
import { validateDraft } from '../../../services/reports/reportDraftSchema';
import { monthsBefore, RetentionPurger } from '../../../services/retention/purge';
import { sealAddedEvidence } from '../../../services/reports/reportEvidence';
import { dropTestDb, openTestDb } from '../../support/db';
import { draft, ensureIndexes, fakeAnonymise, followUpStores, makeRig, storesOf, type Rig } from '../reports/fixtures';
import { DATABASE_MODES } from '../../support/databaseModes';

for (const { name, mode } of DATABASE_MODES) {
  describe(`retention purge (fake clock) (${name})`, function () {
    this.timeout(60_000);
    let conn: Connection;
    let rig: Rig;
    const now = new Date('2027-06-15T12:00:00Z');

    beforeEach(async () => {
      conn = await openTestDb('retention');
      await ensureIndexes(conn);
      rig = makeRig(conn, { mode });
    });
    afterEach(async () => {
      rig.cleanup();
      await dropTestDb(conn);
    });

    async function submitClosed(label: string, closedAt: Date | undefined, resolution?: string): Promise<ReportDoc> {
      const res = await rig.submitter.submit(draft({ reporterRole: 'parent', contact: { consent: true, email: `${label}@example.org` } }));
      const doc = (await reportModel(conn).findOne({ caseCode: res.caseCode }).lean<ReportDoc>())!;
      const followUp = new FollowUpService({ ...followUpStores(conn, mode), cipher: rig.cipher, hasher: argon2Hasher, anonymise: fakeAnonymise, log: rig.log, policy: { maxFailures: 5, lockMinutes: 15 }, tokenMinutes: 30 });
      await followUp.postStaffMessage(doc._id.toHexString(), 'staff-1', `poruka za ${label}`);
      if (closedAt) {
        await reportModel(conn).updateOne(
          { _id: doc._id },
          {
            $set: { status: 'closed', resolution, 'retention.closedAt': closedAt, updatedAt: closedAt, notes: [{ at: closedAt, by: 'staff-1', body: rig.cipher.encrypt('beleška', { reportId: doc._id.toHexString(), field: 'note:x' }) }] },
            $push: { statusHistory: { status: 'closed', at: closedAt, by: 'staff-1', reason: `Razgovarala sa roditeljem ${label}, slučaj rešen` } },
          },
        );
      }
      return doc;
    }

    it('when closed reports pass their period, then their content, thread and contact are erased and the statistical row stays', async () => {
      const old = await submitClosed('old', monthsBefore(now, 13), 'acted');
      const unverified = await submitClosed('unverified', new Date(now.getTime() - 100 * 86_400_000), 'unverified');
      const recent = await submitClosed('recent', monthsBefore(now, 2), 'acted');
      const open = await submitClosed('open', undefined);
      await reportModel(conn).updateOne({ _id: open._id }, { $set: { createdAt: monthsBefore(now, 30), updatedAt: monthsBefore(now, 30) } });

      // Evidence a follow-up message added goes with the rest.
      await reportModel(conn).updateOne({ _id: old._id }, { $push: { evidenceAdded: sealAddedEvidence(rig.cipher, old._id.toHexString(), { urls: [], handles: ['@kasnije'] }, now) } });
      const purger = new RetentionPurger(storesOf(conn, mode), { closedMonths: 12, unverifiedDays: 90, spoolAlertHours: 24 }, rig.log, rig.spool, () => now);
      const result = await purger.run();
      assert.deepEqual(result, { purged: 2, reasonsCleared: 0, messagesDeleted: 2, contactsDeleted: 2, staleSpoolEntries: 0 });

      for (const gone of [old, unverified]) {
        const doc = (await reportModel(conn).findById(gone._id).lean<ReportDoc>())!;
        assert.equal(doc.narrative, null);
        assert.equal(doc.evidence, null);
        assert.deepEqual(doc.evidenceAdded ?? [], []);
        assert.deepEqual(doc.notes, []);
        assert.equal(doc.passphraseHash, null);
        assert.equal(doc.hasContact, false);
        assert.deepEqual(doc.retention.purgedAt, now);
        // The anonymous statistical row is kept.
        assert.equal(doc.category, 'grooming');
        assert.equal(doc.victimAge, 'under14');
        assert.equal(doc.urgency, gone.urgency);
        assert.deepEqual(doc.routing, gone.routing);
        assert.deepEqual(doc.statusHistory.map((s) => s.status), ['new', 'closed']);
        // The staff's free-text reason goes; the state, time and staff id stay.
        const closing = doc.statusHistory[1]!;
        assert.equal(closing.reason, undefined);
        assert.equal(closing.by, 'staff-1');
        assert.ok(closing.at instanceof Date);
        assert.ok(!JSON.stringify(doc).includes('Razgovarala'), 'no reason text anywhere in the purged report');
        assert.equal(await caseMessageModel(conn).countDocuments({ reportId: gone._id }), 0);
        assert.equal(await reporterContactModel(conn).countDocuments({ reportId: gone._id }), 0);
      }
      for (const kept of [recent, open]) {
        const doc = (await reportModel(conn).findById(kept._id).lean<ReportDoc>())!;
        assert.ok(doc.narrative && doc.evidence && doc.passphraseHash, 'content kept');
        if (kept === recent) assert.match(doc.statusHistory[1]?.reason ?? '', /Razgovarala/, 'a report within its period keeps its reasons');
        assert.equal(await caseMessageModel(conn).countDocuments({ reportId: kept._id }), 1);
        assert.equal(await reporterContactModel(conn).countDocuments({ reportId: kept._id }), 1);
      }
      assert.equal((await purger.run()).purged, 0, 'a second run changes nothing');
    });

    it('when a report was purged before reasons were cleared, then the next run clears them and keeps states and times', async () => {
      const old = await submitClosed('earlier', monthsBefore(now, 20), 'acted');
      // As an older version left it: purged, but the reason still in the history.
      await reportModel(conn).updateOne({ _id: old._id }, { $set: { narrative: null, evidence: null, notes: [], 'retention.purgedAt': monthsBefore(now, 1) } });
      const purger = new RetentionPurger(storesOf(conn, mode), { closedMonths: 12, unverifiedDays: 90, spoolAlertHours: 24 }, rig.log, rig.spool, () => now);
      const result = await purger.run();
      assert.equal(result.purged, 0);
      assert.equal(result.reasonsCleared, 1);
      const doc = (await reportModel(conn).findById(old._id).lean<ReportDoc>())!;
      assert.deepEqual(doc.statusHistory.map((h) => [h.status, h.at.toISOString(), h.reason]), [
        ['new', old.statusHistory[0]!.at.toISOString(), undefined],
        ['closed', monthsBefore(now, 20).toISOString(), undefined],
      ]);
      assert.equal((await purger.run()).reasonsCleared, 0, 'nothing left to clear');
    });

    it('when a spool entry is older than the alert period, then it is logged as an error and kept', async () => {
      const { prepared } = await prepareReport(validateDraft(draft()), 'spool-key-1', {
        anonymise: fakeAnonymise, route: async () => ({ urgency: 'high', authorities: [] }), cipher: rig.cipher, hasher: argon2Hasher, passphraseWords: 5, now: () => now,
      });
      await rig.spool.write('spool-key-1', prepared);
      const file = (await rig.spool.list())[0]!.file;
      const twoDaysAgo = new Date(now.getTime() - 48 * 3600_000);
      fs.utimesSync(file, twoDaysAgo, twoDaysAgo);

      const result = await new RetentionPurger(storesOf(conn, mode), { closedMonths: 12, unverifiedDays: 90, spoolAlertHours: 24 }, rig.log, rig.spool, () => now).run();
      assert.equal(result.staleSpoolEntries, 1);
      assert.ok(fs.existsSync(file), 'the spool entry is never dropped');
      const line = rig.logs.lines.map((l) => JSON.parse(l) as { event?: string; level?: number; oldestHours?: number }).find((l) => l.event === 'retention.spool_stale')!;
      assert.equal(line.level, 50);
      assert.equal(line.oldestHours, 48);
    });
  });
}
