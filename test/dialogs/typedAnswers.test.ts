import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { ReportAnswers } from '../../dialogs/report/reportProgress';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import type { Locale } from '../../services/i18n/locales';
import type { Recognition, Recognizer } from '../../services/nlu/types';
import type { ReporterRole } from '../../core/domain/routing';
import { BotHarness, keys } from '../support/botHarness';
import { KeywordRecognizer } from '../support/keywordRecognizer';
import { CHANNEL_LOCALE } from './support/samples';
import { reportInProgress, spell, SPELLING_LOCALE, SPELLINGS, waitingQuestion, type Spelling } from './support/typedSpelling';
import { answerConflicts, answerTo } from '../../dialogs/understanding/answers';

/**
 * "The waiting question's answers win": every question of every dialog,
 * answered by typing — Serbian in Latin with and without diacritics, in
 * Cyrillic, and English — with the embedded recognizer the product runs
 * (it reads "ja" as a greeting, "meni se dešava" as help and "me" as an
 * emergency, so a typed answer that reached it would go astray). Each answer
 * must move the question on (the next question's key), be recorded as the
 * button it means, and keep the conversation's language.
 */

/** One typed answer: Serbian authored in Latin, English apart, the key that must follow, and what the report records. */
interface Typed {
  sr: string;
  en: string;
  next: string;
  records?: Partial<Record<keyof ReportAnswers, unknown>>;
  /** What brings the conversation back to the question afterwards (default: "back"). */
  then?: readonly string[];
}

/** A question, how to reach it (taps after choosing the role), and the typed answers it must take. */
interface Question {
  name: string;
  /** The question changes the conversation's language: its answers are not expected to keep it. */
  switchesLanguage?: boolean;
  role: ReporterRole;
  reach: readonly string[];
  asks: string;
  answers: readonly Typed[];
}

/** Stands for the narrative in a reach list: written in the spelling under test. */
const NARRATIVE = '<narrative>';
const narrative = (s: Spelling): string => spell(s, 'Neki čovek mi piše svaki dan i traži da mu pošaljem slike.', 'A man writes to me every day and asks me to send him pictures.');

const P = {
  danger: ['go:report'],
  category: ['go:report', 'pick:no'],
  victim: ['go:report', 'pick:no', 'pick:grooming'],
  age: ['go:report', 'pick:no', 'pick:grooming', 'pick:self'],
  platform: ['go:report', 'pick:no', 'pick:grooming', 'pick:self', 'pick:under14'],
  ongoing: ['go:report', 'pick:no', 'pick:grooming', 'pick:self', 'pick:under14', 'pick:instagram'],
  narrativeCheck: ['go:report', 'pick:no', 'pick:grooming', 'pick:self', 'pick:under14', 'pick:instagram', 'pick:yes', 'pick:yes', 'pick:unknown', NARRATIVE],
} as const;
const evidence = [...P.narrativeCheck, 'pick:ok'];
const municipality = [...evidence, 'pick:done'];
const teacherMunicipality = ['go:report', 'pick:no', 'pick:grooming', 'pick:pupil', 'pick:14-17', 'pick:instagram', 'pick:yes', 'pick:yes', 'pick:unknown', NARRATIVE, 'pick:ok', 'pick:done'];

const yes = (sr: string, en: string, next: string, records?: Typed['records']): Typed => ({ sr, en, next, records });

/** Yes / no / don't know, as the category questions take them; a "yes" may lead elsewhere (to "when?"). */
function tri(next: string, q: string, nextAfterYes = next): Typed[] {
  const is = (v: string) => ({ questions: { [q]: v } });
  const y = nextAfterYes;
  return [
    yes('da', 'yes', y, is('yes')), yes('jeste', 'yes I did', y, is('yes')), yes('jesam', 'yeah', y, is('yes')), yes('ima', 'I did', y, is('yes')),
    yes('ne', 'no', next, is('no')), yes('nije', "no I didn't", next, is('no')), yes('nisam', "I didn't", next, is('no')), yes('nema', 'nope', next, is('no')),
    yes('ne znam', "I don't know", next, is('unknown')), yes('možda', 'not sure', next, is('unknown')), yes('nemam pojma', 'no idea', next, is('unknown')),
  ];
}

