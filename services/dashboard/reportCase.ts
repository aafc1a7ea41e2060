import type { AccountLinkRepository } from '../../models/accountLink';
import type { CaseMessageDoc } from '../../models/caseMessage';
import { newRecordId, type RecordId } from '../../models/database';
import { openNoticeFailures, ReportDoc } from '../../models/report';
import type { ReportCaseRepository } from '../../models/reportCaseRepository';
import type { FieldCipher } from '../crypto/fieldCipher';
import type { ReportAnswerSet } from '../../core/domain/reportAnswerSet';
import { openEvidence, hasEvidence } from '../reports/reportEvidence';
import { conflict, DashboardError, notFound } from '../auth/staffErrors';
import { assertInScope, permissionsFor, Viewer } from './reportScope';
import { canTransition, StatusChangeRequest } from './statusWorkflow';
import { AckState, ReportAcks } from './reportAcks';
import type { RoutingView, StoredRouting } from './displayNames';
import { linkedReportsOf, type LinkedReports } from './linkedReports';

/** A report as a staff member sees it. Decrypted fields appear only where the role allows. */
export interface ReportView {
  id: string;
  caseCode: string;
  status: string;
  resolution?: string;
  urgency: string;
  category: string;
  victimAge: string;
  reporterRole: string;
  platforms: string[];
  /** The platforms' names, in the order of `platforms`. */
  platformNames: string[];
  municipality?: string;
  /** The municipality's name in the reader's script. */
  municipalityName?: string;
  ongoing: boolean;
  flags: string[];
  /** Everything the reporter answered from fixed choices (who, ongoing, each category question; "unknown" = "I don't know"). */
  answers: ReportAnswerSet;
  /** When the case is due (a blackmailer's deadline, a planned meeting; services/deadlines): the view counts down to it. */
  due?: { at: Date; kind: string; source: string };
  createdAt: Date;
  /** Anonymised narrative; null once erased by retention, or while `textHidden`. */
  narrative: string | null;
  /** A category whose text waits until the reader asks for it (DASHBOARD_CARE_CATEGORIES). */
  distressing: boolean;
  /**
   * The narrative and the reporter's messages were left out (not even
   * decrypted): a distressing report the reader has not asked to read yet.
   * `narrative` is then null and those messages' `text` empty.
   */
  textHidden: boolean;
  hasEvidence: boolean;
  /** Routed authorities by name, with the reasons in the reader's language. */
  routing: RoutingView[];
  statusHistory: Array<{ from?: string; to: string; at: Date; by?: string; reason?: string }>;
  forwards: Array<{ authorityId: string; authorityName?: string; channel: string; at: Date; by: string; byName?: string }>;
  notifications: Array<{ authorityId: string; authorityName?: string; channel: string; state: string; attempts: number; lastError?: string | null; sentAt?: Date | null; purpose?: string }>;
  /**
   * Notices that finally failed after their retries, latest first; `open`
   * until a forward to that authority is recorded after the failure (the
   * on-duty one until the report leaves "new"): then phone them instead.
   */
  noticeFailures: Array<{ authorityId: string; authorityName?: string; channel: string; error: string; at: Date; open: boolean }>;
  notes: Array<{ id: string; at: Date; authorId: string; authorName?: string; text: string }>;
  messages: Array<{ id: string; from: 'staff' | 'reporter'; text: string; at: Date; readByReporter: boolean }>;
  acknowledgements: Array<{ authorityId: string; authorityName?: string; state: string; at: Date }>;
  /** Other reports naming an account this one names: those the viewer may open, and how many more there are. */
  linked: LinkedReports;
  allowed: ReturnType<typeof permissionsFor>;
}

/** The report's failed notices for the view, the ones still to act on marked `open`. */
function noticeFailuresOf(doc: ReportDoc, names: NameLookup): ReportView['noticeFailures'] {
  const open = new Set(openNoticeFailures(doc).map((f) => f.noticeId.toHexString()));
  return [...(doc.noticeFailures ?? [])]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .map((f) => {
      const authorityId = f.authorityId ?? 'onduty';
      return { authorityId, authorityName: f.authorityId ? names.authority(f.authorityId) : undefined, channel: f.channel, error: f.error, at: f.at, open: open.has(f.noticeId.toHexString()) };
    });
}

