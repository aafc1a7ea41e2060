import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import mongoose from 'mongoose';
import { authorityModel } from '../../../models/authority';
import { PROJECT_ROOT } from '../../../core/paths';
import { testDbUri } from '../../support/db';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run --silent <script> -- args` in the project, as the automated checks do. */
function npmRun(script: string, args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`, ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

function lastLine(text: string): unknown {
  const lines = text.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '');
}

describe('routing command lines, end to end', function () {
  this.timeout(90_000);

  it('when route gets a grooming situation, then its last line is the decision with English reasons and nothing else', async () => {
    const situation = { category: 'grooming', immediateDanger: false, victimAge: 'under14', reporterRole: 'teacher', victimIsPupil: true, municipality: 'novi-sad', meetingPlanned: true };
    const run = await npmRun('route', [JSON.stringify(situation)]);
    assert.equal(run.code, 0, run.stderr);
    const out = lastLine(run.stdout) as { urgency: string; authorities: Array<Record<string, string>> };
    assert.deepEqual(Object.keys(out), ['urgency', 'authorities']);
    assert.equal(out.urgency, 'immediate');
    assert.deepEqual(out.authorities.map((a) => a.id), ['police-vtk', 'csw-novi-sad', 'school', 'nccos']);
    for (const a of out.authorities) {
      assert.deepEqual(Object.keys(a), ['id', 'reason']);
      assert.match(a.reason ?? '', /^[A-Z].*\.$/);
    }
    assert.match(out.authorities[0]?.reason ?? '', /art\. 185b/);
  });

  it('when route gets selfHarmRisk (SPEC section 6), then urgency is at least high and the helpline and the centre for social work are routed with reasons', async () => {
    const run = await npmRun('route', ['{"category":"cyberbullying","immediateDanger":false,"victimAge":"14-17","reporterRole":"pupil","victimIsPupil":true,"municipality":"Niš","selfHarmRisk":true}']);
    assert.equal(run.code, 0, run.stderr);
    const out = lastLine(run.stdout) as { urgency: string; authorities: Array<{ id: string; reason: string }> };
    assert.equal(out.urgency, 'high');
    assert.deepEqual(out.authorities.map((a) => a.id), ['school', 'nccos', 'helpline-116111', 'csw-nis']);
    assert.match(out.authorities[2]?.reason ?? '', /self-harm/);
    assert.match(out.authorities[3]?.reason ?? '', /Niš.*self-harm/);
  });

  it('when route gets immediate danger with an unknown municipality, then 192 is first and nccos explains the social-work choice', async () => {
    const run = await npmRun('route', ['{"category":"sextortion","immediateDanger":true,"victimAge":"14-17","reporterRole":"pupil","municipality":"Gotham"}']);
    assert.equal(run.code, 0, run.stderr);
    const out = lastLine(run.stdout) as { urgency: string; authorities: Array<{ id: string; reason: string }> };
    assert.equal(out.urgency, 'immediate');
    assert.deepEqual(out.authorities.map((a) => a.id), ['emergency-192', 'police-vtk', 'nccos', 'prosecutor-vtk']);
    assert.match(out.authorities[2]?.reason ?? '', /decides which centre for social work/);
  });

  it('when route reads the situation from stdin, then it decides the same way', async () => {
    const run = await npmRun('route', [], { stdin: '{"category":"other","immediateDanger":false,"victimAge":"18+","reporterRole":"other"}' });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((lastLine(run.stdout) as { authorities: Array<{ id: string }> }).authorities.map((a) => a.id), ['nccos']);
  });

  it('when route gets bad input, then it exits 2 and says what is wrong', async () => {
    const notJson = await npmRun('route', ['{category: grooming']);
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /not valid JSON/);
    const invalid = await npmRun('route', ['{"category":"bullying","immediateDanger":"no","victimAge":"12","reporterRole":"pupil"}']);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /"category" must be one of/);
    assert.match(invalid.stderr, /"immediateDanger" must be a boolean/);
    assert.match(invalid.stderr, /"victimAge" must be one of/);
    assert.equal(invalid.stdout, '');
    const missing = await npmRun('route', ['{"category":"csam"}']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /"immediateDanger" is required/);
  });

  it('when routing:seed runs twice and csw:import loads the directory, then the database holds the registry with the imported contacts', async () => {
    const uri = testDbUri('routecli');
    const env = { MONGODB_URI: uri };
    {
      const first = await npmRun('routing:seed', [], { env });
      assert.equal(first.code, 0, first.stderr);
      const second = await npmRun('routing:seed', [], { env });
      assert.equal(second.code, 0, second.stderr);
      const counts = lastLine(second.stdout) as { authorities: { inserted: number; unchanged: number }; rules: { inserted: number } };
      assert.equal(counts.authorities.inserted, 0);
      assert.equal(counts.rules.inserted, 0);
      assert.ok(counts.authorities.unchanged >= 180);

      const fixture = path.join(__dirname, 'fixtures', 'csw-directory.csv');
      const imp = await npmRun('csw:import', [fixture], { env });
      assert.equal(imp.code, 1, 'some rows are rejected');
      assert.deepEqual(lastLine(imp.stdout), { valid: 4, rejected: 4, inserted: 0, updated: 4, dryRun: false });
      assert.match(imp.stderr, /csw-directory\.csv:5: rejected: unknown municipality "Atlantida"/);
      assert.equal(imp.stderr.match(/rejected:/g)?.length, 4);

      const conn = await mongoose.createConnection(uri).asPromise();
      try {
        const cacak = await authorityModel(conn).findById('csw-cacak').lean();
        assert.equal(cacak?.contact.webhook, 'https://hooks.example.org/csw-cacak');
        assert.equal(cacak?.contact.configured, true);
      } finally {
        await conn.dropDatabase();
        await conn.close();
      }
    }
  });

  it('when csw:import has no file, then it exits 2 with usage', async () => {
    const run = await npmRun('csw:import', []);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /usage: npm run csw:import/);
  });
});
