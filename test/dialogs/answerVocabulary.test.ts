import assert from 'node:assert/strict';
import { emptySealed, QUESTIONS, type ReportProgress, type StepId } from '../../dialogs/report/reportProgress';
import { questionOf } from '../../dialogs/report/reportQuestions';
import { stepsOf } from '../../dialogs/report/reportSteps';
import { answerConflicts, answerPhrases, answerTo } from '../../dialogs/understanding/answers';
import { words } from '../../dialogs/understanding/phrases';
import { hasKey } from '../../services/i18n/catalog';
import { LOCALES } from '../../services/i18n/locales';
import { synonymKeys, synonymsOf } from '../../services/nlu/answerSynonyms';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import { CATEGORIES, REPORTER_ROLES } from '../../core/domain/routing';

/** Every question of a report, for every role and category, with the answers that shape the steps. */
function everyReportQuestion(): Array<{ name: string; view: ReturnType<typeof questionOf>['view'] }> {
  const out: Array<{ name: string; view: ReturnType<typeof questionOf>['view'] }> = [];
  for (const role of REPORTER_ROLES) {
    for (const category of CATEGORIES) {
      for (const contactWanted of [true, false]) {
        const p: ReportProgress = { submissionId: 'x', role, at: 'danger', history: [], answers: { category, victim: 'friend', questions: {}, contactWanted } };
        for (const at of new Set<StepId>(['danger', 'category', ...stepsOf(role, p.answers)])) out.push({ name: `${role}/${category}/${at}`, view: questionOf(at, { ...p, at }, emptySealed()).view });
      }
    }
  }
  return out;
}

describe('the answers a waiting question takes (content/nlu/answers.yaml, understanding/answers.ts)', () => {
  it('when a synonym entry is named after a button, then that resource key exists in every locale (no typo silently drops a title)', () => {
    for (const key of synonymKeys().filter((k) => k.startsWith('button.'))) {
      for (const locale of LOCALES) assert.ok(hasKey(locale, key), `${key} in ${locale}`);
    }
  });

  it('when a phrase is listed, then it is at most six words (a whole short answer carries no crisis; longer messages get the full check)', () => {
    for (const key of synonymKeys()) {
      for (const phrase of synonymsOf(key).phrases) assert.ok(words(phrase).length >= 1 && words(phrase).length <= 6, `${key}: "${phrase}"`);
    }
  });

  it('when any question of any report waits, then no typed phrase means two different answers', () => {
    for (const { name, view } of everyReportQuestion()) assert.deepEqual(answerConflicts(view), [], name);
  });

  it('when any question of any report waits, then the unambiguous global forms keep their meaning ("glavni meni", "main menu", "otkaži", "cancel")', () => {
    for (const { name, view } of everyReportQuestion()) {
      for (const [text, command] of [['glavni meni', 'menu'], ['main menu', 'menu'], ['otkaži', 'cancel'], ['cancel', 'cancel'], ['nazad', 'back']] as const) {
        const u = answerTo(text, view)?.understanding;
        assert.ok(u === undefined || (u.kind === 'command' && u.command === command), `${name}: "${text}" → ${JSON.stringify(u)}`);
      }
    }
  });

  it('when a typed answer is the whole message, then it is "whole"; an age or app inside a longer message is not', () => {
    const victim = questionOf('victim', { submissionId: 'x', role: 'pupil', at: 'victim', history: [], answers: { questions: {} } }, emptySealed()).view;
    const age = questionOf('age', { submissionId: 'x', role: 'pupil', at: 'age', history: [], answers: { questions: {}, victim: 'self' } }, emptySealed()).view;
    const platform = questionOf('platform', { submissionId: 'x', role: 'pupil', at: 'platform', history: [], answers: { questions: {} } }, emptySealed()).view;
    assert.deepEqual(answerTo('МЕНИ!', victim), { understanding: { kind: 'choice', value: 'self' }, whole: true });
    assert.deepEqual(answerTo('to se meni desava', victim), { understanding: { kind: 'choice', value: 'self' }, whole: true });
    assert.equal(answerTo('meni je loše', victim), undefined);
    for (const text of ['12', '12.', 'imam 12', 'imam 12 godina', 'имам дванаест година', "I'm 12", 'I am 13 years old']) assert.deepEqual(answerTo(text, age), { understanding: { kind: 'words' }, whole: true }, text);
    assert.deepEqual(answerTo('imam 12 i hoću da umrem', age), { understanding: { kind: 'words' }, whole: false });
    assert.equal(answerTo('ne znam', age)?.understanding.kind, 'choice');
    assert.deepEqual(answerTo('na tiktoku i instagramu', platform), { understanding: { kind: 'words' }, whole: true });
    assert.deepEqual(answerTo('na tiktoku, i prati me do kuće', platform), { understanding: { kind: 'words' }, whole: false });
    assert.equal(answerTo('meni', age), undefined, '"meni" is no age: the menu, as everywhere else');
  });

  it('when a question lists its answers, then each button\'s title in every locale is among them', () => {
    const danger = questionOf('danger', { submissionId: 'x', role: 'pupil', at: 'danger', history: [], answers: { questions: {} } }, emptySealed()).view;
    const phrases = answerPhrases(danger);
    for (const title of ['da u opasnosti je', 'ne niko nije u opasnosti', 'yes someone is in danger', 'no no one is in danger', 'ne znam']) assert.ok(phrases.has(title), title);
  });

  describe('with the embedded recognizer', function () {
    this.timeout(60_000);
    const nlu = new NlpjsRecognizer();
    before(() => nlu.init());

    it('when any listed answer or its button title is typed, then the crisis lexicon does not fire on it (so skipping the recognizer\'s crisis reading loses nothing)', async () => {
      const all = new Set<string>();
      for (const { view } of everyReportQuestion()) for (const p of answerPhrases(view).keys()) all.add(p);
      for (const key of synonymKeys()) for (const p of synonymsOf(key).phrases) all.add(p);
      const hits: string[] = [];
      for (const phrase of all) if ((await nlu.recognize(phrase, 'sr-Latn')).crisisLexiconHit) hits.push(phrase);
      assert.deepEqual(hits, []);
    });
  });

  it('when the category questions are listed, then the table here covers them all', () => {
    // everyReportQuestion reaches every category question through stepsOf; this keeps that true.
    const asked = new Set(everyReportQuestion().map((q) => q.name.split('/')[2]));
    for (const q of QUESTIONS) assert.ok(asked.has(`q:${q}`), q);
  });
});
