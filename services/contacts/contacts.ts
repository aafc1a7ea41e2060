import fs from 'node:fs';
import Joi from 'joi';
import YAML from 'yaml';
import { fromRoot } from '../../server/paths';

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

let cached: Readonly<Record<ContactId, Contact>> | undefined;

/** The contacts, loaded once. */
export function contacts(): Readonly<Record<ContactId, Contact>> {
  cached ??= loadContacts();
  return cached;
}
