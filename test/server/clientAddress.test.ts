import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../../server/clientAddress';

function req(peer: string, forwarded?: string | string[]): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } } as unknown as IncomingMessage;
}

describe('the client address behind trusted proxies', () => {
  const table: Array<[string, number, string, string | string[] | undefined, string]> = [
    ['no proxy: the peer, whatever the header says', 0, '203.0.113.1', 'spoofed', '203.0.113.1'],
    ['one proxy: the entry it appended', 1, '10.0.0.2', '203.0.113.7', '203.0.113.7'],
    ['one proxy: the client\'s own entries to the left are ignored', 1, '10.0.0.2', '1.2.3.4, 5.6.7.8, 203.0.113.7', '203.0.113.7'],
    ['two proxies: the rightmost entry neither wrote', 2, '10.0.0.2', '1.2.3.4, 203.0.113.7, 10.0.0.1', '203.0.113.7'],
    ['two headers are one list', 2, '10.0.0.2', ['1.2.3.4, 203.0.113.7', '10.0.0.1'], '203.0.113.7'],
    ['fewer entries than hops: the leftmost', 3, '10.0.0.2', '203.0.113.7', '203.0.113.7'],
    ['a proxy that added nothing: the peer', 1, '203.0.113.1', undefined, '203.0.113.1'],
    ['a proxy that writes the client\'s port (App Service): the address alone', 1, '10.0.0.2', '203.0.113.7:52114', '203.0.113.7'],
    ['an IPv6 client with a port: the address alone', 1, '10.0.0.2', '[2001:db8::7]:443', '2001:db8::7'],
    ['an IPv6 client without a port: unchanged', 1, '10.0.0.2', '2001:db8::7', '2001:db8::7'],
  ];
  for (const [name, hops, peer, forwarded, expected] of table) {
    it(`when ${name}, then ${expected}`, () => {
      assert.equal(clientAddress(req(peer, forwarded), hops), expected);
    });
  }
});
