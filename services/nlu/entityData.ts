import Joi from 'joi';
import { readContentYaml } from './contentFile';

/** The contents of content/nlu/entities.yaml. */
export interface EntityData {
  platforms: Record<string, string[]>;
  numberWords: Record<string, number>;
  municipalityAliases: Record<string, string[]>;
  municipalityCommonWords: string[];
  prepositions: string[];
}

const schema = Joi.object<EntityData>({
  platforms: Joi.object().pattern(Joi.string().pattern(/^[a-z0-9-]+$/), Joi.array().items(Joi.string()).min(1)).required(),
  numberWords: Joi.object().pattern(Joi.string(), Joi.number().integer().min(0)).required(),
  municipalityAliases: Joi.object().pattern(Joi.string(), Joi.array().items(Joi.string())).required(),
  municipalityCommonWords: Joi.array().items(Joi.string()).required(),
  prepositions: Joi.array().items(Joi.string()).required(),
});

let cached: EntityData | undefined;

/** Entity tables, read once. */
export function entityData(): EntityData {
  cached ??= readContentYaml('nlu/entities.yaml', schema);
  return cached;
}
