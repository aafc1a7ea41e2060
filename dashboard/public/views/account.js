import { post, setCsrf } from '../api.js';
import { field, h, replace } from '../dom.js';
import { errorMessage, t } from '../i18n.js';

/** Your account: password change and the optional TOTP second factor. */
export async function renderAccount(target, user) {
  const message = h('p', { role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const fail = (err) => replace(error, errorMessage(err));

  const current = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { type: 'password', autocomplete: 'new-password', minlength: 12, required: true });
  const pw = h('form', { class: 'stack' }, field(t('account.currentPassword'), current), field(t('account.newPassword'), next), h('button', { type: 'submit' }, t('account.changePassword')));
  pw.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const res = await post('/api/dashboard/auth/password', { currentPassword: current.value, newPassword: next.value });
      setCsrf(res.csrfToken);
      replace(message, t('account.passwordChanged'));
    } catch (err) {
      fail(err);
    }
  });

  const totpBox = h('div', {});
  const startTotp = async () => {
    try {
      const setup = await post('/api/dashboard/auth/totp/setup');
      const code = h('input', { inputmode: 'numeric', pattern: '[0-9]{6}', autocomplete: 'one-time-code', required: true });
      const confirm = h('form', { class: 'stack' }, field(t('account.totpCode'), code), h('button', { type: 'submit' }, t('account.totpConfirm')));
      confirm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        try {
          await post('/api/dashboard/auth/totp/confirm', { code: code.value });
          replace(totpBox, h('p', {}, t('account.totpEnabled')));
        } catch (err) {
          fail(err);
        }
      });
      replace(totpBox, h('p', {}, t('account.totpShownOnce')), h('p', { class: 'secret' }, setup.secret), h('p', {}, h('code', {}, setup.otpauthUri)), confirm);
    } catch (err) {
      fail(err);
    }
  };
  replace(totpBox, user.totpEnabled ? h('p', {}, t('account.totpOn')) : h('button', { type: 'button', onclick: startTotp }, t('account.totpStart')));
  replace(target, h('h1', {}, t('account.title')), message, error, h('h2', {}, t('account.password')), pw, h('h2', {}, t('account.totp')), totpBox);
}
