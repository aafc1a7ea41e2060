import { LUISRuntimeClient } from '@azure/cognitiveservices-luis-runtime';
import { AbortSignalLike, ApiKeyCredentials } from '@azure/ms-rest-js';
import Joi from 'joi';
import type { Logger } from 'pino';
import type { Locale } from '../i18n/locales';
import type { LuisConfig } from '../../core/config';
import { CrisisNet, crisisFromRest } from './crisisNet';
import { extractEntities } from './entities';
import { detectLocale } from './normalise';
import { INTENTS, Intent, Recognition, Recognizer, ScoredIntent } from './types';
import { AppError } from '../../core/errors';

const ALTERNATIVES = 3;
const KNOWN = new Set<string>(INTENTS);

/** The part of a LUIS v3 prediction response this adapter reads. */
interface LuisPrediction {
  topIntent: string;
  intents: Record<string, { score?: number }>;
}

const predictionSchema = Joi.object<LuisPrediction>({
  topIntent: Joi.string().required(),
  intents: Joi.object()
    .pattern(Joi.string(), Joi.object({ score: Joi.number().min(0).max(1) }).unknown(true))
    .required(),
}).unknown(true);

/** Why a LUIS call was given up, for the log (never the text). */
type FailureReason = 'timeout' | 'http' | 'invalid-response' | 'network';

class LuisFailure extends AppError<'LuisFailed'> {
  constructor(readonly reason: FailureReason, readonly statusCode?: number) {
    super('LuisFailed', `LUIS ${reason}`, statusCode === undefined ? { reason } : { reason, statusCode });
  }
}

/**
 * The LUIS recognizer: asks a LUIS v3 prediction endpoint (or a
 * LUIS-compatible one) through @azure/cognitiveservices-luis-runtime. Any
 * failure — timeout, HTTP error, a response that is not a prediction — is
 * logged without the user's text and answered by the `fallback` (the
 * embedded recognizer) instead. Intents LUIS knows but this project does
 * not become `none`; the crisis net applies on top either way.
 */
export class LuisRecognizer implements Recognizer {
  private readonly client: LUISRuntimeClient;

  constructor(
    private readonly config: LuisConfig,
    private readonly fallback: Recognizer,
    private readonly log: Logger,
    private readonly crisisNet: CrisisNet = CrisisNet.fromContent(),
  ) {
    const credentials = new ApiKeyCredentials({ inHeader: { 'Ocp-Apim-Subscription-Key': config.key } });
    // No retries: a slow or failing endpoint should hand over to the
    // embedded recognizer within the timeout, not be asked again.
    this.client = new LUISRuntimeClient(credentials, config.endpoint, { noRetryPolicy: true });
  }

  /** Prepares the fallback, which must be ready before the first turn. */
  async init(): Promise<void> {
    await this.fallback.init();
  }

  async recognize(text: string, locale?: Locale): Promise<Recognition> {
    let prediction: LuisPrediction;
    // As with the embedded classifier, an expression that only sounds like
    // a crisis ("umreću od smeha") may not raise one: the crisis reading
    // comes from the rest of the message (CrisisNet.read, crisisFromRest).
    const reading = this.crisisNet.read(text);
    let rest: ScoredIntent[] = [];
    try {
      prediction = await this.predict(text);
      if (reading.masked && reading.classifyText) rest = toAlternatives(await this.predict(reading.classifyText));
    } catch (err) {
      const failure = err instanceof LuisFailure ? err : new LuisFailure('network');
      this.log.warn(
        { event: 'nlu.luis.fallback', reason: failure.reason, statusCode: failure.statusCode },
        'LUIS did not answer; the embedded recognizer did',
      );
      return this.fallback.recognize(text, locale);
    }
    const whole = toAlternatives(prediction);
    const alternatives = reading.masked ? crisisFromRest(whole, rest, ALTERNATIVES) : whole;
    const top = alternatives[0] as ScoredIntent;
    const recognition: Recognition = {
      intent: top.intent,
      score: top.score,
      locale: detectLocale(text, locale),
      entities: extractEntities(text),
      alternatives,
    };
    return this.crisisNet.apply(text, recognition, reading);
  }

  private async predict(text: string): Promise<LuisPrediction> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new LuisFailure('timeout'));
      }, this.config.timeoutMs);
    });
    // Node's AbortSignal is what ms-rest-js expects at run time; its typing
    // differs only in the `this` type of the event callbacks.
    const abortSignal = abort.signal as unknown as AbortSignalLike;
    const call = this.client.prediction
      .getSlotPrediction(this.config.appId, this.config.slot, { query: text }, { showAllIntents: true, log: false, abortSignal })
      .catch((err: unknown) => {
        if (abort.signal.aborted) throw new LuisFailure('timeout');
        const statusCode = (err as { statusCode?: unknown }).statusCode;
        if (typeof statusCode === 'number') {
          // A 2xx that failed to parse is a garbage body, not an HTTP error.
          throw new LuisFailure(statusCode >= 200 && statusCode < 300 ? 'invalid-response' : 'http', statusCode);
        }
        throw new LuisFailure((err as { name?: unknown }).name === 'SyntaxError' ? 'invalid-response' : 'network');
      });
    try {
      const response = await Promise.race([call, timeout]);
      const { value, error } = predictionSchema.validate(response?.prediction);
      if (error || !value) throw new LuisFailure('invalid-response', response?._response?.status);
      return value;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Maps LUIS intents onto this project's label set, best first. */
function toAlternatives(prediction: LuisPrediction): ScoredIntent[] {
  const scores = new Map<Intent, number>();
  for (const [name, { score }] of Object.entries(prediction.intents)) {
    const intent: Intent = KNOWN.has(name) ? (name as Intent) : 'none';
    scores.set(intent, Math.max(scores.get(intent) ?? 0, score ?? 0));
  }
  if (scores.size === 0) {
    const intent: Intent = KNOWN.has(prediction.topIntent) ? (prediction.topIntent as Intent) : 'none';
    scores.set(intent, 0);
  }
  return [...scores]
    .map(([intent, score]) => ({ intent, score }))
    .sort((a, b) => b.score - a.score)
    .slice(0, ALTERNATIVES);
}
