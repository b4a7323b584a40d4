// What every CLI command gets: the API client, output, and the parsed options.

export interface CliContext {
  request<T>(method: string, route: string, body?: unknown): Promise<T>;
  out(line: string): void;
  /** Progress of long work, on stderr, so stdout stays clean for --json. */
  progress(line: string): void;
  /** Prints data as JSON with --json, else runs the human-readable printer. */
  print(data: unknown, human: () => void): void;
  options: {
    json?: boolean;
    full?: boolean;
    incremental?: boolean;
    'no-wait'?: boolean;
    to?: string;
    'in-place'?: boolean;
    lang?: string;
  };
}

export class UsageError extends Error {}
