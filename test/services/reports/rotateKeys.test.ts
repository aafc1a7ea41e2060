import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { caseMessageModel } from '../../../models/caseMessage';
import { reportModel, type ReportDoc } from '../../../models/report';
import { reporterContactModel } from '../../../models/reporterContact';
import { FieldCipher } from '../../../services/crypto/fieldCipher';
import { parseKeyring } from '../../../services/crypto/keyring';
import { FollowUpService } from '../../../services/reports/followUp';
import { argon2Hasher } from '../../../services/reports/passphrase';
import { openEvidence } from '../../../services/reports/reportEvidence';
import { rotateReportKeys } from '../../../services/reports/rotateKeys';
import { dropTestDb, openTestDb } from '../../support/db';
import { draft, ensureIndexes, fakeAnonymise, followUpStores, makeRig, storesOf } from './fixtures';
import { DATABASE_MODES } from '../../support/databaseModes';

for (const { name, mode } of DATABASE_MODES) {
  describe(`key rotation of stored reports (${name})`, function () {
    this.timeout(30_000);
    let conn: Connection;
    beforeEach(async () => {
      conn = await openTestDb('rotate');
      await ensureIndexes(conn);
    });
    afterEach(async () => dropTestDb(conn));

    it('when a new key is put first and rotation runs, then every value moves to it and the old key can be dropped', async () => {
      const k1 = randomBytes(32).toString('base64');
      const k2 = randomBytes(32).toString('base64');
      const oldCipher = new FieldCipher(parseKeyring(`k1:${k1}`));
      const rig = makeRig(conn, { cipher: oldCipher, mode });
      try {
        const submitted = await rig.submitter.submit(draft({ reporterRole: 'teacher', contact: { consent: true, email: 'nastavnik@example.org' } }));
        const report = (await reportModel(conn).findOne().lean<ReportDoc>())!;
        const reportId = report._id.toHexString();
        const followUp = new FollowUpService({ ...followUpStores(conn, mode), cipher: oldCipher, hasher: argon2Hasher, anonymise: fakeAnonymise, log: rig.log, policy: { maxFailures: 5, lockMinutes: 15 }, tokenMinutes: 30 });
        await followUp.postStaffMessage(reportId, 'staff-1', 'poruka');
        const verified = await followUp.verify(submitted.caseCode, submitted.passphrase!);
        assert.ok(verified.ok);
        if (!verified.ok) return;
        // Evidence added in a follow-up message is sealed too, and moves with the rest.
        await followUp.postReporterMessage(verified.token, 'javio se i sa @dodat_profil');

        const rotated = new FieldCipher(parseKeyring(`k2:${k2},k1:${k1}`));
        assert.deepEqual(await rotateReportKeys(storesOf(conn, mode), rotated), { reports: 1, contacts: 1, messages: 2 });
        assert.deepEqual(await rotateReportKeys(storesOf(conn, mode), rotated), { reports: 0, contacts: 0, messages: 0 }, 'a second run finds nothing');

        const onlyNew = new FieldCipher(parseKeyring(`k2:${k2}`));
        const after = (await reportModel(conn).findById(report._id).lean<ReportDoc>())!;
        assert.equal(after.narrative!.kid, 'k2');
        assert.ok(onlyNew.decrypt(after.narrative!, { reportId, field: 'narrative' }).includes('[ime]'));
        assert.deepEqual(after.evidenceAdded?.map((e) => e.body.kid), ['k2']);
        assert.ok(openEvidence(onlyNew, after)!.handles.includes('@dodat_profil'));
        const contact = (await reporterContactModel(conn).findOne().lean())!;
        assert.deepEqual(onlyNew.decryptJson(contact.contact, { reportId, field: 'contact' }), { email: 'nastavnik@example.org' });
        const message = (await caseMessageModel(conn).findOne({ from: 'staff' }).lean())!;
        assert.equal(onlyNew.decrypt(message.body, { reportId, field: `message:${message._id.toHexString()}` }), 'poruka');
      } finally {
        rig.cleanup();
      }
    });
  });
}
