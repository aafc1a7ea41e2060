import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fromRoot } from '../paths';
import type { Logger } from '../logger';

/** A MongoDB-compatible server started by this process. */
export interface EmbeddedDatabase {
  /** Connection string (loopback only), including the database name. */
  uri: string;
  /** `ferretdb` (SQLite files) or `mongodb-memory-server` (a downloaded mongod). */
  kind: 'ferretdb' | 'mongodb-memory-server';
  port: number;
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

/** Where the FerretDB launcher binary is, building it with Go when needed. */
export function resolveFerretLauncher(log?: Logger): string | undefined {
  const fromEnv = process.env.BEZBEDNO_FERRETDB_BIN;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  const cached = fromRoot('.cache', 'bin', LAUNCHER);
  if (fs.existsSync(cached)) return cached;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return undefined;
  log?.info({ event: 'db.embedded.build' }, 'building the embedded FerretDB launcher with Go (first run only)');
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  const build = spawnSync('go', ['build', '-o', cached, '.'], {
    cwd: fromRoot('tools', 'ferretdb'),
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    log?.error({ event: 'db.embedded.build_failed', stderr: build.stderr.slice(-2000) }, 'could not build FerretDB launcher');
    return undefined;
  }
  return cached;
}

/**
 * Starts the embedded database: FerretDB on SQLite when the launcher exists
 * or Go can build it, otherwise mongodb-memory-server (an ordinary laptop
 * with internet access), persisting under `opts.dir` either way.
 */
export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dbName = opts.dbName ?? 'bezbedno';
  const launcher = resolveFerretLauncher(opts.log);
  if (launcher) {
    return startFerret(launcher, path.resolve(opts.dir, 'ferretdb'), opts.port ?? 0, dbName);
  }
  return startMongoMemoryServer(path.resolve(opts.dir, 'mongodb'), opts.port, dbName);
}

async function startFerret(bin: string, dir: string, port: number, dbName: string): Promise<EmbeddedDatabase> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const child = spawn(bin, ['-dir', dir, '-listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DO_NOT_TRACK: '1' },
  });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
  });
  const base = await firstLine(child, () => stderrTail);
  const m = /:(\d+)\/?$/.exec(base.trim());
  if (!m) throw new Error(`embedded FerretDB printed an unexpected address: ${base}`);
  const actualPort = Number(m[1]);
  return {
    uri: `mongodb://127.0.0.1:${actualPort}/${dbName}?directConnection=true&retryWrites=false`,
    kind: 'ferretdb',
    port: actualPort,
    stop: () => stopChild(child),
  };
}

function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    const onExit = (code: number | null): void => {
      reject(new Error(`embedded FerretDB exited (code ${code}) before listening: ${stderr()}`));
    };
    child.once('exit', onExit);
    child.once('error', reject);
    rl.once('line', (line) => {
      child.off('exit', onExit);
      rl.close();
      resolve(line);
    });
  });
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

async function startMongoMemoryServer(dir: string, port: number | undefined, dbName: string): Promise<EmbeddedDatabase> {
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
  const server = await mod.MongoMemoryServer.create({
    instance: { dbPath: dir, storageEngine: 'wiredTiger', ip: '127.0.0.1', port: port || undefined },
  });
  const actualPort = Number(new URL(server.getUri()).port);
  return {
    uri: `mongodb://127.0.0.1:${actualPort}/${dbName}?directConnection=true`,
    kind: 'mongodb-memory-server',
    port: actualPort,
    stop: async () => {
      await server.stop({ doCleanup: false });
    },
  };
}
