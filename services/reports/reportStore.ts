import type { ReportDoc } from '../../models/report';
import type { ReporterContactRepository } from '../../models/reporterContactRepository';
import { CaseCodeCollisionError, type ReportRepository } from '../../models/reportRepository';
import { isDuplicateKey } from '../../core/duplicateKey';
import type { PreparedReport } from './preparedReport';
import type { AccountLinks } from './accountLinks';

export { CaseCodeCollisionError };

/** What {@link ReportStore.store} did. */
export type StoreOutcome =
  | { outcome: 'stored'; report: ReportDoc }
  /** Another report was already stored for the same submission. */
  | { outcome: 'duplicate'; existing: ReportDoc };

/** Called once a report is in the database (queues its notices); must be idempotent. */
export type OnStored = (report: ReportDoc) => Promise<void>;

/**
 * Writes a prepared report in idempotent steps — case-code link (embedded database), report,
 * account links and queue entry, contact, then the `onStored` hook — so any step can be
 * repeated after a failure (from the spool, or after a write that timed out
 * but landed) without creating a second report, contact or notice.
 */
export class ReportStore {
  constructor(
    private readonly reports: ReportRepository,
    private readonly contacts: ReporterContactRepository,
    private readonly onStored?: OnStored,
    private readonly accounts?: AccountLinks,
  ) {}

  /** Finds a stored report by any of its submission digests (see FieldCipher#digests). */
  async findBySubmission(keys: string[]): Promise<ReportDoc | null> {
    return this.reports.findBySubmission(keys);
  }

  /**
   * Makes a stored report's passphrase the one in `hash` while it was never
   * used: the spool entry it came from may have been given a new passphrase
   * (a reissue) by another instance after this copy was read and stored.
   * True when it changed.
   */
  async adoptPassphrase(reportId: ReportDoc['_id'], hash: string): Promise<boolean> {
    // Through the repository: its updates of one report take turns (models/reportRepository.ts).
    return this.reports.adoptPassphrase(reportId, hash);
  }

  /**
   * Gives a stored report the passphrase in `hash` if its passphrase was
   * never used (a reissue), so a verification racing this call wins. True
   * when it matched.
   */
  async replaceUnusedPassphrase(reportId: ReportDoc['_id'], hash: string, at: Date): Promise<boolean> {
    return this.reports.reissuePassphrase(reportId, hash, at);
  }

  async store(p: PreparedReport, submissionKeys: string[] = [p.report.submissionKey]): Promise<StoreOutcome> {
    // Before the report: every stored report can then be found by its code (a collision throws here, before anything is stored).
    try {
      await this.reports.linkCaseCode(p.report.caseCode, p.report._id);
    } catch (err) {
      if (!(err instanceof CaseCodeCollisionError)) throw err;
      // The code is taken — by an earlier copy of this very submission, or by another report.
      const existing = await this.findBySubmission(submissionKeys);
      if (existing) return { outcome: 'duplicate', existing };
      throw err;
    }
    try {
      // With its queue entry; the same report landed earlier (a write that timed out, or a flush
      // interrupted) is completed, not refused, and its remaining steps follow here.
      await this.reports.insert(p.report);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.findBySubmission(submissionKeys);
      if (!existing) throw new CaseCodeCollisionError();
      return { outcome: 'duplicate', existing };
    }
    // Linking the accounts it names also brings the queue entries of the reports it now shares an account with in step.
    if (this.accounts && p.report.accountLinks?.length) await this.accounts.link(p.report._id, p.report.accountLinks);
    // One stored already (a repeated store) is kept.
    if (p.contact) await this.contacts.insertOnce(p.contact);
    await this.onStored?.(p.report);
    return { outcome: 'stored', report: p.report };
  }
}
