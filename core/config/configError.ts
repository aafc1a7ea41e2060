import { AppError } from '../errors';

/** One wrong or missing variable: its name and what is wrong, never its value. */
export interface ConfigProblem {
  variable: string;
  detail: string;
}

/**
 * Raised when the environment holds wrong or missing values; `variables`
 * (also in `details`) names every one, `variable` the first, never a value.
 * The configuration schema (core/config) throws it, and start-up stops with
 * its message.
 */
export class ConfigError extends AppError<'ConfigError'> {
  /** The first variable named (the one a single-variable check is about). */
  readonly variable: string;
  /** Every problem found, in schema order. */
  readonly problems: readonly ConfigProblem[];

  constructor(variable: string, detail: string);
  constructor(problems: readonly ConfigProblem[]);
  constructor(variableOrProblems: string | readonly ConfigProblem[], detail = '') {
    const problems = typeof variableOrProblems === 'string' ? [{ variable: variableOrProblems, detail }] : variableOrProblems;
    const message = problems.length === 1
      ? `Configuration error in ${problems[0]!.variable}: ${problems[0]!.detail}`
      : `Configuration errors in ${problems.length} variables:\n${problems.map((p) => `  ${p.variable}: ${p.detail}`).join('\n')}`;
    super('ConfigError', message, { variable: problems[0]?.variable, variables: problems.map((p) => p.variable) });
    this.variable = problems[0]?.variable ?? 'environment';
    this.problems = problems;
  }

  /** Every variable named, each once. */
  get variables(): string[] {
    return [...new Set(this.problems.map((p) => p.variable))];
  }
}
