import { FoundSpan } from './detectContacts';
import { cueEndingAt } from './cuePattern';
import { Lexicon } from './lexicon';
import { Token } from './tokens';

/** A username as people write it: letters, digits, dots and underscores. */
const USERNAME = /^[\p{L}\p{N}._]{3,30}/u;
/** "profil: x", "username je x", "insta - x", "account is x". */
const LINK_WORDS = /^(?:[\s:=\-–"'„“]|je\b|mu je\b|joj je\b|is\b|zove se\b)*$/u;

/**
 * Profile names written after a cue without an @ ("insta: marko.p2010",
 * "username mu je lazni_profil", "TikTok profil xx.ana"): they count as
 * handles when they look like usernames (a digit, a dot or an underscore) or
 * follow a colon.
 */
export function detectProfileNames(text: string, tokens: readonly Token[], lex: Lexicon): FoundSpan[] {
  const out: FoundSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (cueEndingAt(tokens, i, lex.cues.handle) === 0) continue;
    const cue = tokens[i];
    if (!cue) continue;
    // Skip "je", "mu je", "is" between the cue and the name.
    let j = i + 1;
    while (j < tokens.length && j <= i + 3 && ['je', 'mu', 'joj', 'is', 'zove', 'se'].includes(tokens[j]?.key ?? '')) j++;
    const t = tokens[j];
    if (!t) continue;
    const between = text.slice(cue.end, t.start);
    if (!LINK_WORDS.test(between.replace(/\b(?:je|mu|joj|is|zove|se)\b/gu, ' ')) || /[.!?\n]/.test(between)) continue;
    const m = USERNAME.exec(text.slice(t.start));
    if (!m) continue;
    const value = m[0].replace(/[._]+$/, '');
    const looksLikeUsername = /[\d._]/.test(value) || between.includes(':');
    if (!looksLikeUsername || lex.protectedWords.has(t.key) || lex.ordinary.has(t.key)) continue;
    out.push({ type: 'handle', start: t.start, end: t.start + value.length, value });
    i = j;
  }
  return out;
}
