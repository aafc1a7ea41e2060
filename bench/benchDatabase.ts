import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { startEmbeddedDatabase } from '../server/db/embedded';
import type { EmbeddedDatabase } from '../server/db/embedded';

/** A throw-away database for one bench run. */
export interface BenchDatabase {
  conn: Connection;
  /** Its name (for the launcher's index command). */
  dbName: string;
  /** Its connection string. */
  uri: string;
  /** The embedded server, when MONGODB_URI was not set. */
  embedded?: EmbeddedDatabase;
}

/**
 * Runs `fn` on a fresh database named `<prefix>_<random>`: on MONGODB_URI,
 * or on the embedded database in a temporary folder. Drops and removes it
 * afterwards, whatever `fn` did; `main` runs it and exits 1 on an error.
 */
export async function withBenchDatabase<T>(prefix: string, fn: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const given = process.env.MONGODB_URI;
  const tmp = given ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), `bezbedno-${prefix}-`));
  const embedded = tmp ? await startEmbeddedDatabase({ dir: tmp }) : undefined;
  const dbName = `${prefix}_${randomBytes(3).toString('hex')}`;
  const url = new URL(embedded?.uri ?? given!);
  url.pathname = `/${dbName}`;
  const conn = await mongoose.createConnection(url.toString(), { autoIndex: false }).asPromise();
  try {
    return await fn({ conn, dbName, uri: url.toString(), embedded });
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs `fn` `runs` times; the median time (ms, one decimal) and the last result. */
export async function time<T>(runs: number, fn: () => Promise<T>): Promise<{ medianMs: number; result: T }> {
  const ms: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: Math.round(ms[Math.floor(ms.length / 2)]! * 10) / 10, result };
}

/** The machine's load averages (1, 5, 15 min), printed beside every number. */
export function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

/** Runs a bench's main; an error is printed and the process exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
