import { createHash } from 'node:crypto';
import { Nlp } from '@nlpjs/nlp';
import { LangEn } from '@nlpjs/lang-en';
import { LangSr } from '@nlpjs/lang-sr';
import type { Locale } from '../i18n/locales';
import { loadCorpus, ModelLanguage, TrainingExample } from './corpus';
import { CrisisNet, crisisFromRest } from './crisisNet';
import { extractEntities } from './entities';
import { isOnlyEntities } from './entityOnly';
import { detectLocale, expandShorthand, LocaleVocabulary, normalise, normalisedTokens, tokenize, withWordPairs } from './normalise';
import { CRISIS_INTENTS, INTENTS, Intent, Recognition, Recognizer, ScoredIntent } from './types';

/** How many interpretations a recognition carries. */
const ALTERNATIVES = 3;
/**
 * Training settings for NLP.js's per-intent perceptrons. Its defaults
 * (error 0.00005, learning rate 0.6, leaky slope 0.07) fit the corpus so
 * tightly that single function words decide unseen text; stopping earlier
 * and learning more gently generalises better. Chosen by 5-fold
 * cross-validation on the training corpus (`npm run nlu:eval -- --cv`),
 * never on the held-out set.
 */
const TRAINING = { errorThresh: 0.001, learningRate: 0.3, alpha: 0.02 };
/** Below this top score, the other language's model gets a say (mixed or misdetected text). */
const SECOND_OPINION_BELOW = 0.5;

const noop = (): void => undefined;
const SILENT_LOGGER = { trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: noop, fatal: noop };

/** A trained classifier: NLP.js with one model per language. */
interface Model {
  nlp: Nlp;
  /** Words that occur in only one language's training data, for telling the languages apart. */
  vocabulary: LocaleVocabulary;
  /** Every normalised word of each language's training data. */
  known: Record<ModelLanguage, ReadonlySet<string>>;
}

/**
 * Trained models, kept in this process's memory only (never written to
 * disk), keyed by a hash of the corpus so every recognizer built from the
 * same corpus shares one training run.
 */
const models = new Map<string, Promise<Model>>();

async function train(corpus: readonly TrainingExample[]): Promise<Model> {
  const nlp = new Nlp({
    languages: [],
    autoSave: false,
    autoLoad: false,
    forceNER: false,
    nlu: { log: false },
  });
  nlp.use(LangSr);
  nlp.use(LangEn);
  // NLP.js logs to the console, and may quote an utterance while doing so;
  // the classify command's stdout must carry only its JSON lines.
  nlp.container.register('logger', SILENT_LOGGER, true);
  nlp.nluManager.settings.domain = {
    nluByDomain: { default: { className: 'NeuralNlu', settings: TRAINING } },
  };
  nlp.nluManager.addLanguage(['sr', 'en']);
  // The project chooses the locale; NLP.js's guesser fails on Cyrillic and
  // must never run. Every call below passes an explicit locale.
  nlp.nluManager.guessLanguage = () => {
    throw new Error('NLP.js language guessing is disabled');
  };
  for (const { intent, language, text } of corpus) {
    const utterance = normalise(text);
    if (utterance) nlp.addDocument(language, features(language, utterance), intent);
  }
  await nlp.train();
  const known = knownWords(corpus);
  return { nlp, vocabulary: vocabularyOf(known), known };
}

/**
 * What the classifier sees of a normalised utterance. English also gets its
 * adjacent word pairs ("can_i", "i_want", "my_report"): a bag of single
 * words cannot tell "can I report for a friend" (how reporting works) from
 * "I want to report for a friend" (start a report), and word order carries
 * that in English. Serbian word order is free and its word forms many, so
 * pairs only thin out its data (cross-validation: no gain).
 */
function features(language: ModelLanguage, utterance: string): string {
  return language === 'en' ? withWordPairs(utterance) : utterance;
}

function knownWords(corpus: readonly TrainingExample[]): Record<ModelLanguage, Set<string>> {
  const words = { en: new Set<string>(), sr: new Set<string>() };
  for (const { language, text } of corpus) {
    for (const token of normalisedTokens(text)) words[language].add(token);
  }
  return words;
}