/** The category questions, each reached through its category (a pupil reporting about themselves). */
const CATEGORY_QUESTIONS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['grooming', ['meetingPlanned']],
  ['sextortion', ['deadlineRunning', 'paidOrSent']],
  ['nudes', ['shared', 'identifiable']],
  ['cyberbullying', ['threatsOfViolence', 'fromSchool']],
  ['privacy', ['identityTheft', 'personalDataMisuse']],
];

/** The "when?" a "yes" to a category question leads to (a running deadline, a planned meeting). */
const WHEN_AFTER: Readonly<Record<string, string>> = { deadlineRunning: 'deadlineWhen', meetingPlanned: 'meetingWhen' };

/** "When?": the buttons' words typed, other ways to say them, and "don't know" in its forms (a weekday's name is tested with a fixed clock in deadlineQuestion.test.ts). */
function whenAnswers(next: string, field: string): Typed[] {
  const is = (v: string) => ({ when: { [field]: v } });
  return [
    yes('danas', 'today', next, is('today')), yes('večeras', 'tonight', next, is('today')), yes('za par sati', 'in a few hours', next, is('today')),
    yes('sutra', 'tomorrow', next, is('tomorrow')), yes('do sutra', 'by tomorrow', next, is('tomorrow')), yes('sutra uveče', 'tomorrow evening', next, is('tomorrow')),
    yes('za nekoliko dana', 'in a few days', next, is('fewDays')), yes('za par dana', 'in a couple of days', next, is('fewDays')), yes('prekosutra', 'the day after tomorrow', next, is('fewDays')),
    yes('ne znam', "I don't know", next, is('unknown')), yes('nije rekao', "he didn't say", next, is('unknown')), yes('nije dogovoreno', 'not decided', next, is('unknown')),
  ];
}

