import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { fromRoot } from '../../core/paths';

/** The Content-Security-Policy of every dashboard page: nothing inline, nothing foreign. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * Serves the web UI (dashboard/public) under /dashboard/ with a strict CSP.
 * Files are read once at start-up; only known file types are served.
 */
export function mountStaticUi(server: Server, dir = fromRoot('dashboard', 'public')): void {
  const files = new Map<string, { type: string; body: Buffer }>();
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (TYPES[path.extname(entry.name)]) files.set(`/${rel}`, { type: TYPES[path.extname(entry.name)]!, body: fs.readFileSync(path.join(dir, rel)) });
    }
  };
  if (fs.existsSync(dir)) walk('');

  const send = (res: Response, file: { type: string; body: Buffer }): void => {
    res.setHeader('Content-Type', file.type);
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.sendRaw(200, file.body);
  };

  server.get('/dashboard', async (_req: Request, res: Response) => {
    res.setHeader('Location', '/dashboard/');
    res.sendRaw(302, '');
  });
  server.get('/dashboard/*', async (req: Request, res: Response) => {
    const rel = (req.path() ?? '').replace(/^\/dashboard/, '') || '/';
    const file = files.get(rel === '/' ? '/index.html' : rel);
    if (!file) {
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.sendRaw(404, 'Not found');
      return;
    }
    send(res, file);
  });
}
