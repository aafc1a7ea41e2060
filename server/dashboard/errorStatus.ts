import type { DashboardErrorCode } from '../../services/auth/staffErrors';

/**
 * The HTTP status of each dashboard error code: chosen here, at the edge,
 * and nowhere else (services throw codes, not statuses). A Record, so a new
 * code does not compile until it has a status.
 */
export const DASHBOARD_ERROR_STATUS: Readonly<Record<DashboardErrorCode, number>> = {
  Unauthenticated: 401,
  Forbidden: 403,
  CsrfTokenInvalid: 403,
  UnsupportedMediaType: 415,
  ValidationError: 400,
  BadRequest: 400,
  NotFound: 404,
  MethodNotAllowed: 405,
  PayloadTooLarge: 413,
  RequestError: 400,
  InternalError: 500,
  DatabaseUnavailable: 503,
  InvalidCredentials: 401,
  TotpRequired: 401,
  TooManyAttempts: 429,
  WrongPassword: 400,
  TotpUnavailable: 503,
  TotpCodeInvalid: 400,
  EmailTaken: 409,
  SelfLockout: 409,
  ReportsUnavailable: 503,
  StatusChanged: 409,
  InvalidTransition: 409,
  UnknownAuthority: 400,
  ReportErased: 410,
  InvalidMessage: 400,
  VersionConflict: 409,
  RotaUnavailable: 503,
  WebhookNotUsable: 400,
  EmailNotUsable: 400,
};
