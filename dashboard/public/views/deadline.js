/* global document, setInterval */
import { h } from '../dom.js';
import { locale, t } from '../i18n.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A length of time in words: "2 d 5 h", "5 h 20 min", "12 min". */
function span(ms) {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  const d = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const m = minutes % 60;
  if (d > 0) return t('due.days', { d, h: hours });
  if (hours > 0) return t('due.hours', { h: hours, m });
  return t('due.minutes', { m });
}

/** How long until a due time ("za 5 h 20 min") or since it passed ("istekao pre 2 h 0 min"), and whether it is past or near. */
export function countdown(dueAt, now = Date.now()) {
  const left = new Date(dueAt).getTime() - now;
  if (left <= 0) return { text: t('due.overdue', { time: span(-left) }), state: 'overdue' };
  return { text: t('due.left', { time: span(left) }), state: left <= 6 * HOUR ? 'soon' : 'later' };
}

/** The text of a countdown element: the kind ("Rok ucenjivača") and the time left. */
function fill(el) {
  const c = countdown(el.getAttribute('data-due'));
  el.textContent = `${t(`due.kind.${el.getAttribute('data-kind') || 'deadline'}`)}: ${c.text}`;
  el.setAttribute('data-state', c.state);
  el.closest('.due-box')?.setAttribute('data-state', c.state);
}

/** A countdown badge for a queue row (`data-due` holds the due time; the ticker keeps its text current). */
export function dueBadge(dueAt, kind) {
  const el = h('span', { class: 'badge due', 'data-due': new Date(dueAt).toISOString(), 'data-kind': kind || 'deadline' });
  fill(el);
  return el;
}

const DATE_LOCALES = { en: 'en-GB', 'sr-Cyrl': 'sr-Cyrl-RS', 'sr-Latn': 'sr-Latn-RS' };

/** A due time on the Belgrade clock, whatever the reader's computer is set to: deadlines are Belgrade days. */
function belgradeTime(iso, lang) {
  return new Date(iso).toLocaleString(DATE_LOCALES[lang] ?? 'sr-Latn-RS', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Belgrade' });
}

/**
 * The due time on top of a report: what is due (a blackmailer's deadline,
 * a planned meeting), when (Belgrade time as the reader's clock shows it),
 * the countdown, and where the time came from (the reporter's answer, or
 * the story when she did not know).
 */
export function dueBox(due, lang = locale()) {
  if (!due) return null;
  const c = countdown(due.at);
  const clock = dueBadge(due.at, due.kind);
  return h('div', { class: 'due-box', id: 'due-box', 'data-state': c.state },
    h('p', {}, h('strong', {}, t(`due.title.${due.kind}`)), ' ', t('due.at', { at: belgradeTime(due.at, lang) }), ' ', clock),
    h('p', { class: 'meta' }, t(`due.source.${due.source || 'answer'}`)),
    h('p', { class: 'due-overdue' }, t('due.overdueHint')));
}

/** Keeps every countdown on the page current (once a minute; the queue's poll only brings changed data). */
function tick() {
  for (const el of document.querySelectorAll('[data-due]')) fill(el);
}
setInterval(tick, MINUTE);
