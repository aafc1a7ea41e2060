import { loadMunicipalities } from '../../services/routing/municipalities';

let names: Map<string, string> | undefined;

/** The name of a municipality slug as the law writes it (sr-Latn), or the slug when unknown. */
export function municipalityName(slug: string): string {
  names ??= new Map(loadMunicipalities().map((m) => [m.slug, m.name]));
  return names.get(slug) ?? slug;
}
