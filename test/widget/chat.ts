import type { Frame, Locator, Page } from 'playwright-core';
import { t } from '../../services/i18n/catalog';
import type { Locale } from '../../services/i18n/locales';

/** The chat frame, once the widget on `page` has created it. */
export async function chatFrame(page: Page): Promise<Frame> {
  await page.waitForSelector('iframe.bzb-frame');
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (frame) return frame;
    await page.waitForTimeout(100);
  }
  throw new Error('no chat frame');
}

/**
 * Waits until the chat transcript shows `text` — its part before any
 * markdown or placeholder, since Web Chat renders **bold** and links as markup.
 */
export async function seeInChat(frame: Frame, text: string, timeout = 20000): Promise<void> {
  const plain = text.split(/\*\*|\[|\{/)[0]!.trim();
  await frame.getByText(plain, { exact: false }).first().waitFor({ state: 'visible', timeout });
}

/** A suggested action under the last message (the transcript keeps a hidden copy for screen readers). */
export function suggested(frame: Frame, key: string, locale: Locale = 'sr-Latn'): Locator {
  return frame.getByRole('toolbar', { name: t(locale, 'widget.webchat.SUGGESTED_ACTIONS_LABEL_ALT') }).getByRole('button', { name: t(locale, key) });
}

/** The chat's send box. */
export function sendBox(frame: Frame, locale: Locale = 'sr-Latn'): Locator {
  return frame.getByRole('textbox', { name: t(locale, 'widget.webchat.TEXT_INPUT_ALT') });
}
