/*
 * Markdown for the bot's messages and cards: markdown-it with raw HTML off,
 * so everything it prints is escaped or markdown-it's own tags and nothing
 * needs sanitising afterwards (Web Chat's renderer turns HTML on and then
 * runs sanitize-html, with postcss and an HTML parser, ~60 KB compressed).
 * Links: only http(s), tel: and mailto:; web links open in a new tab (the
 * chat stays) and say so to screen readers, as Web Chat's own do.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false, xhtmlOut: true });
const SCHEMES = /^(https?|tel|mailto):/i;
const builtInValidate = md.validateLink.bind(md);
md.validateLink = (url) => SCHEMES.test(url.trim()) && builtInValidate(url);

let externalAlt = '';
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (/^https?:/i.test(token.attrGet('href') || '')) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
    let text = '';
    for (let i = idx + 1; i < tokens.length && tokens[i].type !== 'link_close'; i++) text += tokens[i].content || '';
    if (externalAlt) token.attrSet('aria-label', `${text} ${externalAlt}`.trim());
  }
  return self.renderToken(tokens, idx, options);
};

/** Web Chat's renderMarkdown signature (markdown, { markdownRespectCRLF }, { externalLinkAlt }). */
export default function renderMarkdown(markdown, { markdownRespectCRLF } = {}, { externalLinkAlt = '' } = {}) {
  // Web Chat's convention: "\r\n" and "\n\r" swap, so a lone "\n" stays soft.
  const text = markdownRespectCRLF ? markdown.replace(/\n\r|\r\n/g, (cr) => (cr === '\n\r' ? '\r\n' : '\n\r')) : markdown;
  externalAlt = externalLinkAlt;
  return md.render(text);
}
