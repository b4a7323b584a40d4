// The live event stream (Server-Sent Events) that carries status changes and progress to the UI.
import type { FastifyInstance } from 'fastify';
import type { EventBus } from '../events/event-bus.js';

const HEARTBEAT_MS = 25_000;

export function registerEventRoutes(app: FastifyInstance, bus: EventBus): void {
  app.get(
    '/api/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Server-Sent Events: service, firewall, install',
        produces: ['text/event-stream'],
      },
    },
    (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      const unsubscribe = bus.subscribe((name, data) => {
        res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      });
      // Comments keep proxies and NAT from closing an idle stream.
      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      const close = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.raw.on('close', close);
      res.on('error', close);
    },
  );
}
