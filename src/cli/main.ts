// The `hausmeister` command line: the same things as the web UI, through the same REST API.
import { parseArgs } from 'node:util';
import path from 'node:path';
import type { ServiceView } from '../capabilities/services/index.js';
import { ApiRequestError, createApiClient } from './api-client.js';
import { describe } from './messages.js';

const USAGE = `Usage: hausmeister services list|start|stop|status [NAME] [--json]

  services list           all services with their state
  services status NAME    one service in detail
  services start NAME     start a service and wait until it runs (opens its ports)
  services stop NAME      stop a service (closes its ports)

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
    },
  });
  const [area, command, name] = positionals;
  if (values.help || area !== 'services' || !command) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const request = await createApiClient({
    url:
      values.url ?? process.env.HAUSMEISTER_URL ?? `http://127.0.0.1:${process.env.HAUSMEISTER_PORT ?? 8080}`,
    dataDir: path.resolve(values['data-dir'] ?? process.env.HAUSMEISTER_DATA_DIR ?? 'data'),
  });
  const print = (data: unknown, human: () => void) =>
    values.json ? out(JSON.stringify(data, null, 2)) : human();
  const needName = (): string => {
    if (!name) throw new UsageError(`"services ${command}" needs the NAME of a service`);
    return name;
  };

  try {
    switch (command) {
      case 'list': {
        const { services } = await request<{ services: ServiceView[] }>('GET', '/api/v1/services');
        print(services, () => {
          for (const s of services)
            out(
              `${s.id.padEnd(12)} ${stateWord(s).padEnd(10)} ${s.name.en}${s.locked ? ' (always on)' : ''}`,
            );
        });
        return 0;
      }
      case 'status': {
        const service = await request<ServiceView>(
          'GET',
          `/api/v1/services/${encodeURIComponent(needName())}`,
        );
        print(service, () => printStatus(service, out));
        return 0;
      }
      case 'start':
      case 'stop': {
        const service = await request<ServiceView>(
          'POST',
          `/api/v1/services/${encodeURIComponent(needName())}/${command}?wait=true`,
        );
        print(service, () => out(`${service.id}: ${stateWord(service)}`));
        return 0;
      }
      default:
        throw new UsageError(`unknown command "services ${command}"`);
    }
  } catch (error) {
    if (error instanceof ApiRequestError) {
      print({ error: error.error }, () =>
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

class UsageError extends Error {}

function stateWord(service: ServiceView): string {
  return service.state;
}

function printStatus(s: ServiceView, out: (line: string) => void): void {
  out(`${s.name.en} (${s.id})`);
  out(`  state:    ${s.state}${s.locked ? ' (always on)' : ''} since ${s.since}`);
  if (s.reason) out(`  reason:   ${describe(s.reason.messageKey, s.reason.params)}`);
  if (s.ports.length) out(`  ports:    ${s.ports.map((p) => `${p.port}/${p.protocol}`).join(', ')}`);
  if (s.webEntry) out(`  web:      ${s.webEntry.url}`);
  if (s.packages.missing.length)
    out(`  missing:  ${s.packages.missing.join(' ')} (sudo apt install ${s.packages.missing.join(' ')})`);
  for (const [key, value] of Object.entries(s.settings.values)) out(`  ${key}: ${String(value)}`);
}
