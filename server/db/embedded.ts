import { spawn, ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fromRoot } from '../../core/paths';
import type { Logger } from '../../core/logger';
import { acquireDataDirLock, type DataDirLock } from './dataDirLock';

/** A MongoDB-compatible server started by this process. */
export interface EmbeddedDatabase {
  /** Connection string (loopback only), including the database name. */
  uri: string;
  /** `ferretdb` (SQLite files) or `mongodb-memory-server` (a downloaded mongod). */
  kind: 'ferretdb' | 'mongodb-memory-server';
  port: number;
  /**
   * Makes lookups by `_id` in the collections that now exist in `dbName`
   * use an index; returns how many collections it indexed. FerretDB's SQLite
   * backend otherwise reads a whole collection for each of them (see
   * tools/ferretdb/idindex.go); MongoDB indexes `_id` itself, so for it this
   * does nothing. Call it after creating the collections; the launcher also
   * does it for every collection on disk when it starts.
   */
  indexIdLookups(dbName: string): Promise<number>;
  /** The database process now (it changes when it is restarted). */
  readonly pid: number | undefined;
  /** How many times it was restarted after exiting on its own. */
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that keeps the data between runs. */
  dir: string;
  /** Fixed port (to restart on the same address); 0 = any free port. */
  port?: number;
  dbName?: string;
  log?: Logger;
}

const LAUNCHER = 'bezbedno-ferretdb';

/** A digest of the launcher's sources, so a changed launcher is rebuilt rather than an old binary reused. */
function launcherSourceHash(): string {
  const dir = fromRoot('tools', 'ferretdb');
  const files = fs.readdirSync(dir).filter((f) => f === 'go.mod' || f === 'go.sum' || f.endsWith('.go')).sort();
  const h = createHash('sha256');
  for (const f of files) h.update(f).update('\0').update(fs.readFileSync(path.join(dir, f))).update('\0');
  return h.digest('hex').slice(0, 16);
}

/**
 * Where the FerretDB launcher binary is, building it with Go when needed.
 * The build runs as a child process (not spawnSync), so the log line that
 * announces it is written before it starts, not after it finished.
 */
export async function resolveFerretLauncher(log?: Logger): Promise<string | undefined> {
  const fromEnv = process.env.BEZBEDNO_FERRETDB_BIN;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  const cached = fromRoot('.cache', 'bin', `${LAUNCHER}-${launcherSourceHash()}`);
  if (fs.existsSync(cached)) return cached;
  if ((await run('go', ['version'], process.cwd(), process.env)).status !== 0) return undefined;
  log?.info({ event: 'db.embedded.build' }, 'building the embedded database (FerretDB) with Go, first run only, about a minute');
  const started = Date.now();
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  // Built under a temporary name and renamed, so an interrupted build never leaves a binary that looks finished.
  const tmp = `${cached}.tmp-${process.pid}`;
  const build = await run('go', ['build', '-o', tmp, '.'], fromRoot('tools', 'ferretdb'), { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' });
  if (build.status !== 0) {
    fs.rmSync(tmp, { force: true });
    log?.error({ event: 'db.embedded.build_failed', stderr: build.stderr.slice(-2000) }, 'could not build FerretDB launcher');
    return undefined;
  }
  fs.renameSync(tmp, cached);
  log?.info({ event: 'db.embedded.built', ms: Date.now() - started }, 'embedded database built');
  return cached;
}

/** Runs a command to completion without blocking the event loop; the tail of its stderr is kept. */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.once('error', () => resolve({ status: null, stderr }));
    child.once('close', (status) => resolve({ status, stderr }));
  });
}

/**
 * Starts the embedded database: FerretDB on SQLite when the launcher exists
 * or Go can build it, otherwise mongodb-memory-server (an ordinary laptop
 * with internet access), persisting under `opts.dir` either way.
 */
export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dbName = opts.dbName ?? 'bezbedno';
  // One owner per data folder: its files have one writer (see dataDirLock.ts).
  const lock = await acquireDataDirLock(opts.dir);
  try {
    const launcher = await resolveFerretLauncher(opts.log);
    const db = launcher
      ? await startFerret(launcher, path.resolve(opts.dir, 'ferretdb'), opts.port ?? 0, dbName, opts.log, lock)
      : await startMongoMemoryServer(path.resolve(opts.dir, 'mongodb'), opts.port, dbName, opts.log);
    lock.update({ dbPid: db.pid, uri: db.uri });
    const stop = db.stop.bind(db);
    return Object.defineProperties(db, {
      stop: { value: () => stop().finally(() => lock.release()) },
    });
  } catch (err) {
    lock.release();
    throw err;
  }
}

/** How long a restarted database must run before a later exit starts the back-off from the beginning again. */
const STABLE_MS = 30_000;

/**
 * FerretDB, supervised: when it exits on its own (a crash, `kill -9`) the exit
 * is logged and it is started again on the same folder and port, with
 * back-off (0.1 s doubling to 5 s while it keeps failing); the driver then
 * reconnects by itself.
 */
