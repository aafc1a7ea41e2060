/**
 * `npm run --silent bench:multi -- [--replies 100] [--poll 250] [--kills 5] [--json]`:
 * what running several processes and surviving the database cost, each
 * beside its baseline from the same run.
 *
 * 1. Two instances on one database (INSTANCES=2): a widget's WebSocket on B,
 *    messages posted to A (the turn runs on A, the reply reaches B through
 *    the database and B's poll) — beside the same with the socket on A (the
 *    reply delivered in-process). Send → reply on the socket, p50/p95 over
 *    `--replies` replies.
 * 2. One server on its embedded database (as `npm start`): a turn while the
 *    database is paused (SIGSTOP) — the first one (which finds it away) and
 *    the ones after — beside turns with the database answering.
 * 3. The embedded database killed (`kill -9`) `--kills` times: until /readyz
 *    answers 200 again.
 *
 * Uses the embedded FerretDB in temporary folders (MONGODB_URI is ignored:
 * the database must be a child process this bench can pause and kill).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config';
import { startEmbeddedDatabase } from '../server/db/embedded';
import { startServer, type Running } from '../server/index';
import { createLogger } from '../core/logger';
import { DirectLineUser, fromBot, waitFor, type StreamReader } from '../test/support/directLineUser';
import { loadAverage } from './benchDatabase';

const { values } = parseArgs({
  options: {
    replies: { type: 'string', default: '100' },
    poll: { type: 'string', default: '250' },
    kills: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const REPLIES = Number(values.replies);
const KILLS = Number(values.kills);

const quiet = createLogger('silent');
const LIMITS = { DIRECTLINE_POSTS_PER_MINUTE: '100000', DIRECTLINE_POST_BURST: '100000', DIRECTLINE_READS_PER_MINUTE: '100000', DIRECTLINE_TOKENS_PER_MINUTE: '100000' };

function stats(ms: number[]): { n: number; p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: Math.round(s.at(-1)! * 10) / 10 };
}

/**
 * Posts `count` messages to `poster` and times each until its reply is on
 * `stream`. A random pause (up to one poll interval) before each message, as
 * a person's: sent right after the previous reply, every message would meet
 * the poll at the same phase.
 */
async function replyLatency(poster: DirectLineUser, stream: StreamReader, count: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    await new Promise((r) => setTimeout(r, Math.random() * Number(values.poll)));
    const t0 = performance.now();
    const sent = await poster.say(i % 2 ? 'pomoć' : 'zdravo');
    const reply = await stream.next((a) => fromBot(a) && a.replyToId === sent.id);
    ms.push(reply.receivedAt - t0);
  }
  return ms;
}

async function twoInstances(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-bench-multi-'));
  const db = await startEmbeddedDatabase({ dir });
  const servers: Running[] = [];
  try {
    const secret = randomBytes(36).toString('base64');
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({
        PORT: '0', MONGODB_URI: db.uri, INSTANCES: '2', DATA_DIR: dir, LOG_LEVEL: 'silent',
        DASHBOARD_ENABLED: 'false',
        DIRECTLINE_TOKEN_SECRET: secret, DIRECTLINE_POLL_MS: String(values.poll), ...LIMITS,
      });
      servers.push(await startServer(config, quiet));
    }
    const [a, b] = servers as [Running, Running];
    const open = async (): Promise<DirectLineUser> => {
      const user = await DirectLineUser.open(a.url);
      await user.say('ja sam učenik');
      return user;
    };
    // Baseline: the socket where the turn runs.
    const local = await open();
    const localStream = await local.stream();
    await replyLatency(local, localStream, 5);
    const sameInstance = await replyLatency(local, localStream, REPLIES);
    localStream.close();
    // The socket on B, the turns on A.
    const moved = await open();
    const remoteStream = await moved.at(b.url).stream();
    await replyLatency(moved, remoteStream, 5);
    const acrossInstances = await replyLatency(moved, remoteStream, REPLIES);
    remoteStream.close();
    return { pollMs: Number(values.poll), socketOnA: stats(sameInstance), socketOnB: stats(acrossInstances) };
  } finally {
    for (const s of servers) await s.stop();
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function embeddedFaults(): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-bench-faults-'));
  const config = loadConfig({ PORT: '0', MONGODB_URI: '', DATA_DIR: dir, LOG_LEVEL: 'silent', DASHBOARD_ENABLED: 'false', ...LIMITS });
  const server = await startServer(config, quiet);
  try {
    const turn = async (user: DirectLineUser): Promise<number> => {
      const t0 = performance.now();
      const sent = await user.say('pomoć');
      if (sent.status !== 200) throw new Error(`turn answered ${sent.status}`);
      return performance.now() - t0;
    };
    const users: DirectLineUser[] = [];
    for (let i = 0; i < 10; i++) {
      const u = await DirectLineUser.open(server.url);
      await turn(u);
      users.push(u);
    }
    const answering: number[] = [];
    for (let r = 0; r < 3; r++) for (const u of users) answering.push(await turn(u));

    // Paused: the first turn finds the database away (and pays the operation budget), the rest do not wait.
    const pid = server.embedded!.pid!;
    process.kill(pid, 'SIGSTOP');
    const first = await turn(users[0]!);
    const paused: number[] = [];
    for (let r = 0; r < 3; r++) for (const u of users) paused.push(await turn(u));
    process.kill(pid, 'SIGCONT');
    await waitFor('ready after the pause', async () => (await fetch(`${server.url}/readyz`)).status === 200 || undefined, 30_000, 20);

    const back: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const before = server.embedded!.pid!;
      const t0 = performance.now();
      process.kill(before, 'SIGKILL');
      await waitFor('ready after kill -9', async () => (server.embedded!.pid !== before && (await fetch(`${server.url}/readyz`)).status === 200) || undefined, 30_000, 20);
      back.push(performance.now() - t0);
    }
    return { answering: stats(answering), pausedFirstTurnMs: Math.round(first), paused: stats(paused), backAfterKillMs: stats(back) };
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const load = loadAverage();
  const replies = await twoInstances();
  const faults = await embeddedFaults();
  const out = { replies, faults, load };
  if (values.json) {
    console.log(JSON.stringify(out));
    return;
  }
  console.log(`load average ${load.join(' ')}`);
  console.log('reply latency (send → reply on the socket), two instances on one database:', JSON.stringify(replies));
  console.log('turns on the embedded database, answering vs paused; back after kill -9:', JSON.stringify(faults));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
