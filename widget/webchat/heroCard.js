/*
 * Hero cards (title, subtitle, markdown text, buttons) as plain elements
 * styled by widget/frame.css. Web Chat's full bundle draws them with the
 * Adaptive Cards library, which is most of its weight; the bot sends no
 * other kind of card. Buttons go through Web Chat's card action path, as
 * suggested actions do (tel: and https: links open, messageBack sends).
 */
import { hooks } from 'botframework-webchat-component';
import { createElement as h } from 'react';

const HERO = 'application/vnd.microsoft.card.hero';
const { usePerformCardAction, useRenderMarkdownAsHTML } = hooks;

function Markdown({ className, text }) {
  const renderMarkdownAsHTML = useRenderMarkdownAsHTML('message activity');
  if (!text) return null;
  if (!renderMarkdownAsHTML) return h('div', { className }, text);
  // renderMarkdown sanitises its output (sanitize-html in Web Chat's renderer).
  return h('div', { className, dangerouslySetInnerHTML: { __html: renderMarkdownAsHTML(text) } });
}

function HeroCard({ content }) {
  const performCardAction = usePerformCardAction();
  const buttons = Array.isArray(content.buttons) ? content.buttons.filter((b) => b && typeof b.title === 'string') : [];
  return h(
    'div',
    { className: 'bzb-card' },
    h(Markdown, { className: 'bzb-card__title', text: content.title }),
    h(Markdown, { className: 'bzb-card__subtitle', text: content.subtitle }),
    h(Markdown, { className: 'bzb-card__text', text: content.text }),
    buttons.length
      ? h(
          'div',
          { className: 'bzb-card__buttons' },
          buttons.map((button, i) =>
            h('button', { key: i, type: 'button', className: 'bzb-card__button', onClick: () => performCardAction(button) }, button.title),
          ),
        )
      : null,
  );
}

function isHero(attachment) {
  return attachment && attachment.contentType === HERO && attachment.content && typeof attachment.content === 'object';
}

export const heroCardMiddleware = () => (next) => (...args) => {
  const [{ attachment }] = args;
  return isHero(attachment) ? h(HeroCard, { content: attachment.content }) : next(...args);
};

/** What a screen reader hears for a card: its words in order, then the buttons' titles. */
export const heroCardForScreenReaderMiddleware = () => (next) => (...args) => {
  const [{ attachment }] = args;
  if (!isHero(attachment)) return next(...args);
  const c = attachment.content;
  const words = [c.title, c.subtitle, c.text, ...(Array.isArray(c.buttons) ? c.buttons.map((b) => b && b.title) : [])]
    .filter((s) => typeof s === 'string' && s)
    .map((s) => s.replace(/[*_`#]/g, ''));
  return () => h('span', null, words.join('. '));
};
