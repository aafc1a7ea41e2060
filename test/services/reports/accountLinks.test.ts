import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { AccountLinkRepository, accountLinkModel } from '../../../models/accountLink';
import { reportModel, type ReportDoc } from '../../../models/report';
import { reportQueueEntryModel } from '../../../models/reportQueueEntry';
import type { AccountLinks } from '../../../services/reports/accountLinks';
import { AccountMatcher } from '../../../services/reports/accountMatcher';
import { prepareReport, type PrepareDeps } from '../../../services/reports/prepareReport';
import { validateDraft } from '../../../services/reports/reportDraftSchema';
import { SpoolFlusher } from '../../../services/reports/spoolFlusher';
import { argon2Hasher } from '../../../services/reports/passphrase';
import type { Rig } from './fixtures';
import { ReportSubmitter } from '../../../services/reports/submitReport';
import { dropTestDb, openTestDb } from '../../support/db';
import { accountLinksOn, draft, ensureIndexes, fakeAnonymise, fakeRoute, makeRig, storeOn, testCipher } from './fixtures';

/** What prepareReport needs, as the rig's submitter has it. */
const prepareDeps = (rig: Rig): PrepareDeps => ({ anonymise: fakeAnonymise, route: fakeRoute, cipher: rig.cipher, hasher: argon2Hasher, passphraseWords: 5, now: () => new Date() });

const key = (kid: string): string => `${kid}:${randomBytes(32).toString('base64')}`;

describe('account links under changing matching keys', function () {
  this.timeout(60_000);
  let conn: Connection;
  beforeEach(async () => {
    conn = await openTestDb('acclinks');
    await ensureIndexes(conn);
  });
  afterEach(async () => dropTestDb(conn));

  it('when reports predate matching and the matching key is later replaced, then start-up re-links them under the keys configured, and a retired key leaves nothing behind', async () => {
    const cipher = testCipher();
    const m1 = key('m1');
    const m2 = key('m2');
    const rig = makeRig(conn, { cipher });
    /** Submits through a submitter that matches accounts with `matchKeys`. */
    const submitWith = async (matchKeys: string, narrative: string): Promise<AccountLinks> => {
      const accounts = accountLinksOn(conn, AccountMatcher.fromConfig(cipher, matchKeys));
      const submitter = new ReportSubmitter({
        cipher, hasher: rig.submitter['deps'].hasher, anonymise: rig.submitter['deps'].anonymise, route: rig.submitter['deps'].route,
        store: storeOn(conn, undefined, accounts), spool: rig.spool, log: rig.log, storeTimeoutMs: 4000, passphraseWords: 5, reissueMinutes: 30, matcher: accounts.matcher,
      });
      await submitter.submit(draft({ narrative }));
      return accounts;
    };
    try {
      // Stored before accounts were matched: no link ids.
      await rig.submitter.submit(draft({ narrative: 'Piše mi @Mracni_Vuk svaki dan.' }));
      const first = await submitWith(m1, 'I meni piše @mracni_vuk.');
      const linkedCount = async (): Promise<number> => reportQueueEntryModel(conn).countDocuments({ linked: true }).exec();
      assert.equal(await linkedCount(), 0, 'the older report has no link ids yet');

      const r1 = await first.init(cipher);
      assert.deepEqual(r1, { reports: 2, relinked: 1, retired: 0, unreadable: 0, repaired: 0 });
      assert.equal(await linkedCount(), 2);
      assert.equal(await first.init(cipher), undefined, 'recorded: the next start does not read the reports again');

      // A new key first, the old one still configured: every report is linked under both, and new ones match old ones.
      const both = accountLinksOn(conn, AccountMatcher.fromConfig(cipher, `${m2},${m1}`));
      assert.deepEqual(await both.init(cipher), { reports: 2, relinked: 2, retired: 0, unreadable: 0, repaired: 0 });
      await submitWith(`${m2},${m1}`, 'Isti je, @MRACNI_VUK.');
      assert.equal(await linkedCount(), 3);

      // The old key removed: its link ids go, the links stay.
      const only = accountLinksOn(conn, AccountMatcher.fromConfig(cipher, m2));
      const r3 = await only.init(cipher);
      assert.equal(r3?.relinked, 3);
      assert.equal(r3?.retired, 0, 'each report left its old ids itself');
      const reports = await reportModel(conn).find({}, { accountLinks: 1 }).lean<ReportDoc[]>().exec();
      assert.ok(reports.every((r) => r.accountLinks?.length === 1 && r.accountLinks[0]!.startsWith('m2:')), JSON.stringify(reports.map((r) => r.accountLinks)));
      const docs = await accountLinkModel(conn).find({}).lean().exec();
      assert.deepEqual(docs.map((d) => [d.kid, d.reportIds.length]), [['m2', 3]]);
      assert.equal(await linkedCount(), 3);
    } finally {
      rig.cleanup();
    }
  });
});

