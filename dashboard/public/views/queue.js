/* global window */
import { get, getWithEtag, poll, qs } from '../api.js';
import { field, h, proper, replace, select, when } from '../dom.js';
import { label, locale, t } from '../i18n.js';
import { startPolling } from '../poller.js';
import { ANSWERS, answerLabel, CRISIS_FLAGS, FLAGS } from './report.js';
import { dueBadge } from './deadline.js';

const STATUSES = ['new', 'in_review', 'forwarded', 'closed'];
const CATEGORIES = ['grooming', 'sextortion', 'nudes', 'cyberbullying', 'csam', 'privacy', 'other'];
const URGENCIES = ['immediate', 'high', 'normal'];

/** The authority filter: every authority by its name in the reader's language, the nationwide ones first. */
async function authorityFilter(value) {
  const { items } = await get('/api/dashboard/authorities');
  const national = items.filter((a) => a.jurisdiction.scope !== 'municipality');
  const local = items.filter((a) => a.jurisdiction.scope === 'municipality').sort((a, b) => a.display.name.localeCompare(b.display.name, locale()));
  return select('authority', [['', t('filter.any')], ...[...national, ...local].map((a) => [a.id, a.display.name])], value, { id: 'filter-authority' });
}

const COLUMNS = ['queue.urgency', 'queue.caseCode', 'queue.marks', 'queue.category', 'queue.status', 'queue.received', 'queue.authorities'];

/** What needs attention in a row: a crisis recognised during the report; a due time; an authority that was not notified. */
function marks(r) {
  const crisis = CRISIS_FLAGS.filter((f) => (r.flags || []).includes(f)).map((f) => h('span', { class: 'badge crisis', 'data-flag': f }, `⚠ ${t(`crisis.${f}.short`)}`));
  const to = (r.noticeFailedToNames || r.noticeFailedTo || []).map((n) => (n === 'onduty' ? t('report.onDuty') : n));
  const notice = r.noticeFailed
    ? h('span', { class: 'badge notice-failed', 'data-notice': 'failed' }, `✉ ${t('queue.noticeFailed', { to: to.join(', '), error: r.noticeError || '—' })}`)
    : null;
  // A due case counts down in its row (a blackmailer's deadline, a planned meeting); the queue sorts the soonest first.
  const due = r.dueAt ? dueBadge(r.dueAt, r.dueKind) : null;
  // An account this report names appears in another report too.
  const linked = r.linked ? h('span', { class: 'badge linked', 'data-linked': 'true' }, t('queue.linked')) : null;
  return [...crisis, due, notice, linked];
}

/** A cell with its column's name, which a phone shows beside the value (the table becomes a list of cards). */
const cell = (column, ...children) => h('td', { 'data-label': t(COLUMNS[column]) }, ...children);

function row(r) {
  const unread = r.unreadByStaff > 0
    ? h('span', { class: 'badge unread', 'data-unread': String(r.unreadByStaff) }, `✉ ${t('queue.unread', { count: r.unreadByStaff })}`)
    : null;
  return h('tr', { class: `urgency-${r.urgency}${r.unreadByStaff > 0 ? ' has-unread' : ''}`, 'data-report': r.id },
    cell(0, h('span', { class: `badge ${r.urgency}` }, r.urgency === 'immediate' ? `⚠ ${label('urgency', r.urgency)}` : label('urgency', r.urgency))),
    cell(1, h('a', { href: `#/reports/${r.id}`, class: 'case-link' }, proper(r.caseCode)), unread ? [' ', unread] : null),
    h('td', { 'data-label': t(COLUMNS[2]), class: 'marks' }, marks(r)),
    cell(3, label('category', r.category)),
    cell(4, label('status', r.status)),
    cell(5, when(r.createdAt, locale())),
    cell(6, (r.authorityNames || r.authorities || []).join(', ')));
}

/**
 * The queue: urgency first, a crisis recognised during the report first
 * within its urgency, then the longest waiting; filters; keyset pages.
 * A report with replies from the reporter that no one in the contact centre
 * has opened yet is marked. The table refreshes by itself while it is on
 * screen (the filters being typed are left alone).
 */
