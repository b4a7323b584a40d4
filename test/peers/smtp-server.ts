// A real SMTP submission server for tests (the smtp-server package, as Nodemailer's own tests use):
// TLS with certificates from a throw-away CA, AUTH only after STARTTLS, every accepted mail kept in a
// list like a spool. A certificate for another name and a server without STARTTLS are options.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SMTPServer } from 'smtp-server';
import type { ApiSession } from '../harness/test-hausmeister.js';

const run = promisify(execFile);

export interface TestCa {
  dir: string;
  /** The CA certificate: the daemon trusts it through NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** A key and certificate signed by the CA for `subjectAltName` (e.g. `IP:127.0.0.1`). */
  issue(name: string, subjectAltName: string): Promise<{ key: Buffer; cert: Buffer }>;
  remove(): Promise<void>;
}

/** A CA of its own with openssl, valid for a day. */
export async function createTestCa(): Promise<TestCa> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hausmeister-ca-'));
  const caKey = path.join(dir, 'ca.key');
  const caFile = path.join(dir, 'ca.crt');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    caFile,
    '-days',
    '1',
    '-subj',
    '/CN=Hausmeister test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return {
    dir,
    caFile,
    async issue(name, subjectAltName) {
      const key = path.join(dir, `${name}.key`);
      const csr = path.join(dir, `${name}.csr`);
      const cert = path.join(dir, `${name}.crt`);
      const ext = path.join(dir, `${name}.ext`);
      await run('openssl', [
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        csr,
        '-subj',
        `/CN=${name}`,
      ]);
      await writeFile(ext, `subjectAltName=${subjectAltName}\nextendedKeyUsage=serverAuth\n`);
      await run('openssl', [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        caFile,
        '-CAkey',
        caKey,
        '-CAcreateserial',
        '-out',
        cert,
        '-days',
        '1',
        '-extfile',
        ext,
      ]);
      return { key: await readFile(key), cert: await readFile(cert) };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message as it arrived (headers and body). */
  raw: string;
  user: string | undefined;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpServer(options: {
  tls: { key: Buffer; cert: Buffer };
  users: Record<string, string>;
  /** Leave STARTTLS out of the EHLO answer and refuse the command, like a misconfigured server. */
  noStarttls?: boolean;
  /** Implicit TLS from the first byte (port 465 style). */
  secure?: boolean;
  /** Senders the server accepts (all when left out). */
  allowedSenders?: string[];
  /** A fixed port (to come back on the port a client knows); a free one when left out. */
  port?: number;
}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    ...options.tls,
    secure: options.secure ?? false,
    hideSTARTTLS: options.noStarttls ?? false,
    disabledCommands: options.noStarttls ? ['STARTTLS'] : [],
    // Only the no-STARTTLS server may take a password in clear, so the client's refusal is what is tested.
    allowInsecureAuth: options.noStarttls ?? false,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username && options.users[auth.username] === auth.password)
        return callback(null, { user: auth.username });
      const error = Object.assign(new Error('Invalid username or password'), { responseCode: 535 });
      return callback(error);
    },
    onMailFrom(address, _session, callback) {
      if (options.allowedSenders && !options.allowedSenders.includes(address.address)) {
        const error = Object.assign(new Error('Sender address rejected: not owned by user'), {
          responseCode: 553,
        });
        return callback(error);
      }
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Saves the mailbox `box@example.test` on the test server as the draft and sends its test mail. */
export async function activateSmtpAccount(
  api: ApiSession,
  server: TestSmtpServer,
  password: string,
): Promise<{ status: number; body: any }> {
  await api.request('PUT', '/api/v1/smtp/draft', {
    host: '127.0.0.1',
    port: server.port,
    security: 'starttls',
    username: 'box@example.test',
    password,
    from: 'box@example.test',
  });
  return api.request('POST', '/api/v1/smtp/test', { recipient: 'owner@example.test' });
}

/** A CA of its own and a STARTTLS server with the one mailbox `box@example.test`. */
export async function startTestMailbox(
  password: string,
): Promise<{ ca: TestCa; server: TestSmtpServer; close(): Promise<void> }> {
  const ca = await createTestCa();
  const server = await startSmtpServer({
    tls: await ca.issue('smtp', 'IP:127.0.0.1'),
    users: { 'box@example.test': password },
  });
  return {
    ca,
    server,
    close: async () => {
      await server.close();
      await ca.remove();
    },
  };
}
