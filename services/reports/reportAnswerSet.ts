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

/** Who the report is about, as the reporter said (no one is named). */
export const VICTIMS = ['self', 'friend', 'pupil', 'child', 'stranger'] as const;
export type Victim = (typeof VICTIMS)[number];

/**
 * Everything the reporter answered besides what the report holds elsewhere
 * (category, age band, platforms, municipality): who it is about, whether it
 * goes on (with "I don't know"), and each category question. Plain values
 * from fixed lists — never the reporter's words.
 */
export type ReportAnswerSet = { victim?: Victim; ongoing?: TriAnswer } & Partial<Record<ReportQuestion, TriAnswer>>;

/** The fields of a {@link ReportAnswerSet}, in the order they are asked. */
export const ANSWER_FIELDS = ['victim', 'ongoing', ...REPORT_QUESTIONS] as const;
export type AnswerField = (typeof ANSWER_FIELDS)[number];

/** The values each field may hold. */
export function answerValues(field: AnswerField): readonly string[] {
  return field === 'victim' ? VICTIMS : TRI_ANSWERS;
}

const tri = Joi.string().valid(...TRI_ANSWERS);

/** The one schema of an answer set (report drafts; unknown questions are rejected). */
export const answerSetSchema = Joi.object<ReportAnswerSet>({
  victim: Joi.string().valid(...VICTIMS),
  ongoing: tri,
  ...Object.fromEntries(REPORT_QUESTIONS.map((q) => [q, tri])),
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
