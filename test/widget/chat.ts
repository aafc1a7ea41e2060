import assert from 'node:assert/strict';
import type { Frame, Locator, Page } from 'playwright-core';
import { t } from '../../services/i18n/catalog';
import type { Locale } from '../../services/i18n/locales';
import { waitUntil } from '../support/waitUntil';

export { waitUntil };

/** The two screens every browser test looks through: a desktop and a phone. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** The least height of the transcript's visible part for a person to read a message in it. */
export const MIN_TRANSCRIPT_HEIGHT = 150;

/** Web Chat's transcript scroller: the part of the chat where messages are seen. */
const SCROLLER = '.webchat__basic-transcript__scrollable';

/** The chat frame, once the widget on `page` has created it and loaded the chat in it. */
export async function chatFrame(page: Page): Promise<Frame> {
  const element = await page.waitForSelector('iframe.bzb-frame');
  const frame = await element.contentFrame();
  if (!frame) throw new Error('no chat frame');
  await frame.waitForURL(/\/widget\/frame\.html/);
  return frame;
}

/** Opens the demo page at `url` on a screen of `size`, presses the launcher as a pupil does, and returns the chat frame. */
export async function openChat(page: Page, url: string, size: ViewportName): Promise<Frame> {
  await page.setViewportSize(VIEWPORTS[size]);
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: t('sr-Latn', 'widget.launcher') }).click();
  return chatFrame(page);
}

/**
 * Waits until the chat transcript shows `text` — its part before any
 * markdown or placeholder, since Web Chat renders **bold** and links as markup.
 */
export async function seeInChat(frame: Frame, text: string, timeout = 20000): Promise<void> {
  await inTranscript(frame, text).waitFor({ state: 'visible', timeout });
}

