// The lines `npm start` (scripts/start.mjs) prints for people, from the
// server's structured log events. Pure, so it is tested without a server.

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The human lines for one line of the server's JSON log, or undefined when
 * that line needs none. `elapsedMs` is the time since `npm start` began.
 *
 * @param {string} line
 * @param {number} elapsedMs
 * @returns {string[] | undefined}
 */
export function guideFor(line, elapsedMs) {
  if (!line.startsWith('{')) return undefined;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  switch (entry.event) {
    case 'db.embedded.build':
      return ['Bezbedno: building the embedded database (FerretDB) with Go — first run only, about a minute…'];
    case 'db.embedded.mongod':
      return ['Bezbedno: starting mongodb-memory-server — its first run downloads mongod (about 100 MB)…'];
    case 'server.ready':
      return ready(entry, elapsedMs);
    default:
      return undefined;
  }
}

function ready(entry, elapsedMs) {
  const lines = [
    '',
    `Bezbedno is ready (${seconds(elapsedMs)} after npm start):`,
    `  demo school page   ${entry.demoPage}`,
  ];
  if (entry.dashboardPage) lines.push(`  dashboard          ${entry.dashboardPage}`);
  lines.push(`  Emulator endpoint  ${entry.emulatorEndpoint}`);
  if (entry.firstAdmin) {
    lines.push(
      '',
      'No administrator exists yet. Create the first one (the password is read from standard input):',
      `  ${entry.firstAdmin.command}`,
    );
    if (entry.firstAdmin.stopServerFirst) {
      lines.push('  (stop the server first with Ctrl+C: the embedded database has one owner; then npm start again)');
    }
  }
  lines.push('');
  return lines;
}
