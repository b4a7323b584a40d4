// The driver against real sockets that misbehave: a server that never greets and a port that speaks
// something other than SMTP give their reasons, within the driver's timeouts.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isHausmeisterError } from '../../errors.js';
import { createNodemailerTransport } from './nodemailer-transport.js';

const mail = { to: ['owner@example.test'], subject: 'test', text: 'test' };
const account = (port: number) =>
  ({ host: '127.0.0.1', port, security: 'starttls', username: 'box', from: 'box@example.test' }) as const;

async function listen(onConnection: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

describe('nodemailer transport', () => {
  const sockets: Socket[] = [];
  let silent: { server: Server; port: number };
  let web: { server: Server; port: number };

  before(async () => {
    silent = await listen((socket) => void sockets.push(socket));
    web = await listen((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  });
  after(() => {
    for (const socket of sockets) socket.destroy();
    silent.server.close();
    web.server.close();
  });

  it('gives up on a server that never greets: a timeout', async () => {
    const transport = createNodemailerTransport({ connectMs: 300, answerMs: 300 });
    await assert.rejects(transport.send(account(silent.port), 'secret', mail), (error) => {
      assert.ok(isHausmeisterError(error));
      assert.equal(error.reason, 'SMTP_TIMEOUT');
      assert.equal(error.params.port, silent.port);
      return true;
    });
  });

  it('tells a port that does not speak SMTP apart, and keeps the password out of the error', async () => {
    const transport = createNodemailerTransport({ connectMs: 1000, answerMs: 1000 });
    await assert.rejects(transport.send(account(web.port), 'secret-4711', mail), (error) => {
      assert.ok(isHausmeisterError(error));
      assert.equal(error.messageKey, 'smtp.error.notSmtp');
      assert.equal(error.params.response, 'HTTP/1.1 400 Bad Request');
      assert.ok(!JSON.stringify({ ...error, detail: error.detail }).includes('secret-4711'));
      return true;
    });
  });
});
