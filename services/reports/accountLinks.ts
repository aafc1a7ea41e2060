import type { AccountLinkRepository } from '../../models/accountLink';
import type { RecordId } from '../../models/database';
import type { ReportRepository } from '../../models/reportRepository';
import type { Evidence } from '../anonymise/types';
import { DecryptionError, type FieldCipher } from '../crypto/fieldCipher';
import type { AccountMatcher } from './accountMatcher';
import { openEvidence } from './reportEvidence';

/** What {@link AccountLinks.relinkAll} did. */
export interface RelinkResult {
  reports: number;
  relinked: number;
  /** Link documents of keys no longer configured, deleted. */
  retired: number;
  /** Reports whose evidence did not decrypt (tampered or corrupt): left as they were. */
  unreadable: number;
  /** With `repair`: a report missing from a link id it names, or a link id listing a report that does not name it, put right. */
  repaired: number;
}

/**
 * Keeps `accountlinks` (models/accountLink.ts) in step with the reports:
 * a stored report is listed under the link ids of the accounts its
 * evidence names, follow-up evidence adds its own, and an erased report is
 * taken off. Whether a report shares an account is part of its queue entry
 * (the `linked` filter), so the entries of the reports whose answer changes
 * — this one, and another that was alone with the account until now or is
 * alone with it again — are synced after each change.
 */
export class AccountLinks {
  constructor(
    private readonly reports: ReportRepository,
    private readonly links: AccountLinkRepository,
    readonly matcher: AccountMatcher,
  ) {}

  /** The link ids of a piece of evidence on a report about these platforms. */
  linkIdsOf(evidence: Partial<Evidence> | null | undefined, platforms: readonly string[]): string[] {
    return this.matcher.linkIds(evidence, platforms);
  }

  /** Lists a stored report under its link ids (repeating it is harmless) and syncs the queue entries that change. */
  async link(reportId: RecordId, linkIds: readonly string[]): Promise<void> {
    await this.reports.linkAccounts(reportId, linkIds);
  }

  /** Takes a report off its link ids (erased, or re-linked) and syncs the queue entries that change. */
  async unlink(reportId: RecordId, linkIds: readonly string[]): Promise<void> {
    await this.reports.unlinkAccounts(reportId, linkIds);
  }

  /**
   * Re-derives every report's link ids from its evidence under the keys
   * configured now, once per change of the matching keys (recorded in
   * `accountlinks_meta`): after a key is added the reports stored before it
   * are found under it too, and once a key is gone its link ids are dropped.
   * Also links the reports stored before accounts were matched. Safe to
   * repeat and to run beside live writers (each report's list is replaced
   * only if it is still the one read).
   */
  async init(cipher: FieldCipher): Promise<RelinkResult | undefined> {
    const kids = [...this.matcher.kids].sort();
    const recorded = await this.links.derivedUnder();
    if (recorded && JSON.stringify(recorded) === JSON.stringify(kids)) return undefined;
    const result = await this.relinkAll(cipher);
    await this.links.recordDerivedUnder(kids);
    return result;
  }

  /**
   * See {@link init}: every report, whatever was recorded. With `repair`
   * (`npm run admin -- relink-accounts`) it also puts right what a writer that
   * stopped between its two writes left: a report missing from a link id it
   * names, a link id listing a report that no longer names it.
   */
  async relinkAll(cipher: FieldCipher, opts: { repair?: boolean } = {}): Promise<RelinkResult> {
    const result: RelinkResult = { reports: 0, relinked: 0, retired: 0, unreadable: 0, repaired: 0 };
    for await (const r of this.reports.withAccountEvidence()) {
      result.reports++;
      const current = r.accountLinks ?? [];
      let desired: string[];
      try {
        desired = this.linkIdsOf(openEvidence(cipher, r), r.platforms ?? []);
      } catch (err) {
        // One damaged report must not stop the start (the key check has already made sure every key is here).
        if (!(err instanceof DecryptionError)) throw err;
        result.unreadable++;
        continue;
      }
      if (JSON.stringify([...current].sort()) === JSON.stringify(desired)) {
        if (opts.repair && desired.length && !(await this.listedUnderAll(r._id, desired))) {
          await this.link(r._id, desired);
          result.repaired++;
        }
        continue;
      }
      // Only if the list is still the one read: follow-up evidence added meanwhile is picked up next time.
      if (!(await this.reports.replaceAccountLinks(r._id, r.accountLinks, desired))) continue;
      // Listed under the new ids before it leaves the old ones, so it is never unlinked in between.
      await this.link(r._id, desired);
      await this.unlink(r._id, current.filter((id) => !desired.includes(id)));
      result.relinked++;
    }
    result.retired = await this.links.dropRetired(this.matcher.kids);
    if (opts.repair) result.repaired += await this.dropStrays();
    return result;
  }

  /** True when every one of these link ids lists the report. */
  private async listedUnderAll(reportId: RecordId, linkIds: readonly string[]): Promise<boolean> {
    const docs = await this.links.read(linkIds);
    return docs.length === new Set(linkIds).size && docs.every((d) => d.reportIds.some((id) => id.equals(reportId)));
  }

  /** Takes every report off the link ids it does not name (or that it no longer exists for); returns how many. */
  private async dropStrays(): Promise<number> {
    const named = new Map<string, string[]>();
    const strays: Array<[RecordId, string]> = [];
    for (const doc of await this.links.all()) {
      for (const id of doc.reportIds) {
        const key = id.toHexString();
        if (!named.has(key)) named.set(key, await this.reports.accountLinksOf(id));
        if (!named.get(key)!.includes(doc._id)) strays.push([id, doc._id]);
      }
    }
    for (const [id, linkId] of strays) await this.unlink(id, [linkId]);
    return strays.length;
  }
}
