import { startTestServer, TestServer } from '../support/server';

/** Dashboard settings for tests: cheap argon2, small lockout numbers, a TOTP key. */
export const TEST_DASHBOARD_ENV: NodeJS.ProcessEnv = {
  DASHBOARD_ARGON_MEMORY_KIB: '1024',
  DASHBOARD_ARGON_TIME_COST: '1',
  DASHBOARD_LOCKOUT_THRESHOLD: '3',
  DASHBOARD_LOCKOUT_MINUTES: '15',
  DASHBOARD_CLIENT_MAX_FAILURES: '1000',
  DASHBOARD_PAIR_MAX_FAILURES: '2',
  // Tests play several client addresses through X-Forwarded-For, as one proxy would write it.
  TRUSTED_PROXY_HOPS: '1',
  DASHBOARD_TOTP_KEY: Buffer.alloc(32, 7).toString('base64'),
};

/** Starts the real server with the dashboard configured for tests. */
export function startDashboardServer(label: string, dashboardEnv: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  return startTestServer(label, { ...TEST_DASHBOARD_ENV, ...dashboardEnv });
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/**
 * A browser-like API client: keeps cookies, fetches the CSRF token from
 * /api/dashboard/session and sends it on every state-changing request.
 */
export class DashboardClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  /** `headers` go with every request (e.g. the X-Forwarded-For a proxy would add). */
  constructor(readonly baseUrl: string, private readonly headers: Record<string, string> = {}) {}

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, opts: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...this.headers, ...opts.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }
  post<T = Record<string, unknown>>(path: string, body?: unknown, opts?: { csrf?: string | null }): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body ?? {}, opts);
  }
  patch<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, body);
  }

  /** Gets a pre-login CSRF token, then signs in; returns the login response. */
  async login(email: string, password: string, totp?: string): Promise<ApiResponse> {
    const pre = await this.get<{ csrfToken: string }>('/api/dashboard/session');
    this.csrf = pre.body.csrfToken;
    const res = await this.post('/api/dashboard/auth/login', { email, password, ...(totp ? { totp } : {}) });
    if (res.status === 200) this.csrf = (res.body as { csrfToken: string }).csrfToken;
    return res;
  }
}

/** Creates staff accounts directly through the service (as `npm run admin` does). */
export async function createStaff(server: TestServer, users: Array<{ email: string; role: 'admin' | 'reviewer' | 'authority'; authorityId?: string; password?: string }>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const u of users) {
    const created = await server.dashboard!.services.staff.create({ email: u.email, displayName: u.email.split('@')[0]!, role: u.role, authorityId: u.authorityId, password: u.password ?? 'correct horse battery staple' });
    ids[u.email] = created.id;
  }
  return ids;
}

export const PASSWORD = 'correct horse battery staple';
