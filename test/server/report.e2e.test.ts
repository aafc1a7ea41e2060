import assert from 'node:assert/strict';
import { endOfCentreDay } from '../../services/deadlines/dueTime';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resourceKeysOf } from '../../dialogs/shared/reply';
import { reportModel, type ReportDoc } from '../../models/report';
import { latinToCyrillic } from '../../services/text/transliterate';
import { LocalConnector, PostedActivity } from '../support/connector';
import { postJson, startTestServer, TestServer } from '../support/server';
import { forbiddenKeysIn } from '../support/forbiddenKeys';

/** Keys SPEC.md section 5 forbids anywhere in what MongoDB holds. */
const CODE = /\*\*([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z])\*\*/;
const WORDS = /\*\*([\p{Ll} ]{10,})\*\*/u;

/** One user of the chat over HTTP: posts activities to the real server, reads replies from the local connector. */
class ChatUser {
  private seen = 0;

  constructor(
    private readonly server: TestServer,
    private readonly connector: LocalConnector,
    private readonly serviceUrl: string,
    readonly conversationId: string,
    private readonly locale: string,
  ) {}

  async post(extra: Record<string, unknown>): Promise<PostedActivity[]> {
    const res = await postJson(`${this.server.url}/api/messages`, {
      type: 'message',
      channelId: 'webchat',
      serviceUrl: this.serviceUrl,
      conversation: { id: this.conversationId },
      from: { id: `user-${this.conversationId}` },
      recipient: { id: 'bot' },
      id: `a${randomBytes(6).toString('hex')}`,
      locale: this.locale,
      ...extra,
    });
    assert.ok(res.status >= 200 && res.status < 300, `status ${res.status}`);
    const all = this.connector.received.filter((a) => a.conversation?.id === this.conversationId);
    const replies = all.slice(this.seen);
    this.seen = all.length;
    return replies;
  }

  join(): Promise<PostedActivity[]> {
    return this.post({ type: 'conversationUpdate', membersAdded: [{ id: `user-${this.conversationId}` }] });
  }

  /** Writes text. */
  write(text: string): Promise<PostedActivity[]> {
    return this.post({ text });
  }

  /** Taps a button: a messageBack with the token as value, as Web Chat sends it. */
  tap(token: string): Promise<PostedActivity[]> {
    return this.post({ text: token, value: { token } });
  }

  /** Sends `text` (or taps `token:…`) and asserts the reply holds `expect`; returns the replies. */
  async step(input: string, expect: string): Promise<PostedActivity[]> {
    const replies = input.startsWith('token:') ? await this.tap(input.slice(6)) : await this.write(input);
    const k = replies.flatMap((r) => resourceKeysOf(r as never));
    assert.ok(k.includes(expect), `"${input}": expected ${expect}, got ${k.join()} ${replies.map((r) => r.text ?? "").join(" / ")}`);
    return replies;
  }
}

/** The case code and passphrase in the outcome. */
function caseIn(replies: PostedActivity[]): { code: string; passphrase: string } {
  const shown = replies.find((r) => resourceKeysOf(r as never).includes('reportFlow.done.code'));
  const code = CODE.exec(shown?.text ?? '')?.[1];
  const passphrase = WORDS.exec(shown?.text ?? '')?.[1];
  assert.ok(code && passphrase, 'the case code and secret words are shown');
  return { code, passphrase };
}

