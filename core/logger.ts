import pino, { Logger } from 'pino';

/**
 * Paths that may carry user text or identifiers. Redaction lives here, in the
 * logger, so no call site can forget it: anything logged under these keys is
 * replaced, at any of the first nesting levels.
 */
const SENSITIVE_KEYS = [
  'text', 'speak', 'value', 'narrative', 'message', 'body', 'activity', 'activities',
  'from', 'recipient', 'conversation', 'conversationId', 'userId', 'user', 'channelData',
  'ip', 'remoteAddress', 'remotePort', 'headers', 'authorization', 'cookie', 'userAgent',
  'password', 'passphrase', 'secret', 'token', 'email', 'phone', 'contact', 'evidence',
  'attachments', 'url', 'serviceUrl',
];

const REDACT_PATHS = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((k) => `*.${k}`),
  ...SENSITIVE_KEYS.map((k) => `*.*.${k}`),
];

/**
 * Errors are reduced to their name, code and stack frames: a message can
 * quote input (a JSON parse error quotes the body), so it is not logged.
 */
function errSerializer(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) {
    return { type: typeof err };
  }
  const e = err as Error & { code?: unknown; statusCode?: unknown };
  return {
    type: e.name,
    code: e.code,
    statusCode: e.statusCode,
    stack: e.stack?.split('\n').slice(1, 8).map((l) => l.trim()),
  };
}

/** Creates the process logger. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'bezbedno' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: errSerializer, error: errSerializer },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
