import assert from 'node:assert/strict';
import { guideFor } from '../../scripts/startGuide.mjs';

/** What `npm start` prints for people, from the server's JSON log lines. */
describe('npm start guide lines', () => {
  const ready = {
    level: 30, event: 'server.ready', demoPage: 'http://127.0.0.1:3978/', dashboardPage: 'http://127.0.0.1:3978/dashboard/',
    emulatorEndpoint: 'http://127.0.0.1:3978/api/messages',
  };

  it('when the server is ready and no admin exists, then the three addresses and the admin command are printed', () => {
    const lines = guideFor(JSON.stringify({ ...ready, firstAdmin: { command: 'npm run admin -- create-user --email you@example.org --role admin', stopServerFirst: true } }), 6200)!;
    const text = lines.join('\n');
    assert.match(text, /ready \(6\.2 s after npm start\)/);
    assert.match(text, /demo school page +http:\/\/127\.0\.0\.1:3978\/\n/);
    assert.match(text, /dashboard +http:\/\/127\.0\.0\.1:3978\/dashboard\//);
    assert.match(text, /Emulator endpoint +http:\/\/127\.0\.0\.1:3978\/api\/messages/);
    assert.match(text, /npm run admin -- create-user --email you@example.org --role admin/);
    assert.match(text, /stop the server first/);
  });

  it('when an admin exists, then no admin command is printed', () => {
    const text = guideFor(JSON.stringify(ready), 1000)!.join('\n');
    assert.doesNotMatch(text, /create-user/);
    assert.match(text, /Emulator endpoint/);
  });

  it('when the embedded database is about to be built, then the line says so before the build', () => {
    assert.match(guideFor(JSON.stringify({ event: 'db.embedded.build' }), 0)!.join(''), /Go — first run only, about a minute/);
  });

  it('when a line is any other log event or not JSON, then nothing is added', () => {
    assert.equal(guideFor(JSON.stringify({ event: 'server.listening' }), 0), undefined);
    assert.equal(guideFor('npm warn something', 0), undefined);
    assert.equal(guideFor('{not json', 0), undefined);
  });
});
