/**
 * Load benchmark (SPEC.md section 6): the full Bezbedno bot and a bare
 * botbuilder echo bot, measured in the same run on the same machine, each in
 * its own process, driven by the same closed-loop load from this process,
 * replies posted to a local connector here.
 *
 *   npm run --silent bench -- --json [--conversations 50] [--seconds 10]
 *
 * The last line (with --json) is
 * {"botTurnsPerSec","echoTurnsPerSec","p50Ms","p99Ms","conversations","storage"}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalConnector } from '../test/support/connector';
import { flag, numberArg } from './benchArgs';
import { cpuMs, databasePid, startChild, stopChild, BenchChild } from './benchProcess';
import { runLoad, LoadResult } from './loadGenerator';

const json = flag('--json');
const conversations = numberArg('--conversations', 50);
const seconds = numberArg('--seconds', 10);

const UTTERANCES = [
  'zdravo', 'šta je grooming?', 'neko mi preti da će objaviti moje slike',
  'kako da prijavim nešto', 'how do I make my instagram private', 'помоћ',
];

interface Measured extends LoadResult {
  /** Activities the bot posted back per turn (replies are POSTs, each with its cost). */
  repliesPerTurn: number;
  /** CPU time per measured turn of the bot's process and of its database's, from the end of the warm-up to the end of the run. */
  botCpuMsPerTurn: number;
  dbCpuMsPerTurn: number;
}

const WARMUP_MS = 2000;

async function measure(bot: BenchChild, connector: LocalConnector, serviceUrl: string, label: string): Promise<Measured> {
  const before = connector.posted;
  const dbPid = databasePid() ?? databasePid(bot.pid);
  let cpu0 = { bot: NaN, db: NaN };
  const warm = setTimeout(() => (cpu0 = { bot: cpuMs(bot.pid), db: cpuMs(dbPid) }), WARMUP_MS);
  const result = await runLoad({
    url: `http://127.0.0.1:${bot.port}/api/messages`,
    conversations,
    durationMs: seconds * 1000,
    warmupMs: WARMUP_MS,
    activity: (c, n) => ({
      type: 'message',
      id: `${label}-${c}-${n}`,
      channelId: 'emulator',
      serviceUrl,
      locale: 'sr-Latn',
      conversation: { id: `${label}-conv-${c}` },
      from: { id: `${label}-user-${c}` },
      recipient: { id: 'bot' },
      text: UTTERANCES[(c + n) % UTTERANCES.length],
    }),
  });
  clearTimeout(warm);
  const perTurn = (ms: number): number => (result.turns ? ms / result.turns : NaN);
  return {
    ...result,
    repliesPerTurn: result.answered ? (connector.posted - before) / result.answered : NaN,
    botCpuMsPerTurn: perTurn(cpuMs(bot.pid) - cpu0.bot),
    dbCpuMsPerTurn: dbPid ? perTurn(cpuMs(dbPid) - cpu0.db) : 0,
  };
}

async function main(): Promise<void> {
  const connector = new LocalConnector({ keep: false });
  const serviceUrl = await connector.start();
  const uri = process.env.MONGODB_URI;
  // Without MONGODB_URI the bot starts its own embedded database, as `npm start` does.
  const tmp = uri ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-bench-'));
  const storage = uri ? 'MongoStorage on MONGODB_URI' : 'MongoStorage on the server\'s own embedded database (single writer)';
  const dbEnv: NodeJS.ProcessEnv = uri ? { MONGODB_URI: Object.assign(new URL(uri), { pathname: `/bench_${Date.now()}` }).toString() } : { MONGODB_URI: '', DATA_DIR: tmp };

  const probes = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-bench-probe-'));
  const echo = await startChild('bench/echoBot.ts', {}, path.join(probes, 'echo.jsonl'));
  const echoResult = await measure(echo, connector, serviceUrl, 'echo');
  await stopChild(echo.child);

  const bot = await startChild('server/main.ts', { PORT: '0', LOG_LEVEL: 'info', ...dbEnv }, path.join(probes, 'bot.jsonl'));
  const botResult = await measure(bot, connector, serviceUrl, 'bot');
  await stopChild(bot.child);
  fs.rmSync(probes, { recursive: true, force: true });

  await connector.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });

  const round = (x: number): number => Math.round(x * 10) / 10;
  const rows = [
    ['', 'turns/s', 'p50 ms', 'p95 ms', 'p99 ms', 'turns', 'errors', 'replies/turn', 'CPU ms/turn', 'db CPU ms/turn'],
    ...([['bezbedno bot', botResult], ['echo baseline', echoResult]] as const).map(([name, r]) => [
      name, round(r.turnsPerSec), round(r.p50Ms), round(r.p95Ms), round(r.p99Ms), r.turns, r.errors, round(r.repliesPerTurn), Math.round(r.botCpuMsPerTurn * 100) / 100, Math.round(r.dbCpuMsPerTurn * 100) / 100,
    ]),
  ];
  const out = json ? process.stderr : process.stdout;
  out.write(`load: ${conversations} conversations, ${seconds} s measured after 2 s warm-up, ${os.cpus().length} cores, ${storage}\n`);
  for (const r of rows) out.write(`${r.map((c) => String(c).padStart(16)).join('')}\n`);
  out.write(`ratio bot/echo turns/s: ${(botResult.turnsPerSec / echoResult.turnsPerSec).toFixed(2)}\n`);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({
        botTurnsPerSec: round(botResult.turnsPerSec),
        echoTurnsPerSec: round(echoResult.turnsPerSec),
        p50Ms: round(botResult.p50Ms),
        p99Ms: round(botResult.p99Ms),
        conversations,
        storage,
      })}\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
