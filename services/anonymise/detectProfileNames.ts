import { FoundSpan } from './detectContacts';
import { cueEndingAt } from './cuePattern';
import { Lexicon } from './lexicon';
import { Token } from './tokens';

/** A username as people write it: letters, digits, dots and underscores. */
const USERNAME = /^[\p{L}\p{N}._]{3,30}/u;
/** "profil: x", "username je x", "insta - x", "account is x". */
const LINK_WORDS = /^(?:[\s:=\-–"'„“]|je\b|mu je\b|joj je\b|is\b|zove se\b)*$/u;

/** Username shapes: a digit, a dot or an underscore inside, or a capital after a small letter (DarkLord). */
function shapedLikeUsername(value: string): boolean {
  return /\p{L}/u.test(value) && (/[\d._]/.test(value) || /\p{Ll}\p{Lu}/u.test(value));
}

/**
 * Profile names written without an @ ("insta: marko.p2010", "username mu je
 * lazni_profil", "neki lik DarkLord99", "a user called xXshadowXx"): after a
 * profile cue they count as handles when they are shaped like usernames or
 * follow a colon; after a name cue, when they are shaped like usernames.
 */
export function detectProfileNames(text: string, tokens: readonly Token[], lex: Lexicon): FoundSpan[] {
  const out: FoundSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const profileCue = cueEndingAt(tokens, i, lex.cues.handle) > 0;
    const nameCue = cueEndingAt(tokens, i, lex.cues.weakName) > 0 || cueEndingAt(tokens, i, lex.cues.strongName) > 0;
    if (!profileCue && !nameCue) continue;
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
    const looksLikeUsername = shapedLikeUsername(value) || (profileCue && between.includes(':'));
    if (!looksLikeUsername || lex.protectedWords.has(t.key) || lex.ordinary.has(t.key)) continue;
    out.push({ type: 'handle', start: t.start, end: t.start + value.length, value });
    i = j;
  }
  // A name glued to digits is a username wherever it stands: "marko2010 mi piše".
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    const n = tokens[i + 1];
    if (!t || !n || !n.isNumber || n.gapBefore !== '' || n.raw.length < 2 || n.raw.length > 4 || !lex.names.has(t.key)) continue;
    if (t.gapBefore.endsWith('@') || /[\p{L}\p{N}_.@]/u.test(text.charAt(n.end)) || out.some((o) => o.start <= t.start && t.start < o.end)) continue;
    out.push({ type: 'handle', start: t.start, end: n.end, value: text.slice(t.start, n.end) });
  }
  return out;
}
