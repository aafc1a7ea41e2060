import { randomBytes } from 'node:crypto';
import type { StartOptions } from '../../server/index';
import { testDbUri } from './db';
import { startTestServer, TestServer } from './server';

/** Several server instances on loopback sharing one database, as a deployment with INSTANCES > 1 runs them. */
export interface Instances {
  servers: TestServer[];
  /** The shared database. */
  uri: string;
  stop(): Promise<void>;
}

/**
 * Starts `count` real servers (port 0 each) on one fresh test database with
 * the same DIRECTLINE_TOKEN_SECRET and INSTANCES set, one after the other.
 * `directLineEnv` adds web-channel variables (e.g. DIRECTLINE_POLL_MS).
 */
export async function startInstances(label: string, count = 2, directLineEnv: Record<string, string> = {}, opts: StartOptions = {}): Promise<Instances> {
  const uri = testDbUri(label);
  const secret = randomBytes(36).toString('base64');
  const servers: TestServer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      servers.push(await startTestServer(label, { MONGODB_URI: uri, INSTANCES: String(count), DIRECTLINE_TOKEN_SECRET: secret, ...directLineEnv }, opts));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  return {
    servers,
    uri,
    stop: async () => {
      await servers[0]?.conn.dropDatabase().catch(() => undefined);
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}
