import assert from 'node:assert/strict';
import Joi from 'joi';
import { checkInboundActivity, inboundActivitySchema, plainlyValid } from '../../bots/activitySchema';
import { readInbound } from '../../bots/inboundMessage';

/** The schema alone: what checkInboundActivity answered before its plain first check. */
function byJoi(body: unknown): { ok: boolean; field?: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, field: '(body)' };
  const { error } = inboundActivitySchema.validate(body, { abortEarly: true, convert: false });
  if (!error) return { ok: true };
  const path = error.details[0]?.path ?? [];
  return { ok: false, field: path.length > 0 ? path.join('.') : '(body)' };
}

/** A short, safe name of an odd value for a failure message. */
const show = (v: unknown): string => {
  try {
    return (JSON.stringify(v) ?? String(v)).slice(0, 30);
  } catch {
    return typeof v;
  }
};

const answer = (body: unknown): { ok: boolean; field?: string } => {
  const r = checkInboundActivity(body);
  return r.ok ? { ok: true } : { ok: false, field: r.field };
};

const base = (): Record<string, unknown> => ({
  type: 'message', id: 'a1', channelId: 'emulator', serviceUrl: 'http://127.0.0.1:3978/', locale: 'sr-Latn', text: 'zdravo',
  conversation: { id: 'c1', name: '', isGroup: false, conversationType: 'personal', tenantId: 't' },
  from: { id: 'u1', name: 'Pupil', role: 'user', aadObjectId: 'o' }, recipient: { id: 'bot', name: '' },
  textFormat: 'plain', timestamp: '2026-01-01T00:00:00Z', localTimestamp: new Date(0), expiration: '2026-01-02T00:00:00Z',
  name: '', value: { token: 'menu' }, channelData: { clientActivityID: 'c' }, attachments: [{ contentType: 'x' }], entities: [],
  membersAdded: [{ id: 'u1' }], membersRemoved: [], replyToId: '', deliveryMode: 'normal',
});

/** Every field the schema names, nested ones too. */
const PATHS = [
  'type', 'id', 'channelId', 'serviceUrl', 'conversation', 'conversation.id', 'conversation.name', 'conversation.isGroup',
  'conversation.conversationType', 'conversation.tenantId', 'from', 'from.id', 'from.name', 'from.role', 'from.aadObjectId',
  'recipient', 'recipient.id', 'recipient.name', 'text', 'textFormat', 'locale', 'timestamp', 'localTimestamp', 'expiration',
  'name', 'value', 'value.token', 'channelData', 'attachments', 'attachments.0', 'attachments.1', 'entities', 'entities.0',
  'membersAdded', 'membersAdded.0', 'membersAdded.0.id', 'membersAdded.0.name', 'membersRemoved', 'membersRemoved.0', 'replyToId',
  'deliveryMode', 'unknownField',
];

const ODD: unknown[] = [
  undefined, null, 42, 0, -1.5, NaN, true, false, '', ' ', 'x', 'message', 'invoke', 'emulator', 'bad channel', 'a/b',
  'http://127.0.0.1:3978/', 'https://directline.botframework.com/', 'ftp://x.org/', 'http://', 'not a url', 'x'.repeat(65),
  'x'.repeat(1025), 'x'.repeat(5000), {}, [], ['x', 1], [{}], [null], [{ id: 'm' }], [{ id: '' }], { id: 'x' }, { id: '' },
  { id: 42 }, { token: 'x' }, { length: 3 }, new Date(0), new Date(NaN), { toString: 'x', __proto__: { a: 1 } },
  // eslint-disable-next-line no-sparse-arrays
  [, { id: 'm' }], Object.create({ id: 'inherited' }) as unknown, Array.from({ length: 51 }, () => ({ id: 'm' })),
  Array.from({ length: 101 }, () => ({ id: 'm' })), 'normal', 'expectReplies', 'sr-Latn', 'x'.repeat(64), 'x'.repeat(2049),
];

