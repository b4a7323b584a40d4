// Entry point of hausmeisterd: load the configuration, start the cockpit, stop cleanly on SIGTERM.
import { ConfigError, loadConfig } from './config.js';
import { createHausmeister } from './hausmeister.js';
import { createLogger } from '../logger.js';

const log = createLogger();

async function main(): Promise<void> {
  const config = loadConfig();
  const hausmeister = await createHausmeister(config, log);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping services and the cockpit');
    hausmeister.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const address = await hausmeister.listen();
  log.info(
    { address, mode: config.mode, firewall: config.firewall, runtime: config.runtime },
    `Hausmeister is ready: open ${address.replace('0.0.0.0', '127.0.0.1')} in your browser`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    log.fatal(`configuration error: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    log.fatal(
      'the cockpit port is already in use: stop the other program or set HAUSMEISTER_PORT to a free port',
    );
  } else {
    log.fatal({ err: error }, 'could not start');
  }
  process.exit(1);
});
