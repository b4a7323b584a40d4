// The CLI's client of the daemon's REST API, authenticated with the local token file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ApiError {
  status: number;
  reason: string;
  messageKey: string;
  params: Record<string, string | number>;
  fields?: { field: string; messageKey: string }[];
}

export class ApiRequestError extends Error {
  constructor(readonly error: ApiError) {
    super(`${error.reason}: ${error.messageKey}`);
  }
}

export interface ClientOptions {
  url: string;
  dataDir: string;
}

export async function createApiClient(options: ClientOptions) {
  const tokenFile = path.join(options.dataDir, 'cli-token');
  const token = (await readFile(tokenFile, 'utf8').catch(() => '')).trim();
  if (!token) {
    throw new Error(
      `cannot read the CLI token ${tokenFile}: run the CLI as the user that runs the daemon, or set HAUSMEISTER_DATA_DIR`,
    );
  }
  return async function request<T>(method: string, route: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(route, options.url), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new Error(`the daemon does not answer at ${options.url}: is it running? (npm start)`);
    }
    const text = await response.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (data as { error?: Omit<ApiError, 'status'> } | undefined)?.error;
      throw new ApiRequestError({
        status: response.status,
        reason: error?.reason ?? 'INTERNAL',
        messageKey: error?.messageKey ?? 'error.internal',
        params: error?.params ?? {},
        fields: error?.fields,
      });
    }
    return data as T;
  };
}
