import assert from 'node:assert/strict';
import { CorsPolicy } from '../../server/directline/corsPolicy';

describe('CorsPolicy', () => {
  const cors = new CorsPolicy(['https://os-primer.example.org']);

  it('when a request has no Origin, then it is not a CORS request', () => {
    assert.equal(cors.decide({ host: 'chat.example.org' }), 'no-origin');
  });

  it('when the Origin is this server, then it is same-origin, whatever the scheme behind a proxy', () => {
    assert.equal(cors.decide({ origin: 'https://chat.example.org', host: 'chat.example.org' }), 'same-origin');
    assert.equal(cors.decide({ origin: 'http://127.0.0.1:3978', host: '127.0.0.1:3978' }), 'same-origin');
  });

  it('when the Origin is a configured school, then it is allowed and the preflight allows Authorization and x-ms-bot-agent', () => {
    const headers = { origin: 'https://os-primer.example.org', host: 'chat.example.org' };
    assert.equal(cors.decide(headers), 'allowed');
    const out = cors.headersFor(headers, true);
    assert.equal(out['Access-Control-Allow-Origin'], 'https://os-primer.example.org');
    assert.match(out['Access-Control-Allow-Headers'] ?? '', /Authorization/);
    assert.match(out['Access-Control-Allow-Headers'] ?? '', /x-ms-bot-agent/);
    assert.match(out['Access-Control-Allow-Methods'] ?? '', /POST/);
  });

  it('when the Origin is anything else (or a look-alike, or garbage), then it is refused with no CORS headers', () => {
    for (const origin of ['https://evil.example.com', 'http://os-primer.example.org', 'https://os-primer.example.org.evil.com', 'null', '::']) {
      const headers = { origin, host: 'chat.example.org' };
      assert.equal(cors.decide(headers), 'refused', origin);
      assert.deepEqual(cors.headersFor(headers, true), {});
    }
  });
});
