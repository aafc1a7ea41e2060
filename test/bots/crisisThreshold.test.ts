import assert from 'node:assert/strict';
import { crisisOfMessage } from '../../bots/crisisCheck';
import { interpret } from '../../dialogs/understanding/interpret';
import { loadCorpus, loadCrisisHeldOut, loadHeldOut } from '../../services/nlu/corpus';
import { CrisisPrediction, evaluateCrisis } from '../../services/nlu/crisisEvaluate';
import { crisisLexiconPhrases } from '../../services/nlu/crisisNet';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import { normalise } from '../../services/nlu/normalise';
import { CrisisKind, crisisKindOf } from '../../services/nlu/types';

/**
 * The crisis decision and the confidence threshold, measured with the real
 * embedded recognizer on the held-out sets (content/nlu/heldout.yaml and
 * content/nlu/crisis-heldout.yaml: text it was not trained on and the crisis
 * lexicon was not written from) — the numbers `npm run nlu:eval` prints.
 * Numbers, not a single example: if the recognizer, the lexicon or the
 * threshold changes, this says whether the bot still catches every crisis.
 */
describe('thresholds measured with the embedded recognizer on held-out text', function () {
  this.timeout(120_000);
  const recognizer = new NlpjsRecognizer();
  const heldOut = loadHeldOut();

  before(() => recognizer.init());

  it('when the held-out sets are checked, then every crisis raises a card and few worried-but-safe or ordinary messages do', async () => {
    const predictions: CrisisPrediction[] = [];
    for (const ex of heldOut) {
      const decided = crisisOfMessage(ex.text, await recognizer.recognize(ex.text));
      const crisis = ex.intent === 'emergency' || ex.intent === 'self_harm';
      predictions.push({ text: ex.text, locale: ex.locale, decided, ...(crisis ? { expected: { kind: ex.intent as CrisisKind } } : { safeKind: 'other' as const }) });
    }
    for (const ex of loadCrisisHeldOut()) {
      const decided = crisisOfMessage(ex.text, await recognizer.recognize(ex.text));
      predictions.push({
        text: ex.text, locale: ex.locale, decided,
        ...(ex.situation ? { expected: { kind: crisisKindOf(ex.situation), situation: ex.situation } } : { safeKind: 'worried' as const }),
      });
    }
    const r = evaluateCrisis(predictions);
    process.stderr.write(
      `      crisis recall ${r.crises - r.missed.length}/${r.crises}, right card ${r.situationAccuracy.toFixed(3)}, ` +
      `false alarms worried ${(100 * r.worriedFalseAlarmRate).toFixed(1)} % of ${r.worried}, other ${(100 * r.otherFalseAlarmRate).toFixed(1)} % of ${r.others}\n`,
    );
    assert.ok(r.crises >= 150 && r.worried >= 75 && r.others >= 500, 'the sets are the size they were measured at');
    assert.deepEqual(r.missed.map((p) => p.text), [], 'recall 1.00: no crisis goes without a card');
    assert.ok(r.kindAccuracy >= 0.95, `right kind ${r.kindAccuracy}`);
    assert.ok(r.situationAccuracy >= 0.9, `right card ${r.situationAccuracy}`);
    assert.ok(r.worriedFalseAlarmRate <= 0.1, `worried-but-safe false alarms ${r.falseAlarms.filter((p) => p.safeKind === 'worried').map((p) => p.text).join(' | ')}`);
    assert.ok(r.otherFalseAlarmRate <= 0.05, `ordinary false alarms ${r.otherFalseAlarmRate}`);
    for (const locale of ['sr-Latn', 'sr-Cyrl', 'en'] as const) {
      const byLocale = evaluateCrisis(predictions.filter((p) => p.locale === locale));
      assert.equal(byLocale.recall, 1, `${locale} recall`);
      assert.ok(byLocale.worriedFalseAlarmRate <= 0.1, `${locale} worried false alarms ${byLocale.worriedFalseAlarmRate}`);
    }
  });

  it('when the held-out sets are compared with the training corpus and the crisis lexicon, then no held-out message is in either', () => {
    const trained = new Set([...loadCorpus().map((e) => normalise(e.text)), ...crisisLexiconPhrases().map((p) => normalise(p))]);
    const leaked = [...heldOut, ...loadCrisisHeldOut()].map((e) => e.text).filter((t) => trained.has(normalise(t)));
    assert.deepEqual(leaked, []);
  });

  it('when a held-out line is not a crisis, then most are answered directly and right, and few directly and wrong', async () => {
    let right = 0;
    let wrong = 0;
    let asked = 0;
    const others = heldOut.filter((ex) => ex.intent !== 'emergency' && ex.intent !== 'self_harm');
    for (const ex of others) {
      const u = interpret(ex.text, await recognizer.recognize(ex.text, ex.locale));
      if (u.kind === 'intent') {
        if (u.intent === ex.intent) right++;
        else wrong++;
      } else if (u.kind === 'unsure') asked++;
    }
    process.stderr.write(`      direct and right ${right}, direct and wrong ${wrong}, asked "did you mean" ${asked}, of ${others.length}\n`);
    assert.ok(right / others.length >= 0.75, `right ${right}/${others.length}`);
    assert.ok(wrong / others.length <= 0.1, `wrong ${wrong}/${others.length}`);
  });
});
