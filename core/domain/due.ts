/** What is due: a blackmailer's deadline, or a planned meeting. */
export const DUE_KINDS = ['deadline', 'meeting'] as const;
export type DueKind = (typeof DUE_KINDS)[number];

/** A report's due time and what it is. */
export interface Due {
  at: Date;
  kind: DueKind;
  /** `answer`: from the "when?" question; `narrative`: the question was "don't know" and the story names a day ("do sutra"). */
  source: 'answer' | 'narrative';
}
