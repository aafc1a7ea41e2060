import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { reportQueueEntryModel } from '../../models/reportQueueEntry';
import { moveReport } from '../support/staffCase';
import { BotHarness, buttonTokens, keys, telLinks } from '../support/botHarness';
import { CRISIS_TEXT } from './support/samples';
import { ReportingFixture } from './support/reportingHarness';
import { caseOf, reportScript, type ScriptTurn } from './support/reportScript';

/** What a 12-year-old wrote as her story (the words of the issue): bullying, then a suicidal sentence. */
const SELF_HARM_NARRATIVE = 'Dečaci iz odeljenja me svaki dan vređaju u grupi na Instagramu i pišu da sam ružna. Više ne mogu, ne želim više da živim.';

/** Keys that find fault with what was written: never the next thing after a crisis card. */
const COMPLAINTS = ['reportFlow.notUnderstood', 'reportFlow.evidence.none', 'reportFlow.municipality.unknown', 'reportFlow.contact.notFound', 'reportFlow.category.notUnderstood', 'reportFlow.age.notUnderstood', 'reportStatus.malformed', 'reportStatus.invalid'];

/** A pupil's cyberbullying report in Novi Sad, answered by buttons except the words. */
const PUPIL: readonly ScriptTurn[] = reportScript({ locale: 'sr-Latn', role: 'pupil', category: 'cyberbullying', byText: false });
/** A teacher's report (she may leave contact details: every free-text question is asked). */
const TEACHER: readonly ScriptTurn[] = reportScript({ locale: 'sr-Latn', role: 'teacher', category: 'privacy', byText: false });

/** The keys of the messages after the first (the crisis card). */
const afterCardKeys = (replies: Partial<Activity>[]): string[] => keys(replies.slice(1));

const at = (script: readonly ScriptTurn[], step: string): number => script.findIndex((t) => t.step === step);

