import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { buildDraft } from '../../../dialogs/report/buildDraft';
import { emptySealed, type ReportProgress } from '../../../dialogs/report/reportProgress';
import { CATEGORY_QUESTIONS } from '../../../dialogs/report/reportSteps';
import { summaryParts } from '../../../dialogs/report/reportSummary';
import { reportModel, type ReportDoc } from '../../../models/report';
import { reportQueueEntryModel } from '../../../models/reportQueueEntry';
import { countEvidenceItems } from '../../../services/anonymise/evidenceCount';
import { answerMarks, REPORT_QUESTIONS, TRI_ANSWERS, VICTIMS, type ReportAnswerSet } from '../../../core/domain/reportAnswerSet';
import { InvalidDraftError, validateDraft } from '../../../services/reports/reportDraftSchema';
import { situationOf } from '../../../services/reports/prepareReport';
import { CATEGORIES } from '../../../core/domain/routing';
import { dropTestDb, openTestDb } from '../../support/db';
import { draft, ensureIndexes, makeRig, type Rig } from './fixtures';

describe('everything the reporter answered is stored: draft → schema → report → queue entry', function () {
  this.timeout(60_000);
  let conn: Connection;
  let rig: Rig;

  before(async () => {
    conn = await openTestDb('answers');
    await ensureIndexes(conn);
    rig = makeRig(conn);
  });
  after(async () => {
    rig.cleanup();
    await dropTestDb(conn);
  });

  async function stored(caseCode: string): Promise<ReportDoc> {
    const r = await reportModel(conn).findOne({ caseCode }).lean<ReportDoc>();
    assert.ok(r);
    return r;
  }

  for (const question of REPORT_QUESTIONS) {
    for (const value of TRI_ANSWERS) {
      it(`when ${question} is answered "${value}", then the report keeps it and the queue entry lists it`, async () => {
        const category = CATEGORIES.find((c) => CATEGORY_QUESTIONS[c].includes(question))!;
        const answers: ReportAnswerSet = { victim: 'friend', ongoing: 'unknown', [question]: value };
        const res = await rig.submitter.submit(draft({ category, meetingPlanned: undefined, answers }));
        const r = await stored(res.caseCode);
        assert.deepEqual(r.answers, answers);
        const entry = await reportQueueEntryModel(conn).findById(r._id).lean().exec();
        assert.deepEqual(entry?.answers, answerMarks(answers));
        assert.ok(entry?.answers.includes(`${question}:${value}`));
      });
    }
  }

  for (const victim of VICTIMS) {
    it(`when the report is about "${victim}", then that is kept`, async () => {
      const res = await rig.submitter.submit(draft({ answers: { victim } }));
      assert.equal((await stored(res.caseCode)).answers?.victim, victim);
    });
  }

  it('when a question is answered and not given as a routing flag, then routing still reads it; "ongoing" answered yes is ongoing', () => {
    const d = validateDraft(draft({ category: 'cyberbullying', meetingPlanned: undefined, ongoing: undefined, answers: { threatsOfViolence: 'yes', fromSchool: 'no', ongoing: 'yes' } }));
    assert.equal(situationOf(d).threatsOfViolence, true);
    const unknown = validateDraft(draft({ category: 'cyberbullying', meetingPlanned: undefined, answers: { threatsOfViolence: 'unknown' } }));
    assert.equal(situationOf(unknown).threatsOfViolence, undefined, '"I don\'t know" sets no flag');
  });

  it('when a flag and its answer disagree, or an answer is not one of the choices, then the draft is refused naming nothing the reporter wrote', () => {
    assert.throws(() => validateDraft(draft({ meetingPlanned: true, answers: { meetingPlanned: 'no' } })), InvalidDraftError);
    assert.throws(() => validateDraft(draft({ answers: { paidOrSent: 'maybe' } })), (e: unknown) => e instanceof InvalidDraftError && e.paths.includes('answers.paidOrSent'));
    assert.throws(() => validateDraft(draft({ answers: { whoIsIt: 'Marko' } })), (e: unknown) => e instanceof InvalidDraftError && !e.message.includes('Marko'));
    assert.doesNotThrow(() => validateDraft(draft({ meetingPlanned: true, answers: { meetingPlanned: 'yes' } })));
  });

  it('when an older client sends only the flags, then the answers are read back from them', async () => {
    const res = await rig.submitter.submit(draft({ meetingPlanned: false }));
    assert.deepEqual((await stored(res.caseCode)).answers, { meetingPlanned: 'no' });
  });
});

describe('the chat hands every answer over (buildDraft) and counts evidence as a person does (summary)', () => {
  const progress = (category: ReportProgress['answers']['category'], questions: ReportProgress['answers']['questions']): ReportProgress => ({
    submissionId: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    role: 'pupil',
    at: 'summary',
    history: [],
    answers: { category, victim: 'self', victimAge: 'under14', platforms: ['instagram'], ongoing: 'unknown', questions, municipality: 'novi-sad' },
  });

  for (const category of CATEGORIES) {
    it(`when a ${category} report is built, then every question of the category goes into the draft with its answer`, () => {
      const questions = Object.fromEntries(CATEGORY_QUESTIONS[category].map((q, i) => [q, TRI_ANSWERS[i % 3]!]));
      const sealed = { ...emptySealed(), narrative: 'Piše mi svaki dan.' };
      const d = validateDraft(buildDraft(progress(category, questions), sealed, 'sr-Latn'));
      assert.deepEqual(d.answers, { ...questions, victim: 'self', ongoing: 'unknown' });
    });
  }

  it('when a profile is given as a name and as its link, in the story and again at the question, then it is one item', () => {
    const sealed = {
      ...emptySealed(),
      narrative: 'x',
      narrativeEvidence: { urls: ['https://instagram.com/lazni.profil77'], handles: ['@lazni.profil77'] },
      evidence: { urls: ['https://instagram.com/lazni.profil77/'], handles: ['lazni.profil77'] },
    };
    assert.equal(countEvidenceItems(sealed.narrativeEvidence, sealed.evidence), 1);
    const parts = summaryParts(progress('grooming', { meetingPlanned: 'no' }), sealed);
    assert.ok(parts.some((p) => typeof p === 'object' && p.key === 'reportFlow.summary.evidence' && p.vars?.count === 1), JSON.stringify(parts));
  });

  it('when links and names are different profiles, then each counts', () => {
    assert.equal(countEvidenceItems({ urls: ['https://www.tiktok.com/@drugi_nalog77?lang=sr', 'youtube.com/channel/UC123'], handles: ['@drugi_nalog77', '@jos_jedan_nalog', 'JOS_JEDAN_NALOG'] }), 3);
    assert.equal(countEvidenceItems({ urls: [], handles: [] }), 0);
    assert.equal(countEvidenceItems({ urls: ['not a url %%%'], handles: ['@a.b'] }), 2);
  });
});
