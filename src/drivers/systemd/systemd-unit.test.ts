// Rendered units against golden files (UPDATE_GOLDEN=1 rewrites them) and systemd's own checker.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunSpec } from '../../capabilities/services/runtime-driver.js';
import { createCommandRunner } from '../command-runner/command-runner.js';
import { renderSystemdUnit, unitName } from './systemd-unit.js';

const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const SEPARATOR = '\n----------\n';

interface GoldenCase {
  name: string;
  file: string;
  spec: RunSpec;
  expected: string;
}

async function goldenCases(): Promise<GoldenCase[]> {
  const names = (await readdir(GOLDEN_DIR)).filter((name) => name.endsWith('.golden')).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(GOLDEN_DIR, name);
      const text = await readFile(file, 'utf8');
      const at = text.indexOf(SEPARATOR);
      assert.ok(at > 0, `${name}: a JSON RunSpec, a line of ten dashes, then the expected unit`);
      return {
        name,
        file,
        spec: JSON.parse(text.slice(0, at)) as RunSpec,
        expected: text.slice(at + SEPARATOR.length),
      };
    }),
  );
}

function systemdAnalyze(): string | null {
  try {
    return execFileSync('which', ['systemd-analyze'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

describe('renderSystemdUnit', () => {
  it('renders every golden RunSpec to its expected unit', async () => {
    const cases = await goldenCases();
    assert.ok(cases.length >= 4);
    for (const golden of cases) {
      const rendered = renderSystemdUnit(golden.spec);
      if (process.env.UPDATE_GOLDEN === '1') {
        const head = (await readFile(golden.file, 'utf8')).split(SEPARATOR)[0];
        await writeFile(golden.file, `${head}${SEPARATOR}${rendered}`);
        continue;
      }
      assert.equal(rendered, golden.expected, `${golden.name} (UPDATE_GOLDEN=1 to accept the new output)`);
    }
  });

  it('passes systemd-analyze verify for every golden unit', async (t) => {
    const analyze = systemdAnalyze();
    if (!analyze) return t.skip('systemd-analyze is not installed (apt-get install systemd)');
    const dir = await mkdtemp(path.join(tmpdir(), 'hausmeister-units-'));
    try {
      const runner = createCommandRunner();
      for (const golden of await goldenCases()) {
        const file = path.join(dir, unitName(golden.spec.id));
        await writeFile(file, renderSystemdUnit(golden.spec));
        const result = await runner.run([analyze, 'verify', '--man=no', file]);
        // verify exits with 0 even when it ignored a line ("Ignoring unknown escape sequences"), so any
        // output counts as a finding.
        assert.equal(result.exitCode, 0, `${golden.name}: ${result.stderr}`);
        assert.equal(result.stderr.trim(), '', `${golden.name}: ${result.stderr}`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('quotes each word as systemd reads it back', () => {
    const unit = renderSystemdUnit({
      id: 'q',
      argv: ['/bin/echo', 'two words', '100%', '$HOME', 'say "hi"', 'back\\slash', ''],
      readiness: { kind: 'none' },
      logFile: '/l',
    });
    assert.match(
      unit,
      /^ExecStart=\/bin\/echo "two words" 100%% \$\$HOME "say \\"hi\\"" "back\\\\slash" ""$/m,
    );
  });

  it('refuses what systemd would misread', () => {
    const base: RunSpec = { id: 'x', argv: ['/bin/true'], readiness: { kind: 'none' }, logFile: '/l' };
    assert.throws(() => renderSystemdUnit({ ...base, argv: [] }), /empty argv/);
    assert.throws(() => renderSystemdUnit({ ...base, argv: ['-/bin/true'] }), /prefix/);
    assert.throws(
      () => renderSystemdUnit({ ...base, env: { 'BAD NAME': 'x' } }),
      /environment variable name/,
    );
    assert.throws(() => renderSystemdUnit({ ...base, cwd: 'relative' }), /absolute/);
    assert.throws(() => renderSystemdUnit({ ...base, cwd: '/a\nb' }), /control characters/);
  });
});
