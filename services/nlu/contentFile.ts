import fs from 'node:fs';
import Joi from 'joi';
import YAML from 'yaml';
import { fromRoot } from '../../core/paths';

/**
 * Reads a YAML file under content/ and validates it with `schema`, so a
 * reviewer's typo stops start-up with the file name instead of surfacing as
 * a wrong classification later.
 */
export function readContentYaml<T>(relativePath: string, schema: Joi.Schema<T>): T {
  const file = fromRoot('content', relativePath);
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const { value, error } = schema.validate(doc, { abortEarly: true, convert: false });
  if (error) {
    throw new Error(`content/${relativePath}: ${error.message}`);
  }
  return value;
}

/** True when a content file exists (some are delivered by other parts of the project). */
export function contentFileExists(relativePath: string): boolean {
  return fs.existsSync(fromRoot('content', relativePath));
}
