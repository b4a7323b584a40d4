// One FTP control connection per target, used by one operation at a time and reconnected lazily.
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import { Client } from 'basic-ftp';
import { HausmeisterError } from '../../errors.js';
import type { FtpTargetConfig } from '../../capabilities/backup/backup-target.js';
import type { TargetContext } from '../backup-target-shared/target-errors.js';
import { mapFtpError, type FtpPhase } from './ftp-errors.js';

/** For the control connection and for silence on a data connection; a backup volume streams steadily. */
const TIMEOUT_MS = 20_000;

export interface FtpSession {
  /** Runs the task with a logged-in client once the tasks before it are done, in call order. */
  run<T>(task: (client: Client) => Promise<T>): Promise<T>;
  /** The backup folder as an absolute path on the server; known inside a task. */
  folder(): string;
  /** Inside a task: logs in again if the connection was closed (e.g. by a failed transfer). */
  reconnect(): Promise<void>;
  /** Closes the connection now, so a running transfer fails at once (an abort); the next task reconnects. */
  interrupt(): void;
  close(): Promise<void>;
}

export function createFtpSession(config: FtpTargetConfig, context: TargetContext): FtpSession {
  // basic-ftp runs one command at a time on a connection; the queue in run() keeps operations apart.
  const client = new Client(TIMEOUT_MS);
  let folder = normalizeFolder(config.folder);
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;

  // A fresh object each time: basic-ftp writes `host` into the options it is given.
  const tlsOptions = (): ConnectionOptions => ({
    host: config.host,
    // `ca` replaces Node's trust store, so the system CAs are passed along to trust both.
    ...(config.caCertificate ? { ca: [...rootCertificates, config.caCertificate] } : {}),
  });

  async function step<T>(phase: FtpPhase, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      // A refused login leaves the socket open; closing it makes the next task log in again.
      client.close();
      throw mapFtpError(error, phase, context);
    }
  }

  async function reconnect(): Promise<void> {
    if (!client.closed) return;
    await step('connect', () =>
      config.tls === 'implicit'
        ? client.connectImplicitTLS(config.host, config.port, tlsOptions())
        : client.connect(config.host, config.port),
    );
    if (config.tls === 'explicit') await step('tls', () => client.useTLS(tlsOptions()));
    await step('login', async () => {
      await client.sendIgnoringError('OPTS UTF8 ON');
      await client.login(config.user, config.password);
      await client.useDefaultSettings();
    });
    if (!folder.startsWith('/')) {
      // A relative folder is below the login folder; everything after this uses absolute paths.
      const home = await step('folder', () => client.pwd());
      folder = normalizeFolder(`${home}/${folder}`);
    }
    await step('folder', () => client.ensureDir(folder));
  }

  return {
    run(task) {
      if (closed) return Promise.reject(closedError());
      const result = tail.then(async () => {
        if (closed) throw closedError();
        await reconnect();
        return task(client);
      });
      tail = result.catch(() => undefined);
      return result;
    },
    folder: () => folder,
    reconnect,
    interrupt: () => client.close(),
    async close() {
      closed = true;
      client.close();
      await tail;
    },
  };
}

/** `/backups//hausmeister/` → `/backups/hausmeister`; `/` stays, `` (the login folder) too. */
function normalizeFolder(folder: string): string {
  return folder.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

function closedError(): HausmeisterError {
  return new HausmeisterError('INTERNAL', {
    messageKey: 'error.internal',
    detail: 'the FTP backup target was used after close()',
  });
}
