import type { Request, Response, Next, Server } from 'restify';
import type { CorsPolicy } from './corsPolicy';

/**
 * Runs before routing (and before the body parser) on the web channel's
 * paths: refuses foreign origins, answers CORS preflights, and refuses file
 * uploads and multipart bodies unread — files are never accepted or stored
 * (SPEC.md section 5), not even in a temporary folder.
 */
export function mountChannelGuard(server: Server, cors: CorsPolicy, prefixes: readonly string[]): void {
  server.pre((req: Request, res: Response, next: Next) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!prefixes.some((prefix) => path.startsWith(prefix))) return next();
    const refuse = (status: number, code: string, message: string): void => {
      res.setHeader('Cache-Control', 'no-store');
      res.send(status, { error: { code, message } });
      next(false);
    };
    if (cors.decide(req.headers) === 'refused') return refuse(403, 'OriginNotAllowed', 'This site may not use the chat service.');
    const preflight = req.method === 'OPTIONS';
    for (const [name, value] of Object.entries(cors.headersFor(req.headers, preflight))) res.setHeader(name, value);
    if (preflight) {
      res.send(204);
      return next(false);
    }
    if (/\/upload\/?$/.test(path) || /multipart\//i.test(String(req.headers['content-type'] ?? ''))) {
      return refuse(415, 'UploadsNotAccepted', 'Files cannot be sent in this chat.');
    }
    return next();
  });
}