describe('reporting over HTTP: through the real adapter, recognizer, anonymiser and router into the real database', function () {
  this.timeout(180_000);
  const connector = new LocalConnector();
  let serviceUrl: string;
  let server: TestServer;
  let dataDir: string;

  before(async () => {
    serviceUrl = await connector.start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-report-e2e-'));
    server = await startTestServer('reporte2e', { DATA_DIR: dataDir, REPORT_ENCRYPTION_KEYS: `e1:${randomBytes(32).toString('base64')}` });
  });
  after(async () => {
    await server.conn.dropDatabase().catch(() => undefined);
    await server.stop();
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function stored(code: string): Promise<ReportDoc> {
    const r = await reportModel(server.conn).findOne({ caseCode: code }).lean<ReportDoc>();
    assert.ok(r, `report ${code} is stored`);
    return r;
  }
  const narrativeOf = (r: ReportDoc): string => server.reports.cipher.decrypt(r.narrative!, { reportId: r._id.toHexString(), field: 'narrative' });
  const evidenceOf = (r: ReportDoc): { urls: string[]; handles: string[] } => server.reports.cipher.decryptJson(r.evidence!, { reportId: r._id.toHexString(), field: 'evidence' });

  const REGISTRY_COLLECTIONS = ['authorities', 'routingrules'];

  /** What someone holding only the database sees: no identifier, no passphrase, no forbidden key; encrypted fields are ciphertext. */
  async function assertDatabaseHolds(needles: string[]): Promise<void> {
    const collections = (await server.conn.db!.listCollections().toArray()).map((c) => c.name);
    for (const name of collections) {
      const docs = await server.conn.db!.collection(name).find().toArray();
      const raw = JSON.stringify(docs).toLowerCase();
      for (const needle of needles) assert.ok(!raw.includes(needle.toLowerCase()), `${name} holds "${needle}" in clear`);
      if (name === 'botstate') continue; // conversation state has botbuilder's own keys (e.g. conversation references are not stored, ids are hashed)
      // The authority registry and routing rules describe institutions (an
      // authority's name and official e-mail), never a reporter.
      if (REGISTRY_COLLECTIONS.includes(name)) continue;
      const bad = forbiddenKeysIn(docs);
      assert.deepEqual(bad, [], `${name} has forbidden keys`);
    }
    for (const needle of needles) assert.ok(!server.logs.lines.some((l) => l.toLowerCase().includes(needle.toLowerCase())), `the log holds "${needle}"`);
  }

  function assertEncrypted(r: ReportDoc): void {
    for (const field of [r.narrative, r.evidence]) {
      assert.ok(field && typeof field.ct === 'string' && typeof field.iv === 'string' && typeof field.tag === 'string' && field.kid === 'e1', 'AES-GCM ciphertext with its key id');
    }
  }

  it("when a 12-year-old reports sextortion in Cyrillic, then it lands immediate, with the police, the prosecutor, the local centre for social work and the contact centre, anonymised and encrypted", async () => {
    const child = new ChatUser(server, connector, serviceUrl, 'e2e-sextortion-12', 'sr-Cyrl-RS');
    await child.join();
    const cy = latinToCyrillic;
    await child.step('token:role:pupil', 'menu.prompt.pupil');
    await child.step('token:go:report', 'reportFlow.ask.danger');
    await child.step(cy('ne'), 'reportFlow.ask.category');
    await child.step('token:pick:sextortion', 'reportFlow.ask.victim');
    await child.step('token:pick:self', 'reportFlow.ask.ageSelf');
    await child.step(cy('imam 12 godina'), 'reportFlow.ask.platform');
    await child.step(cy('na instagramu'), 'reportFlow.ask.ongoing');
    await child.step(cy('da'), 'reportFlow.ask.q.deadlineRunning');
    await child.step(cy('da'), 'reportFlow.ask.when.deadlineWhen');
    await child.step(cy('do sutra'), 'reportFlow.ask.q.paidOrSent');
    await child.step(cy('ne'), 'reportFlow.ask.narrative');
    const story = `${cy('Zovem se Milica. Jedan lik sa profila')} https://instagram.com/tajni.lik99 ${cy('kaže da će objaviti moje slike do petka ako mu ne pošaljem još. Moj broj je')} 064 123 4567.`;
    const preview = await child.step(story, 'reportFlow.narrative.preview');
    const previewText = preview.map((r) => r.text ?? '').join('\n');
    assert.ok(!previewText.includes('Милица') && !previewText.includes('064 123 4567'), `the child sees the anonymised version: ${previewText}`);
    const evidenceAsk = await child.step('token:pick:ok', 'reportFlow.ask.evidence');
    assert.ok(evidenceAsk.flatMap((r) => resourceKeysOf(r as never)).includes('safety.csamRule'), 'the never-download rule where links are asked for');
    await child.step('@tajni_lik_drugi', 'reportFlow.evidence.added');
    await child.step('token:pick:done', 'reportFlow.ask.municipalitySelf');
    await child.step(cy('Novi Sad'), 'reportFlow.summary.title');
    const done = await child.step(cy('da'), 'reportFlow.done.code');
    const k = done.flatMap((r) => resourceKeysOf(r as never));
    for (const key of ['reportFlow.done.passphrase', 'reportFlow.done.writeDown', 'reportFlow.done.urgency.immediate', 'reportFlow.route.police-vtk', 'reportFlow.route.csw', 'reportFlow.advice.sextortion.child']) {
      assert.ok(k.includes(key), `${key} in ${k.join()}`);
    }
    assert.ok(!k.includes('reportFlow.advice.sextortionPaid'), 'nothing was paid or sent');
    assert.ok(!k.includes('safety.csamRule'), 'the never-download rule was said once, at the evidence question');
    assert.ok(done.every((r) => r.locale === 'sr-Cyrl'), 'answered in Cyrillic throughout');
    const { code, passphrase } = caseIn(done);
    assert.match(passphrase, /^[\u0400-\u04FF ]+$/, 'the secret words are shown in Cyrillic');

    const r = await stored(code);
    assert.equal(r.locale, 'sr-Cyrl');
    assert.equal(r.reporterRole, 'pupil');
    assert.equal(r.victimAge, 'under14');
    assert.equal(r.category, 'sextortion');
    assert.deepEqual(r.platforms, ['instagram']);
    assert.equal(r.municipality, 'novi-sad');
    assert.equal(r.urgency, 'immediate');
    assert.ok(r.flags.includes('deadlineRunning'));
    // "До сутра": due at the end of tomorrow, Belgrade time (services/deadlines/dueTime.ts).
    assert.equal(r.answers?.deadlineWhen, 'tomorrow');
    assert.equal(r.due?.kind, 'deadline');
    assert.equal(r.due?.at.getTime(), endOfCentreDay(r.createdAt, 1).getTime());
    const routed = r.routing.map((a) => a.authorityId);
    for (const id of ['police-vtk', 'prosecutor-vtk', 'csw-novi-sad', 'nccos']) assert.ok(routed.includes(id), `${id} in ${routed.join()}`);
    assert.ok(r.routing.every((a) => a.reason.length > 10), 'every authority has a reason');
    assertEncrypted(r);
    const narrative = narrativeOf(r);
    assert.ok(narrative.includes(cy('kaže da će objaviti moje slike')), narrative);
    for (const id of ['Милица', 'tajni.lik99', '064 123 4567']) assert.ok(!narrative.includes(id), `narrative keeps ${id}: ${narrative}`);
    const evidence = evidenceOf(r);
    assert.ok(evidence.urls.includes('https://instagram.com/tajni.lik99') && evidence.handles.includes('@tajni_lik_drugi'), JSON.stringify(evidence));
    // The accounts it names are matched with other reports by keyed hash only (the scan below finds no name).
    assert.ok((r.accountLinks ?? []).length >= 2 && r.accountLinks!.every((id) => /^[\w-]+:[\w-]{43}$/.test(id)), JSON.stringify(r.accountLinks));
    assert.equal(r.hasContact, false);
    await assertDatabaseHolds(['Милица', 'tajni.lik99', 'tajni_lik_drugi', '064 123 4567', cy('kaže da će objaviti'), passphrase, 'e2e-sextortion-12']);
  });

  it('when a 12-year-old writes "…ne želim više da živim" in her story, then the real crisis check shows the card, the story goes on, and the report is stored with selfHarmRisk, at least high, with 116 111 and the centre for social work, and the end repeats the lines to call', async () => {
    const child = new ChatUser(server, connector, serviceUrl, 'e2e-selfharm-12', 'sr-Latn-RS');
    await child.join();
    await child.step('token:role:pupil', 'menu.prompt.pupil');
    await child.step('token:go:report', 'reportFlow.ask.danger');
    await child.step('token:pick:no', 'reportFlow.ask.category');
    await child.step('token:pick:cyberbullying', 'reportFlow.ask.victim');
    await child.step('token:pick:self', 'reportFlow.ask.ageSelf');
    await child.step('token:pick:under14', 'reportFlow.ask.platform');
    await child.step('token:pick:instagram', 'reportFlow.ask.ongoing');
    await child.step('token:pick:yes', 'reportFlow.ask.q.threatsOfViolence'); // still going on
    await child.step('token:pick:yes', 'reportFlow.ask.q.fromSchool'); // threats of violence
    await child.step('token:pick:no', 'reportFlow.ask.narrative'); // not someone from school
    const card = await child.step('Devojčice iz razreda mi pišu da sam ružna i da će me pretući. Ne mogu više, ne želim više da živim.', 'reportFlow.narrative.preview');
    const k = card.flatMap((r) => resourceKeysOf(r as never));
    assert.equal(k[0], 'crisis.selfHarm.warm', k.join());
    await child.step('token:pick:ok', 'reportFlow.ask.evidence');
    await child.step('token:pick:done', 'reportFlow.ask.municipalitySelf');
    await child.step('Niš', 'reportFlow.summary.title');
    const done = await child.step('token:pick:send', 'reportFlow.done.code');
    const end = done.flatMap((r) => resourceKeysOf(r as never));
    assert.ok(end.includes('reportFlow.done.callNow.selfHarm.child'), end.join());
    const { code } = caseIn(done);
    const r = await stored(code);
    assert.ok(r.flags.includes('selfHarmRisk'), r.flags.join());
    // Self-harm risk and threats of violence are high each; a child under 14 raises it one step.
    assert.equal(r.urgency, 'immediate');
    const routed = r.routing.map((a) => a.authorityId);
    for (const id of ['helpline-116111', 'csw-nis', 'police-vtk', 'nccos']) assert.ok(routed.includes(id), `${id} in ${routed.join()}`);
    assert.deepEqual(r.answers, { victim: 'self', ongoing: 'yes', threatsOfViolence: 'yes', fromSchool: 'no' });
    assert.ok(!server.logs.lines.some((l) => l.includes('živim')), 'the words are not in the log');
  });

  it("when a teacher reports a pupil's grooming, then it lands high, with the police, the school, the local centre for social work and the contact centre, and the teacher's contact is kept encrypted apart", async () => {
    const teacher = new ChatUser(server, connector, serviceUrl, 'e2e-grooming-teacher', 'sr-Latn-RS');
    await teacher.join();
    await teacher.step('ja sam nastavnica', 'role.set.teacher');
    await teacher.step('želim da prijavim nešto', 'reportFlow.ask.danger');
    await teacher.step('ne', 'reportFlow.ask.category');
    await teacher.step('token:pick:grooming', 'reportFlow.ask.victim');
    await teacher.step('token:pick:pupil', 'reportFlow.ask.age');
    await teacher.step('ima 15 godina', 'reportFlow.ask.platform');
    await teacher.step('preko diskorda', 'reportFlow.ask.ongoing');
    await teacher.step('token:pick:yes', 'reportFlow.ask.q.meetingPlanned');
    await teacher.step('token:pick:no', 'reportFlow.ask.narrative');
    const story = 'Učenica iz 8-2 mi je rekla da joj odrasli muškarac Dragan Ilić piše na diskordu, šalje poklone za igricu i traži da to ostane tajna. Profil: discord.gg/xyzabc12.';
    await teacher.step(story, 'reportFlow.narrative.preview');
    await teacher.step('token:pick:ok', 'reportFlow.ask.evidence');
    await teacher.step('token:pick:done', 'reportFlow.ask.municipality');
    await teacher.step('Kragujevac', 'reportFlow.ask.contact');
    await teacher.step('token:pick:yes', 'reportFlow.ask.contactDetails');
    await teacher.step('razredna.os@example.org', 'reportFlow.summary.title');
    const done = await teacher.step('token:pick:send', 'reportFlow.done.code');
    const { code, passphrase } = caseIn(done);

    const r = await stored(code);
    assert.equal(r.reporterRole, 'teacher');
    assert.equal(r.category, 'grooming');
    assert.equal(r.victimAge, '14-17');
    assert.deepEqual(r.platforms, ['discord']);
    assert.equal(r.urgency, 'high');
    assert.ok(r.flags.includes('victimIsPupil'));
    const routed = r.routing.map((a) => a.authorityId);
    for (const id of ['police-vtk', 'school', 'csw-kragujevac', 'nccos']) assert.ok(routed.includes(id), `${id} in ${routed.join()}`);
    assertEncrypted(r);
    const narrative = narrativeOf(r);
    assert.ok(narrative.includes('šalje poklone za igricu'), narrative);
    assert.ok(!narrative.includes('Dragan') && !narrative.includes('Ilić'), narrative);
    assert.equal(r.hasContact, true);
    const contactDoc = await server.conn.db!.collection('reporter_contacts').findOne({ reportId: r._id });
    assert.ok(contactDoc && (contactDoc.contact as { ct?: string }).ct, 'the contact is stored encrypted, in its own collection');
    assert.equal(server.reports.cipher.decryptJson<{ email?: string }>(contactDoc.contact, { reportId: r._id.toHexString(), field: 'contact' }).email, 'razredna.os@example.org');
    await assertDatabaseHolds(['Dragan', 'Ilić', 'razredna.os@example.org', 'šalje poklone', passphrase, 'e2e-grooming-teacher']);
  });

  it("when a parent reports their child's cyberbullying, then it lands with the school and the contact centre, raised for a child under 14, anonymised, and the parent follows it up", async () => {
    const parent = new ChatUser(server, connector, serviceUrl, 'e2e-cyberbullying-parent', 'en-US');
    await parent.join();
    await parent.step("I'm a parent", 'role.set.parent');
    await parent.step('token:go:report', 'reportFlow.ask.danger');
    await parent.step('token:pick:no', 'reportFlow.ask.category');
    await parent.step('token:pick:cyberbullying', 'reportFlow.ask.victim');
    await parent.step('token:pick:child', 'reportFlow.ask.age');
    await parent.step('token:pick:under14', 'reportFlow.ask.platform');
    await parent.step('token:pick:tiktok', 'reportFlow.ask.ongoing');
    await parent.step('token:pick:yes', 'reportFlow.ask.q.threatsOfViolence');
    await parent.step('token:pick:no', 'reportFlow.ask.q.fromSchool');
    await parent.step('token:pick:yes', 'reportFlow.ask.narrative');
    const story = 'Kids from her class made a fake profile of my daughter Sara Nikolić and post mocking videos every evening. Her phone is +381 64 987 6543.';
    await parent.step(story, 'reportFlow.narrative.preview');
    await parent.step('token:pick:ok', 'reportFlow.ask.evidence');
    await parent.step('https://www.tiktok.com/@fake.sara.profile', 'reportFlow.evidence.added');
    await parent.step('token:pick:done', 'reportFlow.ask.municipality');
    await parent.step('token:pick:skip', 'reportFlow.ask.contact');
    await parent.step('token:pick:no', 'reportFlow.summary.title');
    const done = await parent.step('token:pick:send', 'reportFlow.done.code');
    assert.ok(done.every((r) => r.locale === 'en'));
    const { code, passphrase } = caseIn(done);

    const r = await stored(code);
    assert.equal(r.reporterRole, 'parent');
    assert.equal(r.category, 'cyberbullying');
    assert.equal(r.victimAge, 'under14');
    assert.equal(r.locale, 'en');
    assert.equal(r.urgency, 'high', 'normal, one step up for a child under 14');
    assert.ok(r.flags.includes('victimIsPupil'));
    const routed = r.routing.map((a) => a.authorityId);
    for (const id of ['school', 'nccos']) assert.ok(routed.includes(id), `${id} in ${routed.join()}`);
    assert.ok(!routed.includes('police-vtk'), 'no threats of violence: no police');
    assert.equal(r.municipality, undefined);
    assertEncrypted(r);
    const narrative = narrativeOf(r);
    assert.ok(narrative.includes('post mocking videos every evening'), narrative);
    assert.ok(!narrative.includes('Sara') && !narrative.includes('987 6543'), narrative);
    assert.ok(evidenceOf(r).urls.includes('https://www.tiktok.com/@fake.sara.profile'));
    assert.equal(r.hasContact, false);
    await assertDatabaseHolds(['Sara Nikolić', '987 6543', 'fake.sara.profile', 'mocking videos', passphrase, 'e2e-cyberbullying-parent']);

    // The contact centre writes; the parent comes back in the chat and reads it.
    await server.reports.followUp.postStaffMessage(r._id.toHexString(), 'reviewer-1', 'Thank you. We have informed the school. Has the profile been reported to TikTok?');
    await parent.step('token:go:report_status', 'reportStatus.ask.code');
    await parent.step(code, 'reportStatus.ask.passphrase');
    const view = await parent.step(passphrase, 'reportStatus.message.staff');
    assert.ok(view.some((a) => (a.text ?? '').includes('We have informed the school.')));
    await parent.step('Yes, we reported it yesterday.', 'reportStatus.replySent');
    const thread = await server.reports.followUp.staffThread(r._id.toHexString());
    assert.deepEqual(thread.map((m) => m.from), ['staff', 'reporter']);
    // A server given MONGODB_URI runs the repositories the MongoDB way (models/database.ts): its code was
    // found through the reports' caseCode index and its thread by reportId, with no link or list written.
    assert.equal(server.embedded, undefined);
    assert.equal(await server.conn.db!.collection('reportcodes').countDocuments({}), 0);
    assert.equal(await server.conn.db!.collection('report_children').countDocuments({}), 0);
  });
});
