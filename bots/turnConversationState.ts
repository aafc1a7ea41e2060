import { ConversationState, type TurnContext } from 'botbuilder';
import { openedJson, savingJson, takeJson } from '../core/stateJson';

/** The state a turn loaded, and its JSON then (eTag left out): what decides whether it changed. */
interface Loaded {
  state: Record<string, unknown>;
  json: string;
}

/**
 * botbuilder's ConversationState with a cheaper change check. The original
 * hashes the whole state three times a turn — on load, before saving and
 * again after — each time with botbuilder-stdlib's `stringify` (a replacer
 * called on every value, for circular structures the storage could not
 * write anyway) and SHA-256. Here the state's JSON is taken once on load and
 * once before saving (plain `JSON.stringify`, the form the storage writes)
 * and compared as strings; after the write that JSON is the new baseline.
 * With MongoStorage the JSON is handed over both ways (core/stateJson.ts):
 * the load takes the JSON the storage opened, and the storage seals the JSON
 * compared here, so a turn serialises its state once.
 * Otherwise the same contract: the state is loaded once per turn (again only
 * with `force`), written only when it changed (or with `force`), with eTag
 * `*`, and `clear` makes the next save write an empty state.
 */
export class TurnConversationState extends ConversationState {
  private readonly loadedKey = Symbol('conversationState');

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const loaded = context.turnState.get(this.loadedKey) as Loaded | undefined;
    if (!force && loaded?.state) return loaded.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const state = (items[key] as Record<string, unknown> | undefined) ?? {};
    context.turnState.set(this.loadedKey, { state, json: takeJson(openedJson, state) ?? jsonOf(state) } satisfies Loaded);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const loaded = context.turnState.get(this.loadedKey) as Loaded | undefined;
    if (!force && !loaded) return;
    const saving: Loaded = loaded ?? { state: {}, json: '' };
    const json = jsonOf(saving.state);
    if (!force && saving.json === json) return;
    // ConversationState's key is made synchronously: nothing runs between the JSON compared and the write it is handed to.
    const made = this.storageKey(context);
    const key = typeof made === 'string' ? made : await made;
    saving.state.eTag = '*';
    savingJson.set(saving.state, json);
    try {
      await this.storage.write({ [key]: saving.state });
    } finally {
      // Taken by a storage that uses it; never left for a later write of the same object.
      savingJson.delete(saving.state);
    }
    saving.json = json;
    context.turnState.set(this.loadedKey, saving);
  }

  override clear(context: TurnContext): Promise<void> {
    // An empty baseline: the next save writes.
    context.turnState.set(this.loadedKey, { state: {}, json: '' } satisfies Loaded);
    return Promise.resolve();
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.loadedKey);
    const key = await this.storageKey(context);
    await this.storage.delete([key]);
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    const loaded = context.turnState.get(this.loadedKey) as Loaded | undefined;
    return typeof loaded === 'object' && typeof loaded.state === 'object' ? loaded.state : undefined;
  }
}

/** The state's JSON without its eTag. */
function jsonOf(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}
