import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors';

/** What the owner of an embedded database folder writes down (mode 0600): who it is, and where its database listens. */
export interface DataDirOwner {
  /** The process that owns the folder (a server, or `npm run admin` when no server runs). */
  pid: number;
  /** The embedded database's own process. */
  dbPid?: number;
  /** The database's URI (loopback only, no credentials), for `npm run admin` while the server runs. */
  uri?: string;
  startedAt: string;
}

/** Raised when another live process owns the data folder. */
export class DataDirInUseError extends AppError<'DataDirInUse'> {
  constructor(readonly pid: number, readonly file: string) {
    super(
      'DataDirInUse',
      `The embedded database in ${path.dirname(file)} is in use by process ${pid}: one server per data folder ` +
        '(the embedded database has one writer). Stop that process first, use another DATA_DIR, or — to run several ' +
        'instances — give them one MONGODB_URI (MongoDB or Cosmos DB). `npm run admin` works while the server runs.',
      { pid, file },
    );
  }
}

const FILE = 'embedded-db.json';

/** Lock files this process holds: a file naming our pid that is not among them is a previous process's (a container restarted as pid 1). */
const held = new Set<string>();

function lockFile(dataDir: string): string {
  return path.resolve(dataDir, FILE);
}

function alive(pid: number | undefined): boolean {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): DataDirOwner | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DataDirOwner>;
    return typeof parsed.pid === 'number' ? (parsed as DataDirOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** The live owner of `dataDir`'s embedded database (its URI when it has one), or undefined. */
export function runningOwner(dataDir: string): DataDirOwner | undefined {
  const owner = readOwner(lockFile(dataDir));
  return owner && owner.pid !== process.pid && alive(owner.pid) ? owner : undefined;
}

/** True when `pid` is our FerretDB launcher (so an orphan may be stopped, never an unrelated process that reused the pid). */
function isOurLauncher(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bezbedno-ferretdb');
  } catch {
    return false;
  }
}

/** Stops the database a dead owner left running (its files must have one writer). */
async function stopOrphan(dbPid: number | undefined): Promise<void> {
  if (!dbPid || !alive(dbPid) || !isOurLauncher(dbPid)) return;
  process.kill(dbPid, 'SIGKILL');
  const deadline = Date.now() + 5000;
  while (alive(dbPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** The held lock of a data folder. */
export interface DataDirLock {
  readonly file: string;
  /** Records the database's process and URI (for `npm run admin`). */
  update(info: { dbPid?: number; uri?: string }): void;
  release(): void;
}

/**
 * Takes the data folder for this process: creates `embedded-db.json`
 * exclusively (mode 0600). If it exists and its process lives, refuses with
 * {@link DataDirInUseError}; if that process is dead, the lock is stale: the
 * database it may have left running is stopped and the lock taken over.
 */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  fs.mkdirSync(path.resolve(dataDir), { recursive: true, mode: 0o700 });
  const file = lockFile(dataDir);
  let owner: DataDirOwner = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(owner), { mode: 0o600, flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
    }
    const current = readOwner(file);
    const ours = current?.pid === process.pid;
    if (current && (ours ? held.has(file) : alive(current.pid))) throw new DataDirInUseError(current.pid, file);
    await stopOrphan(current?.dbPid);
    // Stale: whoever unlinks it first retakes it with 'wx'; a second starter then finds the winner alive.
    fs.rmSync(file, { force: true });
  }
  held.add(file);
  const write = (): void => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(owner), { mode: 0o600 });
    fs.renameSync(tmp, file);
  };
  return {
    file,
    update: (info) => {
      owner = { ...owner, ...info };
      write();
    },
    release: () => {
      held.delete(file);
      if (readOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}