/** Names for ids in the reader's language, resolved by the caller (staff accounts, authorities, places, platforms, reasons). */
export interface NameLookup {
  staff: (id: string) => string | undefined;
  authority: (id: string) => string | undefined;
  municipality: (slug: string) => string;
  platform: (id: string) => string;
  routing: (entry: StoredRouting) => RoutingView;
}

/** A report's message thread, as the case view reads it and marks it read (models/caseMessageRepository.ts). */
export interface CaseThread {
  read(reportId: RecordId, limit?: number): Promise<CaseMessageDoc[]>;
  markRead(docs: readonly CaseMessageDoc[], field: 'readByStaffAt', at: Date): Promise<void>;
}

/** Where the case's data lives: the report, its thread, the account links, the acknowledgements. */
export interface ReportCaseStores {
  reports: ReportCaseRepository;
  threads: CaseThread;
  links: AccountLinkRepository;
  acks: ReportAcks;
}

/**
 * The report-facing operations of the dashboard: read (scoped), evidence,
 * status changes, notes, acknowledgements. Every change is a single-document
 * conditional update (no transactions): a status change applies only if the
 * status is still the one it started from.
 */
export class ReportCase {
  private readonly reports: ReportCaseRepository;
  private readonly threads: CaseThread;
  private readonly acks: ReportAcks;

  constructor(private readonly stores: ReportCaseStores, private readonly cipher: FieldCipher, private readonly now: () => Date = () => new Date()) {
    this.reports = stores.reports;
    this.threads = stores.threads;
    this.acks = stores.acks;
  }

  /** The report document, if the viewer may see it (404 unknown, 403 out of scope). */
  async load(viewer: Viewer, id: string): Promise<ReportDoc> {
    // Lower-case hex only: the id is also the key the report's fields are sealed with.
    if (!/^[a-f0-9]{24}$/.test(id)) throw notFound('Report');
    const doc = await this.reports.findById(id);
    if (!doc) throw notFound('Report');
    assertInScope(viewer, (doc.routing ?? []).map((r) => r.authorityId));
    return doc;
  }