describe('a crisis said during a report travels with the report: flag, urgency, routes, the lines again at the end', function () {
  this.timeout(300_000);
  const fx = new ReportingFixture('reportcrisis', { FOLLOWUP_MAX_FAILURES: '3' });
  before(() => fx.start());
  after(() => fx.stop());

  async function as(role: 'pupil' | 'teacher'): Promise<BotHarness> {
    const bot = new BotHarness({ reporting: fx.reporting, storage: fx.storage(), conversationId: `crisis-${Math.random().toString(36).slice(2)}` });
    await bot.join();
    await bot.send(`role:${role}`);
    return bot;
  }

  async function play(bot: BotHarness, turns: readonly ScriptTurn[]): Promise<Partial<Activity>[]> {
    let last: Partial<Activity>[] = [];
    for (const turn of turns) {
      last = await bot.send(turn.send);
      assert.ok(keys(last).includes(turn.expect), `${turn.step}: expected ${turn.expect}, got ${keys(last).join()}`);
    }
    return last;
  }

  it('when a pupil writes "…ne želim više da živim" as the story, then the card comes, the story is kept, and the report is stored flagged, at least high, with the helpline and the centre for social work, and the end repeats the lines to call', async () => {
    const bot = await as('pupil');
    await play(bot, PUPIL.slice(0, at(PUPIL, 'narrative')));
    const card = await bot.send(SELF_HARM_NARRATIVE);
    const k = keys(card);
    assert.equal(k[0], 'crisis.selfHarm.warm');
    assert.ok(telLinks(card).includes('tel:116111'));
    const afterCard = afterCardKeys(card);
    assert.equal(afterCard[0], 'reportFlow.narrative.preview', `the story is kept and shown back: ${k.join()}`);
    assert.ok(!afterCard.some((x) => COMPLAINTS.includes(x)), k.join());
    const done = await play(bot, PUPIL.slice(at(PUPIL, 'narrativeCheck')));

    const r = await fx.report(caseOf(done).code);
    assert.ok(r.flags.includes('selfHarmRisk'), `flags: ${r.flags.join()}`);
    assert.ok(!r.flags.includes('dangerDisclosed'));
    assert.ok(['high', 'immediate'].includes(r.urgency), r.urgency);
    const routed = r.routing.map((a) => a.authorityId);
    for (const id of ['helpline-116111', 'csw-novi-sad', 'school', 'nccos']) assert.ok(routed.includes(id), `${id} in ${routed.join()}`);
    assert.match(r.routing.find((a) => a.authorityId === 'csw-novi-sad')!.reason, /self-harm/);
    assert.match(fx.narrative(r), /ne želim više da živim/, 'the story is stored as written (anonymised)');

    const end = keys(done);
    assert.ok(end.includes('reportFlow.done.code'));
    const callNow = end.indexOf('reportFlow.done.callNow.selfHarm.child');
    // The lines come again at the end, just before the case code: the code and words stay last, in view.
    assert.ok(callNow > end.indexOf('reportFlow.advice.title') && callNow < end.indexOf('reportFlow.done.code'), `the lines to call come again, just before the code: ${end.join()}`);
    const last = done.find((a) => (a.channelData as { bezbedno?: { keys?: string[] } } | undefined)?.bezbedno?.keys?.includes('reportFlow.done.callNow.selfHarm.child'));
    assert.ok(last, 'the lines are a message of their own');
    const lines = telLinks([last]);
    for (const tel of ['tel:116111', 'tel:0800300303', 'tel:192']) assert.ok(lines.includes(tel), `${tel} in ${lines.join()}`);
    assert.match(last.text ?? '', /116 111/);

    const entry = await reportQueueEntryModel(fx.conn).findById(r._id).lean().exec();
    assert.deepEqual(entry?.flags, r.flags, 'the queue entry carries the flags');
    assert.match(entry?.queueKey ?? '', /^\d-0-/, 'it sorts first within its urgency');
  });

  it('when a crisis is written at the evidence question, then the next message after the card is the question again, never "no link in this message", and the report is flagged', async () => {
    const bot = await as('teacher');
    const evidence = at(TEACHER, 'evidence');
    await play(bot, TEACHER.slice(0, evidence));
    const replies = await bot.send(CRISIS_TEXT['sr-Latn'].self_harm);
    const k = keys(replies);
    assert.equal(k[0], 'crisis.selfHarm.adult.warm');
    const afterCard = afterCardKeys(replies);
    assert.ok(!afterCard.some((x) => COMPLAINTS.includes(x)), `no complaint after the card: ${k.join()}`);
    assert.equal(afterCard[0], 'reportFlow.ask.evidence', k.join());
    const done = await play(bot, TEACHER.slice(evidence));
    const r = await fx.report(caseOf(done).code);
    assert.ok(r.flags.includes('selfHarmRisk'));
    assert.ok(keys(done).includes('reportFlow.done.callNow.selfHarm.adult'), 'an adult is addressed as an adult');
  });

  for (const step of ['municipality', 'contactDetails']) {
    it(`when a crisis is written at "${step}", then no complaint follows the card`, async () => {
      const bot = await as('teacher');
      const i = at(TEACHER, step);
      await play(bot, TEACHER.slice(0, i));
      const k = keys(await bot.send(CRISIS_TEXT['sr-Latn'].emergency));
      assert.equal(k[0], 'crisis.emergency.adult.now');
      assert.ok(!k.some((x) => COMPLAINTS.includes(x)), k.join());
      assert.ok(k.includes(TEACHER[i - 1]!.expect), `the same question again: ${k.join()}`);
    });
  }

  it('when danger is written at a question the card keeps the words from (age), then after "continue" the report goes on and is stored with dangerDisclosed, 192 first, at least high, and the end repeats 192', async () => {
    const bot = await as('teacher');
    const age = at(TEACHER, 'age');
    await play(bot, TEACHER.slice(0, age));
    const card = await bot.send(CRISIS_TEXT['sr-Latn'].emergency);
    assert.equal(keys(card)[0], 'crisis.emergency.adult.now');
    assert.equal(buttonTokens(card)[0], 'resume');
    assert.ok(keys(await bot.send('resume')).includes(TEACHER[age - 1]!.expect));
    const done = await play(bot, TEACHER.slice(age));
    const r = await fx.report(caseOf(done).code);
    assert.ok(r.flags.includes('dangerDisclosed'), r.flags.join());
    assert.ok(!r.flags.includes('immediateDanger'), 'the danger question was answered no: only the disclosure is flagged');
    assert.equal(r.routing[0]?.authorityId, 'emergency-192');
    assert.notEqual(r.urgency, 'normal');
    assert.ok(keys(done).includes('reportFlow.done.callNow.danger.adult'));
    assert.ok(telLinks(done).includes('tel:192'));
  });

  it('when the report has no crisis, then it carries no crisis flag and the end adds no lines', async () => {
    const bot = await as('teacher');
    const done = await play(bot, TEACHER);
    const r = await fx.report(caseOf(done).code);
    assert.ok(!r.flags.includes('selfHarmRisk') && !r.flags.includes('dangerDisclosed'), r.flags.join());
    assert.ok(!keys(done).some((k) => k.startsWith('reportFlow.done.callNow')));
  });

  it('when a crisis is cancelled with the report, then nothing is stored', async () => {
    const bot = await as('pupil');
    await play(bot, PUPIL.slice(0, at(PUPIL, 'narrative')));
    const before = await fx.count();
    await bot.send(SELF_HARM_NARRATIVE);
    await bot.send('otkaži');
    assert.equal(await fx.count(), before);
  });
});

