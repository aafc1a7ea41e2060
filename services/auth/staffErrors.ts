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
] as const;
export type DashboardErrorCode = (typeof DASHBOARD_ERROR_CODES)[number];

/** A domain error the HTTP layer maps to a status code. */
export class DashboardError extends Error {
  constructor(readonly status: number, readonly code: DashboardErrorCode, message: string) {
    super(message);
    this.name = 'DashboardError';
  }
}

export const notFound = (what: string): DashboardError => new DashboardError(404, 'NotFound', `${what} not found.`);
export const conflict = (code: DashboardErrorCode, message: string): DashboardError => new DashboardError(409, code, message);
export const forbidden = (message = 'Not allowed for your role.'): DashboardError => new DashboardError(403, 'Forbidden', message);
export const badRequest = (message: string): DashboardError => new DashboardError(400, 'BadRequest', message);