  /**
   * One report as the viewer may see it. For a category `opts.distressing`
   * names, the narrative and the reporter's messages are left out unless
   * `opts.showText` (care for reviewers: that text waits until the reader asks for it).
   */
  async view(viewer: Viewer, id: string, names: NameLookup, opts: { distressing?: (category: string) => boolean; showText?: boolean } = {}): Promise<ReportView> {
    const doc = await this.load(viewer, id);
    const distressing = opts.distressing?.(doc.category) ?? false;
    const allowed = permissionsFor(viewer.role);
    const ctx = (field: string) => ({ reportId: id, field });
    const [messages, notifications, acknowledgements, linked] = await Promise.all([
      allowed.messages ? this.threads.read(doc._id, 500) : Promise.resolve([] as CaseMessageDoc[]),
      this.reports.notices(doc._id).then((n) => n.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())),
      this.acks.list(id, viewer.role === 'authority' ? viewer.authorityId : undefined),
      linkedReportsOf(this.stores, viewer, doc),
    ]);
    const hide = distressing && !opts.showText && (doc.narrative != null || messages.some((m) => m.from === 'reporter'));
    // Replies whose text is held back are not read yet: they stay marked until the reader asks for the text.
    if (allowed.messages && doc.unreadByStaff > 0 && !hide) {
      const at = this.now();
      await this.threads.markRead(messages.filter((m) => m.from === 'reporter'), 'readByStaffAt', at);
      // Only the count this view was read with is cleared: a reply that came in
      // meanwhile (and may not be in `messages`) stays unread until the next view.
      await this.reports.clearUnread(doc._id, doc.unreadByStaff);
    }
    let prev: string | undefined;
    return {
      id,
      caseCode: doc.caseCode,
      status: doc.status,
      resolution: doc.resolution,
      urgency: doc.urgency,
      category: doc.category,
      victimAge: doc.victimAge,
      reporterRole: doc.reporterRole,
      platforms: doc.platforms ?? [],
      platformNames: (doc.platforms ?? []).map(names.platform),
      municipality: doc.municipality,
      municipalityName: doc.municipality ? names.municipality(doc.municipality) : undefined,
      ongoing: doc.ongoing,
      flags: doc.flags ?? [],
      answers: doc.answers ?? {},
      ...(doc.due ? { due: { at: doc.due.at, kind: doc.due.kind, source: doc.due.source } } : {}),
      createdAt: doc.createdAt,
      narrative: doc.narrative && !hide ? this.cipher.decrypt(doc.narrative, ctx('narrative')) : null,
      distressing,
      textHidden: hide,
      hasEvidence: hasEvidence(doc),
      routing: (doc.routing ?? []).map(names.routing),
      statusHistory: (doc.statusHistory ?? []).map((s) => {
        const entry = { from: prev, to: s.status, at: s.at, by: s.by ? names.staff(s.by) ?? s.by : undefined, reason: s.reason };
        prev = s.status;
        return entry;
      }),
      forwards: (doc.forwards ?? []).map((f) => ({ ...f, authorityName: names.authority(f.authorityId), byName: names.staff(f.by) })),
      notifications: notifications.map((n) => ({ authorityId: n.authorityId ?? 'onduty', authorityName: n.authorityId ? names.authority(n.authorityId) : undefined, channel: n.channel, state: n.state, attempts: n.attempts, lastError: n.lastError, sentAt: n.sentAt, ...(n.purpose ? { purpose: n.purpose } : {}) })),
      noticeFailures: noticeFailuresOf(doc, names),
      notes: allowed.notes
        ? (doc.notes ?? []).map((n) => ({ id: n._id.toHexString(), at: n.at, authorId: n.by, authorName: names.staff(n.by), text: this.cipher.decrypt(n.body, ctx(`note:${n._id.toHexString()}`)) }))
        : [],
      messages: messages.map((m) => ({
        id: m._id.toHexString(),
        from: m.from,
        text: hide && m.from === 'reporter' ? '' : this.cipher.decrypt(m.body, ctx(`message:${m._id.toHexString()}`)),
        at: m.createdAt,
        readByReporter: Boolean(m.readByReporterAt),
      })),
      acknowledgements: acknowledgements.map((a) => ({ ...a, authorityName: names.authority(a.authorityId) })),
      linked,
      allowed,
    };
  }

  /** The decrypted evidence list (links and handles). */
  async evidence(viewer: Viewer, id: string): Promise<{ urls: string[]; handles: string[] }> {
    const doc = await this.load(viewer, id);
    return openEvidence(this.cipher, doc) ?? { urls: [], handles: [] };
  }

  /** Applies a workflow step; 409 when the step is not allowed from the current status or the status changed meanwhile. */
  async changeStatus(viewer: Viewer, id: string, req: StatusChangeRequest, knownAuthority: (id: string) => boolean): Promise<{ from: string; to: string }> {
    const doc = await this.load(viewer, id);
    const from = doc.status;
    if (req.expectedStatus && req.expectedStatus !== from) throw conflict('StatusChanged', `The report is now "${from}"; reload it.`);
    if (!canTransition(from, req.to)) throw conflict('InvalidTransition', `A report cannot go from "${from}" to "${req.to}".`);
    if (req.forward && !knownAuthority(req.forward.authorityId)) throw new DashboardError('UnknownAuthority', 'No such authority.');
    const step = { to: req.to, at: this.now(), by: viewer.userId, reason: req.reason, ...(req.to === 'closed' ? { resolution: req.resolution } : {}), ...(req.forward ? { forward: req.forward } : {}) };
    if (!(await this.reports.changeStatus(doc._id, from, step))) throw conflict('StatusChanged', 'The report was changed by someone else; reload it.');
    return { from, to: req.to };
  }

  /**
   * Adds an internal note (encrypted like the narrative). A report whose
   * content retention erased takes no note (410): the purge has run, so a
   * note written afterwards would outlive the rules.
   */
  async addNote(viewer: Viewer, id: string, text: string): Promise<string> {
    const doc = await this.load(viewer, id);
    const noteId = newRecordId();
    const body = this.cipher.encrypt(text, { reportId: id, field: `note:${noteId.toHexString()}` });
    const added = await this.reports.addNote(doc._id, { _id: noteId, at: this.now(), by: viewer.userId, body }, this.now());
    if (!added) throw new DashboardError('ReportErased', 'The report\'s content was erased; nothing can be added to it.');
    return noteId.toHexString();
  }

  /** An authority marks a report routed to it as received or acted on. */
  async acknowledge(viewer: Viewer, id: string, state: AckState): Promise<void> {
    await this.load(viewer, id);
    await this.acks.record(id, viewer.authorityId!, state, viewer.userId);
  }
}
