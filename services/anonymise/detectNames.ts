import { cueEndingAt, cueStartingAt, isCueWord } from './cuePattern';
import { Lexicon, NameForm } from './lexicon';
import { Span } from './span';
import { Token } from './tokens';

/** What may stand between a cue and the name it announces ("zovem se: Marko", "drug „Žika“"). */
const CUE_GAP = /^[\s:,"'„“”«»‚‘’\-–]*$/;
/** What may stand between two words of one full name ("Ana Marija Petrović-Njegoš"). */
const NAME_GAP = /^[ \t]*-?[ \t]*$|^[ \t]+$/;

/**
 * Serbian surnames recognised by their ending: -ović/-ević in any case and
 * script (Jovanovica, jovanovicem), -ić when written with ć or when the word
 * has a capital letter and no further ending (Ilic, Simic).
 */
function surnameByEnding(token: Token, lex: Lexicon): NameForm | undefined {
  if (token.key.length < 5 || lex.ordinary.has(token.key)) return undefined;
  const lower = token.raw.toLowerCase();
  if (token.capitalised && /(ć|ћ)(a|u|em|i|ima|a|е|у|ем|и|има)?$/.test(lower)) return { kind: 'surname', ambiguous: false, ordinaryForm: false };
  if (token.key.length >= 7 && /(ov|ev)ic(a|u|em|i|ima)?$/.test(token.key)) return { kind: 'surname', ambiguous: false, ordinaryForm: false };
  if (token.capitalised && /[^aeiou]ic$/.test(token.key)) return { kind: 'surname', ambiguous: false, ordinaryForm: false };
  return undefined;
}

/**
 * Finds personal names: words of the name gazetteer in any Serbian case form,
 * Serbian surnames by their ending, and words announced by a context cue
 * ("zovem se …", "moja drugarica …", "my friend …"). A capitalised word alone
 * is a name only after a cue or next to another name.
 */
export function detectNames(tokens: readonly Token[], lex: Lexicon, protectedIdx: ReadonlySet<number>): Span[] {
  const isName = new Array<boolean>(tokens.length).fill(false);
  const known = tokens.map((t) => (t.isNumber ? undefined : lex.names.get(t.key) ?? surnameByEnding(t, lex)));
  const excluded = (i: number): boolean => {
    const t = tokens[i];
    return !t || t.isNumber || protectedIdx.has(i) || lex.notNames.has(t.key);
  };
  const isCue = (t: Token): boolean => isCueWord(t, lex.cues.weakName) || isCueWord(t, lex.cues.strongName);
  const personFollows = (i: number): boolean => {
    const next = tokens[i + 1];
    return !!next && /^[ \t]+$/.test(next.gapBefore) && cueStartingAt(tokens, i + 1, lex.cues.personAfter);
  };

  tokens.forEach((t, i) => {
    const info = known[i];
    if (!info || excluded(i)) return;
    // At a sentence start a capital says nothing, but "Nada je…", "Will said…" is a person doing something.
    if (info.ambiguous) isName[i] = t.capitalised && (!t.sentenceStart || personFollows(i));
    else isName[i] = !info.ordinaryForm || t.capitalised;
  });

  tokens.forEach((t, i) => {
    if (i === 0 || excluded(i) || !CUE_GAP.test(t.gapBefore)) return;
    const info = known[i];
    if (cueEndingAt(tokens, i - 1, lex.cues.strongName) > 0) {
      if (info || !lex.ordinary.has(t.key)) isName[i] = true;
    } else if (cueEndingAt(tokens, i - 1, lex.cues.weakName) > 0) {
      const knownName = info && (t.capitalised || (!info.ambiguous && !info.ordinaryForm));
      if (knownName || (t.capitalised && !lex.ordinary.has(t.key) && !isCue(t))) isName[i] = true;
    }
  });

  // A name next to a name: "Marko Stojkov", "Vera Petrović", "Ana Marija".
  const joins = (i: number): boolean => {
    const t = tokens[i];
    if (!t || excluded(i) || isCue(t)) return false;
    const info = known[i];
    if (info) return t.capitalised || (!info.ambiguous && !info.ordinaryForm);
    return t.capitalised && !lex.ordinary.has(t.key);
  };
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < tokens.length; i++) {
      if (!isName[i]) continue;
      const next = tokens[i + 1];
      if (next && !isName[i + 1] && NAME_GAP.test(next.gapBefore) && joins(i + 1)) isName[i + 1] = true;
      const prev = tokens[i - 1];
      const cur = tokens[i];
      if (prev && cur && !isName[i - 1] && NAME_GAP.test(cur.gapBefore) && joins(i - 1)) {
        // At a sentence start, only a known name joins backwards ("Vera Petrović", not "Kaži Marku").
        if (!prev.sentenceStart || known[i - 1]) isName[i - 1] = true;
      }
    }
  }

  const spans: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!isName[i] || !t) continue;
    const last = spans[spans.length - 1];
    if (last && isName[i - 1] && NAME_GAP.test(t.gapBefore)) last.end = t.end;
    else spans.push({ type: 'name', start: t.start, end: t.end });
  }
  return spans;
}
