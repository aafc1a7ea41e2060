/**
 * `npm run --silent bench:state -- [--idle 5000] [--turns 200] [--json]`:
 * what bot state costs per turn (read the conversation, write it back with
 * its eTag) while `--idle` other conversations of the day are stored —
 * MongoStorage as several instances use it (the database checks the eTag in
 * the update) beside single-writer mode (the embedded database: lookups and
 * writes by `_id` only) and single-writer mode with the state cached as the
 * server runs it (reads and eTag checks answered in the process: one update
 * per turn), on the same data, every item sealed as the server seals it. Medians and p95 over `--turns`, and the
 * CPU this process spent per turn (`cpuMs`: the storage's side — sealing,
 * serialising, the driver — not the database's, which is its own process).
 * Uses MONGODB_URI or the embedded database in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { botStateModel } from '../models/botStateStore';
import { MongoStorage } from '../models/mongoStorage';
import { FieldCipher } from '../services/crypto/fieldCipher';
import { parseKeyring } from '../services/crypto/keyring';
import { CipherStateSealer } from '../services/crypto/stateSealer';
import { loadAverage, runBench, withBenchDatabase } from './benchDatabase';

const { values } = parseArgs({
  options: {
    idle: { type: 'string', default: '5000' },
    turns: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
  },
});
const IDLE = Number(values.idle);
const TURNS = Number(values.turns);
const sealer = new CipherStateSealer(new FieldCipher(parseKeyring(`bench:${randomBytes(32).toString('base64')}`)));

/** A dialog stack of about the size a report in progress has. */
function state(i: number): Record<string, unknown> {
  return { dialogState: { dialogStack: [{ id: 'main', state: { step: 3, options: {}, values: { role: 'pupil', turn: i } } }, { id: 'report', state: { draft: randomBytes(900).toString('base64') } }] }, locale: 'sr-Latn' };
}

async function perTurn(storage: MongoStorage, key: string): Promise<{ p50: number; p95: number; cpuMs: number }> {
  const ms: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < TURNS; i++) {
    const t = process.hrtime.bigint();
    const item = (await storage.read([key]))[key] ?? {};
    await storage.write({ [key]: { ...item, ...state(i) } });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const cpu = process.cpuUsage(cpu0);
  ms.sort((a, b) => a - b);
  const at = (q: number): number => Math.round(ms[Math.min(ms.length - 1, Math.floor(ms.length * q))]! * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), cpuMs: Math.round(((cpu.user + cpu.system) / 1000 / TURNS) * 1000) / 1000 };
}

async function main(): Promise<void> {
  await withBenchDatabase('statebench', async ({ conn, dbName, embedded }) => {
    const model = botStateModel(conn);
    await model.createIndexes();
    const seed = new MongoStorage(model, { sealer, ttlMs: 24 * 3600_000, singleWriter: true });
    for (let done = 0; done < IDLE; done += 500) {
      const batch: Record<string, unknown> = {};
      for (let i = done; i < Math.min(IDLE, done + 500); i++) batch[`webchat/conversations/idle-${i}/`] = state(i);
      await seed.write(batch);
    }
    if (embedded) await embedded.indexIdLookups(dbName);
    const shared = await perTurn(new MongoStorage(model, { sealer, ttlMs: 24 * 3600_000 }), 'webchat/conversations/active-shared/');
    const single = await perTurn(new MongoStorage(model, { sealer, ttlMs: 24 * 3600_000, singleWriter: true }), 'webchat/conversations/active-single/');
    // As the server on its own database runs it: the copy here answers reads and eTag checks.
    const cached = await perTurn(new MongoStorage(model, { sealer, ttlMs: 24 * 3600_000, singleWriter: true, cacheItems: 5000 }), 'webchat/conversations/active-cached/');
    const out = { idleConversations: IDLE, turns: TURNS, server: embedded ? `embedded ${embedded.kind}` : 'MONGODB_URI', eTagInDatabase: shared, singleWriter: single, singleWriterCached: cached, load: loadAverage() };
    if (!values.json) {
      console.log(
        `bot state per turn (read + write with eTag) beside ${IDLE} stored conversations (${out.server}, ${TURNS} turns):\n` +
          `  eTag checked by the database   p50 ${shared.p50} ms, p95 ${shared.p95} ms, CPU here ${shared.cpuMs} ms/turn\n` +
          `  single writer (by _id only)    p50 ${single.p50} ms, p95 ${single.p95} ms, CPU here ${single.cpuMs} ms/turn\n` +
          `  single writer, state cached    p50 ${cached.p50} ms, p95 ${cached.p95} ms, CPU here ${cached.cpuMs} ms/turn\n` +
          `  load average ${out.load.join(' ')}`,
      );
    }
    console.log(JSON.stringify(out));
  });
}

runBench(main);
