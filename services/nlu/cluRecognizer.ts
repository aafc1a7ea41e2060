import Joi from 'joi';
import type { Logger } from 'pino';
import type { Locale } from '../i18n/locales';
import { extractAge } from './age';
import type { CluConfig } from '../../core/config';
import { CrisisNet } from './crisisNet';
import { extractEntities } from './entities';
import { extractMunicipalities } from './municipalities';
import { detectLocale } from './normalise';
import { extractPlatforms } from './platforms';
import { Entities, INTENTS, Intent, Recognition, Recognizer, ScoredIntent } from './types';
import { AppError } from '../../core/errors';

const ALTERNATIVES = 3;
const KNOWN = new Set<string>(INTENTS);

/** The part of CLU's analyze-conversations response (kind ConversationResult) this adapter reads. */
interface CluPrediction {
  topIntent: string;
  intents: { category: string; confidenceScore: number }[];
  entities: { category: string; text: string }[];
}

const responseSchema = Joi.object({
  kind: Joi.string().valid('ConversationResult').required(),
  result: Joi.object({
    prediction: Joi.object({
      projectKind: Joi.string().valid('Conversation').required(),
      topIntent: Joi.string().allow('').required(),
      intents: Joi.array().items(Joi.object({ category: Joi.string().required(), confidenceScore: Joi.number().min(0).max(1).required() }).unknown(true)).required(),
      entities: Joi.array().items(Joi.object({ category: Joi.string().required(), text: Joi.string().allow('').required() }).unknown(true)).default([]),
    }).unknown(true).required(),
  }).unknown(true).required(),
}).unknown(true);

/** Why a CLU call was given up, for the log (never the text). */
type FailureReason = 'timeout' | 'http' | 'invalid-response' | 'network';

class CluFailure extends AppError<'CluFailed'> {
  constructor(readonly reason: FailureReason, readonly statusCode?: number) {
    super('CluFailed', `CLU ${reason}`, statusCode === undefined ? { reason } : { reason, statusCode });
  }
}

/**
 * Conversational Language Understanding (Azure AI Language), the successor
 * of LUIS: asks the deployment's analyze-conversations endpoint over plain
 * fetch. CLU's intents are mapped onto this project's label set (unknown →
 * `none`); its entities (`platform`, `municipality`, `age`, if the project
 * defines them) go through the project's own extractors, so ids stay
 * canonical, and add to what those find in the text. The crisis net runs
 * here, locally, on every answer; any failure — timeout, HTTP error, a
 * response that is not a CLU prediction — is logged without the text and
 * answered by the `fallback` (the embedded recognizer).
 */
export class CluRecognizer implements Recognizer {
  constructor(
    private readonly config: CluConfig,
    private readonly fallback: Recognizer,
    private readonly log: Logger,
    private readonly crisisNet: CrisisNet = CrisisNet.fromContent(),
  ) {}

  /** Prepares the fallback, which must be ready before the first turn. */
  async init(): Promise<void> {
    await this.fallback.init();
  }

  async recognize(text: string, locale?: Locale): Promise<Recognition> {
    const textLocale = detectLocale(text, locale);
    let prediction: CluPrediction;
    try {
      prediction = await this.predict(text, textLocale);
    } catch (err) {
      const failure = err instanceof CluFailure ? err : new CluFailure('network');
      this.log.warn({ event: 'nlu.clu.fallback', reason: failure.reason, statusCode: failure.statusCode }, 'CLU did not answer; the embedded recognizer did');
      return this.fallback.recognize(text, locale);
    }
    const alternatives = toAlternatives(prediction);
    const top = alternatives[0]!;
    const recognition: Recognition = {
      intent: top.intent,
      score: top.score,
      locale: textLocale,
      entities: mergeEntities(extractEntities(text), prediction.entities),
      alternatives,
    };
    return this.crisisNet.apply(text, recognition);
  }

  private async predict(text: string, locale: Locale): Promise<CluPrediction> {
    const url = `${this.config.endpoint}/language/:analyze-conversations?api-version=${encodeURIComponent(this.config.apiVersion)}`;
    const body = {
      kind: 'Conversation',
      analysisInput: {
        conversationItem: { id: '1', participantId: 'user', modality: 'text', text, language: locale === 'en' ? 'en' : 'sr' },
      },
      // No logging of the utterance on Azure's side either.
      parameters: { projectName: this.config.project, deploymentName: this.config.deployment, stringIndexType: 'Utf16CodeUnit', verbose: false, isLoggingEnabled: false },
    };
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Ocp-Apim-Subscription-Key': this.config.key },
        body: JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (err) {
      const name = (err as { name?: string }).name;
      throw new CluFailure(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network');
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new CluFailure('http', res.status);
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      const name = (err as { name?: string }).name;
      throw new CluFailure(name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'invalid-response', res.status);
    }
    const { value, error } = responseSchema.validate(json);
    if (error) throw new CluFailure('invalid-response', res.status);
    return (value as { result: { prediction: CluPrediction } }).result.prediction;
  }
}

/** CLU's intents on this project's label set, best first. */
function toAlternatives(prediction: CluPrediction): ScoredIntent[] {
  const scores = new Map<Intent, number>();
  for (const { category, confidenceScore } of prediction.intents) {
    const intent: Intent = KNOWN.has(category) ? (category as Intent) : 'none';
    scores.set(intent, Math.max(scores.get(intent) ?? 0, confidenceScore));
  }
  if (scores.size === 0) scores.set(KNOWN.has(prediction.topIntent) ? (prediction.topIntent as Intent) : 'none', 0);
  return [...scores].map(([intent, score]) => ({ intent, score })).sort((a, b) => b.score - a.score).slice(0, ALTERNATIVES);
}

/** Adds what CLU's entities name to what the text gives, through the project's own extractors. */
function mergeEntities(local: Entities, found: CluPrediction['entities']): Entities {
  const platforms = new Set(local.platforms);
  const municipalities = new Set(local.municipalities);
  let age = local.age;
  for (const e of found) {
    const category = e.category.toLowerCase();
    if (category === 'platform') extractPlatforms(e.text).forEach((p) => platforms.add(p));
    else if (category === 'municipality') extractMunicipalities(e.text).forEach((m) => municipalities.add(m));
    else if (category === 'age') age ??= extractAge(e.text);
  }
  const entities: Entities = { platforms: [...platforms], municipalities: [...municipalities] };
  if (age !== undefined) entities.age = age;
  return entities;
}
