/* global document, window, setInterval, URLSearchParams, localStorage */
import { ApiError, get, poll, post, setCsrf } from './api.js';
import { h, replace, when } from './dom.js';
import { errorMessage, loadLocale, locale, savedLocale, t } from './i18n.js';
import { setPollInterval, stopPolling } from './poller.js';
import { renderLogin } from './views/login.js';
import { renderQueue } from './views/queue.js';
import { renderReport } from './views/report.js';
import { renderStats } from './views/stats.js';
import { renderUsers } from './views/users.js';
import { renderAudit } from './views/audit.js';
import { renderRegistry } from './views/registry.js';
import { renderAccount } from './views/account.js';
import { renderOnDuty } from './views/onduty.js';

/** Shared state of the page: the signed-in user, or null. */
const state = { user: null };

const PAGES = [
  { hash: '#/queue', key: 'nav.queue', roles: ['admin', 'reviewer', 'authority'], render: renderQueue },
  { hash: '#/stats', key: 'nav.stats', roles: ['admin', 'reviewer'], render: renderStats },
  { hash: '#/registry', key: 'nav.registry', roles: ['admin', 'reviewer'], render: renderRegistry },
  { hash: '#/users', key: 'nav.users', roles: ['admin'], render: renderUsers },
  { hash: '#/audit', key: 'nav.audit', roles: ['admin'], render: renderAudit },
  { hash: '#/onduty', key: 'nav.onduty', roles: ['admin'], render: renderOnDuty },
  { hash: '#/account', key: 'nav.account', roles: ['admin', 'reviewer', 'authority'], render: renderAccount },
];

const main = () => document.getElementById('main');

function renderChrome() {
  document.getElementById('brand').textContent = t('brand');
  document.getElementById('skip-link').textContent = t('skip');
  document.getElementById('locale-label').textContent = t('language');
  document.getElementById('nav').setAttribute('aria-label', t('nav.label'));
  document.title = t('title');
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!state.user) {
    replace(nav);
    replace(who);
    return;
  }
  const current = window.location.hash.split('?')[0] || '#/queue';
  replace(
    nav,
    h('ul', {}, PAGES.filter((p) => p.roles.includes(state.user.role)).map((p) =>
      h('li', {}, h('a', { href: p.hash, 'aria-current': current.startsWith(p.hash) ? 'page' : undefined }, t(p.key))))),
  );
  replace(who, h('span', {}, h('span', { 'data-user-text': true }, state.user.displayName), ` (${t(`role.${state.user.role}`)}) `),
    h('button', { type: 'button', class: 'secondary', id: 'logout', onclick: logout }, t('logout')));
}

async function logout() {
  await post('/api/dashboard/auth/logout').catch(() => undefined);
  state.user = null;
  window.location.hash = '#/login';
  await boot();
}

/**
 * Shows or hides the banner: open reports of immediate urgency, and reports
 * whose notice to an authority finally failed (immediate ones first, then
 * the rest, with the last error), so the contact centre phones instead.
 */
export async function refreshBanner() {
  const banner = document.getElementById('urgent-banner');
  if (!state.user) {
    banner.hidden = true;
    return;
  }
  try {
    // A background request: the banner's check does not keep an idle session signed in.
    const alerts = (await poll('/api/dashboard/alerts')).data;
    const failed = alerts.noticeFailed || { immediate: 0, other: 0 };
    const lines = [];
    if (alerts.immediate > 0) {
      lines.push(h('p', { id: 'banner-immediate' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), t('banner.immediate', { count: alerts.immediate }), ' ',
        h('a', { href: '#/queue?urgency=immediate' }, t('banner.show'))));
    }
    if (failed.immediate > 0) {
      lines.push(h('p', { id: 'banner-notice-immediate' }, h('span', { 'aria-hidden': 'true' }, '✉ '), t('banner.noticeFailedImmediate', { count: failed.immediate }), ' ',
        h('a', { href: '#/queue?noticeFailed=true&urgency=immediate' }, t('banner.showNoticeFailed'))));
    }
    if (failed.other > 0) {
      lines.push(h('p', { id: 'banner-notice-other' }, h('span', { 'aria-hidden': 'true' }, '✉ '), t('banner.noticeFailedOther', { count: failed.other }), ' ',
        h('a', { href: '#/queue?noticeFailed=true' }, t('banner.showNoticeFailed'))));
    }
    if (failed.lastError && (failed.immediate > 0 || failed.other > 0)) {
      lines.push(h('p', { id: 'banner-notice-error' }, t('banner.noticeLastError', { error: failed.lastError, at: when(failed.lastAt, locale()) })));
    }
    replace(banner, ...lines);
    banner.hidden = lines.length === 0;
  } catch {
    banner.hidden = true;
  }
}

