import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CatalogError, loadCatalog, loadCatalogEntry } from './catalog.js';
import { buildRunSpec, buildTemplateView, renderConfigFiles } from './service-config.js';
import { defaultSettings } from './settings.js';

const catalogDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../catalog');

describe('the shipped catalog', () => {
  it('loads, and has the locked built-ins and the first real services', async () => {
    const entries = await loadCatalog(catalogDir);
    const ids = entries.map((e) => e.manifest.id);
    for (const id of ['cockpit', 'firewall', 'backup', 'radicale', 'samba'])
      assert.ok(ids.includes(id), `${id} is in the catalog`);
    for (const e of entries.filter(
      (x) => x.manifest.builtin === 'cockpit' || x.manifest.builtin === 'firewall',
    ))
      assert.equal(e.manifest.locked, true);
    assert.equal(entries.find((e) => e.manifest.id === 'backup')?.manifest.locked, false);
  });

  it('renders Radicale with its settings, paths and accounts', async () => {
    const entry = await loadCatalogEntry(path.join(catalogDir, 'radicale'));
    const settings = { ...defaultSettings(entry.manifest.settings), port: 5999 };
    const location = { configDir: '/c', dataDir: '/d', runDir: '/r', logFile: '/l', runUser: 'hm' };
    const view = buildTemplateView(entry.manifest, settings, location, [
      { name: 'owner', bcrypt: '$2b$10$abc' },
    ]);
    const files = renderConfigFiles(entry, view);
    const config = files.find((f) => f.path === '/c/config')?.content ?? '';
    assert.match(config, /hosts = 0\.0\.0\.0:5999/);
    assert.match(config, /filesystem_folder = \/d\/collections/);
    assert.equal(files.find((f) => f.path === '/c/users')?.content.trim(), 'owner:$2b$10$abc');
    assert.equal(files.find((f) => f.path === '/c/users')?.mode, 0o600);
    const spec = buildRunSpec(entry.manifest, view, '/l');
    assert.deepEqual(spec?.argv, ['radicale', '-C', '/c/config']);
    assert.deepEqual(spec?.readiness, { kind: 'tcp', host: '127.0.0.1', port: 5999 });
  });

  it('renders the Samba share read-only unless guests may write', async () => {
    const entry = await loadCatalogEntry(path.join(catalogDir, 'samba'));
    const location = { configDir: '/c', dataDir: '/d', runDir: '/r', logFile: '/l', runUser: 'hm' };
    const render = (guestAccess: string) =>
      renderConfigFiles(
        entry,
        buildTemplateView(
          entry.manifest,
          { ...defaultSettings(entry.manifest.settings), guestAccess },
          location,
          [],
        ),
      )[0]?.content ?? '';
    assert.match(render('read'), /read only = yes/);
    assert.match(render('write'), /read only = no/);
    assert.match(render('read'), /\[Daten\]\n {2}path = \/d\/share/);
  });
});

describe('catalog checks', () => {
  async function entryWith(manifest: string): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'catalog-'));
    const folder = path.join(dir, 'demo');
    await mkdir(path.join(folder, 'templates'), { recursive: true });
    await writeFile(path.join(folder, 'manifest.yaml'), manifest);
    return folder;
  }
  const base = `id: demo
name: { de: Demo, en: Demo }
description: { de: Demo, en: Demo }
icon: x
locked: false
packages: []
configFiles: []
dataDirs: []
run: { argv: [demo], readiness: { tcp: port } }
`;

  it('refuses a port reference to a setting that is not a port', async () => {
    const folder = await entryWith(
      `${base}ports: []\nsettings:\n  - { key: port, type: integer, default: 1, label: { de: P, en: P }, help: { de: P, en: P } }\n`,
    );
    await assert.rejects(loadCatalogEntry(folder), CatalogError);
  });

  it('refuses defaults that break their own rules', async () => {
    const folder = await entryWith(
      `${base}ports: []\nsettings:\n  - { key: port, type: port, default: 80, min: 1024, label: { de: P, en: P }, help: { de: P, en: P } }\n`,
    );
    await assert.rejects(loadCatalogEntry(folder), /defaults violate/);
  });

  it('refuses unknown manifest keys', async () => {
    const folder = await entryWith(`${base}ports: []\nsettings: []\nsurprise: 1\n`);
    await assert.rejects(loadCatalogEntry(folder), /invalid manifest/);
  });
});