const REPORT_QUESTIONS: readonly Question[] = [
  {
    name: 'danger ("is anyone in danger now?")', role: 'pupil', reach: P.danger, asks: 'reportFlow.ask.danger',
    answers: [
      yes('da', 'yes', 'reportFlow.danger.continue', { immediateDanger: true }),
      yes('jesam', 'yes I am', 'reportFlow.danger.continue', { immediateDanger: true }),
      yes('jeste', 'yeah', 'reportFlow.danger.continue', { immediateDanger: true }),
      yes('ne', 'no', 'reportFlow.ask.category', { immediateDanger: false }),
      yes('nije', 'no one', 'reportFlow.ask.category', { immediateDanger: false }),
      yes('niko', 'nobody', 'reportFlow.ask.category', { immediateDanger: false }),
      yes('nisam', 'not now', 'reportFlow.ask.category', { immediateDanger: false }),
      // Not knowing is treated as danger: the card costs a moment, a missed danger far more.
      yes('ne znam', "I don't know", 'reportFlow.danger.continue', { immediateDanger: true }),
    ],
  },
  {
    name: 'category ("what happened?")', role: 'pupil', reach: P.category, asks: 'reportFlow.ask.category',
    answers: [
      yes('nešto drugo', 'something else', 'reportFlow.ask.victim', { category: 'other' }),
      yes('ucena', 'blackmail', 'reportFlow.ask.victim', { category: 'sextortion' }),
      yes('gole slike', 'nudes', 'reportFlow.ask.victim', { category: 'nudes' }),
      yes('mamljenje', 'grooming', 'reportFlow.ask.victim', { category: 'grooming' }),
      yes('vređanje', 'bullying', 'reportFlow.ask.victim', { category: 'cyberbullying' }),
      yes('hakovan nalog', 'hacked account', 'reportFlow.ask.victim', { category: 'privacy' }),
      yes('snimci zlostavljanja dece', 'child abuse images', 'reportFlow.ask.victim', { category: 'csam' }),
    ],
  },
  {
    name: 'victim ("whom is it happening to?"), a pupil', role: 'pupil', reach: P.victim, asks: 'reportFlow.ask.victim',
    answers: [
      yes('meni', 'me', 'reportFlow.ask.ageSelf', { victim: 'self' }),
      yes('Meni!', 'Me.', 'reportFlow.ask.ageSelf', { victim: 'self' }),
      yes('ja', "it's me", 'reportFlow.ask.ageSelf', { victim: 'self' }),
      yes('meni se dešava', "it's happening to me", 'reportFlow.ask.ageSelf', { victim: 'self' }),
      yes('to se meni dešava', 'to me', 'reportFlow.ask.ageSelf', { victim: 'self' }),
      yes('mom drugu', 'my friend', 'reportFlow.ask.age', { victim: 'friend' }),
      yes('drugarici', 'a friend', 'reportFlow.ask.age', { victim: 'friend' }),
      yes('mojoj sestri', 'my sister', 'reportFlow.ask.age', { victim: 'friend' }),
      yes('neko drugi', 'someone else', 'reportFlow.ask.age', { victim: 'stranger' }),
      yes('ne poznajem tu osobu', "someone I don't know", 'reportFlow.ask.age', { victim: 'stranger' }),
    ],
  },
  {
    name: 'victim, a teacher', role: 'teacher', reach: P.victim, asks: 'reportFlow.ask.victim',
    answers: [
      yes('mom učeniku', 'my pupil', 'reportFlow.ask.age', { victim: 'pupil' }),
      yes('učenica', 'a student', 'reportFlow.ask.age', { victim: 'pupil' }),
      yes('moj sin', 'my son', 'reportFlow.ask.age', { victim: 'child' }),
      yes('drugu', 'a friend', 'reportFlow.ask.age', { victim: 'friend' }),
      yes('meni', 'me', 'reportFlow.ask.ageSelf', { victim: 'self' }),
      yes('nekome koga ne znam', 'a stranger', 'reportFlow.ask.age', { victim: 'stranger' }),
    ],
  },
  {
    name: 'victim, a parent', role: 'parent', reach: P.victim, asks: 'reportFlow.ask.victim',
    answers: [
      yes('moje dete', 'my child', 'reportFlow.ask.age', { victim: 'child' }),
      yes('ćerki', 'my daughter', 'reportFlow.ask.age', { victim: 'child' }),
      yes('dete', 'kid', 'reportFlow.ask.age', { victim: 'child' }),
      yes('meni', 'me', 'reportFlow.ask.ageSelf', { victim: 'self' }),
      yes('drugarici', 'a friend', 'reportFlow.ask.age', { victim: 'friend' }),
    ],
  },
  {
    name: 'age ("how old are you?")', role: 'pupil', reach: P.age, asks: 'reportFlow.ask.ageSelf',
    answers: [
      yes('12', '12', 'reportFlow.ask.platform', { victimAge: 'under14' }),
      yes('imam 12', "I'm 12", 'reportFlow.ask.platform', { victimAge: 'under14' }),
      yes('dvanaest', 'twelve', 'reportFlow.ask.platform', { victimAge: 'under14' }),
      yes('imam 13 godina', 'I am 13 years old', 'reportFlow.ask.platform', { victimAge: 'under14' }),
      yes('imam 15 godina', 'I am 15', 'reportFlow.ask.platform', { victimAge: '14-17' }),
      yes('ne znam', "I don't know", 'reportFlow.ask.platform', { victimAge: 'unknown' }),
      yes('mlađe od 14', 'under 14', 'reportFlow.ask.platform', { victimAge: 'under14' }),
      yes('od 14 do 17', '14 to 17', 'reportFlow.ask.platform', { victimAge: '14-17' }),
      yes('punoletna', 'adult', 'reportFlow.ask.platform', { victimAge: '18+' }),
    ],
  },
  {
    name: 'platform ("where?")', role: 'pupil', reach: P.platform, asks: 'reportFlow.ask.platform',
    answers: [
      yes('na tiktoku', 'on TikTok', 'reportFlow.ask.ongoing', { platforms: ['tiktok'] }),
      yes('instagram', 'Instagram', 'reportFlow.ask.ongoing', { platforms: ['instagram'] }),
      yes('na diskordu', 'on Discord', 'reportFlow.ask.ongoing', { platforms: ['discord'] }),
      yes('nešto drugo', 'something else', 'reportFlow.ask.ongoing', { platforms: [] }),
      yes('ne znam', "I don't know", 'reportFlow.ask.ongoing', { platforms: [] }),
    ],
  },
  {
    name: 'ongoing ("still happening?")', role: 'pupil', reach: P.ongoing, asks: 'reportFlow.ask.ongoing',
    answers: [
      yes('da', 'yes', 'reportFlow.ask.q.meetingPlanned', { ongoing: 'yes' }),
      yes('još traje', 'still going on', 'reportFlow.ask.q.meetingPlanned', { ongoing: 'yes' }),
      yes('i dalje', "it's still happening", 'reportFlow.ask.q.meetingPlanned', { ongoing: 'yes' }),
      yes('ne', 'no', 'reportFlow.ask.q.meetingPlanned', { ongoing: 'no' }),
      yes('da, još uvek mi piše', 'yes, every day', 'reportFlow.ask.q.meetingPlanned', { ongoing: 'yes' }),
      yes('prestalo je', 'it stopped', 'reportFlow.ask.q.meetingPlanned', { ongoing: 'no' }),
      yes('nije', 'not anymore', 'reportFlow.ask.q.meetingPlanned', { ongoing: 'no' }),
      yes('ne znam', 'not sure', 'reportFlow.ask.q.meetingPlanned', { ongoing: 'unknown' }),
    ],
  },
  ...CATEGORY_QUESTIONS.flatMap(([category, questions]) =>
    questions.flatMap((q, i): Question[] => {
      // Earlier questions answered "no", so no "when?" comes between.
      const reach = ['go:report', 'pick:no', `pick:${category}`, 'pick:self', 'pick:under14', 'pick:instagram', 'pick:yes', ...questions.slice(0, i).map(() => 'pick:no')];
      const next = questions[i + 1] ? `reportFlow.ask.q.${questions[i + 1]}` : 'reportFlow.ask.narrative';
      const when = WHEN_AFTER[q];
      const asked: Question = { name: `q:${q} (${category})`, role: 'pupil', reach, asks: `reportFlow.ask.q.${q}`, answers: tri(next, q, when ? `reportFlow.ask.when.${when}` : next) };
      if (!when) return [asked];
      return [asked, { name: `when:${when} (${category})`, role: 'pupil', reach: [...reach, 'pick:yes'], asks: `reportFlow.ask.when.${when}`, answers: whenAnswers(next, when) }];
    }),
  ),
  {
    name: 'narrativeCheck ("is this all right?")', role: 'pupil', reach: P.narrativeCheck, asks: 'reportFlow.narrative.preview',
    answers: [
      yes('da', 'yes', 'reportFlow.ask.evidence'),
      yes('u redu', 'ok', 'reportFlow.ask.evidence'),
      yes('tačno', "that's right", 'reportFlow.ask.evidence'),
      yes('dalje', 'next', 'reportFlow.ask.evidence'),
      { sr: 'ne', en: 'no', next: 'reportFlow.ask.narrative', then: [NARRATIVE] },
      { sr: 'napisaću ponovo', en: "I'll write it again", next: 'reportFlow.ask.narrative', then: [NARRATIVE] },
      { sr: 'ponovo', en: 'again', next: 'reportFlow.ask.narrative', then: [NARRATIVE] },
    ],
  },
  {
    name: 'evidence ("links or profile names?")', role: 'pupil', reach: evidence, asks: 'reportFlow.ask.evidence',
    answers: [
      yes('dalje', 'next', 'reportFlow.ask.municipalitySelf'),
      yes('preskoči', 'skip', 'reportFlow.ask.municipalitySelf'),
      yes('nemam', 'none', 'reportFlow.ask.municipalitySelf'),
      yes('ne', 'no', 'reportFlow.ask.municipalitySelf'),
      yes('ne znam', "I don't know", 'reportFlow.ask.municipalitySelf'),
      yes('gotovo', 'done', 'reportFlow.ask.municipalitySelf'),
    ],
  },
  {
    name: 'municipality ("which town?")', role: 'pupil', reach: municipality, asks: 'reportFlow.ask.municipalitySelf',
    answers: [
      yes('preskoči', 'skip', 'reportFlow.summary.title', { municipality: null }),
      yes('ne znam', "I don't know", 'reportFlow.summary.title', { municipality: null }),
      yes('ne želim da kažem', "I'd rather not say", 'reportFlow.summary.title', { municipality: null }),
      yes('Novi Sad', 'Novi Sad', 'reportFlow.summary.title', { municipality: 'novi-sad' }),
    ],
  },
  {
    name: 'contactAsk ("may the contact centre contact you?"), a teacher', role: 'teacher', reach: teacherMunicipality.concat('pick:skip'), asks: 'reportFlow.ask.contact',
    answers: [
      yes('da', 'yes', 'reportFlow.ask.contactDetails', { contactWanted: true }),
      yes('može', 'they may', 'reportFlow.ask.contactDetails', { contactWanted: true }),
      yes('ne', 'no', 'reportFlow.summary.title', { contactWanted: false }),
      yes('ne hvala', 'no thanks', 'reportFlow.summary.title', { contactWanted: false }),
    ],
  },
  {
    name: 'contactDetails ("your e-mail or phone"), a teacher', role: 'teacher', reach: teacherMunicipality.concat('pick:skip', 'pick:yes'), asks: 'reportFlow.ask.contactDetails',
    answers: [
      yes('preskoči', 'skip', 'reportFlow.summary.title', { contactWanted: false }),
      yes('ipak ne', 'I changed my mind', 'reportFlow.summary.title', { contactWanted: false }),
      { sr: 'nastavnica@example.org', en: 'teacher@example.org', next: 'reportFlow.contact.saved', records: { contactWanted: true } },
    ],
  },
  {
    name: 'summary ("send it?")', role: 'pupil', reach: [...municipality, 'pick:skip'], asks: 'reportFlow.summary.title',
    answers: [
      // This bot has no reports layer: a submission that was tried fails and the summary comes again.
      { sr: 'da', en: 'yes', next: 'reportFlow.submitFailed', then: [] },
      { sr: 'pošalji', en: 'send it', next: 'reportFlow.submitFailed', then: [] },
      { sr: 'šalji', en: 'send', next: 'reportFlow.submitFailed', then: [] },
      { sr: 'ne', en: 'no', next: 'reportFlow.summary.change', then: [] },
    ],
  },
];

