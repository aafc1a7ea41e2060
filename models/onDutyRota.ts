import { Connection, Model, Schema } from 'mongoose';
import type { DutyShift, Rota, RotaHoliday } from '../core/domain/rota';
import { WEEKDAYS } from '../core/domain/rota';
import { isDuplicateKey } from '../core/duplicateKey';

/** The rota as stored, with who saved it and when; `version` goes up with every save. */
export interface StoredRota {
  rota: Rota;
  version: number;
  updatedAt: Date;
  /** Staff user id of the administrator who saved it. */
  updatedBy: string;
}

/** One document, `_id: "rota"`: the contact centre has one rota. */
interface RotaDoc {
  _id: string;
  week: Rota['week'];
  holidays: RotaHoliday[];
  channel: { webhook?: string; email?: string };
  responseMinutes?: number;
  version: number;
  updatedAt: Date;
  updatedBy: string;
}

const ID = 'rota';

const shiftSchema = new Schema<DutyShift>({ from: { type: String, required: true }, to: { type: String, required: true } }, { _id: false });

const rotaSchema = new Schema<RotaDoc>(
  {
    _id: { type: String, required: true },
    week: Object.fromEntries(WEEKDAYS.map((d) => [d, { type: [shiftSchema], default: [] }])),
    holidays: [{ _id: false, date: { type: String, required: true }, label: { type: String }, shifts: { type: [shiftSchema], default: [] } }],
    channel: { webhook: { type: String }, email: { type: String } },
    responseMinutes: { type: Number },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'ondutyrota', versionKey: false, _id: false, strict: 'throw' },
);

function rotaModel(conn: Connection): Model<RotaDoc> {
  return (conn.models.OnDutyRota as Model<RotaDoc> | undefined) ?? conn.model<RotaDoc>('OnDutyRota', rotaSchema);
}

/** A plain rota from the stored document (no mongoose leftovers). */
function toRota(doc: RotaDoc): Rota {
  const shifts = (list: DutyShift[] | undefined): DutyShift[] => (list ?? []).map((s) => ({ from: s.from, to: s.to }));
  return {
    week: Object.fromEntries(WEEKDAYS.map((d) => [d, shifts(doc.week?.[d])])) as Rota['week'],
    holidays: (doc.holidays ?? []).map((h) => ({ date: h.date, ...(h.label ? { label: h.label } : {}), shifts: shifts(h.shifts) })),
    channel: { ...(doc.channel?.webhook ? { webhook: doc.channel.webhook } : {}), ...(doc.channel?.email ? { email: doc.channel.email } : {}) },
    ...(doc.responseMinutes ? { responseMinutes: doc.responseMinutes } : {}),
  };
}

/**
 * The on-duty rota's repository: plain rotas in and out, every query here.
 * One document read by `_id` (a lookup the embedded database indexes), and
 * a save that is conditional on the version the editor started from, so two
 * administrators editing at once get one success and one conflict.
 */
export class OnDutyRotaRepository {
  private readonly model: Model<RotaDoc>;

  constructor(conn: Connection) {
    this.model = rotaModel(conn);
  }

  /** Creates the collection (the connection runs with autoIndex off; the rota needs no other index). */
  async init(): Promise<void> {
    await this.model.createCollection().catch((err: unknown) => {
      // Already there (another instance, an earlier start).
      if ((err as { codeName?: string }).codeName !== 'NamespaceExists') throw err;
    });
  }

  /** The saved rota, or null when none was saved yet. */
  async get(): Promise<StoredRota | null> {
    const doc = await this.model.findById(ID).lean<RotaDoc>().exec();
    return doc ? { rota: toRota(doc), version: doc.version, updatedAt: doc.updatedAt, updatedBy: doc.updatedBy } : null;
  }

  /**
   * Saves a rota if the stored version is still `expectedVersion` (0: none
   * saved yet). Returns the new version, or `conflict` when someone saved
   * in between.
   */
  async save(rota: Rota, expectedVersion: number, by: string, at: Date): Promise<number | 'conflict'> {
    const version = expectedVersion + 1;
    const fields = { week: rota.week, holidays: rota.holidays, channel: rota.channel, version, updatedAt: at, updatedBy: by };
    if (expectedVersion === 0) {
      try {
        await this.model.create([{ _id: ID, ...fields, ...(rota.responseMinutes ? { responseMinutes: rota.responseMinutes } : {}) }]);
        return version;
      } catch (err) {
        if (isDuplicateKey(err)) return 'conflict';
        throw err;
      }
    }
    const set = rota.responseMinutes ? { ...fields, responseMinutes: rota.responseMinutes } : fields;
    const unset = rota.responseMinutes ? {} : { $unset: { responseMinutes: 1 } };
    const result = await this.model.updateOne({ _id: ID, version: expectedVersion }, { $set: set, ...unset }).exec();
    return result.matchedCount === 1 ? version : 'conflict';
  }
}
