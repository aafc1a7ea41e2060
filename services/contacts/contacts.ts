import fs from 'node:fs';
import Joi from 'joi';
import YAML from 'yaml';
import { fromRoot } from '../../core/paths';

/** The help lines the bot gives out (content/contacts.yaml). */
export const CONTACT_IDS = ['police', 'ambulance', 'nkc', 'childLine', 'srce'] as const;
export type ContactId = (typeof CONTACT_IDS)[number];

/** Opening hours as data; the words come from the locale resources. */
export type Hours =
  | { kind: 'always' }
  | { kind: 'daily'; from: string; to: string }
  | { kind: 'unconfirmed' };

/** One help line, with where its facts come from and when they were checked. */
export interface Contact {
  id: ContactId;
  /** As people write it: "116 111". */
  number: string;
  /** Digits for a `tel:` link: "116111". */
  dial: string;
  web?: string;
  hours: Hours;
  sources: string[];
  checked: string;
}

const hoursSchema = Joi.alternatives().try(
  Joi.object({ kind: Joi.string().valid('always', 'unconfirmed').required() }),
  Joi.object({
    kind: Joi.string().valid('daily').required(),
    from: Joi.string().pattern(/^\d{1,2}(:\d{2})?$/).required(),
    to: Joi.string().pattern(/^\d{1,2}(:\d{2})?$/).required(),
  }),
);

const contactSchema = Joi.object({
  number: Joi.string().pattern(/^[0-9 ]+$/).required(),
  dial: Joi.string().pattern(/^\+?[0-9]+$/).required(),
  web: Joi.string().uri({ scheme: ['https'] }),
  hours: hoursSchema.required(),
  sources: Joi.array().items(Joi.string()).min(1).required(),
  checked: Joi.string().isoDate().required(),
});

const fileSchema = Joi.object({
  contacts: Joi.object(Object.fromEntries(CONTACT_IDS.map((id) => [id, contactSchema.required()]))).required(),
});

/** Reads and validates the contacts file; a wrong entry stops start-up. */
export function loadContacts(file = fromRoot('content', 'contacts.yaml')): Readonly<Record<ContactId, Contact>> {
  const raw = YAML.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const { value, error } = fileSchema.validate(raw, { abortEarly: true });
  if (error) throw new Error(`${file}: ${error.message}`);
  const entries = (value as { contacts: Record<ContactId, Omit<Contact, 'id'>> }).contacts;
  return Object.fromEntries(CONTACT_IDS.map((id) => [id, { id, ...entries[id] }])) as Record<ContactId, Contact>;
}

/**
 * True when a line with these hours is open at `minutes` past midnight
 * (the contact centre's clock). Unconfirmed hours are never "open": the bot
 * does not send anyone to a line that may be closed.
 */
export function isOpenAt(hours: Hours, minutes: number): boolean {
  if (hours.kind === 'always') return true;
  if (hours.kind === 'unconfirmed') return false;
  const at = (hhmm: string): number => {
    const [h, m] = hhmm.split(':');
    return Number(h) * 60 + Number(m ?? 0);
  };
  const from = at(hours.from);
  const to = at(hours.to);
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

let cached: Readonly<Record<ContactId, Contact>> | undefined;

/** The contacts, loaded once. */
export function contacts(): Readonly<Record<ContactId, Contact>> {
  cached ??= loadContacts();
  return cached;
}
