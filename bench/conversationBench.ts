/**
 * Whole-conversation load (bench/conversationLoad.ts): pupils and adults in
 * info and report flows, tapping and typing, a crisis message mid-way, with
 * think time, against the full bot in a child process, over /api/messages
 * (local connector) and the local Direct Line (REST and WebSocket); the
 * bare echo bot over /api/messages in the same run as the floor.
 *
 *   npm run --silent bench:conversations [-- --conversations 50] [-- --think 1000] [-- --seconds 15] [-- --json]
 *
 * Prints per run: turns/s, p50/p95/p99 turn latency, CPU ms per turn in the
 * bot's process and the database's, peak RSS, the bot's event-loop lag p99
 * (median of per-second values), utilisation and GC time, errors. --think 0
 * is a closed loop (each user sends as soon as answered: the capacity).
 */
import os from 'node:os';
import { BenchRig, PhaseRow, table } from './conversationRun';
import { flag, numberArg } from './benchArgs';
import { loadAverage, runBench } from './benchDatabase';

const conversations = numberArg('--conversations', 50);
const thinkMs = numberArg('--think', 1000);
const seconds = numberArg('--seconds', 15);

runBench(async () => {
  const rig = new BenchRig();
  await rig.start();
  const rows: PhaseRow[] = [];
  const before = loadAverage();
  try {
    const echo = await rig.echo();
    rows.push(await rig.phase(echo, 'echo /api/messages', 'api', conversations, thinkMs, seconds));
    await rig.stopChild(echo);
    const bot = await rig.bot();
    rows.push(await rig.phase(bot, 'bot /api/messages', 'api', conversations, thinkMs, seconds));
    rows.push(await rig.phase(bot, 'bot Direct Line REST', 'dl-rest', conversations, thinkMs, seconds));
    rows.push(await rig.phase(bot, 'bot Direct Line WS', 'dl-ws', conversations, thinkMs, seconds));
    await rig.stopChild(bot);
  } finally {
    await rig.stop();
  }
  const echo = rows[0]!;
  const bot = rows[1]!;
  console.log(`whole conversations: ${conversations} at once, think ${thinkMs} ms (mean, exponential), ${seconds} s measured after 2 s warm-up; ${os.cpus().length} cores; load average ${before.join(' ')} → ${loadAverage().join(' ')}; storage: ${rig.storage}`);
  console.log(table(rows));
  console.log(`bot / echo over /api/messages: turns/s ${(bot.turnsPerSec / echo.turnsPerSec).toFixed(2)}×, CPU per turn ${(bot.botCpuMsPerTurn / echo.botCpuMsPerTurn).toFixed(1)}× (${bot.botCpuMsPerTurn} vs ${echo.botCpuMsPerTurn} ms)`);
  if (flag('--json')) console.log(JSON.stringify({ conversations, thinkMs, seconds, loadAverage: before, rows }));
});
