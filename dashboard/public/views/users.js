import { get, patch, post } from '../api.js';
import { field, h, replace, select, when } from '../dom.js';
import { errorMessage, label, locale, t } from '../i18n.js';

/** Staff accounts (admin): list, create, disable, unlock, reset second factor. */
export async function renderUsers(target) {
  const [{ items }, registry] = await Promise.all([get('/api/dashboard/users'), get('/api/dashboard/authorities')]);
  // Authorities by their names in the reader's language; the id is what is stored.
  const authorityName = new Map(registry.items.map((a) => [a.id, a.display.name]));
  const error = h('p', { class: 'error', role: 'alert' });
  const rerender = () => renderUsers(target);
  const run = (fn) => async (ev) => {
    ev.preventDefault();
    try {
      await fn();
      await rerender();
    } catch (err) {
      replace(error, errorMessage(err));
    }
  };
  const rows = items.map((u) => h('tr', {},
    h('td', {}, u.email), h('td', {}, u.displayName), h('td', {}, label('role', u.role), u.authorityId ? ` · ${authorityName.get(u.authorityId) ?? u.authorityId}` : ''),
    h('td', {}, [u.disabled ? t('users.disabled') : null, u.locked ? t('users.locked') : null, u.totpEnabled ? 'TOTP' : null].filter(Boolean).join(', ')),
    h('td', {}, when(u.lastLoginAt, locale())),
    h('td', {},
      h('button', { type: 'button', class: 'secondary', onclick: run(() => patch(`/api/dashboard/users/${u.id}`, { disabled: !u.disabled })) }, u.disabled ? t('users.enable') : t('users.disable')), ' ',
      u.locked ? h('button', { type: 'button', class: 'secondary', onclick: run(() => patch(`/api/dashboard/users/${u.id}`, { unlock: true })) }, t('users.unlock')) : null, ' ',
      u.totpEnabled ? h('button', { type: 'button', class: 'secondary', onclick: run(() => patch(`/api/dashboard/users/${u.id}`, { resetTotp: true })) }, t('users.resetTotp')) : null)));
  const email = h('input', { type: 'email', name: 'email', required: true });
  const name = h('input', { name: 'displayName', required: true });
  const role = select('role', ['reviewer', 'authority', 'admin'].map((r) => [r, label('role', r)]), 'reviewer');
  const authority = select('authorityId', registry.items.filter((a) => a.active !== false).map((a) => [a.id, a.display.name]), 'police-vtk');
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: 12, required: true });
  const form = h('form', { class: 'stack' }, field(t('users.email'), email), field(t('users.name'), name), field(t('users.role'), role),
    field(t('users.authority'), authority), field(t('users.password'), password), h('button', { type: 'submit' }, t('users.create')));
  form.addEventListener('submit', run(() => post('/api/dashboard/users', {
    email: email.value, displayName: name.value, role: role.value, password: password.value, ...(role.value === 'authority' ? { authorityId: authority.value } : {}),
  })));
  replace(target, h('h1', {}, t('users.title')), error,
    h('table', {}, h('thead', {}, h('tr', {}, ['users.email', 'users.name', 'users.role', 'users.state', 'users.lastLogin', 'users.actions'].map((k) => h('th', { scope: 'col' }, t(k))))), h('tbody', {}, rows)),
    h('h2', {}, t('users.new')), form);
}
