// A TCP relay on loopback in front of a real server, which can cut the next connections the moment they
// open: a line that drops for a while (a DSL reconnect), counted, without any timing.
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DroppingProxy {
  port: number;
  /** Cuts the next `count` connections as they open; later ones are relayed again. */
  drop(count: number): void;
  /** Connections cut so far. */
  readonly dropped: number;
  stop(): Promise<void>;
}

export async function startDroppingProxy(upstreamPort: number): Promise<DroppingProxy> {
  let toDrop = 0;
  let dropped = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    if (toDrop > 0) {
      toDrop--;
      dropped++;
      socket.destroy();
      return;
    }
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
    socket.pipe(upstream).pipe(socket);
    const closeBoth = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    drop(count) {
      toDrop = count;
    },
    get dropped() {
      return dropped;
    },
    async stop() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
