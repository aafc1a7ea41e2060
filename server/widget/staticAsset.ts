import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response } from 'restify';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

interface Encoded {
  gzip: Buffer;
  br: Buffer;
}

// Compressed bodies by content hash, shared by every server in the process
// (tests start many): Web Chat's 3.8 MB bundle is compressed once.
const encodedCache = new Map<string, Promise<Encoded>>();

/**
 * A file served from memory with an ETag and precompressed bodies (brotli
 * and gzip, compressed on the libuv thread pool in the background; until
 * they are ready the identity body is served).
 */
export class StaticAsset {
  readonly etag: string;
  private encoded?: Encoded;

  constructor(
    readonly body: Buffer,
    readonly contentType: string,
    private readonly headers: Record<string, string> = {},
  ) {
    const hash = createHash('sha256').update(body).digest('base64url');
    this.etag = `"${hash.slice(0, 27)}"`;
    let pending = encodedCache.get(hash);
    if (!pending) {
      pending = Promise.all([
        gzip(body, { level: 9 }),
        brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      ]).then(([g, b]) => ({ gzip: g, br: b }));
      encodedCache.set(hash, pending);
    }
    void pending.then((e) => (this.encoded = e));
  }

  /** Resolves when the compressed bodies are ready (benchmarks wait for it). */
  async ready(): Promise<void> {
    this.encoded = await encodedCache.get(createHash('sha256').update(this.body).digest('base64url'));
  }

  /** Answers GET/HEAD with 304, or the best encoding the client accepts. */
  send(req: Request, res: Response): void {
    res.setHeader('Content-Type', this.contentType);
    res.setHeader('ETag', this.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    for (const [name, value] of Object.entries(this.headers)) res.setHeader(name, value);
    if (req.headers['if-none-match'] === this.etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    let body = this.body;
    if (this.encoded && /\bbr\b/.test(accept)) {
      body = this.encoded.br;
      res.setHeader('Content-Encoding', 'br');
    } else if (this.encoded && /\bgzip\b/.test(accept)) {
      body = this.encoded.gzip;
      res.setHeader('Content-Encoding', 'gzip');
    }
    res.setHeader('Content-Length', String(body.length));
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
