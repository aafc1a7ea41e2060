import { ConversationState, type TurnContext } from 'botbuilder';

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
    context.turnState.set(this.loadedKey, { state, json: jsonOf(state) } satisfies Loaded);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const loaded = context.turnState.get(this.loadedKey) as Loaded | undefined;
    const json = loaded ? jsonOf(loaded.state) : '';
    if (!force && (!loaded || loaded.json === json)) return;
    const key = await this.storageKey(context);
    const saving: Loaded = loaded ?? { state: {}, json: '' };
    saving.state.eTag = '*';
    await this.storage.write({ [key]: saving.state });
    saving.json = loaded ? json : jsonOf(saving.state);
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
