/* global window */
import { get, qs } from '../api.js';
import { field, h, proper, replace } from '../dom.js';
import { label, t, tn } from '../i18n.js';
import { barChart } from './chart.js';
import { answerLabel } from './report.js';

const DIMENSIONS = [
  ['byCategory', 'category'], ['byMonth', null], ['byUrgency', 'urgency'], ['byPlatform', null], ['byVictimAge', 'age'],
  ['byReporterRole', 'reporter'], ['byRegion', null], ['byAuthority', null], ['byFlag', 'flag'], ['byAnswer', answerLabel],
];

/** Statistics: counts per dimension as charts and tables, time to first review, CSV export. */
export async function renderStats(target, _user, params) {
  const range = { from: params.get('from') || '', to: params.get('to') || '' };
  const s = await get(`/api/dashboard/stats${qs(range)}`);
  const from = h('input', { type: 'date', name: 'from', value: range.from });
  const to = h('input', { type: 'date', name: 'to', value: range.to });
  const form = h('form', { class: 'filters' }, field(t('filter.from'), from), field(t('filter.to'), to), h('button', { type: 'submit' }, t('filter.apply')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    window.location.hash = `#/stats${qs({ from: from.value, to: to.value })}`;
  });
  const review = s.firstReview;
  const cards = DIMENSIONS.map(([key, group]) => {
    // Rows keyed by an id (platform, district, authority) come with their name from the server.
    // Platforms are brand names, the same in every language (translate="no").
    const name = typeof group === 'function' ? group : group ? (k) => label(group, k) : (k) => k;
    const rows = (s[key] || []).map((r) => ({ label: r.label ?? name(r.key), count: r.count, proper: key === 'byPlatform' && r.key !== 'unknown' }));
    return h('section', { class: 'card', 'aria-labelledby': `h-${key}` },
      h('h2', { id: `h-${key}` }, t(`stats.${key}`)),
      rows.length ? barChart(t(`stats.${key}`), rows) : h('p', {}, t('stats.none')),
      rows.length ? h('table', {}, h('caption', { class: 'visually-hidden' }, t(`stats.${key}`)), h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row', translate: r.proper ? 'no' : undefined }, r.label), h('td', {}, String(r.count)))))) : null);
  });
  // Reports with a due time: first reviewed before or after it (counts below 5 as <5; medians only with 5 or more).
  const d = s.deadlines || {};
  const hours = (v) => (v === null || v === undefined ? t('stats.deadlineFew') : t('stats.hoursValue', { hours: v }));
  const deadlineCard = h('section', { class: 'card', 'aria-labelledby': 'h-deadlines', id: 'stats-deadlines' },
    h('h2', { id: 'h-deadlines' }, t('stats.deadlines')),
    h('p', { class: 'meta' }, t('stats.deadlinesHint')),
    h('dl', { class: 'facts' }, ['count', 'reviewedBeforeDue', 'reviewedAfterDue', 'unreviewedOverdue', 'unreviewedPending'].flatMap((k) => [
      h('dt', {}, t(`stats.deadline.${k}`)), h('dd', { 'data-stat': k }, String(d[k] ?? '—')),
    ]), ['medianHoursToReview', 'medianHoursAllowed'].flatMap((k) => [h('dt', {}, t(`stats.deadline.${k}`)), h('dd', { 'data-stat': k }, hours(d[k]))])));
  // Accounts named in more than one report of the period (counted by keyed hash; below 5 as <5).
  const repeatCard = h('section', { class: 'card', 'aria-labelledby': 'h-repeat', id: 'stats-repeat-accounts' },
    h('h2', { id: 'h-repeat' }, t('stats.repeatAccounts')),
    h('p', { class: 'meta' }, t('stats.repeatAccountsHint')),
    h('p', { 'data-stat': 'repeatAccounts' }, t('stats.repeatAccountsValue', { count: s.repeatAccounts ?? '—' })));
  replace(target,
    h('h1', {}, t('stats.title')),
    form,
    h('p', {}, t('stats.total', { count: s.total }), ' ', h('a', { href: `/api/dashboard/stats.csv${qs(range)}`, download: 'bezbedno-statistika.csv', id: 'csv-export' }, ...tn('stats.exportCsv', { format: proper('CSV') }))),
    h('p', { class: 'meta' }, t('stats.suppressed')),
    h('section', { class: 'card', 'aria-labelledby': 'h-review' }, h('h2', { id: 'h-review' }, t('stats.firstReview')),
      // Fewer than 5 reviewed reports: the times are withheld (small-cell suppression), not "null".
      h('p', {}, review.medianHours !== null && review.medianHours !== undefined ? t('stats.firstReviewValues', { median: review.medianHours, p90: review.p90Hours, count: review.count }) : review.count ? t('stats.firstReviewFew') : t('stats.none'))),
    deadlineCard,
    repeatCard,
    h('div', { class: 'grid' }, cards));
}
