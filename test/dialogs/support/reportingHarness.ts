import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { ReportingServices } from '../../../dialogs/report/reportingServices';
import { botStateModel } from '../../../models/botStateStore';
import { MongoStorage } from '../../../models/mongoStorage';
import { reportModel, type ReportDoc } from '../../../models/report';
import { createLogger } from '../../../core/logger';
import { CipherStateSealer } from '../../../services/crypto/stateSealer';
import { createReportServices, type ReportServices } from '../../../services/reports/index';
import { openEvidence } from '../../../services/reports/reportEvidence';
import type { ReportCase } from '../../../services/dashboard/reportCase';
import { staffCases } from '../../support/staffCase';
import { dropTestDb, openTestDb } from '../../support/db';
import { loadSection } from '../../../core/config';

/** The real reports layer on a fresh test database, as the server builds it. */
export class ReportingFixture {
  conn!: Connection;
  services!: ReportServices;
  private dir!: string;

  constructor(private readonly label: string, private readonly env: Record<string, string> = {}) {}

  async start(): Promise<void> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `bezbedno-${this.label}-`));
    this.conn = await openTestDb(this.label);
    this.services = createReportServices(this.conn, loadSection('reports', { DATA_DIR: this.dir, REPORT_ENCRYPTION_KEYS: `t1:${randomBytes(32).toString('base64')}`, ...this.env }), createLogger('silent'));
    await this.services.ensureIndexes();
    await botStateModel(this.conn).createIndexes();
  }

  async stop(): Promise<void> {
    await this.services?.stop();
    await dropTestDb(this.conn);
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** What the bot gets (createBot's `reporting`). */
  get reporting(): ReportingServices {
    return { submitter: this.services.submitter, followUp: this.services.followUp, cipher: this.services.cipher, onDuty: this.services.onDuty };
  }

  /** Conversation state in the same database, sealed as the server seals it, so tests can read what state holds. */
  storage(): MongoStorage {
    return new MongoStorage(botStateModel(this.conn), { ttlMs: 3600_000, sealer: new CipherStateSealer(this.services.cipher) });
  }

  /** The contact centre's side of the reports, as the dashboard builds it. */
  cases(): ReportCase {
    return staffCases(this.conn, this.services.cipher);
  }

  async report(caseCode: string): Promise<ReportDoc> {
    const r = await reportModel(this.conn).findOne({ caseCode }).lean<ReportDoc>();
    if (!r) throw new Error(`no report ${caseCode}`);
    return r;
  }

  narrative(r: ReportDoc): string {
    return this.services.cipher.decrypt(r.narrative!, { reportId: r._id.toHexString(), field: 'narrative' });
  }

  /** The report's whole evidence: sent with it and added by follow-up messages. */
  evidence(r: ReportDoc): { urls: string[]; handles: string[] } {
    return openEvidence(this.services.cipher, r) ?? { urls: [], handles: [] };
  }

  async count(): Promise<number> {
    return reportModel(this.conn).countDocuments();
  }

  /** Every document of every collection, as raw JSON text (what someone with the database alone sees). */
  async rawDump(): Promise<string> {
    const names = (await this.conn.db!.listCollections().toArray()).map((c) => c.name);
    const all: unknown[] = [];
    for (const name of names) all.push(...(await this.conn.db!.collection(name).find().toArray()));
    return JSON.stringify(all);
  }
}
