import { cueEndingAt } from './cuePattern';
import { Lexicon } from './lexicon';
import { Span } from './span';
import { Token } from './tokens';

/** A break inside an address: end of sentence, a comma, a new line. */
const BREAK = /[.!?;,\n]/;
/** Street-name adjectives: Vidovdanska, Nemanjinoj, Cvijićevoj, Bulevar oslobođenja. */
const STREET_ADJECTIVE = /(?:sk|ck|nsk|sk|in|ov|ev)(?:a|oj|u|e|om)$/;

/** "ul. Cara Dušana", "br. 5": the dot closes an abbreviation, not a sentence. */
function afterAbbreviation(tokens: readonly Token[], j: number): boolean {
  const prev = tokens[j - 1];
  return !!prev && /^\.\s*$/.test(tokens[j]?.gapBefore ?? '') && ['ul', 'br', 'bul', 'st', 'no'].includes(prev.key);
}

function isHouseNumber(tokens: readonly Token[], i: number, lex: Lexicon): boolean {
  const t = tokens[i];
  if (!t?.isNumber || t.raw.length > 4) return false;
  const next = tokens[i + 1];
  if (!next) return true;
  // 12.03.2011 is a date, 12:30 a time, "5 dinara" an amount.
  if (/^[.:]$/.test(next.gapBefore) && next.isNumber) return false;
  if (/^\s*$/.test(next.gapBefore) && !next.isNumber && lex.cues.notHouseNumber.has(next.key)) return false;
  return true;
}

/** Extends an address over its house number: "12", "12a", "12/3", "bb", "broj 5", "br. 5". */
function extendNumber(tokens: readonly Token[], i: number, lex: Lexicon): number {
  let j = i;
  const at = tokens[j];
  if (at && (at.key === 'broj' || at.key === 'br' || at.key === 'number' || at.key === 'no') && tokens[j + 1]?.isNumber) j++;
  if (!isHouseNumber(tokens, j, lex)) return at?.key === 'bb' ? j : -1;
  const next = tokens[j + 1];
  if (next && next.gapBefore === '' && /^[a-zа-ш]$/i.test(next.raw)) return j + 1;
  if (next && next.gapBefore === '/' && next.isNumber) return j + 1;
  return j;
}

/**
 * Street addresses: after a street word ("ulica Kralja Petra 12", "Bulevar
 * oslobođenja 12", "ul. Cara Dušana 5a"), a title and name with a number
 * ("Kneza Miloša 3"), "na Vidovdanskoj 12", an address clause ("adresa mu je
 * …"), and English "221 Baker Street". Towns after a comma stay.
 */
