/**
 * One measured phase of whole-conversation load against a bot child process:
 * the load's figures plus the CPU each process spent per turn, peak resident
 * memory and the bot's event-loop lag and GC (bench/probe.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, EmbeddedDatabase } from '../server/db/embedded';
import { cpuMs, databasePid, readProbe, rssSampler, startChild, stopChild, BenchChild } from './benchProcess';
import { runConversations, ReplySink, Transport } from './conversationLoad';

export interface PhaseRow {
  name: string;
  transport: Transport;
  conversations: number;
  thinkMs: number;
  offeredPerSec: number;
  turnsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  turns: number;
  botCpuMsPerTurn: number;
  dbCpuMsPerTurn: number;
  /** Bot process CPU as a share of one core. */
  botCpuCores: number;
  botPeakRssMb: number;
  dbPeakRssMb: number;
  lagP99Ms: number;
  lagMaxMs: number;
  elu: number;
  gcMsPerSec: number;
}

/** The load's environment: database, reply sink, the children's settings. */
export class BenchRig {
  db?: EmbeddedDatabase;
  dbPid?: number;
  uri = '';
  sink = new ReplySink();
  serviceUrl = '';
  private tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-conv-bench-'));
  readonly storage: string;

  constructor() {
    this.storage = process.env.MONGODB_URI ? 'MONGODB_URI' : 'embedded database (its own process)';
  }

  async start(): Promise<void> {
    this.serviceUrl = await this.sink.start();
    if (process.env.MONGODB_URI) {
      this.uri = Object.assign(new URL(process.env.MONGODB_URI), { pathname: `/bench_${Date.now()}` }).toString();
    } else {
      this.db = await startEmbeddedDatabase({ dir: path.join(this.tmp, 'db') });
      this.uri = Object.assign(new URL(this.db.uri), { pathname: `/bench_${Date.now()}` }).toString();
      this.dbPid = databasePid();
    }
  }

  echo(): Promise<BenchChild> {
    return startChild('bench/echoBot.ts', {}, path.join(this.tmp, 'echo.probe'));
  }

  async bot(extraEnv: NodeJS.ProcessEnv = {}): Promise<BenchChild> {
    const child = await startChild('server/main.ts', {
      PORT: '0', LOG_LEVEL: 'info', MONGODB_URI: this.uri, DATA_DIR: path.join(this.tmp, 'data'),
      // One machine plays every user: the per-address and per-conversation limits would refuse it.
      DIRECTLINE_POSTS_PER_MINUTE: '100000', DIRECTLINE_POST_BURST: '100000', DIRECTLINE_READS_PER_MINUTE: '100000',
      DIRECTLINE_TOKENS_PER_MINUTE: '100000', DIRECTLINE_MAX_CONVERSATIONS: '1000000',
      ...extraEnv,
    }, path.join(this.tmp, 'bot.probe'));
    // The server indexes the `_id` lookups of the embedded database only when it
    // started it itself; given MONGODB_URI it relies on the database's own `_id`
    // index (MongoDB, Cosmos DB). On the bench's embedded database every lookup
    // by `_id` would read the whole collection, which no deployment does.
    await this.db?.indexIdLookups(new URL(this.uri).pathname.slice(1));
    return child;
  }

  async phase(child: BenchChild, name: string, transport: Transport, conversations: number, thinkMs: number, seconds: number, warmupSeconds = 2): Promise<PhaseRow> {
    const url = transport === 'api' ? `http://127.0.0.1:${child.port}/api/messages` : `http://127.0.0.1:${child.port}`;
    const rss = rssSampler([child.pid, this.dbPid]);
    let cpu0 = { bot: NaN, db: NaN, t: 0 };
    // CPU is read from the end of the warm-up to the end of the run.
    const warm = setTimeout(() => (cpu0 = { bot: cpuMs(child.pid), db: cpuMs(this.dbPid), t: Date.now() }), warmupSeconds * 1000);
    const result = await runConversations({
      transport, url, serviceUrl: this.serviceUrl, sink: this.sink, conversations, thinkMs,
      durationMs: seconds * 1000, warmupMs: warmupSeconds * 1000, label: `${name}-${Date.now()}`,
    });
    clearTimeout(warm);
    const until = Date.now();
    const botCpu = cpuMs(child.pid) - cpu0.bot;
    const dbCpu = cpuMs(this.dbPid) - cpu0.db;
    const [botPeak, dbPeak] = rss.stop();
    const probe = readProbe(child.probeFile, cpu0.t, until);
    const r1 = (x: number): number => Math.round(x * 10) / 10;
    return {
      name, transport, conversations, thinkMs,
      offeredPerSec: r1(thinkMs > 0 ? conversations / (thinkMs / 1000) : NaN),
      turnsPerSec: r1(result.turnsPerSec), p50Ms: r1(result.p50Ms), p95Ms: r1(result.p95Ms), p99Ms: r1(result.p99Ms),
      errors: result.errors, turns: result.turns,
      botCpuMsPerTurn: Math.round((botCpu / Math.max(1, result.turns)) * 100) / 100,
      dbCpuMsPerTurn: Math.round((dbCpu / Math.max(1, result.turns)) * 100) / 100,
      botCpuCores: Math.round((botCpu / Math.max(1, until - cpu0.t)) * 100) / 100,
      botPeakRssMb: Math.round(botPeak!), dbPeakRssMb: Math.round(dbPeak!),
      lagP99Ms: r1(probe.lagP99Ms), lagMaxMs: r1(probe.lagMaxMs), elu: Math.round(probe.elu * 100) / 100, gcMsPerSec: r1(probe.gcMsPerSec),
    };
  }

  async stopChild(child: BenchChild): Promise<void> {
    await stopChild(child.child);
  }

  async stop(): Promise<void> {
    await this.sink.stop();
    await this.db?.stop();
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** A fixed-width table of rows. */
export function table(rows: PhaseRow[]): string {
  const cols: Array<[string, (r: PhaseRow) => string | number]> = [
    ['run', (r) => r.name], ['conv', (r) => r.conversations], ['think ms', (r) => r.thinkMs], ['turns/s', (r) => r.turnsPerSec],
    ['p50 ms', (r) => r.p50Ms], ['p95 ms', (r) => r.p95Ms], ['p99 ms', (r) => r.p99Ms], ['errors', (r) => r.errors],
    ['bot cpu ms/turn', (r) => r.botCpuMsPerTurn], ['db cpu ms/turn', (r) => r.dbCpuMsPerTurn], ['bot cores', (r) => r.botCpuCores],
    ['bot rss MB', (r) => r.botPeakRssMb], ['db rss MB', (r) => r.dbPeakRssMb], ['lag p99 ms', (r) => r.lagP99Ms], ['elu', (r) => r.elu], ['gc ms/s', (r) => r.gcMsPerSec],
  ];
  const cells = [cols.map(([h]) => h), ...rows.map((r) => cols.map(([, f]) => String(f(r))))];
  const widths = cols.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  return cells.map((c) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')).join('\n');
}