export async function renderQueue(target, user, params) {
  const filters = Object.fromEntries(['status', 'category', 'urgency', 'flag', 'answer', 'noticeFailed', 'linked', 'authority', 'from', 'to', 'caseCode', 'cursor'].map((k) => [k, params.get(k) || '']));
  const url = `/api/dashboard/reports${qs(filters)}`;
  const [first, authority] = await Promise.all([getWithEtag(url), user.role === 'authority' ? null : authorityFilter(filters.authority)]);
  let etag = first.etag;
  const opts = (group, values) => [['', t('filter.any')], ...values.map((v) => [v, label(group, v)])];
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('filter.label') },
    field(t('filter.caseCode'), h('input', { name: 'caseCode', value: filters.caseCode, id: 'filter-case', autocomplete: 'off', size: 16 })),
    field(t('filter.status'), select('status', opts('status', STATUSES), filters.status)),
    field(t('filter.category'), select('category', opts('category', CATEGORIES), filters.category)),
    field(t('filter.urgency'), select('urgency', opts('urgency', URGENCIES), filters.urgency)),
    field(t('filter.flag'), select('flag', opts('flag', FLAGS), filters.flag, { id: 'filter-flag' })),
    field(t('filter.answer'), select('answer', [['', t('filter.any')], ...ANSWERS.flatMap(([f, values]) => values.map((v) => [`${f}:${v}`, answerLabel(`${f}:${v}`)]))], filters.answer, { id: 'filter-answer' })),
    user.role === 'authority' ? null : field(t('filter.noticeFailed'), select('noticeFailed', [['', t('filter.any')], ['true', t('filter.noticeFailedOnly')]], filters.noticeFailed, { id: 'filter-notice' })),
    field(t('filter.linked'), select('linked', [['', t('filter.any')], ['true', t('filter.linkedOnly')]], filters.linked, { id: 'filter-linked' })),
    authority ? field(t('filter.authority'), authority) : null,
    field(t('filter.from'), h('input', { type: 'date', name: 'from', value: filters.from })),
    field(t('filter.to'), h('input', { type: 'date', name: 'to', value: filters.to })),
    h('button', { type: 'submit' }, t('filter.apply')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const values = Object.fromEntries([...new window.FormData(form).entries()].filter(([, v]) => v !== ''));
    window.location.hash = `#/queue${qs(values)}`;
  });

  const results = h('div', { id: 'queue-results' });
  const show = (data) => {
    const table = data.items.length
      ? h('table', { id: 'queue-table' },
        h('caption', { class: 'visually-hidden' }, t('queue.caption')),
        h('thead', {}, h('tr', {}, COLUMNS.map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, data.items.map(row)))
      : h('p', {}, t('queue.empty'));
    const next = data.nextCursor ? h('a', { href: `#/queue${qs({ ...filters, cursor: data.nextCursor })}`, id: 'queue-next' }, t('queue.next')) : null;
    const firstPage = filters.cursor ? h('a', { href: `#/queue${qs({ ...filters, cursor: '' })}` }, t('queue.first')) : null;
    replace(results, table, h('p', {}, firstPage, ' ', next));
  };
  show(first.data);
  const title = h('h1', {}, t('queue.title'));
  // On a phone the filters would push the queue below the fold: they fold away unless a filter is set (or the screen is wide).
  const active = Object.entries(filters).filter(([k, v]) => k !== 'cursor' && v !== '').length;
  const wide = window.matchMedia('(min-width: 48rem)').matches;
  const filterBox = h('details', { class: 'filter-box', id: 'filter-box', open: wide || active > 0 },
    h('summary', {}, active ? t('filter.summaryActive', { count: active }) : t('filter.summary')), form);
  replace(target, title, filterBox, results);

  const hash = window.location.hash;
  startPolling(async () => {
    const next = await poll(url, etag);
    if (!next) return;
    etag = next.etag;
    show(next.data);
  }, () => title.isConnected && window.location.hash === hash);
}
