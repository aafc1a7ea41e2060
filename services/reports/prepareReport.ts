import { newRecordId } from '../../models/database';
import { urgencyRank, SITUATION_FLAGS, type ReportDoc } from '../../models/report';
import type { ReporterContactDoc } from '../../models/reporterContact';
import type { AnonymiseResult, Evidence } from '../anonymise/types';
import type { FieldCipher } from '../crypto/fieldCipher';
import type { RoutingDecision, Situation } from '../../core/domain/routing';
import { generateCaseCode } from './caseCode';
import { generatePassphrase, type PassphraseHasher } from './passphrase';
import type { PreparedReport } from './preparedReport';
import type { ReportDraft } from './reportDraftSchema';
import { flagOf, type ReportAnswerSet } from '../../core/domain/reportAnswerSet';
import { dueOfReport } from '../deadlines/reportDue';
import type { AccountMatcher } from './accountMatcher';

/** The anonymiser as this module needs it (services/anonymise/anonymise.ts satisfies it). */
export type AnonymiseFn = (text: string, opts?: { locale?: ReportDraft['locale'] }) => AnonymiseResult | Promise<AnonymiseResult>;

/** The router as this module needs it (RoutingService#route satisfies it). */
export type RouteFn = (situation: Situation) => Promise<RoutingDecision>;

export interface PrepareDeps {
  anonymise: AnonymiseFn;
  route: RouteFn;
  cipher: FieldCipher;
  hasher: PassphraseHasher;
  passphraseWords: number;
  now: () => Date;
  /** Gives the report the link ids of the accounts its evidence names (none without it). */
  matcher?: AccountMatcher;
}

/** A prepared report and the one copy of its passphrase that will ever exist in clear. */
export interface Prepared {
  prepared: PreparedReport;
  passphrase: string;
}

/** The routing input of a draft. */
export function situationOf(draft: ReportDraft): Situation {
  const s: Situation = {
    category: draft.category,
    immediateDanger: draft.immediateDanger,
    victimAge: draft.victimAge,
    reporterRole: draft.reporterRole,
  };
  if (draft.municipality) s.municipality = draft.municipality;
  for (const f of ['victimIsPupil', 'meetingPlanned', 'threatsOfViolence', 'deadlineRunning', 'personalDataMisuse', 'identityTheft', 'selfHarmRisk', 'dangerDisclosed'] as const) {
    if (draft[f] !== undefined) s[f] = draft[f];
  }
  // A question answered but not given as a flag still routes (the draft schema makes the two agree when both are given).
  for (const f of ['meetingPlanned', 'threatsOfViolence', 'deadlineRunning', 'personalDataMisuse', 'identityTheft'] as const) {
    const answered = flagOf(draft.answers?.[f]);
    if (s[f] === undefined && answered !== undefined) s[f] = answered;
  }
  return s;
}

/**
 * Everything the reporter answered, as stored: the draft's answers, and a
 * category question given only as a routing flag read back as its answer.
 */
export function answersOf(draft: ReportDraft): ReportAnswerSet {
  const answers: ReportAnswerSet = {};
  for (const f of ['meetingPlanned', 'threatsOfViolence', 'deadlineRunning', 'personalDataMisuse', 'identityTheft'] as const) {
    if (draft[f] !== undefined) answers[f] = draft[f] ? 'yes' : 'no';
  }
  return { ...answers, ...draft.answers };
}

/**
 * The routing input of a stored report, as far as the report keeps it: its
 * flags are the ones that were true (a flag that was false and one that was
 * never answered read the same here).
 */
export function situationOfReport(r: Pick<ReportDoc, 'category' | 'victimAge' | 'reporterRole' | 'municipality' | 'flags'>): Situation {
  const s: Situation = {
    category: r.category,
    immediateDanger: (r.flags ?? []).includes('immediateDanger'),
    victimAge: r.victimAge,
    reporterRole: r.reporterRole,
  };
  if (r.municipality) s.municipality = r.municipality;
  for (const f of r.flags ?? []) if (f !== 'immediateDanger') s[f] = true;
  return s;
}

function mergeEvidence(a: Evidence, b?: Evidence): Evidence {
  return { urls: [...new Set([...a.urls, ...(b?.urls ?? [])])], handles: [...new Set([...a.handles, ...(b?.handles ?? [])])] };
}

/**
 * anonymise → route → case code and passphrase → encrypt. Touches no
 * database (routing may read its cached rules), so it works during an outage.
 */
export async function prepareReport(draft: ReportDraft, submissionKey: string, deps: PrepareDeps): Promise<Prepared> {
  const anon = await deps.anonymise(draft.narrative, { locale: draft.locale });
  const evidence = mergeEvidence(anon.evidence, draft.evidence);
  const situation = situationOf(draft);
  const decision = await deps.route(situation);
  const passphrase = generatePassphrase(deps.passphraseWords);
  const passphraseHash = await deps.hasher.hash(passphrase);
  const now = deps.now();
  const _id = newRecordId();
  const reportId = _id.toHexString();
  const answers = answersOf(draft);
  const due = dueOfReport(answers, anon.text, now);
  const report: ReportDoc = {
    _id,
    caseCode: generateCaseCode(),
    submissionKey,
    passphraseHash,
    access: { failures: 0, lockouts: 0, lockedUntil: null, lastVerifiedAt: null },
    locale: draft.locale,
    reporterRole: draft.reporterRole,
    victimAge: draft.victimAge,
    category: draft.category,
    platforms: draft.platforms.map((p) => p.toLowerCase()),
    urgency: decision.urgency,
    urgencyRank: urgencyRank(decision.urgency),
    ongoing: draft.ongoing || draft.answers?.ongoing === 'yes',
    ...(draft.municipality ? { municipality: draft.municipality } : {}),
    flags: SITUATION_FLAGS.filter((f) => situation[f] === true),
    answers,
    ...(due ? { due } : {}),
    narrative: deps.cipher.encrypt(anon.text, { reportId, field: 'narrative' }),
    evidence: deps.cipher.encryptJson(evidence, { reportId, field: 'evidence' }),
    ...(deps.matcher ? { accountLinks: deps.matcher.linkIds(evidence, draft.platforms) } : {}),
    hasContact: draft.contact !== undefined,
    routing: decision.authorities.map((a) => ({ authorityId: a.id, reason: a.reason, ...(a.reasons ? { reasons: a.reasons } : {}) })),
    status: 'new',
    statusHistory: [{ status: 'new', at: now }],
    forwards: [],
    notes: [],
    retention: { closedAt: null, purgedAt: null },
    unreadByStaff: 0,
    createdAt: now,
    updatedAt: now,
  };
  let contact: ReporterContactDoc | undefined;
  if (draft.contact) {
    const { consent: _consent, ...details } = draft.contact;
    contact = { _id: newRecordId(), reportId: _id, contact: deps.cipher.encryptJson(details, { reportId, field: 'contact' }), createdAt: now };
  }
  return { prepared: { report, contact }, passphrase };
}
