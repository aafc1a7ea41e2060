/**
 * `npm run nlu:export-clu -- [--out FILE] [--project NAME]`: writes the NLU
 * training data (content/nlu/corpus, and the held-out set as CLU's test
 * set) as a CLU project file, ready for Language Studio's "Import" or the
 * authoring API. Default FILE: dist/clu/bezbedno.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fromRoot } from '../core/paths';
import { buildCluProject } from '../services/nlu/cluExport';
import { loadCorpus, loadHeldOut } from '../services/nlu/corpus';

const { values } = parseArgs({ options: { out: { type: 'string' }, project: { type: 'string', default: 'bezbedno' } } });
const out = path.resolve(values.out ?? fromRoot('dist', 'clu', 'bezbedno.json'));
const project = buildCluProject(loadCorpus(), loadHeldOut(), values.project!);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify(project, null, 2)}\n`);
const count = (dataset: string): number => project.assets.utterances.filter((u) => u.dataset === dataset).length;
console.log(`wrote ${out}: ${project.assets.intents.length} intents, ${count('Train')} training and ${count('Test')} test utterances`);
