import assert from 'node:assert/strict';
import { reportModel } from '../../models/report';
import { reportScript, type ScriptTurn } from '../dialogs/support/reportScript';
import { DirectLineUser, fromBot, keysOf, waitFor, type StreamReader } from '../support/directLineUser';
import { startInstances, type Instances } from '../support/instances';

const CODE = /\*\*([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z])\*\*/;

/**
 * Two instances on loopback sharing one database (INSTANCES=2, one
 * DIRECTLINE_TOKEN_SECRET). The database here is FerretDB, whose conditional
 * updates are not atomic, so the test alternates turns between the instances
 * and never races two writes to one document: it checks that everything a
 * conversation needs lives in the database, not that concurrent writers are
 * arbitrated (that rests on MongoDB's and Cosmos DB's atomic updates — see
 * docs/OPERATIONS.md, "Several instances").
 */
describe('instances on one database: a widget chat moves between them', function () {
  this.timeout(180_000);
  let two: Instances;
  const streams: StreamReader[] = [];

  before(async () => {
    // A third instance for the quick-exit case (A is stopped by the first one).
    two = await startInstances('twoinst', 3, { DIRECTLINE_POLL_MS: '100' });
  });
  after(async () => {
    streams.forEach((s) => s.close());
    await two?.stop();
  });

  it('when a token comes from A and the socket is on B, then every reply reaches B, whichever instance ran the turn; when A stops, B carries on', async () => {
    const [a, b] = two.servers as [typeof two.servers[0], typeof two.servers[0]];
    const user = await DirectLineUser.open(a.url);
    const onB = user.at(b.url);
    const stream = await onB.stream();
    streams.push(stream);
    await stream.next((x) => fromBot(x) && keysOf(x).includes('welcome'));

    // Alternate: A, B, A, B — each reply through B's socket, in order.
    const said: string[] = [];
    for (const [i, text] of ['ja sam učenik', 'pomoć', 'šta je grooming', 'pomoć'].entries()) {
      const at = i % 2 === 0 ? user : onB;
      const sent = await at.say(text);
      assert.equal(sent.status, 200, `message ${i} on ${i % 2 === 0 ? 'A' : 'B'}`);
      said.push(sent.id!);
      await stream.next((x) => x.id === sent.id);
      const reply = await stream.next((x) => fromBot(x) && x.replyToId === sent.id);
      assert.ok(!keysOf(reply).some((k) => k.startsWith('error.')));
    }
    const ids = stream.activities.map((x) => x.id);
    assert.deepEqual([...ids].sort(), ids, 'delivered in order, no activity twice');
    assert.equal(new Set(ids).size, ids.length);

    // A stops; B holds the whole conversation (history, state, token).
    await a.stop();
    const history = await onB.activities();
    for (const id of said) assert.ok(history.activities.some((x) => x.id === id), 'history on B');
    const after = await onB.say('pomoć');
    assert.equal(after.status, 200);
    const reply = await stream.next((x) => fromBot(x) && x.replyToId === after.id);
    assert.ok(!keysOf(reply).some((k) => k.startsWith('error.')), 'the conversation continues on B');
  });

  it('when the pupil quick-exits through one instance, then the socket on the other closes and the conversation is gone everywhere', async () => {
    const [, b, c] = two.servers as [typeof two.servers[0], typeof two.servers[0], typeof two.servers[0]];
    const user = await DirectLineUser.open(c!.url);
    const stream = await user.at(b.url).stream();
    streams.push(stream);
    await stream.next((x) => fromBot(x) && keysOf(x).includes('welcome'));
    const exit = await user.request('POST', `/conversations/${user.conversationId}/activities`, { type: 'endOfConversation' });
    assert.equal(exit.status, 200);
    await stream.whenClosed();
    assert.equal((await user.at(b.url).request('GET', `/conversations/${user.conversationId}/activities`)).status, 404);
    assert.equal((await user.request('GET', `/conversations/${user.conversationId}/activities`)).status, 404);
  });
});

describe('two instances on one database: a report whose turns alternate between them', function () {
  this.timeout(180_000);
  let two: Instances;

  before(async () => {
    two = await startInstances('tworeport', 2, { DIRECTLINE_POLL_MS: '100' });
  });
  after(async () => two?.stop());

  it('when a pupil types a whole report with turns alternating A, B, A, …, then it is stored exactly once and she gets its case code', async () => {
    const [a, b] = two.servers as [typeof two.servers[0], typeof two.servers[0]];
    const user = await DirectLineUser.open(a.url);
    const at = [user, user.at(b.url)];
    // The pupil's socket stays on A; the turns B runs reach it through the database.
    const stream = await user.stream();
    await stream.next((x) => fromBot(x) && keysOf(x).includes('welcome'));
    const turns: ScriptTurn[] = [{ step: 'role', send: 'ja sam učenik', expect: '' }, ...reportScript({ locale: 'sr-Latn', role: 'pupil', category: 'sextortion', byText: true })];
    let code: string | undefined;
    for (const [i, turn] of turns.entries()) {
      const on = at[i % 2]!;
      const sent = await on.say(turn.send);
      assert.equal(sent.status, 200, turn.step);
      const replies = await waitFor(`the reply to ${turn.step}`, () => {
        const mine = stream.activities.filter((x) => fromBot(x) && x.replyToId === sent.id);
        return mine.length > 0 && (!turn.expect || mine.some((x) => keysOf(x).includes(turn.expect))) ? mine : undefined;
      });
      const done = replies.find((x) => keysOf(x).includes('reportFlow.done.code'));
      if (done) code = CODE.exec(done.text ?? '')?.[1];
    }
    stream.close();
    assert.ok(code, 'the case code is shown');
    const stored = await reportModel(b.conn).find({ caseCode: code }).lean().exec();
    assert.equal(stored.length, 1, 'stored exactly once');
    assert.equal(stored[0]!.category, 'sextortion');
    assert.equal(await reportModel(b.conn).countDocuments({}), 1, 'and nothing else');
  });
});
