// The floor for the daemon benchmark: the same stack (Fastify + better-sqlite3) serving a same-sized
// services JSON from one SQLite row, with nothing else (no auth, no catalog, no supervisor).
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import path from 'node:path';

const db = new Database(path.join(process.env.DATA_DIR ?? '.', 'baseline.sqlite'));
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS services (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
const service = (id: string) => ({
  id,
  name: { de: id, en: id },
  state: 'stopped',
  ports: [{ port: 5232, protocol: 'tcp' }],
  settings: { fields: [], values: {} },
});
const insert = db.prepare('INSERT OR REPLACE INTO services (id, body) VALUES (?, ?)');
for (const id of ['cockpit', 'firewall', 'radicale', 'samba']) insert.run(id, JSON.stringify(service(id)));
const select = db.prepare('SELECT body FROM services ORDER BY id');

const app = Fastify();
app.get('/', async (_request, reply) =>
  reply.type('text/html').send('<!doctype html><title>baseline</title>'),
);
app.get('/api/v1/services', async () => ({
  services: select.all().map((row) => JSON.parse((row as { body: string }).body)),
}));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 8090) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