function setPath(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = { ...target };
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = Array.isArray(next) ? [...next] : typeof next === 'object' && next !== null && !(next instanceof Date) ? { ...next } : /^\d+$/.test(keys[keys.indexOf(key) + 1] ?? '') ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe('the inbound activity check (bots/activitySchema)', () => {
  it('when an activity is checked, then the answer and the field named are joi\'s, for every field and odd value', () => {
    let plain = 0;
    let cases = 0;
    for (const serviceUrlSeen of [false, true]) {
      if (serviceUrlSeen) checkInboundActivity(base());
      for (const path of PATHS) {
        for (const value of ODD) {
          for (const type of ['message', 'conversationUpdate']) {
            const body = setPath({ ...base(), type }, path, value);
            const expected = byJoi(body);
            if (plainlyValid(body)) {
              plain++;
              assert.equal(expected.ok, true, `the plain check accepted what joi refuses: ${path}=${show(value)}`);
            }
            assert.deepEqual(answer(body), expected, `${path}=${show(value)}`);
            cases++;
          }
        }
      }
    }
    // Two fields changed at once.
    for (let i = 0; i < 1500; i++) {
      const a = PATHS[(i * 7) % PATHS.length] as string;
      const b = PATHS[(i * 13 + 5) % PATHS.length] as string;
      const body = setPath(setPath(base(), a, ODD[(i * 3) % ODD.length]), b, ODD[(i * 11 + 1) % ODD.length]);
      const expected = byJoi(body);
      if (plainlyValid(body)) assert.equal(expected.ok, true, `${a}, ${b}`);
      assert.deepEqual(answer(body), expected, `${a}, ${b}`);
      cases++;
    }
    assert.ok(plain > cases / 10, `the plain check is used (${plain} of ${cases})`);
  });

  it('when a serviceUrl has not been accepted by joi yet, then joi checks it (the plain check knows no URI grammar)', () => {
    const body = { ...base(), serviceUrl: 'http://127.0.0.1:4999/never-seen' };
    assert.equal(plainlyValid(body), false);
    assert.deepEqual(answer(body), { ok: true });
    assert.equal(plainlyValid(body), true);
    assert.deepEqual(answer({ ...base(), serviceUrl: 'http//127.0.0.1' }), { ok: false, field: 'serviceUrl' });
  });

  it('when the body is not an object, then the whole body is named', () => {
    for (const body of [null, 42, 'message', [], undefined]) assert.deepEqual(answer(body), { ok: false, field: '(body)' });
  });
});

describe('what the bot reads from a message (bots/inboundMessage)', () => {
  // The checks readInbound made with joi before they became plain type checks.
  const textSchema = Joi.string().allow('');
  const valueSchema = Joi.object({ token: Joi.string().max(100).required() }).unknown(true);
  const attachmentsSchema = Joi.array().items(Joi.object().unknown(true));
  const reference = (activity: Record<string, unknown>) => {
    const text = textSchema.validate(activity.text).error ? '' : ((activity.text as string | undefined) ?? '');
    const value = valueSchema.validate(activity.value).error ? undefined : (activity.value as { token?: string } | undefined);
    const attachments = attachmentsSchema.validate(activity.attachments).error ? undefined : (activity.attachments as unknown[] | undefined);
    return { text: text.trim().slice(0, 4000), token: value?.token, hasAttachments: (attachments?.length ?? 0) > 0 };
  };

  it('when any of its fields is odd, then it reads what the joi checks read (for what the edge lets through)', () => {
    const tokens = ['menu', '', 'x'.repeat(100), 'x'.repeat(101), 42, null, undefined, ['menu']];
    const values: unknown[] = [...ODD.filter((v) => typeof v !== 'string'), ...tokens.map((token) => ({ token, other: 1 }))];
    for (const text of ['  zdravo  ', '', 'x'.repeat(5000), undefined]) {
      for (const value of values) {
        for (const attachments of [undefined, [], [{}], [{ a: 1 }, {}], [{}, null], [1], Array.from({ length: 60 }, () => ({}))]) {
          const activity = { type: 'message', text, value, attachments };
          assert.deepEqual(readInbound(activity as never), reference(activity), `${show(text)} ${show(value)} ${show(attachments)}`);
        }
      }
    }
  });
});
