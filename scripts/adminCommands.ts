import { parseArgs } from 'node:util';
import type { Readable, Writable } from 'node:stream';
import type { Connection } from 'mongoose';
import { STAFF_LOCALES, STAFF_ROLES, StaffLocale, StaffRole } from '../models/staffUser';
import { AuditLog } from '../services/audit/auditLog';
import { AuditEventRepository } from '../models/auditEventRepository';
import { StaffSessionRepository } from '../models/staffSessionRepository';
import { StaffUserRepository } from '../models/staffUserRepository';
import { PasswordHasher } from '../services/auth/password';
import { SessionService } from '../services/auth/sessionService';
import { DashboardError } from '../services/auth/staffErrors';
import { StaffService } from '../services/auth/staffService';
import { QueueIndex } from '../models/reportQueueIndex';
import { createReportServices } from '../services/reports/index';
import { createLogger } from '../core/logger';
import { loadSection, type ReportConfig } from '../core/config';
import { EMBEDDED_DATABASE, type DatabaseMode } from '../models/database';

export const ADMIN_USAGE = `Usage: npm run admin -- <command> [options]

  create-user --email E --role admin|reviewer|authority [--name N] [--authority ID] [--locale sr-Latn|en]
                         the password is read from standard input (never from the command line)
  set-password --email E the new password is read from standard input; the account's sessions end
  unlock --email E       clear a lockout after failed sign-ins
  disable --email E      disable an account and end its sessions
  enable --email E
  reset-totp --email E   turn off the account's second factor
  list-users
  verify-audit           check the audit hash chain; exit 1 and name the first broken link
  rebuild-queue          re-derive the review queue's entries from the reports (after a drift)
  rotate-keys            re-encrypt stored reports, contacts and messages under the FIRST key of
                         REPORT_ENCRYPTION_KEYS (then the old key can be removed)
  purge-now              run the retention purge once (closed reports past their period)
  relink-accounts        re-derive which reports name the same account from their evidence
                         (keyed hashes only; after a drift, or to check the links)
`;

export interface AdminIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

const CLI_ACTOR = { id: 'cli', role: 'admin-cli' };

/** Reads the password: the first line of standard input (a pipe, or typed at a prompt). */
export async function readPassword(stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => void }, prompt: Writable): Promise<string> {
  if (stdin.isTTY) prompt.write('Password (not shown): ');
  const tty = Boolean(stdin.isTTY && stdin.setRawMode);
  if (tty) stdin.setRawMode!(true);
  let text = '';
  try {
    for await (const chunk of stdin) {
      const s = String(chunk);
      if (tty && s.includes('\u0003')) throw new Error('cancelled');
      text += s;
      const nl = text.search(/[\r\n]/);
      if (nl >= 0) {
        text = text.slice(0, nl);
        break;
      }
    }
  } finally {
    if (tty) {
      stdin.setRawMode!(false);
      prompt.write('\n');
    }
    if ('pause' in stdin) stdin.pause();
  }
  return text;
}

/**
 * Runs one admin command against a database connection. Returns the exit
 * code; prints results on stdout and problems on stderr. Changes are
 * audited as the actor `cli`.
 */
