import fs from 'node:fs';
import path from 'node:path';
import Joi from 'joi';
import { fromRoot } from '../../core/paths';
import type { Locale } from '../i18n/locales';
import { readContentYaml } from './contentFile';
import { CRISIS_SITUATIONS, CrisisSituation, INTENTS, Intent } from './types';

/** A language the classifier is trained in (scripts of Serbian share one model). */
export type ModelLanguage = 'sr' | 'en';

/** One training utterance. */
export interface TrainingExample {
  intent: Intent;
  language: ModelLanguage;
  text: string;
}

/** One held-out utterance, labelled with the script it is written in. */
export interface HeldOutExample {
  intent: Intent;
  locale: Locale;
  text: string;
}

const CORPUS_DIR = 'nlu/corpus';
const HELDOUT_FILE = 'nlu/heldout.yaml';
const CRISIS_HELDOUT_FILE = 'nlu/crisis-heldout.yaml';

/**
 * One held-out line of the crisis set: a message that must raise the card
 * of `situation`, or (`situation` undefined) a worried-but-safe message
 * that must not raise any.
 */
export interface CrisisHeldOutExample {
  situation?: CrisisSituation;
  locale: Locale;
  text: string;
}

const utterances = Joi.array().items(Joi.string().trim().min(1));
const corpusFileSchema = Joi.object<{ intent: Intent; sr: string[]; en: string[] }>({
  intent: Joi.string().valid(...INTENTS).required(),
  sr: utterances.min(1).required(),
  en: utterances.min(1).required(),
});
const byLocale = Joi.object({ 'sr-Latn': utterances.min(1).required(), 'sr-Cyrl': utterances.min(1).required(), en: utterances.min(1).required() });
const crisisHeldOutSchema = Joi.object<{ fire: Record<CrisisSituation, Record<Locale, string[]>>; safe: Record<Locale, string[]> }>({
  fire: Joi.object(Object.fromEntries(CRISIS_SITUATIONS.map((s) => [s, byLocale.required()]))).required(),
  safe: byLocale.required(),
});
const heldOutSchema = Joi.object<Record<string, Record<Locale, string[]>>>().pattern(
  Joi.string().valid(...INTENTS),
  Joi.object({ 'sr-Latn': utterances.required(), 'sr-Cyrl': utterances.required(), en: utterances.required() }),
);

/**
 * The training corpus: one file per intent in content/nlu/corpus/, each
 * with Serbian (`sr`: Latin, Cyrillic, with or without diacritics) and
 * English (`en`) utterances, as a Rasa project keeps its `nlu.yml`.
 */
export function loadCorpus(): TrainingExample[] {
  const dir = fromRoot('content', CORPUS_DIR);
  const out: TrainingExample[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = readContentYaml(path.posix.join(CORPUS_DIR, file), corpusFileSchema);
    for (const text of doc.sr) out.push({ intent: doc.intent, language: 'sr', text });
    for (const text of doc.en) out.push({ intent: doc.intent, language: 'en', text });
  }
  return out;
}

/** The held-out evaluation set (content/nlu/heldout.yaml). Never used for training. */
export function loadHeldOut(): HeldOutExample[] {
  const doc = readContentYaml(HELDOUT_FILE, heldOutSchema);
  const out: HeldOutExample[] = [];
  for (const [intent, byLocale] of Object.entries(doc)) {
    for (const locale of ['sr-Latn', 'sr-Cyrl', 'en'] as const) {
      for (const text of byLocale[locale]) out.push({ intent: intent as Intent, locale, text });
    }
  }
  return out;
}

/**
 * The held-out crisis set (content/nlu/crisis-heldout.yaml): messages that
 * must raise a crisis card, by situation, and worried-but-safe messages that
 * must not. Never used for training or for the crisis lexicon.
 */
export function loadCrisisHeldOut(): CrisisHeldOutExample[] {
  const doc = readContentYaml(CRISIS_HELDOUT_FILE, crisisHeldOutSchema);
  const out: CrisisHeldOutExample[] = [];
  for (const locale of ['sr-Latn', 'sr-Cyrl', 'en'] as const) {
    for (const situation of CRISIS_SITUATIONS) {
      for (const text of doc.fire[situation][locale]) out.push({ situation, locale, text });
    }
    for (const text of doc.safe[locale]) out.push({ locale, text });
  }
  return out;
}
