/**
 * `npm run nlu:eval`: classifies the held-out set (content/nlu/heldout.yaml,
 * never trained on) with the embedded recognizer and prints accuracy,
 * per-intent precision/recall/F1, the most frequent confusions and crisis
 * recall, overall and per script.
 *
 * Flags: `--json` prints one JSON object instead; `--errors` lists the
 * misclassified utterances; `--cv` runs 5-fold cross-validation on the
 * training corpus instead (for improving the corpus without looking at the
 * held-out set).
 */
import { isMostlyCyrillic } from '../services/text/transliterate';
import { HeldOutExample, loadCorpus, loadHeldOut } from '../services/nlu/corpus';
import { evaluate, EvaluationReport, Prediction } from '../services/nlu/evaluate';
import { NlpjsRecognizer } from '../services/nlu/nlpjsRecognizer';
import { normalise } from '../services/nlu/normalise';

const SCOPES = ['all', 'sr-Latn', 'sr-Cyrl', 'en'] as const;
const TOP_CONFUSIONS = 10;
const FOLDS = 5;

const num = (x: number): string => x.toFixed(3);

function printReport(scope: string, r: EvaluationReport): void {
  console.log(`\n== ${scope} (${r.count} utterances) ==`);
  console.log(`accuracy        ${num(r.accuracy)}`);
  console.log(`crisis recall   ${num(r.crisisRecall)}  (emergency+self_harm as exactly that intent)`);
  console.log(`crisis detected ${num(r.crisisDetection)}  (as either crisis intent)`);
  console.log(`crisis false alarms ${r.crisisFalseAlarms}`);
  console.log(`locale detected ${num(r.localeAccuracy)}`);
  console.log('intent              support  precision  recall  f1');
  for (const s of r.intents) {
    console.log(`${s.intent.padEnd(20)}${String(s.support).padStart(7)}  ${num(s.precision).padStart(9)}  ${num(s.recall).padStart(6)}  ${num(s.f1)}`);
  }
  const confusions = r.confusions.slice(0, TOP_CONFUSIONS);
  console.log(confusions.length ? 'top confusions (expected -> predicted: count)' : 'no confusions');
  for (const c of confusions) console.log(`  ${c.expected} -> ${c.predicted}: ${c.count}`);
}

async function classifyAll(recognizer: NlpjsRecognizer, examples: readonly HeldOutExample[], errors: string[]): Promise<Prediction[]> {
  const predictions: Prediction[] = [];
  for (const e of examples) {
    const r = await recognizer.recognize(e.text);
    predictions.push({ locale: e.locale, expected: e.intent, predicted: r.intent, detectedLocale: r.locale });
    if (r.intent !== e.intent) errors.push(`${e.locale}\t${e.intent} -> ${r.intent} (${r.score.toFixed(2)})\t${e.text}`);
  }
  return predictions;
}

async function crossValidate(errors: string[]): Promise<Prediction[]> {
  const corpus = loadCorpus();
  const predictions: Prediction[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const recognizer = new NlpjsRecognizer({ corpus: corpus.filter((_, i) => i % FOLDS !== fold) });
    await recognizer.init();
    const test: HeldOutExample[] = corpus
      .filter((_, i) => i % FOLDS === fold)
      .map((e) => ({ intent: e.intent, text: e.text, locale: e.language === 'en' ? 'en' : isMostlyCyrillic(e.text) ? 'sr-Cyrl' : 'sr-Latn' }));
    predictions.push(...(await classifyAll(recognizer, test, errors)));
  }
  return predictions;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const cv = process.argv.includes('--cv');
  const errors: string[] = [];
  let header: string;
  let leaked = 0;
  let predictions: Prediction[];
  if (cv) {
    predictions = await crossValidate(errors);
    header = `${FOLDS}-fold cross-validation on the training corpus: ${predictions.length} utterances`;
  } else {
    const heldOut = loadHeldOut();
    const trained = new Set(loadCorpus().map((e) => normalise(e.text)));
    leaked = heldOut.filter((e) => trained.has(normalise(e.text))).length;
    const recognizer = new NlpjsRecognizer();
    await recognizer.init();
    predictions = await classifyAll(recognizer, heldOut, errors);
    header = `held-out set: ${heldOut.length} utterances; identical to a training line after normalisation: ${leaked}`;
  }
  const reports = Object.fromEntries(
    SCOPES.map((scope) => [scope, evaluate(scope === 'all' ? predictions : predictions.filter((p) => p.locale === scope))]),
  );
  if (json) {
    console.log(JSON.stringify({ mode: cv ? 'cross-validation' : 'held-out', leakedFromTraining: leaked, ...reports }));
    return;
  }
  console.log(header);
  for (const scope of SCOPES) printReport(scope, reports[scope] as EvaluationReport);
  if (process.argv.includes('--errors')) {
    console.log('\nmisclassified:');
    for (const line of errors) console.log(line);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
