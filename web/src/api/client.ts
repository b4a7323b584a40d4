// The one way the UI talks to the daemon: JSON over fetch, the session cookie, the CSRF token on changes.
import type { FirewallStatus, FieldError, Params, ServiceView, SessionState, SettingValue } from './types.js';

/** An error answer of the daemon (or a network failure), carrying what the UI needs to explain it. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly messageKey: string;
  readonly params: Params;
  readonly fields: FieldError[];

  constructor(
    status: number,
    body: { reason?: string; messageKey?: string; params?: Params; fields?: FieldError[] },
  ) {
    super(body.messageKey ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.reason = body.reason ?? 'UNKNOWN';
    this.messageKey = body.messageKey ?? 'error.unknown';
    this.params = body.params ?? {};
    this.fields = body.fields ?? [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;
let onUnauthenticated: () => void = () => {};

/** The token comes with the session; every POST/PUT/DELETE sends it back. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the daemon answers 401 to a protected route: the session is gone, show the login. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

const PUBLIC_ROUTES = ['/api/v1/session', '/api/v1/setup', '/api/v1/login'];

async function request<T>(method: string, route: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(route, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { reason: 'NETWORK', messageKey: 'error.network' });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page): the status alone has to explain it.
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed as { error?: ConstructorParameters<typeof ApiError>[1] } | null)?.error;
    const apiError = new ApiError(response.status, error ?? { messageKey: 'error.unknown' });
    if (response.status === 401 && !PUBLIC_ROUTES.some((r) => route.startsWith(r))) onUnauthenticated();
    throw apiError;
  }
  return parsed as T;
}

/** The same request for the other API clients of the UI (backup-client.ts): one fetch, one CSRF token. */
export const requestJson = <T>(method: string, route: string, body?: unknown): Promise<T> =>
  request<T>(method, route, body);

const servicePath = (id: string) => `/api/v1/services/${encodeURIComponent(id)}`;

export const api = {
  session: () => request<SessionState>('GET', '/api/v1/session'),
  setup: (username: string, password: string) =>
    request<SessionState>('POST', '/api/v1/setup', { username, password }),
  login: (username: string, password: string) =>
    request<SessionState>('POST', '/api/v1/login', { username, password }),
  logout: () => request<null>('POST', '/api/v1/logout'),

  services: () => request<{ services: ServiceView[] }>('GET', '/api/v1/services'),
  service: (id: string) => request<ServiceView>('GET', servicePath(id)),
  start: (id: string) => request<ServiceView>('POST', `${servicePath(id)}/start`),
  stop: (id: string) => request<ServiceView>('POST', `${servicePath(id)}/stop`),
  saveSettings: (id: string, values: Record<string, SettingValue>) =>
    request<ServiceView>('PUT', `${servicePath(id)}/settings`, { values }),
  logs: (id: string, lines = 200) =>
    request<{ lines: string[] }>('GET', `${servicePath(id)}/logs?lines=${lines}`),
  install: (id: string) => request<ServiceView>('POST', `${servicePath(id)}/install`),

  firewall: () => request<FirewallStatus>('GET', '/api/v1/firewall'),
};

export const EVENTS_URL = '/api/v1/events';