/** The day and count at which the signed-in person last set the pause suggestion aside in this browser. */
function pauseSetAside() {
  try {
    const [day, count] = (localStorage.getItem(`bz-care-pause:${state.user.id}`) || '').split('|');
    return { day, count: Number(count) || 0 };
  } catch {
    return { day: '', count: 0 };
  }
}

/**
 * Care for reviewers: how many distressing reports this person opened today
 * and this week (administrators also see the team's sums), and, once today's
 * count reaches the configured number, a kind suggestion of a pause. It never
 * blocks anything; set aside, it comes back only after as many again.
 */
export async function refreshCare() {
  const bar = document.getElementById('care-bar');
  if (!state.user) {
    bar.hidden = true;
    return;
  }
  try {
    const care = (await poll('/api/dashboard/care')).data;
    const aside = pauseSetAside();
    const setAside = aside.day === care.day ? aside.count : 0;
    const pause = care.suggestPause && (setAside === 0 || care.today >= setAside + care.pauseAfter);
    const lines = [];
    if (pause) {
      lines.push(h('div', { id: 'care-pause', class: 'care-pause', role: 'status' },
        h('p', {}, h('strong', {}, t('care.pauseTitle')), ' ', t('care.pause', { today: care.today })),
        h('button', { type: 'button', class: 'secondary', id: 'care-pause-ok', onclick: () => {
          try {
            localStorage.setItem(`bz-care-pause:${state.user.id}`, `${care.day}|${care.today}`);
          } catch {
            // storage may be disabled; the suggestion then stays until the next page
          }
          document.getElementById('care-pause')?.remove();
        } }, t('care.pauseDismiss'))));
    }
    if (care.week > 0) lines.push(h('p', { id: 'care-counts' }, t('care.counts', { today: care.today, week: care.week })));
    if (care.team && care.team.week > 0) lines.push(h('p', { id: 'care-team' }, t('care.team', care.team)));
    // Unchanged (the minute's refresh): left as it is, so a screen reader does not hear it again.
    const signature = JSON.stringify([state.user, pause, care.today, care.week, care.team, locale()]);
    if (bar.dataset.signature === signature && !bar.hidden === lines.length > 0) return;
    bar.dataset.signature = signature;
    replace(bar, ...lines);
    bar.setAttribute('aria-label', t('care.label'));
    bar.hidden = lines.length === 0;
  } catch {
    bar.hidden = true;
  }
}

let routing = Promise.resolve();

/**
 * Shows the page the address names. Navigations run one after another: when
 * two overlap (a language switch and a new address at once), the one asked
 * for last is the one on screen, whichever request would have finished last.
 */
function route() {
  routing = routing.then(renderRoute, renderRoute);
  return routing;
}

async function renderRoute() {
  stopPolling();
  renderChrome();
  const target = main();
  if (!state.user) {
    renderLogin(target, async (session) => {
      state.user = session.user;
      setCsrf(session.csrfToken);
      if (session.user.locale) await loadLocale(savedLocale());
      window.location.hash = '#/queue';
      await route();
    });
    return;
  }
  const [path, query = ''] = (window.location.hash || '#/queue').split('?');
  const params = new URLSearchParams(query);
  const report = /^#\/reports\/([A-Za-z0-9_-]+)$/.exec(path);
  try {
    if (report) await renderReport(target, report[1], state.user);
    else {
      const page = PAGES.find((p) => path === p.hash && p.roles.includes(state.user.role)) ?? PAGES[0];
      await page.render(target, state.user, params);
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      state.user = null;
      return renderRoute();
    }
    replace(target, h('h1', {}, t('error.title')), h('p', { class: 'error', role: 'alert' }, errorMessage(err)));
  }
  await Promise.all([refreshBanner(), refreshCare()]);
}

async function boot() {
  await loadLocale(savedLocale());
  const select = document.getElementById('locale-select');
  select.value = savedLocale();
  const session = await get('/api/dashboard/session');
  setCsrf(session.csrfToken);
  setPollInterval(session.pollSeconds);
  state.user = session.authenticated ? session.user : null;
  await route();
}

document.getElementById('locale-select').addEventListener('change', async (ev) => {
  await loadLocale(ev.target.value);
  await route();
});
window.addEventListener('bz:unauthenticated', () => {
  state.user = null;
  route();
});
window.addEventListener('hashchange', () => {
  // A new page starts at its top, where the banners are (the urgent one, the pause suggestion);
  // focus moves to the content for keyboard and screen-reader users without scrolling past them.
  route().then(() => {
    main().focus({ preventScroll: true });
    window.scrollTo(0, 0);
  });
});
setInterval(() => Promise.all([refreshBanner(), refreshCare()]), 60_000);
boot();