/** The other dialogs' questions. */
const OTHER_QUESTIONS: readonly Question[] = [
  {
    name: 'role ("who are you?")', role: 'pupil', reach: ['changeRole'], asks: 'role.ask',
    answers: [
      { sr: 'učenica', en: 'a pupil', next: 'role.set.pupil', then: ['changeRole'] },
      { sr: 'idem u školu', en: 'I go to school', next: 'role.set.pupil', then: ['changeRole'] },
      { sr: 'ja sam nastavnik', en: "I'm a teacher", next: 'role.set.teacher', then: ['changeRole'] },
      { sr: 'mama sam', en: "I'm a mum", next: 'role.set.parent', then: ['changeRole'] },
      { sr: 'roditelj', en: 'parent', next: 'role.set.parent', then: ['changeRole'] },
      { sr: 'neko drugi', en: 'someone else', next: 'role.set.other', then: ['changeRole'] },
    ],
  },
  {
    name: 'a topic\'s "report this?"', role: 'pupil', reach: ['topic:grooming'], asks: 'topicFlow.askReport',
    answers: [
      { sr: 'da', en: 'yes', next: 'reportFlow.intro', then: ['cancel', 'topic:grooming'] },
      { sr: 'hoću da prijavim', en: 'I want to report', next: 'reportFlow.intro', then: ['cancel', 'topic:grooming'] },
      { sr: 'prijavi', en: 'report it', next: 'reportFlow.intro', then: ['cancel', 'topic:grooming'] },
      { sr: 'ne', en: 'no', next: 'menu.again', then: ['topic:grooming'] },
      { sr: 'razgovor sa osobom', en: 'talk to a person', next: 'contacts.intro.pupil', then: ['topic:grooming'] },
      { sr: 'glavni meni', en: 'main menu', next: 'menu.prompt.pupil', then: ['topic:grooming'] },
    ],
  },
  {
    name: 'language ("which language?")', role: 'pupil', reach: ['go:language'], asks: 'language.ask', switchesLanguage: true,
    answers: [
      { sr: 'ćirilica', en: 'Cyrillic', next: 'language.switched.sr-Cyrl', then: ['go:language'] },
      { sr: 'Srpski (latinica)', en: 'Srpski (latinica)', next: 'language.switched.sr-Latn', then: ['go:language'] },
      { sr: 'engleski', en: 'English', next: 'language.switched.en', then: ['go:language'] },
    ],
  },
  {
    name: 'checking a report: the case code', role: 'pupil', reach: ['go:report_status'], asks: 'reportStatus.ask.code',
    answers: [
      { sr: 'odustani', en: 'cancel', next: 'menu.again', then: ['go:report_status'] },
      { sr: 'otkaži', en: 'cancel', next: 'menu.again', then: ['go:report_status'] },
    ],
  },
  {
    name: 'checking a report: the secret words', role: 'pupil', reach: ['go:report_status', 'K7F9-Q2XM-4HRT-A'], asks: 'reportStatus.ask.passphrase',
    answers: [
      { sr: 'drugi kod', en: 'a different code', next: 'reportStatus.ask.code', then: ['K7F9-Q2XM-4HRT-A'] },
      { sr: 'odustani', en: 'cancel', next: 'menu.again', then: ['go:report_status', 'K7F9-Q2XM-4HRT-A'] },
    ],
  },
];

