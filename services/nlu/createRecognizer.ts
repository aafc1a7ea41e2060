import type { Logger } from 'pino';
import { loadLuisConfig } from './config';
import { LuisRecognizer } from './luisRecognizer';
import { NlpjsRecognizer } from './nlpjsRecognizer';
import type { Recognizer } from './types';

/**
 * The recognizer for this deployment: LUIS with the embedded recognizer as
 * its fallback when LUIS_APP_ID, LUIS_ENDPOINT and LUIS_KEY are set,
 * otherwise the embedded recognizer alone (nothing leaves the server).
 * Throws a ConfigError naming the variable when the LUIS settings are
 * incomplete or wrong. Call `init()` on the result before the first turn.
 */
export function createRecognizer(env: NodeJS.ProcessEnv, log: Logger): Recognizer {
  const embedded = new NlpjsRecognizer();
  const luis = loadLuisConfig(env);
  if (!luis) {
    log.info({ event: 'nlu.recognizer', kind: 'embedded' }, 'using the embedded recognizer');
    return embedded;
  }
  log.info({ event: 'nlu.recognizer', kind: 'luis', slot: luis.slot, timeoutMs: luis.timeoutMs }, 'using LUIS with the embedded recognizer as fallback');
  return new LuisRecognizer(luis, embedded, log);
}