export async function runAdmin(
  argv: string[],
  conn: Connection,
  io: AdminIo,
  hasher = new PasswordHasher(),
  // Read only by the commands that open reports (their keys and retention), so the others run without them.
  reportConfig: () => ReportConfig = () => loadSection('reports'),
  // The server's rule (models/database.ts): the embedded database's accommodations only when there is no MONGODB_URI.
  mode: DatabaseMode = EMBEDDED_DATABASE,
): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, authority: { type: 'string' }, locale: { type: 'string' } },
    strict: true,
  });
  const staff = new StaffService(new StaffUserRepository(conn), hasher);
  const audit = new AuditLog(new AuditEventRepository(conn));
  const sessions = new SessionService(new StaffSessionRepository(conn), { idleMs: 1, absoluteMs: 1 });
  const out = (s: string) => io.stdout.write(`${s}\n`);
  const fail = (s: string) => {
    io.stderr.write(`admin: ${s}\n`);
    return 2;
  };
  const byEmail = async () => {
    if (!values.email) throw new DashboardError('BadRequest', '--email is required');
    const doc = await staff.findByEmail(values.email);
    if (!doc) throw new DashboardError('NotFound', `no account with e-mail ${values.email}`);
    return doc._id.toHexString();
  };

  try {
    switch (command) {
      case 'create-user': {
        await Promise.all([staff.init(), audit.init()]);
        if (!values.email || !values.role) return fail('create-user needs --email and --role');
        if (!(STAFF_ROLES as readonly string[]).includes(values.role)) return fail(`--role must be one of ${STAFF_ROLES.join(', ')}`);
        if (values.locale && !(STAFF_LOCALES as readonly string[]).includes(values.locale)) return fail(`--locale must be one of ${STAFF_LOCALES.join(', ')}`);
        const password = await readPassword(io.stdin, io.stderr);
        const user = await staff.create({
          email: values.email,
          displayName: values.name ?? values.email.split('@')[0]!,
          role: values.role as StaffRole,
          authorityId: values.authority,
          locale: (values.locale as StaffLocale | undefined) ?? 'sr-Latn',
          password,
        });
        await audit.append(CLI_ACTOR, { action: 'staff.create', targetType: 'staff', targetId: user.id, details: { role: user.role } });
        out(JSON.stringify({ created: user.id, email: user.email, role: user.role, authorityId: user.authorityId }));
        return 0;
      }
      case 'set-password': {
        const id = await byEmail();
        await staff.setPassword(id, await readPassword(io.stdin, io.stderr));
        await sessions.destroyAllFor(id);
        await audit.append(CLI_ACTOR, { action: 'staff.password_reset', targetType: 'staff', targetId: id });
        out(JSON.stringify({ passwordSet: id }));
        return 0;
      }
      case 'unlock':
      case 'disable':
      case 'enable':
      case 'reset-totp': {
        const id = await byEmail();
        const patch = command === 'unlock' ? { unlock: true as const } : command === 'reset-totp' ? { resetTotp: true as const } : { disabled: command === 'disable' };
        const user = await staff.update(id, patch);
        if (command !== 'unlock' && command !== 'enable') await sessions.destroyAllFor(id);
        await audit.append(CLI_ACTOR, { action: 'staff.update', targetType: 'staff', targetId: id, details: { [command]: true } });
        out(JSON.stringify({ id: user.id, disabled: user.disabled, locked: user.locked, totpEnabled: user.totpEnabled }));
        return 0;
      }
      case 'list-users': {
        for (const u of await staff.list()) out(JSON.stringify({ id: u.id, email: u.email, role: u.role, authorityId: u.authorityId, disabled: u.disabled, locked: u.locked, totp: u.totpEnabled }));
        return 0;
      }
      case 'verify-audit': {
        const verdict = await audit.verify();
        out(JSON.stringify(verdict));
        if (!verdict.ok) {
          io.stderr.write(`admin: audit chain BROKEN at event ${verdict.brokenAt}: ${verdict.reason}\n`);
          return 1;
        }
        return 0;
      }
      case 'rebuild-queue': {
        await audit.init();
        const result = await new QueueIndex(conn).rebuild();
        await audit.append(CLI_ACTOR, { action: 'queue.rebuild', targetType: 'queue', targetId: 'reportqueue', details: { ...result } });
        out(JSON.stringify(result));
        return 0;
      }
      case 'relink-accounts': {
        await audit.init();
        const reports = createReportServices(conn, reportConfig(), createLogger('warn', io.stderr), { mode });
        const result = await reports.accounts.relinkAll(reports.cipher, { repair: true });
        await audit.append(CLI_ACTOR, { action: 'accounts.relink', targetType: 'reports', targetId: 'all', details: { ...result } });
        out(JSON.stringify(result));
        return 0;
      }
      case 'rotate-keys':
      case 'purge-now': {
        await audit.init();
        // The same keys and retention settings as the server (REPORT_*, RETENTION_*).
        const reports = createReportServices(conn, reportConfig(), createLogger('warn', io.stderr), { mode });
        const result = command === 'rotate-keys' ? await reports.rotateKeys() : await reports.purger.run();
        await audit.append(CLI_ACTOR, { action: command === 'rotate-keys' ? 'keys.rotate' : 'retention.purge', targetType: 'reports', targetId: 'all', details: { ...result } });
        out(JSON.stringify(result));
        return 0;
      }
      default:
        io.stderr.write(ADMIN_USAGE);
        return command ? 2 : 0;
    }
  } catch (err) {
    if (err instanceof DashboardError) return fail(err.message);
    throw err;
  }
}
