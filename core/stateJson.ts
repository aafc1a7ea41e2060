/**
 * The JSON of a conversation's state item (its eTag left out), handed
 * between the bot's conversation state (bots/turnConversationState.ts) and
 * the storage (models/mongoStorage.ts) so a turn serialises the state once
 * each way instead of twice: the storage notes the JSON it opened an item
 * from, which the state takes as its baseline instead of serialising the
 * item again; the state notes the JSON it compared before saving, which the
 * storage seals instead of serialising the item again.
 *
 * Keyed by the item object itself and held weakly, so an entry lives no
 * longer than the turn's state (the plaintext is in the process during its
 * turn anyway, as that object). Each side takes (and removes) what the
 * other noted, and falls back to `JSON.stringify` when nothing was noted —
 * another Storage, or another caller of the storage. Two separate maps, so
 * a JSON noted on read can never be written for an item changed since.
 */
export const openedJson = new WeakMap<object, string>();
export const savingJson = new WeakMap<object, string>();

/** What `map` noted for `item`, removed from it. */
export function takeJson(map: WeakMap<object, string>, item: object): string | undefined {
  const json = map.get(item);
  if (json !== undefined) map.delete(item);
  return json;
}
