import { AppError } from '../../core/errors';

/**
 * Every `code` the dashboard API answers an error with. The UI shows each
 * through its own message (`dashboard.error.<code>` in content/locales), never
 * the English `message`, so a reviewer reads errors in her language; the
 * parity test checks that every code has one.
 */
export const DASHBOARD_ERROR_CODES = [
  // The HTTP edge (server/dashboard/mountApiRoutes.ts, server/app.ts).
  'Unauthenticated', 'Forbidden', 'CsrfTokenInvalid', 'UnsupportedMediaType', 'ValidationError', 'BadRequest',
  'NotFound', 'MethodNotAllowed', 'PayloadTooLarge', 'RequestError', 'InternalError', 'DatabaseUnavailable',
  // Signing in and the account.
  'InvalidCredentials', 'TotpRequired', 'TooManyAttempts', 'WrongPassword', 'TotpUnavailable', 'TotpCodeInvalid',
  // Staff accounts.
  'EmailTaken', 'SelfLockout',
  // Reports.
  'ReportsUnavailable', 'StatusChanged', 'InvalidTransition', 'UnknownAuthority', 'ReportErased', 'InvalidMessage',
  // The registry.
  'VersionConflict',
  // The on-duty rota.
  'RotaUnavailable', 'WebhookNotUsable', 'EmailNotUsable',
] as const;
export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[number];

/**
 * A dashboard error in the one error shape (core/errors.ts). It carries no
 * HTTP status: the edge picks one per code (server/dashboard/errorStatus.ts).
 */
export class DashboardError extends AppError<DashboardErrorCode> {}

export const notFound = (what: string): DashboardError => new DashboardError('NotFound', `${what} not found.`);
export const conflict = (code: DashboardErrorCode, message: string): DashboardError => new DashboardError(code, message);
export const forbidden = (message = 'Not allowed for your role.'): DashboardError => new DashboardError('Forbidden', message);
export const badRequest = (message: string): DashboardError => new DashboardError('BadRequest', message);
