import fs from 'node:fs';
import Joi from 'joi';
import YAML from 'yaml';
import { fromRoot } from '../../core/paths';

/** One municipality, city or city municipality of content/geo/municipalities.yaml. */
export interface Municipality {
  slug: string;
  name: string;
  district: string;
  aliases?: string[];
}

const municipalitySchema = Joi.object<Municipality>({
  slug: Joi.string().pattern(/^[a-z0-9]+(-[a-z0-9]+)*$/).required(),
  name: Joi.string().min(2).required(),
  district: Joi.string().min(2).required(),
  aliases: Joi.array().items(Joi.string().min(2)),
});

const fileSchema = Joi.array().items(municipalitySchema).min(1).unique('slug');

/** The default location of the municipality list. */
export const MUNICIPALITIES_FILE = fromRoot('content', 'geo', 'municipalities.yaml');

/** Reads and validates the municipality list; throws naming the first bad entry. */
export function loadMunicipalities(file: string = MUNICIPALITIES_FILE): Municipality[] {
  const parsed: unknown = YAML.parse(fs.readFileSync(file, 'utf8'));
  const { value, error } = fileSchema.validate(parsed, { abortEarly: true });
  if (error) throw new Error(`${file}: ${error.message}`);
  return value as Municipality[];
}
