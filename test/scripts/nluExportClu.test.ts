import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromRoot } from '../../core/paths';
import { buildCluProject, type CluProject } from '../../services/nlu/cluExport';
import { loadCorpus, loadHeldOut } from '../../services/nlu/corpus';
import { INTENTS } from '../../services/nlu/types';

describe('npm run nlu:export-clu (the corpus in CLU\'s import format)', function () {
  this.timeout(60_000);

  it('when the corpus is exported, then every utterance is a labelled CLU utterance and the intents are the project\'s own (none = CLU\'s None)', () => {
    const training = loadCorpus();
    const project = buildCluProject(training, loadHeldOut(), 'bezbedno');
    assert.equal(project.metadata.projectKind, 'Conversation');
    assert.equal(project.assets.projectKind, 'Conversation');
    assert.equal(project.metadata.multilingual, true);
    assert.deepEqual(project.assets.intents.map((i) => i.category).sort(), INTENTS.map((i) => (i === 'none' ? 'None' : i)).sort());
    const declared = new Set(project.assets.intents.map((i) => i.category));
    for (const u of project.assets.utterances) {
      assert.ok(declared.has(u.intent), u.intent);
      assert.ok(u.language === 'sr' || u.language === 'en');
      assert.ok(u.text.length > 0 && u.text === u.text.trim());
    }
    const train = project.assets.utterances.filter((u) => u.dataset === 'Train');
    assert.ok(train.length > 0.95 * training.length, 'nearly all training utterances (only exact duplicates dropped)');
    assert.ok(project.assets.utterances.some((u) => u.dataset === 'Test'));
    assert.ok(train.some((u) => /[\u0400-\u04FF]/.test(u.text)), 'Cyrillic utterances are kept');
    const keys = project.assets.utterances.map((u) => `${u.language}|${u.text.toLowerCase()}`);
    assert.equal(new Set(keys).size, keys.length, 'no text carries two labels');
  });

  it('when the command runs, then it writes that project to the file named', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-clu-')), 'project.json');
    const printed = execFileSync(process.execPath, ['--import', 'tsx', fromRoot('scripts', 'nluExportClu.ts'), '--out', out, '--project', 'pilot'], { encoding: 'utf8' });
    assert.match(printed, /intents, \d+ training and \d+ test utterances/);
    const written = JSON.parse(fs.readFileSync(out, 'utf8')) as CluProject;
    assert.equal(written.metadata.projectName, 'pilot');
    assert.equal(written.projectFileVersion, '2023-04-01');
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });
});
