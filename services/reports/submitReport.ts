import type { Logger } from '../../core/logger';
import type { DatabaseGate } from '../../models/databaseGate';
import type { ReportDoc } from '../../models/report';
import type { FieldCipher } from '../crypto/fieldCipher';
import type { RoutedAuthority, Urgency } from '../../core/domain/routing';
import { isDatabaseUnavailable, withTimeout } from '../../models/dbAvailability';
import { generatePassphrase, type PassphraseHasher } from './passphrase';
import { prepareReport, type AnonymiseFn, type RouteFn } from './prepareReport';
import { validateDraft } from './reportDraftSchema';
import type { AccountMatcher } from './accountMatcher';
import type { ReportSpool } from './reportSpool';
import { CaseCodeCollisionError, type ReportStore } from './reportStore';
import { AppError } from '../../core/errors';

/**
 * What the reporter is told. The passphrase is present only in the first
 * response for a submission: only its hash is kept, so a retry of the same
 * submission (`alreadySubmitted`) returns the same case code without one.
 * The dialog shows the passphrase from this first response; if that reply
 * was lost, it calls {@link ReportSubmitter.reissuePassphrase} with the same
 * submission id (allowed briefly, and only before the passphrase was ever used).
 */
export interface SubmitResult {
  caseCode: string;
  passphrase?: string;
  alreadySubmitted: boolean;
  /** `spool`: the database was down; the report is safe on disk and will be stored when it returns. */
  stored: 'database' | 'spool';
  urgency: Urgency;
  authorities: RoutedAuthority[];
}

export interface SubmitDeps {
  cipher: FieldCipher;
  hasher: PassphraseHasher;
  anonymise: AnonymiseFn;
  route: RouteFn;
  store: ReportStore;
  spool: ReportSpool;
  log: Logger;
  storeTimeoutMs: number;
  passphraseWords: number;
  reissueMinutes: number;
  /**
   * Knows when the database is away: then the spool takes the report at
   * once, without waiting `storeTimeoutMs` for an answer that will not come;
   * a store that times out closes it for the rest of the chat.
   */
  gate?: DatabaseGate;
  now?: () => Date;
  /** Gives each report the link ids of the accounts its evidence names (services/reports/accountMatcher.ts). */
  matcher?: AccountMatcher;
}

/** Raised when a passphrase may not be reissued (too late, already used, or unknown submission). */
export class ReissueRefusedError extends AppError<'ReissueRefused'> {
  constructor(readonly reason: 'unknown' | 'expired' | 'used') {
    super('ReissueRefused', `passphrase cannot be reissued (${reason})`, { reason });
  }
}

const SUBMISSION = 'submission';

/**
 * The submit use case: validate → anonymise → route → encrypt → store,
 * idempotent on the client's submission id, falling back to the encrypted
 * spool when the database is unavailable so the reporter always leaves with
 * a case code.
 */
export class ReportSubmitter {
  private readonly now: () => Date;

  constructor(private readonly deps: SubmitDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async submit(input: unknown): Promise<SubmitResult> {
    const draft = validateDraft(input);
    const keys = this.deps.cipher.digests(SUBMISSION, draft.submissionId);
    const { spool, store, log } = this.deps;

    const spooled = await spool.find(keys);
    if (spooled) return resultOf(spooled.prepared.report, 'spool', true);

    let databaseDown = this.deps.gate?.up === false;
    try {
      const existing = databaseDown ? null : await this.db(() => store.findBySubmission(keys));
      if (existing) return resultOf(existing, 'database', true);
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      databaseDown = true;
    }

    for (let attempt = 1; ; attempt++) {
      const { prepared, passphrase } = await prepareReport(draft, keys[0]!, {
        ...this.deps,
        now: this.now,
      });
      if (!databaseDown) {
        try {
          const outcome = await this.db(() => store.store(prepared, keys));
          if (outcome.outcome === 'duplicate') return resultOf(outcome.existing, 'database', true);
          log.info({ event: 'report.stored', urgency: prepared.report.urgency, category: prepared.report.category }, 'report stored');
          return { ...resultOf(prepared.report, 'database', false), passphrase };
        } catch (err) {
          if (err instanceof CaseCodeCollisionError && attempt < 3) continue;
          if (!isDatabaseUnavailable(err)) throw err;
        }
      }
      const written = await spool.withLock(keys[0]!, () => spool.write(keys[0]!, prepared));
      if (written === 'exists') {
        const other = await spool.read(keys[0]!);
        if (other) return resultOf(other.report, 'spool', true);
      }
      log.warn({ event: 'report.spooled', urgency: prepared.report.urgency }, 'database unavailable: report kept in the encrypted spool');
      return { ...resultOf(prepared.report, 'spool', false), passphrase };
    }
  }

  /**
   * A new passphrase for a submission whose first response never reached
   * the reporter. Allowed only within PASSPHRASE_REISSUE_MINUTES of the
   * submission and only if the old passphrase was never used; the old one
   * stops working. The caller must hold the client's submission id, which is
   * never stored (only its keyed digest), so the database alone cannot be
   * used to take over a report.
   */
  async reissuePassphrase(submissionId: string): Promise<{ caseCode: string; passphrase: string }> {
    const keys = this.deps.cipher.digests(SUBMISSION, submissionId);
    const { spool, hasher } = this.deps;
    const passphrase = generatePassphrase(this.deps.passphraseWords);
    const hash = await hasher.hash(passphrase);
    const fromSpool = await spool.withLock(keys[0]!, async () => {
      const entry = await spool.find(keys);
      if (!entry) return undefined;
      this.checkReissue(entry.prepared.report);
      entry.prepared.report.passphraseHash = hash;
      await spool.replace(entry.key, entry.prepared);
      return entry.prepared.report.caseCode;
    });
    if (fromSpool) return { caseCode: fromSpool, passphrase };

    const report = await this.db(() => this.deps.store.findBySubmission(keys));
    if (!report) throw new ReissueRefusedError('unknown');
    this.checkReissue(report);
    // Conditional on the passphrase still being unused, so a verification racing this call wins.
    if (!(await this.db(() => this.deps.store.replaceUnusedPassphrase(report._id, hash, this.now())))) throw new ReissueRefusedError('used');
    return { caseCode: report.caseCode, passphrase };
  }

  /** A database call within the store budget (closing the gate when the database does not answer). */
  private db<T>(op: () => Promise<T>): Promise<T> {
    return this.deps.gate ? this.deps.gate.run(op, this.deps.storeTimeoutMs) : withTimeout(op(), this.deps.storeTimeoutMs);
  }

  private checkReissue(report: ReportDoc): void {
    if (report.access.lastVerifiedAt) throw new ReissueRefusedError('used');
    if (this.now().getTime() - report.createdAt.getTime() > this.deps.reissueMinutes * 60_000) throw new ReissueRefusedError('expired');
  }
}

function resultOf(report: ReportDoc, stored: 'database' | 'spool', alreadySubmitted: boolean): SubmitResult {
  return {
    caseCode: report.caseCode,
    alreadySubmitted,
    stored,
    urgency: report.urgency,
    authorities: report.routing.map((r) => ({ id: r.authorityId, reason: r.reason })),
  };
}
