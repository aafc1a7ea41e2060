/* global document, window, setInterval, URLSearchParams */
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

/** Shared state of the page: the signed-in user, or null. */
const state = { user: null };

const PAGES = [
  { hash: '#/queue', key: 'nav.queue', roles: ['admin', 'reviewer', 'authority'], render: renderQueue },
  { hash: '#/stats', key: 'nav.stats', roles: ['admin', 'reviewer'], render: renderStats },
  { hash: '#/registry', key: 'nav.registry', roles: ['admin', 'reviewer'], render: renderRegistry },
  { hash: '#/users', key: 'nav.users', roles: ['admin'], render: renderUsers },
  { hash: '#/audit', key: 'nav.audit', roles: ['admin'], render: renderAudit },
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

async function route() {
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
      return route();
    }
    replace(target, h('h1', {}, t('error.title')), h('p', { class: 'error', role: 'alert' }, errorMessage(err)));
  }
  await refreshBanner();
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
  route().then(() => main().focus());
});
setInterval(refreshBanner, 60_000);
boot();
