/**
 * `npm run nlu:eval`: classifies the held-out sets with the embedded
 * recognizer and prints
 * - intents (content/nlu/heldout.yaml): accuracy, per-intent
 *   precision/recall/F1, the most frequent confusions;
 * - the bot's crisis decision (bots/crisisCheck.ts, the function the bot
 *   runs before every dialog) on the crisis lines of heldout.yaml and on
 *   content/nlu/crisis-heldout.yaml: recall (a card raised for a crisis),
 *   the right kind and the right situation's card, and the false-alarm rate
 *   on worried-but-safe messages and on ordinary questions;
 * overall and per script. Neither set is ever trained on; a held-out line
 * equal to a training line or a crisis-lexicon phrase is counted as a leak.
 *
 * Flags: `--json` prints one JSON object instead; `--errors` lists the
 * misclassified utterances, missed crises and false alarms; `--cv` runs
 * 5-fold cross-validation on the training corpus instead (for improving the
 * corpus without looking at the held-out sets).
 */
import { isMostlyCyrillic } from '../services/text/transliterate';
import { crisisOfMessage } from '../bots/crisisCheck';
import type { Locale } from '../services/i18n/locales';
import { HeldOutExample, loadCorpus, loadCrisisHeldOut, loadHeldOut } from '../services/nlu/corpus';
import { CrisisPrediction, CrisisReport, evaluateCrisis } from '../services/nlu/crisisEvaluate';
import { crisisLexiconPhrases } from '../services/nlu/crisisNet';
import { evaluate, EvaluationReport, Prediction } from '../services/nlu/evaluate';
import { NlpjsRecognizer } from '../services/nlu/nlpjsRecognizer';
import { normalise } from '../services/nlu/normalise';
import { CRISIS_INTENTS, CrisisKind } from '../services/nlu/types';

const SCOPES = ['all', 'sr-Latn', 'sr-Cyrl', 'en'] as const;
const TOP_CONFUSIONS = 10;
const FOLDS = 5;

const num = (x: number): string => x.toFixed(3);
const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

function printReport(scope: string, r: EvaluationReport): void {
  console.log(`\n== intents, ${scope} (${r.count} utterances) ==`);
  console.log(`accuracy        ${num(r.accuracy)}`);
  console.log(`crisis intents  ${num(r.crisisRecall)}  (emergency+self_harm classified as exactly that intent)`);
  console.log(`locale detected ${num(r.localeAccuracy)}`);
  console.log('intent              support  precision  recall  f1');
  for (const s of r.intents) {
    console.log(`${s.intent.padEnd(20)}${String(s.support).padStart(7)}  ${num(s.precision).padStart(9)}  ${num(s.recall).padStart(6)}  ${num(s.f1)}`);
  }
  const confusions = r.confusions.slice(0, TOP_CONFUSIONS);
  console.log(confusions.length ? 'top confusions (expected -> predicted: count)' : 'no confusions');
  for (const c of confusions) console.log(`  ${c.expected} -> ${c.predicted}: ${c.count}`);
}

function printCrisis(scope: string, r: CrisisReport): void {
  console.log(`\n== crisis decision, ${scope} ==`);
  console.log(`crisis recall          ${num(r.recall)}  (${r.crises - r.missed.length}/${r.crises} crisis messages raised a card)`);
  console.log(`right kind             ${num(r.kindAccuracy)}  (emergency / self_harm as labelled)`);
  // Cross-validation has neither situation labels nor worried-but-safe messages.
  if (r.labelled > 0) {
    console.log(`right situation's card ${num(r.situationAccuracy)}  (${r.labelled} crisis-heldout.yaml messages: selfHarm, personDanger, homeViolence, missingChild)`);
  }
  if (r.worried > 0) {
    console.log(`false alarms, worried  ${pct(r.worriedFalseAlarmRate)}  (${Math.round(r.worriedFalseAlarmRate * r.worried)}/${r.worried} worried-but-safe messages)`);
  }
  console.log(`false alarms, other    ${pct(r.otherFalseAlarmRate)}  (${Math.round(r.otherFalseAlarmRate * r.others)}/${r.others} ordinary messages)`);
}

async function classifyAll(
  recognizer: NlpjsRecognizer, examples: readonly HeldOutExample[], errors: string[], crisis: CrisisPrediction[],
): Promise<Prediction[]> {
  const predictions: Prediction[] = [];
  for (const e of examples) {
    const r = await recognizer.recognize(e.text);
    predictions.push({ locale: e.locale, expected: e.intent, predicted: r.intent, detectedLocale: r.locale });
    if (r.intent !== e.intent) errors.push(`${e.locale}\t${e.intent} -> ${r.intent} (${r.score.toFixed(2)})\t${e.text}`);
    const decided = crisisOfMessage(e.text, r);
    const isCrisis = (CRISIS_INTENTS as readonly string[]).includes(e.intent);
    crisis.push({
      text: e.text, locale: e.locale, decided,
      ...(isCrisis ? { expected: { kind: e.intent as CrisisKind } } : { safeKind: 'other' as const }),
    });
  }
  return predictions;
}

