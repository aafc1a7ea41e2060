import { normalisedTokens, tokenize } from './normalise';

/**
 * A phrase pattern, written by content reviewers:
 * - words are matched after the same normalisation as user input, so
 *   "želim", "zelim" and "желим" are one word;
 * - `word*` matches any word starting with `word` (Serbian endings:
 *   "ubi*" → ubiti, ubijem, ubiću);
 * - `a|b` matches either word; `(i am|we are)` either group of words;
 * - `(a|b)?` is an optional group: "(sam|smo)? od" matches "od" too;
 * - `...` lets up to three other words stand in between ("ne želim ... da
 *   živim" also matches "ne želim više da živim").
 */
export type PhrasePattern = string;

type Alternative = Array<{ word: string; prefix: boolean }>;
type Step = { gap: true } | { gap: false; optional: boolean; alternatives: Alternative[] };

/** Words a `...` gap may skip. */
const MAX_GAP = 3;
/**
 * A token that no phrase matches and no gap skips: put in place of words
 * that must not take part in a match (the crisis net masks idioms such as
 * "umreću od smeha" with it), so the words on either side are not joined.
 */
export const BOUNDARY = '\u0000';
/** A prefix shorter than this matches too much to be useful. */
const MIN_PREFIX = 3;

/**
 * The words of one message, and every prefix of them a pattern may name
 * (`word*`), for {@link Phrase.couldMatch} to look up instead of scanning.
 */
export class TokenSet {
  /** The distinct tokens. */
  readonly words: ReadonlySet<string>;
  private readonly prefixes = new Set<string>();

  constructor(tokens: readonly string[]) {
    this.words = new Set(tokens);
    for (const t of this.words) {
      for (let n = MIN_PREFIX; n <= t.length; n++) this.prefixes.add(t.slice(0, n));
    }
  }

  /** True when `word` is one of the tokens. */
  has(word: string): boolean {
    return this.words.has(word);
  }

  /** True when a token starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    return prefix.length < MIN_PREFIX ? [...this.words].some((t) => t.startsWith(prefix)) : this.prefixes.has(prefix);
  }
}

/** A compiled {@link PhrasePattern}. */
export class Phrase {
  private readonly steps: Step[];

  constructor(readonly source: PhrasePattern) {
    // A step is a parenthesised group of several-word alternatives, or one
    // whitespace-free part ("a|b", "word*", "...").
    const parts = source.trim().match(/\([^)]*\)\??|[^\s()]+/g) ?? [];
    this.steps = parts.map((part): Step => {
      if (part === '...' || part === '…') return { gap: true };
      const optional = part.startsWith('(') && part.endsWith(')?');
      const body = part.startsWith('(') ? part.slice(1, optional ? -2 : -1) : part;
      return { gap: false, optional, alternatives: body.split('|').map((a) => compileAlternative(a.trim())) };
    });
    if (!this.steps.some((s) => !s.gap && !s.optional)) {
      throw new Error(`phrase "${source}" has no words`);
    }
  }

  /**
   * What a message must contain for this phrase to occur in it: one of
   * these words (`prefix` false) or a word starting with one of these
   * prefixes (`prefix` true) — the words that can start its first step.
   * Undefined when a match can start with anything (a leading gap or
   * optional group). {@link couldMatch} is true exactly when a token meets
   * one of them, so a caller may index phrases by these keys once and look
   * up only the phrases a message's words can start.
   */
  starts(): ReadonlyArray<{ word: string; prefix: boolean }> | undefined {
    const first = this.steps[0];
    if (!first || first.gap || first.optional) return undefined;
    return first.alternatives.flatMap((a) => (a[0] === undefined ? [] : [a[0]]));
  }

  /**
   * A cheap pre-check: false when no token can start a match (the first
   * step's words are absent), which is the case for almost every phrase
   * and message. Pass a {@link TokenSet} when many phrases are checked
   * against the same tokens: each first word is then one set lookup.
   */
  couldMatch(tokens: readonly string[] | TokenSet): boolean {
    const first = this.steps[0];
    if (!first || first.gap || first.optional) return true;
    const set = tokens instanceof TokenSet ? tokens : new TokenSet(tokens);
    return first.alternatives.some((a) => {
      const w = a[0];
      return w !== undefined && (w.prefix ? set.hasPrefix(w.word) : set.has(w.word));
    });
  }

  /** True when the phrase occurs anywhere in `tokens` (normalised tokens). */
  matches(tokens: readonly string[]): boolean {
    for (let start = 0; start < tokens.length; start++) {
      if (this.matchFrom(tokens, start, 0) >= 0) return true;
    }
    return false;
  }

  /**
   * Where the phrase occurs, as `[start, end)` token ranges, left to right
   * and not overlapping (each match is the first that ends from its start).
   */
  spans(tokens: readonly string[]): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let start = 0; start < tokens.length; ) {
      const end = this.matchFrom(tokens, start, 0);
      if (end > start) {
        out.push([start, end]);
        start = end;
      } else {
        start++;
      }
    }
    return out;
  }

  /** Index after the match of steps[step..] starting at tokens[pos], or -1. */
  private matchFrom(tokens: readonly string[], pos: number, step: number): number {
    if (step === this.steps.length) return pos;
    const current = this.steps[step];
    if (!current) return -1;
    if (current.gap) {
      for (let skip = 0; skip <= MAX_GAP && pos + skip <= tokens.length; skip++) {
        if (skip > 0 && tokens[pos + skip - 1] === BOUNDARY) break;
        const end = this.matchFrom(tokens, pos + skip, step + 1);
        if (end >= 0) return end;
      }
      return -1;
    }
    for (const alternative of current.alternatives) {
      const next = matchAlternative(alternative, tokens, pos);
      if (next >= 0) {
        const end = this.matchFrom(tokens, next, step + 1);
        if (end >= 0) return end;
      }
    }
    return current.optional ? this.matchFrom(tokens, pos, step + 1) : -1;
  }
}

function compileAlternative(text: string): Alternative {
  const prefix = text.endsWith('*');
  // A prefix is matched against raw folded tokens: expanding shorthand
  // ("snap" → "snapchat") would stop "snap*" from matching "snapu".
  const words = prefix ? tokenize(text.slice(0, -1)) : normalisedTokens(text);
  if (words.length === 0) throw new Error(`empty word in phrase part "${text}"`);
  return words.map((word, i) => {
    const isPrefix = prefix && i === words.length - 1;
    if (isPrefix && word.length < MIN_PREFIX) {
      throw new Error(`prefix "${text}" is shorter than ${MIN_PREFIX} letters`);
    }
    return { word, prefix: isPrefix };
  });
}

function matchAlternative(alternative: Alternative, tokens: readonly string[], pos: number): number {
  let i = pos;
  for (const { word, prefix } of alternative) {
    const token = tokens[i];
    if (token === undefined || token === BOUNDARY) return -1;
    if (prefix ? !token.startsWith(word) : token !== word) return -1;
    i++;
  }
  return i;
}