export function detectAddresses(tokens: readonly Token[], lex: Lexicon, protectedIdx: ReadonlySet<number>): Span[] {
  const out: Span[] = [];
  const word = (i: number): boolean => {
    const t = tokens[i];
    return !!t && !t.isNumber && !protectedIdx.has(i);
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;

    // "ulica …", "bulevar …", "trg …" (the street word is part of the address).
    const streetCue = cueEndingAt(tokens, i, lex.cues.street);
    const clauseCue = cueEndingAt(tokens, i, lex.cues.addressClause);
    if (streetCue > 0 || clauseCue > 0) {
      const startIdx = streetCue > 0 ? i - streetCue + 1 : i + 1;
      let j = i + 1;
      let lastGood = -1;
      let capitalised = false;
      for (let n = 0; n < 6 && j < tokens.length; n++, j++) {
        const cur = tokens[j];
        if (!cur || (BREAK.test(cur.gapBefore) && !afterAbbreviation(tokens, j) && !(clauseCue > 0 && n === 0 && /^\s*:\s*$/.test(cur.gapBefore)))) break;
        const numEnd = extendNumber(tokens, j, lex);
        if (numEnd >= 0) {
          lastGood = numEnd;
          break;
        }
        // A town's name inside a street name (ulica Miloša Obilića) belongs to the street.
        if (cur.isNumber || (protectedIdx.has(j) && !cur.capitalised)) break;
        if (lex.ordinary.has(cur.key) && !cur.capitalised && !lex.cues.streetTitles.has(cur.key)) break;
        if (cur.capitalised) {
          capitalised = true;
          lastGood = j;
        } else if (clauseCue > 0 || streetCue > 0) {
          lastGood = j;
        }
      }
      const sawNumber = lastGood >= 0 && tokens[lastGood] !== undefined && (tokens[lastGood]?.isNumber || tokens[lastGood - 1]?.isNumber || tokens[lastGood]?.key === 'bb');
      if (lastGood > i && (sawNumber || capitalised)) {
        const s = tokens[startIdx];
        const e = tokens[lastGood];
        if (s && e) out.push({ type: 'address', start: s.start, end: e.end });
        i = lastGood;
        continue;
      }
    }

    // "Kneza Miloša 3", "na Vidovdanskoj 12", "Nemanjina broj 4": words then a house number.
    if (word(i) && (t.capitalised || STREET_ADJECTIVE.test(t.key)) && !lex.ordinary.has(t.key) && !lex.notNames.has(t.key) && !lex.cues.englishStreetTypes.has(t.key)) {
      // Further words of the street name, in either case: "Zelenog venca 5", "Bulevar kralja Aleksandra 73".
      let j = i;
      while (
        j + 1 < tokens.length && j - i < 3 && word(j + 1) && !BREAK.test(tokens[j + 1]?.gapBefore ?? '') &&
        (tokens[j + 1]?.capitalised || !lex.ordinary.has(tokens[j + 1]?.key ?? ''))
      ) j++;
      const numIdx = j + 1;
      const numTok = tokens[numIdx];
      if (numTok && !BREAK.test(numTok.gapBefore)) {
        const numEnd = extendNumber(tokens, numIdx, lex);
        const titled = lex.cues.streetTitles.has(t.key);
        const preceded = cueEndingAt(tokens, i - 1, lex.cues.addressBefore) > 0 && !BREAK.test(t.gapBefore);
        const viaBroj = (numTok.key === 'broj' || numTok.key === 'br') && t.capitalised && !t.sentenceStart;
        const adjective = STREET_ADJECTIVE.test(t.key) || STREET_ADJECTIVE.test(tokens[j]?.key ?? '');
        if (numEnd >= 0 && (titled || viaBroj || (preceded && (t.capitalised || adjective)))) {
          const e = tokens[numEnd];
          if (e) out.push({ type: 'address', start: t.start, end: e.end });
          i = numEnd;
          continue;
        }
      }
    }

    // English: "221 Baker Street", "12B Oak Avenue", "lives on Elm Street".
    if (word(i) && t.capitalised && lex.cues.englishStreetTypes.has(t.key) && i > 0) {
      let k = i - 1;
      while (k >= 0 && i - k <= 3 && tokens[k]?.capitalised && word(k) && !BREAK.test(tokens[k + 1]?.gapBefore ?? '')) k--;
      if (k < i - 1) {
        let first = k + 1;
        const maybeNumber = tokens[k];
        if (maybeNumber?.isNumber && !BREAK.test(tokens[k + 1]?.gapBefore ?? '')) first = k;
        const s = tokens[first];
        let endIdx = i;
        // "Apt 4", "Flat 2B" after the street.
        const apt = tokens[i + 1];
        if (apt && ['apt', 'apartment', 'flat', 'unit'].includes(apt.key) && tokens[i + 2]?.isNumber) endIdx = i + 2;
        const e = tokens[endIdx];
        if (s && e && (s.isNumber || cueEndingAt(tokens, first - 1, lex.cues.addressBefore) > 0 || cueEndingAt(tokens, first - 1, lex.cues.addressClause) > 0)) {
          out.push({ type: 'address', start: s.start, end: e.end });
        }
      }
    }
  }
  return out;
}
