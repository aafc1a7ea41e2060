import { foldKey } from './foldKey';
import { Token } from './tokens';

/** One word of a cue: an exact folded key, or a prefix when written with `*`. */
interface CueWord {
  key: string;
  prefix: boolean;
}

/** A context cue such as "zovem se" or "nastavni*", matched on folded tokens. */
export type CuePattern = readonly CueWord[];

/** Parses cue phrases as authored in content/anonymise/cues.yaml. */
export function parseCues(phrases: readonly string[]): CuePattern[] {
  return phrases.map((phrase) =>
    phrase
      .split(/[\s.]+/)
      .filter((w) => w.length > 0)
      .map((w) => (w.endsWith('*') ? { key: foldKey(w.slice(0, -1)), prefix: true } : { key: foldKey(w), prefix: false })),
  ).filter((p) => p.length > 0);
}

function wordMatches(word: CueWord, token: Token): boolean {
  return word.prefix ? token.key.startsWith(word.key) : token.key === word.key;
}

/**
 * The longest cue that ends exactly at `tokens[end]` (inclusive), with no
 * sentence break inside it; its length in tokens, or 0.
 */
export function cueEndingAt(tokens: readonly Token[], end: number, cues: readonly CuePattern[]): number {
  let best = 0;
  for (const cue of cues) {
    const n = cue.length;
    const first = end - n + 1;
    if (first < 0 || n <= best) continue;
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      const token = tokens[first + k];
      const word = cue[k];
      if (!token || !word || !wordMatches(word, token)) ok = false;
      else if (k > 0 && /[.!?\n]/.test(token.gapBefore)) ok = false;
    }
    if (ok) best = n;
  }
  return best;
}

/** True when some cue starts exactly at `tokens[start]`, with no sentence break inside it. */
export function cueStartingAt(tokens: readonly Token[], start: number, cues: readonly CuePattern[]): boolean {
  return cues.some((cue) =>
    cue.every((word, k) => {
      const token = tokens[start + k];
      return !!token && wordMatches(word, token) && !/[.!?\n]/.test(token.gapBefore);
    }),
  );
}

/** True when some cue word matches this single token (used to tell cue words from names). */
export function isCueWord(token: Token, cues: readonly CuePattern[]): boolean {
  return cues.some((cue) => cue.length === 1 && cue[0] !== undefined && wordMatches(cue[0], token));
}

/** A regular expression that finds any of the cues as whole words in folded ({@link foldKey}) text. */
export function cueRegex(cues: readonly CuePattern[]): RegExp {
  const alternatives = cues.map((cue) =>
    cue.map((w) => w.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + (w.prefix ? '\\p{L}*' : '')).join('[\\s.,:]+'),
  );
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'u');
}