/** The plain beginning of a resource text (before markdown or a placeholder). */
function plainStart(text: string): string {
  // A markdown hard break ("\\" at a line's end) is not seen.
  return text.split(/\*\*|\[|\{/)[0]!.replace(/\\$/gm, '').trim();
}

/**
 * The last message bubble in the transcript that shows `text` (its plain
 * beginning) — the rendered one, not the screen-reader copy Web Chat keeps
 * off screen.
 */
export function inTranscript(frame: Frame, text: string): Locator {
  return frame.locator(`${SCROLLER} .webchat__bubble`, { hasText: plainStart(text) }).last();
}

/** The last paragraph in the transcript that shows `text` (its plain beginning): a question at the end of a long message. */
export function lineInTranscript(frame: Frame, text: string): Locator {
  return frame.locator(`${SCROLLER} .webchat__bubble`).getByText(plainStart(text)).last();
}

/** A suggested action under the last message (the transcript keeps a hidden copy for screen readers). */
export function suggested(frame: Frame, key: string, locale: Locale = 'sr-Latn'): Locator {
  return frame.getByRole('toolbar', { name: t(locale, 'widget.webchat.SUGGESTED_ACTIONS_LABEL_ALT') }).getByRole('button', { name: t(locale, key) });
}

/** The suggested-action area (between the transcript and the send box). */
export function suggestedArea(frame: Frame, locale: Locale = 'sr-Latn'): Locator {
  return frame.getByRole('toolbar', { name: t(locale, 'widget.webchat.SUGGESTED_ACTIONS_LABEL_ALT') });
}

/** The chat's send box. */
export function sendBox(frame: Frame, locale: Locale = 'sr-Latn'): Locator {
  return frame.getByRole('textbox', { name: t(locale, 'widget.webchat.TEXT_INPUT_ALT') });
}

/** Types a message into the chat and sends it, as a person does. */
export async function write(frame: Frame, text: string, locale: Locale = 'sr-Latn'): Promise<void> {
  const box = sendBox(frame, locale);
  await box.fill(text);
  await box.press('Enter');
}

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

interface Seen {
  element: Box;
  scroller: Box;
  frame: { width: number; height: number };
  inTranscript: boolean;
  /** What a person sees at the element's centre is the element (or inside it), not something drawn over it. */
  onTop: boolean;
}

/**
 * Asserts that a person sees `target` now, without scrolling: the
 * transcript's scroll container is taller than {@link MIN_TRANSCRIPT_HEIGHT}
 * px; a message's bounding box lies inside the scroller's visible box;
 * anything outside the transcript (the send box, a suggested action) lies
 * inside the chat frame; nothing is drawn over its centre; and the frame
 * itself is inside the page's viewport. Playwright's "visible" is not
 * enough: it is true for a message clipped by a scroller 0 px high.
 */
export async function assertInView(frame: Frame, target: Locator, what: string, timeout = 5_000): Promise<void> {
  await target.waitFor({ state: 'visible', timeout: 20_000 });
  // Web Chat scrolls to a new message smoothly: wait until the person would see it, then judge the last look.
  let problems: string[];
  const end = Date.now() + timeout;
  for (;;) {
    problems = await viewProblems(frame, target, what);
    if (problems.length === 0 || Date.now() > end) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.deepEqual(problems, [], problems.join('; '));
}

/** Why a person would not see `target` now (empty when they would). */
async function viewProblems(frame: Frame, target: Locator, what: string): Promise<string[]> {
  // Built from a string: this file is type-checked without DOM types; Playwright sends the function's source to the page.
  const measure = new Function('el', `
    const box = (r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right });
    const scroller = document.querySelector(${JSON.stringify(SCROLLER)});
    const e = el.getBoundingClientRect();
    const x = Math.min(Math.max((e.left + e.right) / 2, 0), window.innerWidth - 1);
    const y = Math.min(Math.max((e.top + e.bottom) / 2, 0), window.innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    return {
      element: box(e),
      scroller: scroller ? box(scroller.getBoundingClientRect()) : { top: 0, bottom: 0, left: 0, right: 0 },
      frame: { width: window.innerWidth, height: window.innerHeight },
      inTranscript: !!(scroller && scroller.contains(el)),
      onTop: !!hit && (hit === el || el.contains(hit)),
    };`) as (el: unknown) => Seen;
  const seen = await target.evaluate(measure);
  const { element: e, scroller: s } = seen;
  const slack = 1;
  const problems: string[] = [];
  if (s.bottom - s.top <= MIN_TRANSCRIPT_HEIGHT) problems.push(`${what}: the transcript is only ${Math.round(s.bottom - s.top)} px high`);
  const within = seen.inTranscript ? s : { top: 0, left: 0, bottom: seen.frame.height, right: seen.frame.width };
  if (!(e.top >= within.top - slack && e.bottom <= within.bottom + slack && e.left >= within.left - slack && e.right <= within.right + slack)) {
    problems.push(`${what}: box ${JSON.stringify(rounded(e))} is not inside the visible ${seen.inTranscript ? 'transcript' : 'frame'} ${JSON.stringify(rounded(within))}`);
  } else if (!seen.onTop) problems.push(`${what}: something is drawn over it`);
  const frameBox = await (await frame.frameElement()).boundingBox();
  const viewport = frame.page().viewportSize();
  if (!frameBox || !viewport) problems.push(`${what}: the chat frame has no box`);
  else if (!(frameBox.y >= -slack && frameBox.x >= -slack && frameBox.y + frameBox.height <= viewport.height + slack && frameBox.x + frameBox.width <= viewport.width + slack)) {
    problems.push(`${what}: the chat frame is not inside the page's viewport`);
  }
  return problems;
}

/**
 * Asserts that a person sees the crisis card now, without scrolling: its
 * words (the bubble that begins with `firstKey`), the card's heading and its
 * first call button each lie inside the transcript's visible box, and none
 * has anything drawn over its edges (Web Chat's "new messages" button sits
 * over the transcript's bottom edge).
 */
export async function assertCrisisCardInView(frame: Frame, firstKey: string, what: string): Promise<void> {
  const card = frame.locator(`${SCROLLER} .bzb-card`).last();
  const parts: [Locator, string][] = [
    [inTranscript(frame, t('sr-Latn', firstKey)), `${what}: the crisis card's words`],
    [card.locator('.bzb-card__title'), `${what}: the crisis card's heading`],
    [card.locator('.bzb-card__button').first(), `${what}: the crisis card's first call button`],
  ];
  for (const [target, label] of parts) {
    await assertInView(frame, target, label);
    await assertUncovered(target, label);
  }
}

/**
 * Asserts that what a person sees along the top and bottom edges of
 * `target` (3 px in; left, middle and right, clear of rounded corners) is
 * `target` itself, not something drawn over it.
 */
export async function assertUncovered(target: Locator, what: string): Promise<void> {
  // A string, not a function: this file is type-checked without DOM types.
  const covered = new Function('el', `
    const r = el.getBoundingClientRect();
    const xs = [r.left + 24, (r.left + r.right) / 2, r.right - 24];
    const points = [];
    for (const y of [r.top + 3, r.bottom - 3]) for (const x of xs) points.push([x, y]);
    return points.filter(([x, y]) => { const hit = document.elementFromPoint(x, y); return !hit || !(hit === el || el.contains(hit)); })
      .map(([x, y]) => Math.round(x) + ',' + Math.round(y) + ' under ' + (document.elementFromPoint(x, y) || { className: 'nothing' }).className);
  `) as (el: unknown) => string[];
  assert.deepEqual(await target.evaluate(covered), [], `${what}: something is drawn over it`);
}

function rounded(b: Box): Box {
  return { top: Math.round(b.top), bottom: Math.round(b.bottom), left: Math.round(b.left), right: Math.round(b.right) };
}

/** The height of the suggested-action area as a share of the chat frame's height (0 when none is shown). */
export async function suggestedShare(frame: Frame): Promise<number> {
  return frame.evaluate<number>(`(() => {
    const area = document.querySelector('.webchat__suggested-actions');
    return area ? area.getBoundingClientRect().height / window.innerHeight : 0;
  })()`);
}

/** The question `key` is in view, with the send box: what a child needs to answer it. */
export async function seeQuestion(frame: Frame, key: string, what: string): Promise<void> {
  await assertInView(frame, lineInTranscript(frame, t('sr-Latn', key)), what);
  await assertInView(frame, sendBox(frame), `${what}: the send box`);
}
