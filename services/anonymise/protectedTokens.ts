import { Lexicon } from './lexicon';
import { Token } from './tokens';

/**
 * Indexes of tokens that name a place or a platform (Beogradu, Novom Sadu,
 * Instagramu, Call of Duty): these stay in the text and are never names.
 */
export function protectedTokens(tokens: readonly Token[], lex: Lexicon): Set<number> {
  const out = new Set<number>();
  tokens.forEach((t, i) => {
    if (!t.isNumber && lex.protectedWords.has(t.key)) out.add(i);
  });
  for (const phrase of lex.protectedPhrases) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      let ok = true;
      for (let k = 0; k < phrase.length && ok; k++) {
        const token = tokens[i + k];
        if (!token || !phrase[k]?.has(token.key)) ok = false;
        else if (k > 0 && /[.!?,\n]/.test(token.gapBefore)) ok = false;
      }
      if (ok) for (let k = 0; k < phrase.length; k++) out.add(i + k);
    }
  }
  return out;
}
