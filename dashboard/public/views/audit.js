import { get, qs } from '../api.js';
import { h, replace, when } from '../dom.js';
import { locale, t } from '../i18n.js';

/** The audit log (admin): events newest first, and the chain check. */
export async function renderAudit(target, _user, params) {
  const before = params.get('before') || '';
  const data = await get(`/api/dashboard/audit${qs({ before, limit: 50 })}`);
  const verdictBox = h('p', { role: 'status', id: 'audit-verdict' });
  const verify = h('button', { type: 'button', class: 'secondary', id: 'audit-verify', onclick: async () => {
    const v = await get('/api/dashboard/audit/verify');
    replace(verdictBox, v.ok ? t('audit.ok', { count: v.checked }) : t('audit.broken', { seq: v.brokenAt, reason: v.reason }));
  } }, t('audit.verify'));
  replace(target, h('h1', {}, t('audit.title')), h('p', {}, verify), verdictBox,
    h('table', {}, h('thead', {}, h('tr', {}, ['audit.seq', 'audit.at', 'audit.actor', 'audit.action', 'audit.target', 'audit.hash'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, data.items.map((e) => h('tr', {}, h('td', {}, String(e.seq)), h('td', {}, when(e.at, locale())), h('td', {}, `${e.actorRole} ${e.actorId.slice(-6)}`),
        h('td', {}, e.action), h('td', {}, `${e.targetType} ${e.targetId}`), h('td', {}, h('code', {}, e.hash.slice(0, 12))))))),
    data.nextBefore ? h('p', {}, h('a', { href: `#/audit?before=${data.nextBefore}` }, t('audit.older'))) : null);
}
