import { Connection, Model, Schema } from 'mongoose';

/**
 * One stored bot-state item. The botbuilder key (which embeds the channel's
 * conversation id) is kept only as a SHA-256 hash, and the item as a JSON
 * string, so no identifier is readable and no key needs escaping.
 */
export interface BotStateDoc {
  _id: string;
  data: string;
  eTag: string;
  expiresAt: Date;
  updatedAt: Date;
}

const botStateSchema = new Schema<BotStateDoc>(
  {
    _id: { type: String, required: true },
    data: { type: String, required: true },
    eTag: { type: String, required: true },
    expiresAt: { type: Date, required: true, index: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'botstate', versionKey: false, _id: false },
);

/** The bot-state model bound to a connection. */
export function botStateModel(conn: Connection): Model<BotStateDoc> {
  return (conn.models.BotState as Model<BotStateDoc> | undefined) ?? conn.model<BotStateDoc>('BotState', botStateSchema);
}