async function classifyCrisisSet(recognizer: NlpjsRecognizer, crisis: CrisisPrediction[]): Promise<number> {
  const examples = loadCrisisHeldOut();
  for (const e of examples) {
    const decided = crisisOfMessage(e.text, await recognizer.recognize(e.text));
    crisis.push({
      text: e.text, locale: e.locale, decided,
      ...(e.situation ? { expected: { kind: e.situation === 'selfHarm' ? 'self_harm' : 'emergency', situation: e.situation } } : { safeKind: 'worried' as const }),
    });
  }
  return examples.length;
}

async function crossValidate(errors: string[], crisis: CrisisPrediction[]): Promise<Prediction[]> {
  const corpus = loadCorpus();
  const predictions: Prediction[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const recognizer = new NlpjsRecognizer({ corpus: corpus.filter((_, i) => i % FOLDS !== fold) });
    await recognizer.init();
    const test: HeldOutExample[] = corpus
      .filter((_, i) => i % FOLDS === fold)
      .map((e) => ({ intent: e.intent, text: e.text, locale: e.language === 'en' ? 'en' : isMostlyCyrillic(e.text) ? 'sr-Cyrl' : 'sr-Latn' }));
    predictions.push(...(await classifyAll(recognizer, test, errors, crisis)));
  }
  return predictions;
}

/** Held-out lines identical, after normalisation, to a training line or a plain crisis-lexicon phrase. */
function leaks(): string[] {
  const trained = new Set([...loadCorpus().map((e) => normalise(e.text)), ...crisisLexiconPhrases().map((p) => normalise(p))]);
  return [...loadHeldOut(), ...loadCrisisHeldOut()].map((e) => e.text).filter((t) => trained.has(normalise(t)));
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const cv = process.argv.includes('--cv');
  const errors: string[] = [];
  const crisis: CrisisPrediction[] = [];
  let header: string;
  let leaked: string[] = [];
  let predictions: Prediction[];
  if (cv) {
    predictions = await crossValidate(errors, crisis);
    header = `${FOLDS}-fold cross-validation on the training corpus: ${predictions.length} utterances`;
  } else {
    const heldOut = loadHeldOut();
    leaked = leaks();
    const recognizer = new NlpjsRecognizer();
    await recognizer.init();
    predictions = await classifyAll(recognizer, heldOut, errors, crisis);
    const crisisLines = await classifyCrisisSet(recognizer, crisis);
    header = `held-out sets: ${heldOut.length} intent utterances (heldout.yaml), ${crisisLines} crisis-set messages (crisis-heldout.yaml); ` +
      `identical to a training line or lexicon phrase after normalisation: ${leaked.length}`;
  }
  const intents = Object.fromEntries(
    SCOPES.map((scope) => [scope, evaluate(scope === 'all' ? predictions : predictions.filter((p) => p.locale === scope))]),
  );
  const crisisReports = Object.fromEntries(
    SCOPES.map((scope) => [scope, evaluateCrisis(scope === 'all' ? crisis : crisis.filter((p) => p.locale === (scope as Locale)))]),
  );
  if (json) {
    const summary = Object.fromEntries(Object.entries(crisisReports).map(([k, r]) => {
      const { missed, falseAlarms, ...numbers } = r;
      return [k, { ...numbers, missed: missed.length, falseAlarms: falseAlarms.length }];
    }));
    console.log(JSON.stringify({ mode: cv ? 'cross-validation' : 'held-out', leakedFromTraining: leaked.length, ...intents, crisis: summary }));
    return;
  }
  console.log(header);
  for (const line of leaked) console.log(`  leaked: ${line}`);
  for (const scope of SCOPES) printCrisis(scope, crisisReports[scope] as CrisisReport);
  for (const scope of SCOPES) printReport(scope, intents[scope] as EvaluationReport);
  if (process.argv.includes('--errors')) {
    const all = crisisReports.all as CrisisReport;
    console.log('\nmissed crises:');
    for (const p of all.missed) console.log(`${p.locale}\t${p.expected?.situation ?? p.expected?.kind}\t${p.text}`);
    console.log('\ncrisis false alarms:');
    for (const p of all.falseAlarms) console.log(`${p.locale}\t${p.safeKind} -> ${p.decided?.situation}\t${p.text}`);
    console.log('\nwrong card:');
    for (const p of crisis.filter((c) => c.expected?.situation && c.decided && c.decided.situation !== c.expected.situation)) {
      console.log(`${p.locale}\t${p.expected?.situation} -> ${p.decided?.situation}\t${p.text}`);
    }
    console.log('\nmisclassified intents:');
    for (const line of errors) console.log(line);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