/** "Did you mean …?": reached (and reached again) by a message the recognizer is unsure about. */
const CLARIFY: Question = {
  name: '"did you mean…?"', role: 'pupil', reach: ['<unsure>'], asks: 'clarify.ask',
  answers: [
    { sr: 'ništa od toga', en: 'none of these', next: 'menu.prompt.pupil', then: ['<unsure>'] },
    { sr: 'ništa', en: 'none', next: 'menu.prompt.pupil', then: ['<unsure>'] },
    { sr: 'Nalog, lozinke, hakeri', en: 'Account, passwords, hackers', next: 'topic.privacy.title', then: ['<unsure>'] },
  ],
};

/** The keys of crisis cards: a listed answer never raises one (the danger question's own "yes" shows the emergency card by design). */
const crisisKeys = (k: string[]): string[] => k.filter((x) => x.startsWith('crisis.'));

function assertRecorded(actual: ReportAnswers | undefined, expected: Typed['records'], what: string): void {
  assert.ok(actual, `${what}: no report in progress`);
  for (const [field, value] of Object.entries(expected ?? {})) {
    const got: unknown = (actual as unknown as Record<string, unknown>)[field];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) assert.deepEqual((got as Record<string, unknown> | undefined)?.[k], v, `${what}: ${field}.${k}`);
    } else assert.deepEqual(got, value, `${what}: ${field}`);
  }
}

