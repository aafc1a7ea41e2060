import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FieldCipher } from '../crypto/fieldCipher';
import type { EncryptedField } from '../../models/encryptedField';
import { KeyedMutex } from '../../core/keyedMutex';
import { deserialisePrepared, serialisePrepared, type PreparedReport } from './preparedReport';

/** One spooled report as listed (no content). */
export interface SpoolEntry {
  key: string;
  file: string;
  spooledAt: Date;
}

interface SpoolFile {
  v: 1;
  key: string;
  spooledAt: string;
  payload: EncryptedField;
}

const SUFFIX = '.spool';

/**
 * The encrypted local spool: one file per submission, named by the keyed
 * submission digest (no identifier in the name), holding the prepared
 * report encrypted once more as a whole (its metadata included). Files are
 * written to a temporary name, fsynced, then linked into place — a crash
 * leaves either no entry or a complete one — and the folder is fsynced so
 * the entry survives a power cut. Nothing here ever deletes an entry except
 * {@link remove}, which the flusher calls after the database acknowledged it.
 */
export class ReportSpool {
  private readonly mutex = new KeyedMutex();
  private ready?: Promise<void>;

  constructor(readonly dir: string, private readonly cipher: FieldCipher) {}

  /** Runs `task` while no other spool operation on `key` runs in this process. */
  withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.mutex.run(key, task);
  }

  /** Writes a new entry; `exists` if one is already there for this submission (never overwritten). */
  async write(key: string, prepared: PreparedReport): Promise<'written' | 'exists'> {
    await this.ensureDir();
    const tmp = await this.writeTemp(key, prepared);
    try {
      await fs.link(tmp, this.fileOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw err;
    } finally {
      await fs.unlink(tmp).catch(() => undefined);
    }
    await this.syncDir();
    return 'written';
  }

  /** Replaces an existing entry atomically (a reissued passphrase). */
  async replace(key: string, prepared: PreparedReport): Promise<void> {
    await this.ensureDir();
    const tmp = await this.writeTemp(key, prepared);
    await fs.rename(tmp, this.fileOf(key));
    await this.syncDir();
  }

  /** The entry stored under any of `keys` (digests under every key ring key), if any. */
  async find(keys: string[]): Promise<{ key: string; prepared: PreparedReport } | undefined> {
    for (const key of keys) {
      const prepared = await this.read(key);
      if (prepared) return { key, prepared };
    }
    return undefined;
  }

  async read(key: string): Promise<PreparedReport | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const file = JSON.parse(text) as SpoolFile;
    return deserialisePrepared(this.cipher.decrypt(file.payload, { reportId: 'spool', field: key }));
  }

  async list(): Promise<SpoolEntry[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const entries: SpoolEntry[] = [];
    for (const name of names.filter((n) => n.endsWith(SUFFIX))) {
      const file = path.join(this.dir, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (stat) entries.push({ key: name.slice(0, -SUFFIX.length), file, spooledAt: stat.mtime });
    }
    return entries.sort((a, b) => a.spooledAt.getTime() - b.spooledAt.getTime());
  }

  async remove(key: string): Promise<void> {
    await fs.unlink(this.fileOf(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await this.syncDir();
  }

  private fileOf(key: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error('invalid spool key');
    return path.join(this.dir, key + SUFFIX);
  }

  private async writeTemp(key: string, prepared: PreparedReport): Promise<string> {
    const body: SpoolFile = {
      v: 1,
      key,
      spooledAt: new Date().toISOString(),
      payload: this.cipher.encrypt(serialisePrepared(prepared), { reportId: 'spool', field: key }),
    };
    const tmp = path.join(this.dir, `.tmp-${randomBytes(8).toString('hex')}`);
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(body));
      await handle.sync();
    } finally {
      await handle.close();
    }
    return tmp;
  }

  private ensureDir(): Promise<void> {
    this.ready ??= fs.mkdir(this.dir, { recursive: true, mode: 0o700 }).then(() => undefined);
    return this.ready;
  }

  private async syncDir(): Promise<void> {
    const handle = await fs.open(this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
