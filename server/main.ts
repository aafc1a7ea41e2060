import { ConfigError, loadConfig } from '../core/config';
import { createLogger } from '../core/logger';
import { startServer } from './index';
import { readyNotice } from './readyNotice';

/** Process entry point: read the configuration once, start, stop cleanly on a signal. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.server.logLevel);
  let running;
  try {
    running = await startServer(config, log);
  } catch (err) {
    log.fatal({ event: 'server.start_failed', err }, err instanceof Error ? err.message : 'start-up failed');
    process.exit(1);
  }
  const shutdown = (signal: string): void => {
    log.info({ event: 'signal', signal }, `received ${signal}`);
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ event: 'server.stop_failed', err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // The last start-up line: where to go next (scripts/start.mjs prints it for people).
  const notice = await readyNotice(running, config.server.host).catch(() => undefined);
  if (notice) log.info({ event: 'server.ready', ...notice }, `ready: demo page ${notice.demoPage}`);
}

void main();
