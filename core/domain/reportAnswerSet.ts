import Joi from 'joi';

/**
 * The questions hotlines ask for a category (the chat asks only those of the
 * report's category). Some also set a routing flag of the same name; every
 * answer is kept with the report, for the reviewer, queue filters and
 * statistics.
 */
export const REPORT_QUESTIONS = [
  'meetingPlanned', 'deadlineRunning', 'paidOrSent', 'shared', 'identifiable',
  'threatsOfViolence', 'fromSchool', 'identityTheft', 'personalDataMisuse',
] as const;
export type ReportQuestion = (typeof REPORT_QUESTIONS)[number];

/** A yes / no question that may also be answered "I don't know". */
export const TRI_ANSWERS = ['yes', 'no', 'unknown'] as const;
export type TriAnswer = (typeof TRI_ANSWERS)[number];

/**
 * When a running deadline ends or a planned meeting is, as a child says it.
 * Asked after a "yes" to `deadlineRunning` (sextortion) or `meetingPlanned`
 * (grooming); the report's due time is read from it
 * (services/deadlines/dueTime.ts).
 */
export const WHEN_ANSWERS = ['today', 'tomorrow', 'fewDays', 'unknown'] as const;
export type WhenAnswer = (typeof WHEN_ANSWERS)[number];

/** The "when?" questions, and the yes/no question each follows. */
export const WHEN_QUESTIONS = { deadlineRunning: 'deadlineWhen', meetingPlanned: 'meetingWhen' } as const satisfies Partial<Record<ReportQuestion, string>>;
export type WhenQuestion = (typeof WHEN_QUESTIONS)[keyof typeof WHEN_QUESTIONS];

/** Who the report is about, as the reporter said (no one is named). */
export const VICTIMS = ['self', 'friend', 'pupil', 'child', 'stranger'] as const;
export type Victim = (typeof VICTIMS)[number];

/**
 * Everything the reporter answered besides what the report holds elsewhere
 * (category, age band, platforms, municipality): who it is about, whether it
 * goes on (with "I don't know"), and each category question. Plain values
 * from fixed lists — never the reporter's words.
 */
export type ReportAnswerSet = { victim?: Victim; ongoing?: TriAnswer } & Partial<Record<ReportQuestion, TriAnswer>> & Partial<Record<WhenQuestion, WhenAnswer>>;

/** The fields of a {@link ReportAnswerSet}, in the order they are asked (a "when?" right after its question). */
export type AnswerField = 'victim' | 'ongoing' | ReportQuestion | WhenQuestion;
export const ANSWER_FIELDS: readonly AnswerField[] = [
  'victim', 'ongoing',
  ...REPORT_QUESTIONS.flatMap((q): AnswerField[] => (q in WHEN_QUESTIONS ? [q, WHEN_QUESTIONS[q as keyof typeof WHEN_QUESTIONS]] : [q])),
];

/** True for the "when?" fields. */
export function isWhenQuestion(field: string): field is WhenQuestion {
  return (Object.values(WHEN_QUESTIONS) as string[]).includes(field);
}

/** The values each field may hold. */
export function answerValues(field: AnswerField): readonly string[] {
  return field === 'victim' ? VICTIMS : isWhenQuestion(field) ? WHEN_ANSWERS : TRI_ANSWERS;
}

const tri = Joi.string().valid(...TRI_ANSWERS);
const when = Joi.string().valid(...WHEN_ANSWERS);

/** The one schema of an answer set (report drafts; unknown questions are rejected). */
export const answerSetSchema = Joi.object<ReportAnswerSet>({
  victim: Joi.string().valid(...VICTIMS),
  ongoing: tri,
  ...Object.fromEntries(REPORT_QUESTIONS.map((q) => [q, tri])),
  ...Object.fromEntries(Object.values(WHEN_QUESTIONS).map((q) => [q, when])),
}).unknown(false);

/**
 * An answer as one string, `<field>:<value>` (`paidOrSent:yes`,
 * `victim:self`): how the queue filters and statistics count answers.
 */
export type AnswerMark = `${AnswerField}:${string}`;

/** Every `<field>:<value>` a filter may ask for. */
export const ANSWER_MARKS: readonly string[] = ANSWER_FIELDS.flatMap((f) => answerValues(f).map((v) => `${f}:${v}`));

/** The answers as marks, in asking order. */
export function answerMarks(a: ReportAnswerSet | undefined): AnswerMark[] {
  if (!a) return [];
  return ANSWER_FIELDS.filter((f) => a[f] !== undefined).map((f) => `${f}:${a[f]!}` as AnswerMark);
}

/** A routing flag from an answer: yes → true, no → false, "don't know" or unasked → unknown. */
export function flagOf(t: TriAnswer | undefined): boolean | undefined {
  return t === 'yes' ? true : t === 'no' ? false : undefined;
}
