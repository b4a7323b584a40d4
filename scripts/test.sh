#!/usr/bin/env bash
# The whole test suite: Debian test peers, build, type check, lint, then unit, integration, namespace
# and browser tests in one run of node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh
[ -d node_modules ] || npm ci

echo "== build"
npm run build --silent
echo "== typecheck"
npm run typecheck --silent
echo "== lint"
npm run lint --silent

mapfile -t files < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
echo "== tests (${#files[@]} files)"
exec node --import tsx --test --test-reporter=spec "${files[@]}"