function vocabularyOf(known: Record<ModelLanguage, ReadonlySet<string>>): LocaleVocabulary {
  const only = (a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> =>
    new Set([...a].filter((w) => !b.has(w) && !/^\d+$/.test(w)));
  return { en: only(known.en, known.sr), sr: only(known.sr, known.en) };
}

function corpusKey(corpus: readonly TrainingExample[]): string {
  const hash = createHash('sha256');
  for (const e of corpus) hash.update(`${e.intent}\u0000${e.language}\u0000${e.text}\u0001`);
  return hash.digest('hex');
}

const KNOWN = new Set<string>(INTENTS);
function toIntent(name: string): Intent {
  return KNOWN.has(name) ? (name as Intent) : 'none';
}

/** Options for {@link NlpjsRecognizer}. */
export interface NlpjsRecognizerOptions {
  /** Training data; defaults to content/nlu/corpus. */
  corpus?: readonly TrainingExample[];
  /** The crisis net; defaults to content/nlu/crisis.yaml. */
  crisisNet?: CrisisNet;
}

/**
 * The embedded recognizer: NLP.js trained at start-up from the corpus in
 * content/nlu, so nothing the user types leaves the server. Text is
 * normalised (Cyrillic → Latin, diacritics folded, shorthand expanded)
 * identically for training and input; the crisis net is applied on top.
 */
export class NlpjsRecognizer implements Recognizer {
  private model: Model | undefined;
  private readonly crisisNet: CrisisNet;
  private readonly corpus: readonly TrainingExample[];

  constructor(options: NlpjsRecognizerOptions = {}) {
    this.corpus = options.corpus ?? loadCorpus();
    this.crisisNet = options.crisisNet ?? CrisisNet.fromContent();
  }

  /** Trains the model (once per corpus per process). */
  async init(): Promise<void> {
    const key = corpusKey(this.corpus);
    let pending = models.get(key);
    if (!pending) {
      pending = train(this.corpus);
      models.set(key, pending);
      pending.catch(() => models.delete(key));
    }
    this.model = await pending;
  }

  async recognize(text: string, locale?: Locale): Promise<Recognition> {
    if (!this.model) throw new Error('NlpjsRecognizer.init() must be awaited before recognize()');
    // The text is tokenised and normalised once; every reading below shares the result.
    const tokens = tokenize(text);
    const normalised = expandShorthand(tokens);
    const detected = detectLocale(text, locale, this.model.vocabulary, normalised);
    const language: ModelLanguage = detected === 'en' ? 'en' : 'sr';
    const reading = this.crisisNet.read(text, normalised);
    let alternatives: ScoredIntent[];
    if (isOnlyEntities(text)) alternatives = [{ intent: 'none', score: 1 }];
    else if (!reading.masked) alternatives = await this.classifyUtterance(normalised.join(' '), language);
    else {
      // An expression that only sounds like a crisis ("umreću od smeha") may
      // not raise one: the crisis reading comes from the rest of the message.
      const rest = reading.classifyText ? await this.classify(reading.classifyText, language) : [];
      alternatives = crisisFromRest(await this.classifyUtterance(normalised.join(' '), language), rest, ALTERNATIVES);
    }
    const top = alternatives[0] ?? { intent: 'none', score: 1 };
    const recognition: Recognition = {
      intent: top.intent,
      score: top.score,
      locale: detected,
      entities: extractEntities(text, tokens),
      alternatives,
    };
    return this.crisisNet.apply(text, recognition, reading);
  }

  /**
   * The classifier's best interpretations, without the crisis net. Tries
   * the other language's model too when the first is unsure, because
   * pupils mix English words into Serbian and short texts fool detection.
   */
  async classify(text: string, language: ModelLanguage): Promise<ScoredIntent[]> {
    return this.classifyUtterance(normalise(text), language);
  }

  /** {@link classify} on a text already {@link normalise}d. */
  private async classifyUtterance(utterance: string, language: ModelLanguage): Promise<ScoredIntent[]> {
    if (!this.model) throw new Error('NlpjsRecognizer.init() must be awaited before recognize()');
    if (!utterance) return [{ intent: 'none', score: 1 }];
    const best = await this.run(language, utterance);
    const unsure = (best[0]?.score ?? 0) < SECOND_OPINION_BELOW || best[0]?.intent === 'none';
    if (!unsure) return best;
    const trusted = this.otherModelMayKnowBetter(language, utterance);
    // Recall first: on Serbian text the English model's crisis reading counts
    // even when it rests on shared words, as it always did; cross-validation
    // showed the same exception for English text only adds false alarms.
    if (!trusted && language !== 'sr') return best;
    const other = await this.run(language === 'sr' ? 'en' : 'sr', utterance);
    const top = other[0];
    if (!top || top.intent === 'none' || top.score <= (best[0]?.score ?? 0)) return best;
    return trusted || CRISIS_INTENTS.includes(top.intent) ? other : best;
  }

  /**
   * The other model's reading is trusted only when the text has a word that
   * only the other language's training data contains: an English word in Serbian
   * ("sta je sexting"), or Serbian misread as English. Otherwise its answer
   * rests on words both languages share ("do", "to", "je"), and a model
   * that recognises one such word rates its only matching intent near
   * certainty, overruling the right language's model.
   */
  private otherModelMayKnowBetter(language: ModelLanguage, utterance: string): boolean {
    const { known } = this.model as Model;
    const other: ModelLanguage = language === 'sr' ? 'en' : 'sr';
    return utterance.split(' ').some((word) => known[other].has(word) && !known[language].has(word));
  }

  private async run(language: ModelLanguage, utterance: string): Promise<ScoredIntent[]> {
    const nlp = (this.model as Model).nlp;
    const out = await nlp.nluManager.process({ locale: language, utterance: features(language, utterance), settings: {} });
    const merged = new Map<Intent, number>();
    for (const c of out.classifications) {
      const intent = toIntent(c.intent);
      merged.set(intent, Math.max(merged.get(intent) ?? 0, c.score));
    }
    const ranked: ScoredIntent[] = [...merged]
      .map(([intent, score]) => ({ intent, score }))
      .sort((a, b) => b.score - a.score);
    if (out.intent === 'None') {
      // NLP.js says None when the top two scores tie or no word is known.
      const none: ScoredIntent = { intent: 'none', score: 1 };
      return [none, ...ranked.filter((a) => a.intent !== 'none')].slice(0, ALTERNATIVES);
    }
    return ranked.slice(0, ALTERNATIVES);
  }
}
