import { Writable } from 'node:stream';
import { loadConfig } from '../../core/config';
import { startServer, Running, StartOptions } from '../../server/index';
import { createLogger } from '../../core/logger';
import { testDbUri } from './db';
import { integrationOnly } from './tier';

/** Log lines captured from a test server, for asserting on (and on privacy). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  }
  events(): string[] {
    return this.lines.map((l) => (JSON.parse(l) as { event?: string }).event ?? '');
  }
}

export interface TestServer extends Running {
  logs: LogCapture;
}

/**
 * Starts the real server on port 0 against a fresh test database. `env` is
 * the whole environment the configuration is read from (process.env is not
 * read), every section's variables together, as a deployment gives them.
 */
export async function startTestServer(
  label: string,
  env: NodeJS.ProcessEnv = {},
  opts: StartOptions = {},
): Promise<TestServer> {
  integrationOnly('started a test server');
  const config = loadConfig({ PORT: '0', MONGODB_URI: testDbUri(label), LOG_LEVEL: 'info', DB_CONNECT_ATTEMPTS: '3', ...env });
  const logs = new LogCapture();
  const running = await startServer(config, createLogger(config.server.logLevel, logs), opts);
  return Object.assign(running, { logs });
}

/** POSTs JSON and returns status and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text };
}
