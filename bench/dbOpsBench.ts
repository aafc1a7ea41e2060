/**
 * Database commands per turn, by collection and operation, for each way in
 * (/api/messages, the local Direct Line over REST and over WebSocket): a
 * count, not a timing, so it is the same on a busy machine as on a quiet
 * one. The server runs in this process (mongoose's debug hook counts every
 * call its models make); the load is bench/conversationLoad.ts's.
 *
 *   npm run --silent bench:dbops [-- --embedded] [-- --conversations 10] [-- --seconds 6] [-- --think 1000] [-- --json]
 *
 * Without --embedded the server is given MONGODB_URI (the several-instances
 * path: the database is authoritative); with it, the server starts its own
 * database and is its only writer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import { loadConfig } from '../core/config';
import { startServer } from '../server/index';
import { createLogger } from '../core/logger';
import { startEmbeddedDatabase } from '../server/db/embedded';
import { ReplySink, runConversations, type Transport } from './conversationLoad';
import { flag, numberArg } from './benchArgs';
import { loadAverage, runBench } from './benchDatabase';

const conversations = numberArg('--conversations', 10);
const seconds = numberArg('--seconds', 6);
const thinkMs = numberArg('--think', 1000);
const embeddedMode = flag('--embedded');

const counts = new Map<string, number>();
let counting = false;
mongoose.set('debug', (collection: string, method: string) => {
  if (counting) counts.set(`${collection}.${method}`, (counts.get(`${collection}.${method}`) ?? 0) + 1);
});

runBench(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-dbops-'));
  const db = embeddedMode ? undefined : await startEmbeddedDatabase({ dir: path.join(tmp, 'db') });
  const sink = new ReplySink();
  const serviceUrl = await sink.start();
  const env: NodeJS.ProcessEnv = {
    PORT: '0', LOG_LEVEL: 'warn', DATA_DIR: path.join(tmp, 'data'),
    ...(db ? { MONGODB_URI: Object.assign(new URL(db.uri), { pathname: '/dbops' }).toString() } : {}),
  };
  // The web channel's limits out of the way: the bench counts database operations, not refusals.
  const dlEnv: NodeJS.ProcessEnv = {
    DIRECTLINE_POSTS_PER_MINUTE: '100000', DIRECTLINE_POST_BURST: '100000', DIRECTLINE_READS_PER_MINUTE: '100000',
    DIRECTLINE_TOKENS_PER_MINUTE: '100000', DIRECTLINE_MAX_CONVERSATIONS: '1000000',
  };
  const quiet = new Writable({ write: (_c, _e, cb) => cb() });
  const config = loadConfig({ ...process.env, ...env, ...dlEnv });
  const server = await startServer(config, createLogger(config.server.logLevel, quiet));
  const rows: Array<{ transport: Transport; turns: number; opsPerTurn: number; byOp: Record<string, number> }> = [];
  try {
    for (const transport of ['api', 'dl-rest', 'dl-ws'] as Transport[]) {
      counts.clear();
      counting = true;
      const result = await runConversations({
        transport, url: transport === 'api' ? `${server.url}/api/messages` : server.url, serviceUrl, sink,
        conversations, thinkMs, durationMs: seconds * 1000, warmupMs: 0, label: `ops-${transport}-${Date.now()}`,
      });
      // What the turns left to write behind is part of their cost.
      await server.webChannel.store?.flush();
      counting = false;
      const turns = Math.max(1, result.turns);
      const byOp = Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / turns) * 100) / 100]));
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      rows.push({ transport, turns: result.turns, opsPerTurn: Math.round((total / turns) * 100) / 100, byOp });
    }
  } finally {
    await server.stop();
    await sink.stop();
    await db?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`database calls per turn (${embeddedMode ? 'server with its own database: one writer' : 'MONGODB_URI: several-instances path'}), ${conversations} conversations, think ${thinkMs} ms, ${seconds} s each; load average ${loadAverage().join(' ')}`);
  for (const r of rows) {
    console.log(`\n${r.transport}: ${r.opsPerTurn} calls per turn over ${r.turns} turns`);
    for (const [op, n] of Object.entries(r.byOp)) console.log(`  ${op.padEnd(44)} ${n}`);
  }
  if (flag('--json')) console.log(JSON.stringify({ embedded: embeddedMode, conversations, seconds, rows }));
});
