// Renders a service's RunSpec as a systemd unit file (pure), quoting per systemd.syntax(7).
import type { RunSpec } from '../../capabilities/services/runtime-driver.js';

export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

export function unitName(id: string): string {
  return `hausmeister-${id}.service`;
}

export function renderSystemdUnit(spec: RunSpec): string {
  const [program, ...args] = spec.argv;
  if (!program) throw new Error(`service ${spec.id} has an empty argv`);
  // systemd reads these as ExecStart= prefixes ("-" ignores failure, "+" runs privileged…), even quoted.
  if (/^[@\-:+!|]/.test(program))
    throw new Error(`service ${spec.id}: program ${program} starts with an ExecStart= prefix character`);
  const service = [
    'Type=exec',
    `ExecStart=${[program, ...args].map(quoteExecArgument).join(' ')}`,
    ...Object.entries(spec.env ?? {}).map(([name, value]) => `Environment=${quoteEnvironment(name, value)}`),
  ];
  if (spec.cwd) {
    // A leading "-" or "~" would mean "ignore if missing" or "home directory" to systemd.
    if (!spec.cwd.startsWith('/')) throw new Error(`service ${spec.id}: cwd must be an absolute path`);
    service.push(`WorkingDirectory=${plainValue(spec.cwd, 'WorkingDirectory')}`);
  }
  service.push(
    'Restart=on-failure',
    `TimeoutStopSec=${timeSpan(spec.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS)}`,
  );
  return [
    '# Written by Hausmeister; changes here are overwritten.',
    '[Unit]',
    `Description=Hausmeister service ${plainValue(spec.id, 'Description')}`,
    '',
    '[Service]',
    ...service,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/**
 * One ExecStart= word. Specifiers expand everywhere (`%` → `%%`) and so do environment variables in
 * command lines (`$` → `$$`); words with blanks, quotes or backslashes go in double quotes with C escapes.
 */
export function quoteExecArgument(word: string): string {
  const literal = word.replaceAll('%', '%%').replaceAll('$', '$$$$');
  // A lone ";" separated commands in older systemd versions.
  if (word === ';') return '\\;';
  return needsQuotes(word) ? `"${cEscape(literal)}"` : literal;
}

/**
 * One Environment= assignment. Unlike command lines, `$` has no special meaning here (systemd.exec(5):
 * "Variable expansion is not performed inside the strings"), so doubling it would set a literal "$$".
 */
export function quoteEnvironment(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid environment variable name: ${name}`);
  const assignment = `${name}=${value}`.replaceAll('%', '%%');
  return needsQuotes(value) ? `"${cEscape(assignment)}"` : assignment;
}

function needsQuotes(word: string): boolean {
  // eslint-disable-next-line no-control-regex
  return word === '' || /[\s"'\\\x00-\x1f\x7f]/.test(word);
}

/** Escapes for the inside of a double-quoted word; systemd unescapes C-style sequences there. */
function cEscape(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/["\\\x00-\x1f\x7f]/g, (char) => {
    switch (char) {
      case '"':
        return '\\"';
      case '\\':
        return '\\\\';
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
}

/** Settings that take the rest of the line verbatim: only specifiers need escaping, and no line breaks. */
function plainValue(value: string, setting: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) throw new Error(`${setting} must not contain control characters`);
  return value.replaceAll('%', '%%');
}

function timeSpan(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
