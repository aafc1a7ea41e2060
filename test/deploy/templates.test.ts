import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fromRoot } from '../../core/paths';
import { startTestServer } from '../support/server';
import {
  envOf, knownVariables, LOADERS, problemsOf, readBicep, readCompose, readEnvFile, requiredInProduction, SCHEMAS, type Setting, type Template,
} from './templateSources';

/**
 * The deployment templates held against the code: deploy/azure/main.bicep
 * and deploy/docker-compose.yml must set every variable the configuration
 * schemas require in production, take every secret from Key Vault (Bicep) or
 * the git-ignored .env (compose), give the server an environment every
 * loader accepts, and agree with deploy/Dockerfile and package.json on the
 * image, the port, the health path and the Node version.
 */
describe('deployment templates against the configuration schema', function () {
  this.timeout(60_000);
  const bicep = readBicep();
  const compose = readCompose();
  const bots = Object.values(compose.bots);
  const kvSecret = (s: Setting): boolean => s.secretRef !== undefined;
  // compose: the whole value is one interpolation of the variable itself, from deploy/.env.
  const envSecret = (s: Setting): boolean => s.secretRef === s.name && /^\$\{\w+(:[?-][^}]*)?\}$/.test(s.raw);
  const dockerfile = fs.readFileSync(fromRoot('deploy', 'Dockerfile'), 'utf8');

  it('the schemas name the production requirements and the secrets (read from the code, not listed here)', () => {
    const required = requiredInProduction();
    const { secrets } = knownVariables();
    assert.ok(required.length > 0, 'some variable is required in production');
    assert.ok(secrets.size > 0, 'some variable is marked secret');
    for (const name of required) assert.ok(knownVariables().all.has(name));
  });

  it('when main.bicep is read, then every production requirement is set, every secret is a Key Vault reference and every loader accepts it', () => {
    assert.ok(bicep.base.length > 10, 'the appSettings block was found');
    assert.deepEqual(problemsOf(bicep, kvSecret), []);
    // The app gets every block: the site's settings are the union of all of them.
    const blocks = ['appSettings', ...Object.keys(bicep.optional)];
    const union = /var allSettings = union\(([^)]*)\)/.exec(bicep.text)?.[1]?.split(',').map((s) => s.trim());
    assert.deepEqual(union?.sort(), blocks.sort());
    assert.match(bicep.text, /appSettings: \[for s in items\(allSettings\)/);
  });

  it('when a Key Vault secret is referenced, then main.bicep writes it or deploy/azure/secrets.sh puts it in the vault, and the README lists it', () => {
    const script = fs.readFileSync(fromRoot('deploy', 'azure', 'secrets.sh'), 'utf8');
    const readme = fs.readFileSync(fromRoot('deploy', 'azure', 'README.md'), 'utf8');
    const refs = [...bicep.base, ...Object.values(bicep.optional).flat()].filter(kvSecret);
    assert.ok(refs.length >= 5);
    for (const s of refs) {
      const written = new RegExp(`resource \\w+ 'Microsoft.KeyVault/vaults/secrets@[^']+' = [^{]*\\{\\s*parent: vault\\s*name: '${s.secretRef}'`).test(bicep.text);
      assert.ok(written || script.includes(s.secretRef!), `${s.secretRef} has a writer`);
      assert.ok(readme.includes(`\`${s.secretRef}\``), `${s.secretRef} is in the README`);
    }
  });

  it('when docker-compose.yml is read, then both bot instances set every production requirement from the same settings, with secrets only from deploy/.env', () => {
    assert.equal(bots.length, 2, 'two bot instances');
    for (const bot of bots) assert.deepEqual(problemsOf(bot, envSecret), []);
    assert.deepEqual(envOf(bots[0]!, false).MONGODB_URI, envOf(bots[1]!, false).MONGODB_URI);
    // Every secret the file needs is in the template operators copy, and the copy is never committed.
    const example = readEnvFile('deploy/.env.example');
    for (const s of bots[0]!.base.filter(envSecret)) assert.ok(s.name in example, `${s.name} is in deploy/.env.example`);
    assert.match(fs.readFileSync(fromRoot('.gitignore'), 'utf8'), /^\.env$/m);
    assert.match(fs.readFileSync(fromRoot('.dockerignore'), 'utf8'), /^\.data$/m);
  });

  it('when compose runs, then MongoDB is a replica set on a volume, the spool is one shared volume and the proxy serves TLS with secure cookies', () => {
    const { doc } = compose;
    const mongo = doc.services.mongo as { command?: string[]; volumes?: string[] };
    assert.ok(mongo.command?.includes('--replSet'));
    assert.ok(mongo.volumes?.some((v) => v.endsWith(':/data/db')));
    const spools = bots.map((b) => compose.doc.services[b.file.replace(/^.*\((.*)\)$/, '$1')]!.volumes?.find((v) => v.endsWith(`:${envOf(b, false).SPOOL_DIR}`)));
    assert.ok(spools[0] && spools[0] === spools[1], 'both instances mount the same spool volume');
    assert.ok(doc.volumes && spools[0]!.split(':')[0]! in doc.volumes, 'the spool is a named volume');
    for (const bot of bots) assert.equal(envOf(bot, false).DASHBOARD_SECURE_COOKIES, 'true');
    const caddy = fs.readFileSync(fromRoot('deploy', 'Caddyfile'), 'utf8');
    assert.match(caddy, /local_certs/);
  });

  it('image, port, health path and Node version agree with deploy/Dockerfile and package.json', async () => {
    const pkg = JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as { engines: { node: string }; config: { nodeFlags: string } };
    // The image starts the server with the V8 flags npm start and the benches use.
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    assert.deepEqual(cmd, ['node', ...pkg.config.nodeFlags.split(' ').filter(Boolean), 'dist/server/main.js']);
    const nodeMajor = /^>=(\d+) <(\d+)$/.exec(pkg.engines.node);
    assert.ok(nodeMajor && Number(nodeMajor[2]) === Number(nodeMajor[1]) + 1, 'package.json pins one Node major');
    const froms = [...dockerfile.matchAll(/^FROM node:(\d+)-/gm)].map((m) => m[1]);
    assert.ok(froms.length >= 2 && froms.every((v) => v === nodeMajor[1]), `every image stage is Node ${nodeMajor[1]}`);

    const port = /^ENV .*\bPORT=(\d+)/m.exec(dockerfile)?.[1];
    assert.ok(port && new RegExp(`^EXPOSE ${port}$`, 'm').test(dockerfile));
    assert.equal(envOf(bicep, false).PORT, port);
    assert.equal(envOf(bicep, false).WEBSITES_PORT, port);
    for (const bot of bots) assert.equal(envOf(bot, false).PORT, port);
    const caddy = fs.readFileSync(fromRoot('deploy', 'Caddyfile'), 'utf8');
    assert.deepEqual([...caddy.matchAll(/bezbedno-\d:(\d+)/g)].map((m) => m[1]), [port, port]);

    const health = /^var healthPath = '([^']+)'$/m.exec(bicep.text)?.[1];
    assert.ok(health);
    assert.match(bicep.text, /healthCheckPath: healthPath/);
    assert.ok(dockerfile.includes(`127.0.0.1:${port}${health}`), 'the image health check asks the same path');
    assert.ok(caddy.includes(`health_uri ${health}`), 'the proxy routes only to instances ready on the same path');

    // The image Azure runs is the one deploy/Dockerfile builds, under the name CI pushes.
    const imageName = /^param imageName string = '([^']+)'$/m.exec(bicep.text)?.[1];
    assert.match(bicep.text, /linuxFxVersion: 'DOCKER\|\$\{registry\.properties\.loginServer\}\/\$\{imageName\}:\$\{imageTag\}'/);
    const workflow = fs.readFileSync(fromRoot('.github', 'workflows', 'azure.yml'), 'utf8');
    assert.match(workflow, /docker build -f deploy\/Dockerfile/);
    assert.ok(workflow.includes(`$REGISTRY/${imageName}:`), 'CI pushes the image name main.bicep runs');
    for (const name of Object.keys(compose.bots)) assert.equal(compose.doc.services[name]!.build?.context, '..');

    // And the server really answers there.
    const server = await startTestServer('deploy-health');
    try {
      assert.equal((await fetch(`${server.url}${health}`)).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('when a required variable or a secret reference is taken out of a template, then the check names it', () => {
    const required = requiredInProduction();
    const without = (t: Template, name: string): Template => ({ ...t, base: t.base.filter((s) => s.name !== name) });
    for (const t of [bicep, bots[0]!]) {
      for (const name of required) {
        const problems = problemsOf(without(t, name), t === bicep ? kvSecret : envSecret);
        assert.ok(problems.some((p) => p.includes(name)), `${t.file} without ${name}: ${problems.join('; ')}`);
      }
    }
    // A secret written in plain text is named too.
    const plain: Template = { ...bicep, base: bicep.base.map((s) => (s.name === 'DIRECTLINE_TOKEN_SECRET' ? { ...s, raw: "'x'", secretRef: undefined } : s)) };
    assert.ok(problemsOf(plain, kvSecret).some((p) => p.includes('DIRECTLINE_TOKEN_SECRET is a secret')));
    assert.deepEqual(Object.keys(SCHEMAS), ['environment'], 'one schema for every variable');
    assert.equal(LOADERS.length, 1);
  });
});
