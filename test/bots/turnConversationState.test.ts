import assert from 'node:assert/strict';
import { MemoryStorage, StoreItems, TestAdapter, TurnContext } from 'botbuilder';
import { TurnConversationState } from '../../bots/turnConversationState';
import { savingJson } from '../../core/stateJson';

/** MemoryStorage that counts its calls and keeps what was written. */
class CountingStorage extends MemoryStorage {
  reads = 0;
  writes: StoreItems[] = [];
  /** The JSON the state noted for each written item (core/stateJson.ts). */
  noted: Array<string | undefined> = [];
  deletes = 0;

  override read(keys: string[]): Promise<StoreItems> {
    this.reads++;
    return super.read(keys);
  }

  override write(changes: StoreItems): Promise<void> {
    this.writes.push(JSON.parse(JSON.stringify(changes)) as StoreItems);
    for (const item of Object.values(changes)) this.noted.push(savingJson.get(item as object));
    return super.write(changes);
  }

  override delete(keys: string[]): Promise<void> {
    this.deletes++;
    return super.delete(keys);
  }
}

describe('TurnConversationState: the conversation state, loaded once a turn and written only when it changed', () => {
  const adapter = new TestAdapter();
  const turn = (): TurnContext => new TurnContext(adapter, { ...adapter.makeActivity('x'), channelId: 'test' });
  let storage: CountingStorage;
  let state: TurnConversationState;

  beforeEach(() => {
    storage = new CountingStorage();
    state = new TurnConversationState(storage);
  });

  it('when a turn changes a property, then it is written once with eTag "*", and the next turn reads it back', async () => {
    const ctx = turn();
    const profile = state.createProperty<{ locale?: string }>('profile');
    (await profile.get(ctx, {})).locale = 'en';
    await state.saveChanges(ctx);
    assert.equal(storage.writes.length, 1);
    const [written] = Object.values(storage.writes[0]!) as Array<Record<string, unknown>>;
    assert.deepEqual(written, { profile: { locale: 'en' }, eTag: '*' });
    assert.deepEqual(storage.noted, [JSON.stringify({ profile: { locale: 'en' } })], 'the JSON compared is handed to the storage');

    const next = turn();
    assert.deepEqual(await profile.get(next), { locale: 'en' });
    assert.equal(storage.reads, 2);
  });

  it('when a turn changes nothing, or saves twice, then nothing more is written', async () => {
    const first = turn();
    await state.createProperty<number>('n').set(first, 1);
    await state.saveChanges(first);
    await state.saveChanges(first);
    assert.equal(storage.writes.length, 1);

    const second = turn();
    assert.equal(await state.createProperty<number>('n').get(second), 1);
    await state.saveChanges(second);
    assert.equal(storage.writes.length, 1);
  });

  it('when a value deep in the state changes, then it is written', async () => {
    const first = turn();
    await state.createProperty('dialogState').set(first, { stack: [{ id: 'a', state: { step: 1 } }] });
    await state.saveChanges(first);
    const second = turn();
    const dialog = await state.createProperty<{ stack: Array<{ state: { step: number } }> }>('dialogState').get(second);
    dialog!.stack[0]!.state.step = 2;
    await state.saveChanges(second);
    assert.equal(storage.writes.length, 2);
    assert.deepEqual(Object.values(storage.writes[1]!)[0], { dialogState: { stack: [{ id: 'a', state: { step: 2 } }] }, eTag: '*' });
  });

  it('when a turn loads again, then storage is read once, unless forced', async () => {
    const ctx = turn();
    await state.load(ctx);
    await state.load(ctx);
    assert.equal(storage.reads, 1);
    await state.load(ctx, true);
    assert.equal(storage.reads, 2);
    assert.deepEqual(state.get(ctx), {});
  });

  it('when nothing was loaded, then a save writes only when forced, and then an empty state', async () => {
    const ctx = turn();
    await state.saveChanges(ctx);
    assert.equal(storage.writes.length, 0);
    assert.equal(state.get(ctx), undefined);
    await state.saveChanges(ctx, true);
    assert.deepEqual(Object.values(storage.writes[0]!)[0], { eTag: '*' });
  });

  it('when the state is cleared, then the next save writes it empty; when deleted, then it is gone from storage', async () => {
    const first = turn();
    await state.createProperty<number>('n').set(first, 1);
    await state.saveChanges(first);
    const second = turn();
    await state.load(second);
    await state.clear(second);
    assert.deepEqual(state.get(second), {});
    await state.saveChanges(second);
    assert.deepEqual(Object.values(storage.writes[1]!)[0], { eTag: '*' });

    const third = turn();
    await state.createProperty<number>('n').set(third, 3);
    await state.saveChanges(third);
    await state.delete(third);
    assert.equal(storage.deletes, 1);
    assert.equal(state.get(third), undefined);
    assert.deepEqual(await state.load(turn()), {});
  });
});