async function sendAll(bot: BotHarness, s: Spelling, tokens: readonly string[]): Promise<Partial<Activity>[]> {
  let last: Partial<Activity>[] = [];
  for (const t of tokens) last = await bot.send(t === NARRATIVE ? narrative(s) : t);
  return last;
}

function runQuestions(questions: readonly Question[], recognizer: () => Recognizer): void {
  for (const q of questions) {
    for (const s of SPELLINGS) {
      it(`when "${q.name}" waits and the answers are typed (${s}), then each is that answer, recorded, and the conversation stays in ${SPELLING_LOCALE[s]}`, async () => {
        const locale = SPELLING_LOCALE[s];
        const bot = new BotHarness({ recognizer: recognizer(), locale: CHANNEL_LOCALE[locale] });
        await bot.join();
        await bot.send(`role:${q.role}`);
        const reached = keys(await sendAll(bot, s, q.reach));
        assert.ok(reached.includes(q.asks), `reaching ${q.asks}: ${reached.join()}`);
        for (const a of q.answers) {
          const text = spell(s, a.sr, a.en);
          const what = `${q.name}, "${text}"`;
          const replies = await bot.send(text);
          const k = keys(replies);
          assert.ok(k.includes(a.next), `${what}: expected ${a.next}, got ${k.join()}`);
          if (a.next !== 'reportFlow.danger.continue') assert.deepEqual(crisisKeys(k), [], `${what}: no crisis card for an answer`);
          if (!q.switchesLanguage) assert.deepEqual([...new Set(replies.map((r) => r.locale))], [locale], `${what}: the language stays`);
          if (a.records) assertRecorded((await reportInProgress(bot))?.answers, a.records, what);
          // Back to the question for the next answer (an answer that keeps the question asks it again itself).
          const back = a.then && a.then.length === 0 ? k : keys(await sendAll(bot, s, a.then ?? ['back']));
          assert.ok(back.includes(q.asks), `${what}: back at ${q.asks}: ${back.join()}`);
        }
      });
    }
  }
}