describe('account links of a report kept in the spool', function () {
  this.timeout(60_000);
  let conn: Connection;
  beforeEach(async () => {
    conn = await openTestDb('acclinksspool');
    await ensureIndexes(conn);
  });
  afterEach(async () => dropTestDb(conn));

  it('when a report waited in the spool while the database was away, then it is linked when it reaches the database', async () => {
    const cipher = testCipher();
    const rig = makeRig(conn, { cipher });
    const accounts = accountLinksOn(conn, AccountMatcher.fromConfig(cipher));
    try {
      const store = storeOn(conn, undefined, accounts);
      await store.store((await prepareReport(validateDraft(draft({ narrative: 'Piše mi @Mracni_Vuk.' })), 'spool-a', { ...prepareDeps(rig), matcher: accounts.matcher })).prepared);
      // Prepared while the database was away: the link ids travel with the report, sealed in the spool.
      const { prepared } = await prepareReport(validateDraft(draft({ narrative: 'I meni @mracni_vuk piše.' })), 'spool-b', { ...prepareDeps(rig), matcher: accounts.matcher });
      await rig.spool.write('spool-b', prepared);
      assert.equal(await reportQueueEntryModel(conn).countDocuments({ linked: true }).exec(), 0);
      await new SpoolFlusher(rig.spool, store, rig.log, { intervalMs: 60_000, storeTimeoutMs: 4000 }).flush();
      assert.equal(await reportQueueEntryModel(conn).countDocuments({ linked: true }).exec(), 2);
    } finally {
      rig.cleanup();
    }
  });
});

describe('account links of a damaged report', function () {
  this.timeout(60_000);
  let conn: Connection;
  beforeEach(async () => {
    conn = await openTestDb('acclinksbad');
    await ensureIndexes(conn);
  });
  afterEach(async () => dropTestDb(conn));

  it('when a report\'s evidence does not decrypt, then re-linking counts it and carries on with the others', async () => {
    const cipher = testCipher();
    const rig = makeRig(conn, { cipher });
    try {
      await rig.submitter.submit(draft({ narrative: 'Piše mi @Mracni_Vuk.' }));
      await rig.submitter.submit(draft({ narrative: 'I meni @mracni_vuk piše.' }));
      const [bad] = await reportModel(conn).find({}).sort({ _id: 1 }).lean<ReportDoc[]>().exec();
      await reportModel(conn).updateOne({ _id: bad!._id }, { $set: { 'evidence.ct': Buffer.from('garbage').toString('base64') } }).exec();
      const accounts = accountLinksOn(conn, AccountMatcher.fromConfig(cipher, key('m1')));
      assert.deepEqual(await accounts.relinkAll(cipher), { reports: 2, relinked: 1, retired: 0, unreadable: 1, repaired: 0 });
    } finally {
      rig.cleanup();
    }
  });
});

describe('account links after a writer stopped half-way', function () {
  this.timeout(60_000);
  let conn: Connection;
  beforeEach(async () => {
    conn = await openTestDb('acclinksrepair');
    await ensureIndexes(conn);
  });
  afterEach(async () => dropTestDb(conn));

  it('when a report is missing from its account and another is listed without naming it, then relink-accounts puts both right and the queue follows', async () => {
    const cipher = testCipher();
    const rig = makeRig(conn, { cipher });
    const accounts = accountLinksOn(conn, AccountMatcher.fromConfig(cipher));
    try {
      const store = storeOn(conn, undefined, accounts);
      const prepared = async (narrative: string, key: string) => (await prepareReport(validateDraft(draft({ narrative })), key, { ...prepareDeps(rig), matcher: accounts.matcher })).prepared;
      const a = await prepared('Piše mi @Mracni_Vuk.', 'rep-a');
      const b = await prepared('I meni @mracni_vuk piše.', 'rep-b');
      const c = await prepared('Meni piše @neko_treci.', 'rep-c');
      for (const p of [a, b, c]) await store.store(p);
      const linkId = a.report.accountLinks![0]!;
      // B fell off the account (a follow-up stopped after its report write); C is listed under it without naming it.
      await accountLinkModel(conn).updateOne({ _id: linkId }, { $set: { reportIds: [a.report._id, c.report._id] } }).exec();
      const repaired = await accounts.relinkAll(cipher, { repair: true });
      assert.deepEqual(repaired, { reports: 3, relinked: 0, retired: 0, unreadable: 0, repaired: 2 });
      const [doc] = await new AccountLinkRepository(conn).read([linkId]);
      assert.deepEqual(doc!.reportIds.map(String).sort(), [a.report._id, b.report._id].map(String).sort());
      const linked = await reportQueueEntryModel(conn).find({ linked: true }, { _id: 1 }).lean().exec();
      assert.deepEqual(linked.map((e) => String(e._id)).sort(), [a.report._id, b.report._id].map(String).sort());
      assert.equal((await accounts.relinkAll(cipher, { repair: true })).repaired, 0, 'a second run finds nothing');
    } finally {
      rig.cleanup();
    }
  });
});

describe('account links written at once', function () {
  this.timeout(60_000);
  let conn: Connection;
  beforeEach(async () => {
    conn = await openTestDb('acclinksrace');
  });
  afterEach(async () => dropTestDb(conn));

  it('when twenty reports naming one account are linked at the same moment, then the account lists all twenty, and taking them off at once leaves nothing', async () => {
    const repo = new AccountLinkRepository(conn);
    const ids = Array.from({ length: 20 }, () => new Types.ObjectId());
    await Promise.all(ids.map((id) => repo.add(['m1:same', 'm1:other'], id)));
    const [same] = await repo.read(['m1:same']);
    assert.equal(same?.reportIds.length, 20);
    await Promise.all(ids.map((id) => repo.remove(['m1:same', 'm1:other'], id)));
    assert.deepEqual(await repo.read(['m1:same', 'm1:other']), []);
  });
});