describe('a crisis said in a follow-up reply goes on the stored report', function () {
  this.timeout(300_000);
  const fx = new ReportingFixture('followcrisis', { FOLLOWUP_MAX_FAILURES: '3' });
  before(() => fx.start());
  after(() => fx.stop());

  async function submitted(): Promise<{ code: string; passphrase: string }> {
    const bot = new BotHarness({ reporting: fx.reporting });
    await bot.join();
    await bot.send('role:teacher');
    let last: Partial<Activity>[] = [];
    for (const turn of reportScript({ locale: 'sr-Latn', role: 'teacher', category: 'privacy', byText: false })) last = await bot.send(turn.send);
    return caseOf(last);
  }

  async function verified(code: string, passphrase: string): Promise<BotHarness> {
    const bot = new BotHarness({ reporting: fx.reporting });
    await bot.join();
    await bot.send('role:teacher');
    await bot.send('go:report_status');
    await bot.send(code);
    assert.ok(keys(await bot.send(passphrase)).includes('reportStatus.ask.reply'));
    return bot;
  }

  it('when the reporter replies with a self-harm sentence, then the reply reaches the contact centre and the report is flagged, raised to at least high and routed to the helpline', async () => {
    const { code, passphrase } = await submitted();
    const before = await fx.report(code);
    assert.equal(before.urgency, 'normal');
    const bot = await verified(code, passphrase);
    const k = keys(await bot.send('Hvala. Ali meni je sve teže, mislim da bi bilo bolje da me nema.'));
    assert.equal(k[0], 'crisis.selfHarm.adult.warm');
    assert.ok(k.includes('reportStatus.replySent'), k.join());
    const r = await fx.report(code);
    assert.ok(r.flags.includes('selfHarmRisk'));
    assert.equal(r.urgency, 'high');
    assert.equal(r.urgencyRank, 1);
    assert.ok(r.routing.some((a) => a.authorityId === 'helpline-116111' && /self-harm/.test(a.reason)), r.routing.map((a) => a.authorityId).join());
    for (const a of before.routing) assert.ok(r.routing.some((b) => b.authorityId === a.authorityId && b.reason === a.reason), `${a.authorityId} keeps its reason`);
    assert.equal(r.unreadByStaff, 1);
    const entry = await reportQueueEntryModel(fx.conn).findById(r._id).lean().exec();
    assert.match(entry?.queueKey ?? '', /^1-0-/, 'the queue entry is high and sorts first');
    assert.ok(entry?.flags.includes('selfHarmRisk'));

    // Saying it again changes nothing more.
    await bot.send('mislim da bi bilo bolje da me nema');
    const again = await fx.report(code);
    assert.deepEqual(again.routing, r.routing);
    assert.deepEqual(again.flags, r.flags);
  });

  it('when the reporter replies to a closed report with danger, then the report is open again, flagged and at least high', async () => {
    const { code, passphrase } = await submitted();
    const stored = await fx.report(code);
    await moveReport(fx.cases(), stored._id.toHexString(), { to: 'in_review' }, { to: 'closed', resolution: 'advice_given' });
    const bot = await verified(code, passphrase);
    await bot.send(CRISIS_TEXT['sr-Latn'].emergency);
    const r = await fx.report(code);
    assert.equal(r.status, 'in_review');
    assert.ok(r.flags.includes('dangerDisclosed'));
    assert.equal(r.routing[0]?.authorityId, 'emergency-192');
    assert.equal(r.retention.closedAt, null);
    const entry = await reportQueueEntryModel(fx.conn).findById(r._id).lean().exec();
    assert.equal(entry?.open, true);
  });

  it('when a crisis is written instead of the secret words, then no complaint follows the card and no failed attempt is counted', async () => {
    const { code, passphrase } = await submitted();
    const bot = new BotHarness({ reporting: fx.reporting });
    await bot.join();
    await bot.send('role:teacher');
    await bot.send('go:report_status');
    const atCode = keys(await bot.send(CRISIS_TEXT['sr-Latn'].self_harm));
    assert.ok(!atCode.some((x) => COMPLAINTS.includes(x)), atCode.join());
    assert.ok(atCode.includes('reportStatus.ask.code'));
    await bot.send(code);
    for (let i = 0; i < 3; i++) {
      const k = keys(await bot.send(CRISIS_TEXT['sr-Latn'].self_harm));
      assert.ok(!k.some((x) => COMPLAINTS.includes(x)) && k.includes('reportStatus.ask.passphrase'), k.join());
    }
    assert.equal((await fx.report(code)).access.failures, 0, 'not counted: three would have locked the code');
    assert.ok(keys(await bot.send(passphrase)).includes('reportStatus.found'));
  });
});
