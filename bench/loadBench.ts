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
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fromRoot } from '../core/paths';
import { LocalConnector } from '../test/support/connector';
import { flag, numberArg } from './benchArgs';
import { runLoad, LoadResult } from './loadGenerator';

const json = flag('--json');
const conversations = numberArg('--conversations', 50);
const seconds = numberArg('--seconds', 10);

const UTTERANCES = [
  'zdravo', 'šta je grooming?', 'neko mi preti da će objaviti moje slike',
  'kako da prijavim nešto', 'how do I make my instagram private', 'помоћ',
];

function startChild(script: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: fromRoot(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      try {
        const rec = JSON.parse(line) as { event?: string; port?: number };
        if (rec.event === 'server.listening' && rec.port) resolve({ child, port: rec.port });
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The run's figures, and how many activities the bot posted back per turn (replies are POSTs, each with its cost). */
async function measure(url: string, connector: LocalConnector, serviceUrl: string, label: string): Promise<LoadResult & { repliesPerTurn: number }> {
  const before = connector.posted;
  const result = await runLoad({
    url,
    conversations,
    durationMs: seconds * 1000,
    warmupMs: 2000,
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
  return { ...result, repliesPerTurn: result.answered ? (connector.posted - before) / result.answered : NaN };
}

async function main(): Promise<void> {
  const connector = new LocalConnector({ keep: false });
  const serviceUrl = await connector.start();
  const uri = process.env.MONGODB_URI;
  // Without MONGODB_URI the bot starts its own embedded database, as `npm start` does.
  const tmp = uri ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-bench-'));
  const storage = uri ? 'MongoStorage on MONGODB_URI' : 'MongoStorage on the server\'s own embedded database (single writer)';
  const dbEnv: NodeJS.ProcessEnv = uri ? { MONGODB_URI: Object.assign(new URL(uri), { pathname: `/bench_${Date.now()}` }).toString() } : { MONGODB_URI: '', DATA_DIR: tmp };

  const echo = await startChild('bench/echoBot.ts', {});
  const echoResult = await measure(`http://127.0.0.1:${echo.port}/api/messages`, connector, serviceUrl, 'echo');
  await stopChild(echo.child);

  const bot = await startChild('server/main.ts', { PORT: '0', LOG_LEVEL: 'info', ...dbEnv });
  const botResult = await measure(`http://127.0.0.1:${bot.port}/api/messages`, connector, serviceUrl, 'bot');
  await stopChild(bot.child);

  await connector.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });

  const round = (x: number): number => Math.round(x * 10) / 10;
  const rows = [
    ['', 'turns/s', 'p50 ms', 'p95 ms', 'p99 ms', 'turns', 'errors', 'replies/turn'],
    ['bezbedno bot', round(botResult.turnsPerSec), round(botResult.p50Ms), round(botResult.p95Ms), round(botResult.p99Ms), botResult.turns, botResult.errors, round(botResult.repliesPerTurn)],
    ['echo baseline', round(echoResult.turnsPerSec), round(echoResult.p50Ms), round(echoResult.p95Ms), round(echoResult.p99Ms), echoResult.turns, echoResult.errors, round(echoResult.repliesPerTurn)],
  ];
  const out = json ? process.stderr : process.stdout;
  out.write(`load: ${conversations} conversations, ${seconds} s measured after 2 s warm-up, ${os.cpus().length} cores, ${storage}\n`);
  for (const r of rows) out.write(`${r.map((c) => String(c).padStart(14)).join('')}\n`);
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
