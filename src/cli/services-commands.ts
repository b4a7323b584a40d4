// `hausmeister services …`: list, status, start and stop services.
import type { ServiceView } from '../capabilities/services/index.js';
import { UsageError, type CliContext } from './cli-context.js';
import { describe } from './messages.js';

export const SERVICES_USAGE = `  services list           all services with their state
  services status NAME    one service in detail
  services start NAME     start a service and wait until it runs (opens its ports)
  services stop NAME      stop a service (closes its ports)`;

export async function runServicesCommand(command: string, args: string[], cli: CliContext): Promise<number> {
  const { request, print, out } = cli;
  const needName = (): string => {
    const [name] = args;
    if (!name) throw new UsageError(`"services ${command}" needs the NAME of a service`);
    return name;
  };
  switch (command) {
    case 'list': {
      const { services } = await request<{ services: ServiceView[] }>('GET', '/api/v1/services');
      print(services, () => {
        for (const s of services)
          out(`${s.id.padEnd(12)} ${s.state.padEnd(10)} ${s.name.en}${s.locked ? ' (always on)' : ''}`);
      });
      return 0;
    }
    case 'status': {
      const service = await request<ServiceView>('GET', `/api/v1/services/${encodeURIComponent(needName())}`);
      print(service, () => printStatus(service, out));
      return 0;
    }
    case 'start':
    case 'stop': {
      const service = await request<ServiceView>(
        'POST',
        `/api/v1/services/${encodeURIComponent(needName())}/${command}?wait=true`,
      );
      print(service, () => out(`${service.id}: ${service.state}`));
      return 0;
    }
    default:
      throw new UsageError(`unknown command "services ${command}"`);
  }
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
