// The `hausmeister` command line: the same things as the web UI, through the same REST API.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { ApiRequestError, createApiClient } from './api-client.js';
import { BACKUP_USAGE, runBackupCommand } from './backup-commands.js';
import { UsageError, type CliContext } from './cli-context.js';
import { describe } from './messages.js';
import { runServicesCommand, SERVICES_USAGE } from './services-commands.js';
import { NOTIFY_USAGE, runNotifyCommand } from './notify-commands.js';
import { runSmtpCommand, SMTP_USAGE } from './smtp-commands.js';

const USAGE = `Usage: hausmeister services|backup|smtp|notify COMMAND [ARGS] [--json]

${SERVICES_USAGE}

${BACKUP_USAGE}

${SMTP_USAGE}
${NOTIFY_USAGE}

Options:
  --json                  machine-readable output
  --url URL               the daemon (default http://127.0.0.1:$HAUSMEISTER_PORT or :8080)
  --data-dir DIR          the daemon's data folder holding cli-token (default $HAUSMEISTER_DATA_DIR or ./data)`;

export async function runCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      url: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      full: { type: 'boolean', default: false },
      incremental: { type: 'boolean', default: false },
      'no-wait': { type: 'boolean', default: false },
      to: { type: 'string' },
      'in-place': { type: 'boolean', default: false },
      lang: { type: 'string' },
    },
  });
  const [area, command, ...args] = positionals;
  const areas = {
    services: runServicesCommand,
    backup: runBackupCommand,
    smtp: runSmtpCommand,
    notify: runNotifyCommand,
  };
  if (values.help || !area || !(area in areas) || !command) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const request = await createApiClient({
    url:
      values.url ?? process.env.HAUSMEISTER_URL ?? `http://127.0.0.1:${process.env.HAUSMEISTER_PORT ?? 8080}`,
    dataDir: path.resolve(values['data-dir'] ?? process.env.HAUSMEISTER_DATA_DIR ?? 'data'),
  });
  const context: CliContext = {
    request,
    out,
    progress: (line) => process.stderr.write(`${line}\n`),
    print: (data, human) => (values.json ? out(JSON.stringify(data, null, 2)) : human()),
    options: values,
  };

  try {
    return await areas[area as keyof typeof areas](command, args, context);
  } catch (error) {
    if (error instanceof ApiRequestError) {
      context.print({ error: error.error }, () =>
        out(`error: ${describe(error.error.messageKey, error.error.params)}`),
      );
      return 1;
    }
    if (error instanceof UsageError) {
      out(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
