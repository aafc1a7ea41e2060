import assert from 'node:assert/strict';
import { createLogger } from '../../core/logger';
import { LogCapture } from '../support/server';

describe('logger redaction', () => {
  it('when a call site logs user text, ids or addresses, then the logger redacts them', () => {
    const out = new LogCapture();
    const log = createLogger('info', out);
    log.info({
      event: 'x',
      text: 'moja drugarica Ana',
      activity: { text: 'secret', from: { id: 'user-1' } },
      ctx: { conversation: { id: 'conv-9' }, ip: '10.1.2.3', headers: { 'user-agent': 'UA' } },
      nested: { deeper: { userId: 'u-77', narrative: 'what happened' } },
    }, 'event happened');
    const line = out.lines.join('\n');
    for (const s of ['Ana', 'secret', 'user-1', 'conv-9', '10.1.2.3', 'UA', 'u-77', 'what happened']) {
      assert.ok(!line.includes(s), `leaked ${s}`);
    }
    assert.match(line, /event happened/);
    assert.match(line, /\[redacted\]/);
  });

  it('when an error is logged, then its message (which may quote input) is dropped but its type stays', () => {
    const out = new LogCapture();
    createLogger('info', out).error({ err: new SyntaxError('Unexpected token in "zovem se Marko"') }, 'failed');
    const line = out.lines.join('\n');
    assert.ok(!line.includes('Marko'));
    assert.match(line, /SyntaxError/);
  });
});
