#!/usr/bin/env bash
# Installs the backup benchmark's peers (restic, borg, duplicity and gpg for duplicity) from Debian, the
# same way the test suite installs its peers. Needs root and apt; otherwise it says what to install.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash scripts/install-test-deps.sh restic borgbackup duplicity gnupg
