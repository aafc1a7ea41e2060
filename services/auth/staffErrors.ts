/** A domain error the HTTP layer maps to a status code. */
export class DashboardError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'DashboardError';
  }
}

export const notFound = (what: string): DashboardError => new DashboardError(404, 'NotFound', `${what} not found.`);
export const conflict = (code: string, message: string): DashboardError => new DashboardError(409, code, message);
export const forbidden = (message = 'Not allowed for your role.'): DashboardError => new DashboardError(403, 'Forbidden', message);
export const badRequest = (message: string): DashboardError => new DashboardError(400, 'BadRequest', message);