async function startFerret(bin: string, dir: string, port: number, dbName: string, log?: Logger, lock?: DataDirLock): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let current = await launchFerret(bin, dir, port);
  const fixedPort = current.port;
  let stopping = false;
  let restarts = 0;
  let failures = 0;
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;

  const supervise = (proc: FerretProcess): void => {
    proc.child.once('exit', (code, signal) => {
      if (stopping || proc !== current) return;
      const lived = Date.now() - startedAt;
      failures = lived > STABLE_MS ? 0 : failures;
      log?.error({ event: 'db.embedded.exited', code, signal, livedMs: lived }, `the embedded database exited (${signal ?? `code ${code}`}); restarting it`);
      restart(Date.now());
    });
  };
  const restart = (since: number): void => {
    const delay = Math.min(5000, 100 * 2 ** failures);
    failures++;
    timer = setTimeout(() => {
      if (stopping) return;
      launchFerret(bin, dir, fixedPort).then(
        async (next) => {
          if (stopping) {
            await stopChild(next.child);
            return;
          }
          current = next;
          startedAt = Date.now();
          restarts++;
          supervise(next);
          lock?.update({ dbPid: next.child.pid });
          log?.info({ event: 'db.embedded.restarted', ms: Date.now() - since, restarts }, 'the embedded database is running again');
        },
        (err: unknown) => {
          log?.error({ event: 'db.embedded.restart_failed', err }, 'could not restart the embedded database; trying again');
          restart(since);
        },
      );
    }, delay);
    timer.unref();
  };
  supervise(current);

  return {
    uri: `mongodb://127.0.0.1:${fixedPort}/${dbName}?directConnection=true&retryWrites=false`,
    kind: 'ferretdb',
    port: fixedPort,
    get pid() {
      return current.child.pid;
    },
    get restarts() {
      return restarts;
    },
    indexIdLookups: (name) => current.commands.index(name),
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      await stopChild(current.child);
    },
  };
}

/** One run of the launcher. */
interface FerretProcess {
  child: ChildProcess;
  port: number;
  commands: LauncherCommands;
}

async function launchFerret(bin: string, dir: string, port: number): Promise<FerretProcess> {
  const child = spawn(bin, ['-dir', dir, '-listen', `127.0.0.1:${port}`], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, DO_NOT_TRACK: '1' },
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const base = await firstLine(child, lines, () => stderrTail);
  const m = /:(\d+)\/?$/.exec(base.trim());
  if (!m) throw new Error(`embedded FerretDB printed an unexpected address: ${base}`);
  return { child, port: Number(m[1]), commands: new LauncherCommands(child, lines) };
}

function firstLine(child: ChildProcess, lines: readline.Interface, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => {
      reject(new Error(`embedded FerretDB exited (code ${code}) before listening: ${stderr()}`));
    };
    child.once('exit', onExit);
    child.once('error', reject);
    lines.once('line', (line) => {
      child.off('exit', onExit);
      resolve(line);
    });
  });
}

/** A plain database name (the launcher opens `<name>.sqlite`; no paths). */
function isDbName(name: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(name);
}

/** How long one index command may take (building an index reads the whole collection once). */
const COMMAND_TIMEOUT_MS = 120_000;

/** The launcher's stdin commands (tools/ferretdb/main.go), one at a time, each answered by one stdout line. */
class LauncherCommands {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting?: (line: string) => void;

  constructor(private readonly child: ChildProcess, lines: readline.Interface) {
    lines.on('line', (line) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.(line);
    });
    // A launcher that has exited answers nothing; a write to it must not crash the server.
    child.stdin?.on('error', () => undefined);
  }

  index(dbName: string): Promise<number> {
    if (!isDbName(dbName)) return Promise.reject(new Error(`not a database name: ${dbName}`));
    const run = this.tail.then(() => this.ask(`index ${dbName}`));
    this.tail = run.catch(() => undefined);
    return run.then((answer) => {
      const ok = /^indexed (\S+) (\d+)$/.exec(answer);
      if (!ok || ok[1] !== dbName) throw new Error(`embedded FerretDB could not index ${dbName}: ${answer}`);
      return Number(ok[2]);
    });
  }

  private ask(command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.stdin?.writable) {
        reject(new Error('embedded FerretDB is not running'));
        return;
      }
      const onExit = (): void => finish(() => reject(new Error('embedded FerretDB exited before answering')));
      const timer = setTimeout(() => finish(() => reject(new Error(`embedded FerretDB did not answer "${command}"`))), COMMAND_TIMEOUT_MS);
      const finish = (then: () => void): void => {
        clearTimeout(timer);
        this.child.off('exit', onExit);
        this.waiting = undefined;
        then();
      };
      this.child.once('exit', onExit);
      this.waiting = (line) => finish(() => resolve(line));
      this.child.stdin.write(`${command}\n`);
    });
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startMongoMemoryServer(dir: string, port: number | undefined, dbName: string, log?: Logger): Promise<EmbeddedDatabase> {
  let mod: typeof import('mongodb-memory-server-core');
  try {
    mod = await import('mongodb-memory-server-core');
  } catch {
    throw new Error(
      'No embedded database available: install Go (to build FerretDB from tools/ferretdb), ' +
        'or install the optional dependency mongodb-memory-server-core, or set MONGODB_URI.',
    );
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  log?.info({ event: 'db.embedded.mongod' }, 'no Go to build FerretDB: starting mongodb-memory-server (its first run downloads mongod, about 100 MB)');
  const server = await mod.MongoMemoryServer.create({
    instance: { dbPath: dir, storageEngine: 'wiredTiger', ip: '127.0.0.1', port: port || undefined },
  });
  const actualPort = Number(new URL(server.getUri()).port);
  return {
    uri: `mongodb://127.0.0.1:${actualPort}/${dbName}?directConnection=true`,
    kind: 'mongodb-memory-server',
    port: actualPort,
    pid: undefined,
    restarts: 0,
    indexIdLookups: (name) => (isDbName(name) ? Promise.resolve(0) : Promise.reject(new Error(`not a database name: ${name}`))),
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}
