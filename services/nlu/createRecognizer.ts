import type { Logger } from 'pino';
import { CluRecognizer } from './cluRecognizer';
import type { NluConfig } from '../../core/config';
import { LuisRecognizer } from './luisRecognizer';
import { NlpjsRecognizer } from './nlpjsRecognizer';
import type { Recognizer } from './types';

/**
 * The recognizer for this deployment: CLU (CLU_ENDPOINT, CLU_PROJECT,
 * CLU_DEPLOYMENT, CLU_KEY) or — for a LUIS-compatible endpoint, since
 * Microsoft retired LUIS on 31 March 2026 — LUIS (LUIS_*), each with the
 * embedded recognizer as its fallback and the crisis net applied locally;
 * otherwise the embedded recognizer alone (nothing leaves the server).
 * The settings are the configuration's `nlu` section (core/config/nlu.ts,
 * checked there). Call `init()` on the result before the first turn.
 */
export function createRecognizer({ clu, luis }: NluConfig, log: Logger): Recognizer {
  const embedded = new NlpjsRecognizer();
  if (clu) {
    log.info({ event: 'nlu.recognizer', kind: 'clu', project: clu.project, deployment: clu.deployment, timeoutMs: clu.timeoutMs }, 'using CLU with the embedded recognizer as fallback');
    return new CluRecognizer(clu, embedded, log);
  }
  if (luis) {
    log.warn({ event: 'nlu.recognizer', kind: 'luis', slot: luis.slot, timeoutMs: luis.timeoutMs }, 'using LUIS with the embedded recognizer as fallback (LUIS was retired on 31 March 2026: move to CLU)');
    return new LuisRecognizer(luis, embedded, log);
  }
  log.info({ event: 'nlu.recognizer', kind: 'embedded' }, 'using the embedded recognizer');
  return embedded;
}
