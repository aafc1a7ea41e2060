import type { EncryptedField } from '../../models/encryptedField';
import {
  REPORT_QUESTIONS, VICTIMS as REPORT_VICTIMS, type ReportQuestion, type TriAnswer, type Victim as ReportVictim, type WhenAnswer, type WhenQuestion,
} from '../../core/domain/reportAnswerSet';
import type { AgeBand, Category, ReporterRole } from '../../core/domain/routing';
import { crisisFlagsOf, type TurnCrisis } from '../shared/turnInfo';

/** Who the report is about, as the reporter sees it (core/domain/reportAnswerSet.ts: stored as answered). */
export const VICTIMS = REPORT_VICTIMS;
export type Victim = ReportVictim;

/** The age bands as `pick:` values (a token carries no "+"). */
export const AGE_PICKS: Readonly<Record<AgeBand, string>> = { under14: 'under14', '14-17': '14-17', '18+': 'adult', unknown: 'unknown' };

/** A yes/no question that may also be answered "I don't know". */
export type Tri = TriAnswer;

/**
 * The category-specific questions, as hotlines ask them. Some set a routing
 * flag (see buildDraft.ts); every answer is stored with the report.
 */
export const QUESTIONS = REPORT_QUESTIONS;
export type QuestionId = ReportQuestion;

/** The steps of a report, in the order they can come. */
export type StepId =
  | 'danger' | 'category' | 'victim' | 'age' | 'platform' | 'ongoing' | `q:${QuestionId}` | `when:${WhenQuestion}`
  | 'narrative' | 'narrativeCheck' | 'evidence' | 'municipality' | 'contactAsk' | 'contactDetails' | 'summary';

/** The answers so far. Plain values only; the reporter's words live sealed (see {@link SealedDraft}). */
export interface ReportAnswers {
  immediateDanger?: boolean;
  category?: Category;
  /** The category came with the request (a topic's "report this"); the question is skipped. */
  categoryGiven?: boolean;
  victim?: Victim;
  victimAge?: AgeBand;
  platforms?: string[];
  ongoing?: Tri;
  questions: Partial<Record<QuestionId, Tri>>;
  /** When the deadline ends or the meeting is (asked after a "yes" to deadlineRunning / meetingPlanned). */
  when?: Partial<Record<WhenQuestion, WhenAnswer>>;
  /** A municipality slug, or null when the reporter skipped the question. */
  municipality?: string | null;
  contactWanted?: boolean;
}

/**
 * The reporter's own words, anonymised, and what they gave as evidence or
 * contact: sealed with the report key while the draft lives in
 * conversation state, so the state store never holds them readable.
 */
export interface SealedDraft {
  /** The anonymised narrative the reporter accepted. */
  narrative?: string;
  /** The anonymised narrative waiting for the reporter's "yes, that's right". */
  candidate?: string;
  /** Links and profile names the anonymiser moved out of the narrative. */
  narrativeEvidence: { urls: string[]; handles: string[] };
  /** Links and profile names given at the evidence question. */
  evidence: { urls: string[]; handles: string[] };
  /** An adult reporter's contact, only with consent. */
  contact?: { email?: string; phone?: string };
}

/**
 * Crises the bot's check recognised at some step of this report: plain
 * flags, never the words. They go with the report (services/routing: at
 * least high, the crisis routes) and bring the help lines back at the end.
 */
export interface CrisisFlags {
  selfHarmRisk?: true;
  dangerDisclosed?: true;
}

/** A report in progress: all of it lives in dialog state, which expires; cancelling drops it. */
export interface ReportProgress {
  /** Generated once per draft: a retried submission never creates a second report. */
  submissionId: string;
  role: ReporterRole;
  at: StepId;
  /** The steps answered, for "back". */
  history: StepId[];
  answers: ReportAnswers;
  crisis?: CrisisFlags;
  sealed?: EncryptedField;
  /** The page of the current question's answer buttons, when they need more than one (1 when absent). */
  page?: number;
}

/** Records a crisis the bot recognised during the report. */
export function markCrisis(p: ReportProgress, crisis: TurnCrisis): void {
  p.crisis = { ...p.crisis };
  for (const flag of crisisFlagsOf(crisis)) p.crisis[flag] = true;
}

/** An empty sealed part. */
export function emptySealed(): SealedDraft {
  return { narrativeEvidence: { urls: [], handles: [] }, evidence: { urls: [], handles: [] } };
}
