/**
 * The processes the conversation benches measure: the bot (or the echo bot)
 * in a child process with bench/probe.ts loaded, the embedded database in
 * another, and what Linux says about each (/proc: CPU time, resident memory).
 */
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { fromRoot } from '../core/paths';

export interface BenchChild {
  child: ChildProcess;
  pid: number;
  port: number;
  probeFile: string;
}

/**
 * The V8 flags the server runs with (package.json "config.nodeFlags", as
 * scripts/start.mjs and the image start it). The benches give them to the
 * bot and to the echo bot alike, so a ratio compares code, not settings.
 */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as { config: { nodeFlags: string } };
  return pkg.config.nodeFlags.split(' ').filter(Boolean);
}

/** Starts `script` under tsx with the probe and the server's V8 flags; resolves once it logs `server.listening`. */
export function startChild(script: string, env: NodeJS.ProcessEnv, probeFile: string): Promise<BenchChild> {
  fs.writeFileSync(probeFile, '');
  const child = spawn(process.execPath, [...serverNodeFlags(), '--import', 'tsx', '--import', './bench/probe.ts', script], {
    cwd: fromRoot(),
    env: { ...process.env, ...env, BENCH_PROBE_FILE: probeFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      if (!line.includes('server.listening')) return;
      try {
        const rec = JSON.parse(line) as { event?: string; port?: number };
        if (rec.event === 'server.listening' && rec.port) resolve({ child, pid: child.pid!, port: rec.port, probeFile });
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (user + system) a process has used, in ms; NaN when it cannot be read. */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** Resident memory now, in MB. */
export function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The embedded database's process: a child of `parent` (this process by default) named ferretdb / mongod. */
export function databasePid(parent = process.pid): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && /ferret|mongod/i.test(comm)) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

/** Samples the peak resident memory of `pids` until stopped. */
export function rssSampler(pids: Array<number | undefined>): { stop: () => number[] } {
  const peak = pids.map(() => 0);
  const timer = setInterval(() => pids.forEach((p, i) => (peak[i] = Math.max(peak[i]!, rssMb(p) || 0))), 250);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

export interface ProbeSummary {
  lagP99Ms: number;
  lagMaxMs: number;
  elu: number;
  gcMsPerSec: number;
}

/** The bot's own event-loop and GC figures (bench/probe.ts) between two times. */
export function readProbe(file: string, from: number, to: number): ProbeSummary {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { t: number; lagP99Ms: number; lagMaxMs: number; elu: number; gcMs: number });
  const inside = lines.filter((l) => l.t > from && l.t <= to + 1000);
  if (!inside.length) return { lagP99Ms: NaN, lagMaxMs: NaN, elu: NaN, gcMsPerSec: NaN };
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sortedP99 = inside.map((l) => l.lagP99Ms).sort((a, b) => a - b);
  return {
    lagP99Ms: sortedP99[Math.floor(sortedP99.length / 2)]!,
    lagMaxMs: Math.max(...inside.map((l) => l.lagMaxMs)),
    elu: mean(inside.map((l) => l.elu)),
    gcMsPerSec: mean(inside.map((l) => l.gcMs)),
  };
}
