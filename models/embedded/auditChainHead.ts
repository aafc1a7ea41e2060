import type { Collection } from 'mongoose';
import { isDuplicateKey } from '../../core/duplicateKey';
import type { Database } from '../database';

/** The chain's last link: its sequence number and hash. */
export interface ChainLink {
  seq: number;
  hash: string;
}

interface ChainHeadDoc extends ChainLink {
  _id: string;
}

const HEAD_ID = 'head';

/**
 * The audit chain's head: the last event's seq and hash, in one document
 * (`auditevents_head`, `_id: "head"`), so appending an event reads one
 * document by `_id` instead of searching the events.
 *
 * Why it exists: the embedded database (FerretDB 1.24 on SQLite) cannot use
 * the `seq` index for "the event with the highest seq" — it reads and sorts
 * every event, so each append cost more the longer the log grew (after
 * 100,000 events 7.7 s → 3.9 ms with the head; `npm run --silent
 * bench:dashboard`, docs/ARCHITECTURE.md).
 *
 * What it costs: one more write per append (the head is advanced after the
 * event is inserted); a head can be left one behind by a process that
 * stopped between the two writes, and the next append's duplicate seq then
 * brings it up to the event that holds that seq (models/auditEventRepository.ts);
 * the first append on an older database derives it once from the events
 * (the sort above: 7 s at 100,000 events). Someone who can rewrite this
 * document as well as the events can truncate the tail unseen, so the head
 * hash is worth exporting periodically.
 *
 * Also worth having on MongoDB: yes. There the index makes the search cheap,
 * but the head is what makes a deleted last event show — the next event
 * still links to the deleted one, and verification reports the gap — which
 * a search for the highest remaining seq would hide.
 */
export class AuditChainHead {
  private readonly heads: Collection<ChainHeadDoc>;

  constructor(db: Database) {
    this.heads = db.collection<ChainHeadDoc>('auditevents_head');
  }

  /** The head; the first read on a database stores what `derive` finds (once, whoever is first). */
  async read(derive: () => Promise<ChainLink>): Promise<ChainLink> {
    const head = await this.heads.findOne({ _id: HEAD_ID });
    if (head) return head;
    const derived = { _id: HEAD_ID, ...(await derive()) };
    try {
      await this.heads.insertOne(derived);
      return derived;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await this.heads.findOne({ _id: HEAD_ID }))!;
    }
  }

  /** Moves the head from `fromSeq` to `to`, unless another writer already moved it. */
  async advance(fromSeq: number, to: ChainLink): Promise<void> {
    await this.heads.updateOne({ _id: HEAD_ID, seq: fromSeq }, { $set: { seq: to.seq, hash: to.hash } });
  }
}