describe('typed answers to the waiting question win over global commands, in every script and language', function () {
  this.timeout(120_000);
  const nlu = new NlpjsRecognizer();
  before(() => nlu.init());

  describe('every report question (embedded recognizer)', () => runQuestions(REPORT_QUESTIONS, () => nlu));
  describe('the other dialogs\' questions (embedded recognizer)', () => runQuestions(OTHER_QUESTIONS, () => nlu));
  describe('"did you mean…?" (a recognizer that is unsure on purpose)', () => runQuestions([CLARIFY], () => new UnsureFirst(nlu)));

  describe('each question read from its state: no typed phrase means two answers, and the global forms stay global', () => {
    for (const q of [...REPORT_QUESTIONS, ...OTHER_QUESTIONS]) {
      it(`when "${q.name}" waits, then its answers are unambiguous and "glavni meni", "main menu", "otkaži", "cancel" keep their meaning`, async () => {
        const bot = new BotHarness({ recognizer: nlu });
        await bot.join();
        await bot.send(`role:${q.role}`);
        await sendAll(bot, 'latin', q.reach);
        const view = await waitingQuestion(bot);
        assert.ok(view, 'a question is waiting');
        assert.deepEqual(answerConflicts(view), []);
        for (const [text, command] of [['glavni meni', 'menu'], ['Главни мени', 'menu'], ['main menu', 'menu'], ['otkaži', 'cancel'], ['otkazi', 'cancel'], ['cancel', 'cancel']] as const) {
          const u = answerTo(text, view)?.understanding;
          assert.ok(u === undefined || (u.kind === 'command' && u.command === command), `${text} at ${q.name}: ${JSON.stringify(u)}`);
        }
      });
    }
  });
});

/** The embedded recognizer, except that "<unsure>" gets a low-confidence reading (so "did you mean…?" comes). */
class UnsureFirst implements Recognizer {
  private readonly unsure = new KeywordRecognizer([
    { keyword: '<unsure>', intent: 'privacy', score: 0.4, alternatives: [{ intent: 'privacy', score: 0.4 }, { intent: 'cyberbullying', score: 0.35 }, { intent: 'human', score: 0.2 }] },
  ]);

  constructor(private readonly nlu: Recognizer) {}

  async init(): Promise<void> {}

  recognize(text: string, current: Locale): Promise<Recognition> {
    return text === '<unsure>' ? this.unsure.recognize(text) : this.nlu.recognize(text, current);
  }
}
