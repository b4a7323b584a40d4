#!/usr/bin/env bash
# Installs the Debian packages the test suite runs for real (Radicale, Samba, nftables, UFW, Chromium…),
# plus any packages named as arguments (the benchmarks' peers). Needs root and apt; otherwise it says
# what is missing and the tests that need it skip themselves.
set -euo pipefail

packages=(
  radicale python3-bcrypt samba smbclient      # the first catalog services
  nftables ufw iptables iproute2 netcat-openbsd # firewall tests in network namespaces
  chromium fonts-dejavu-core                    # browser tests
  procps
  gnupg zstd vsftpd openssl e2fsprogs           # backup tests: gpg and tar --zstd by hand, an FTP server (FTPS cert), loop disks
  exfatprogs exfat-fuse                         # restoring onto an exFAT USB stick
  postfix dovecot-core dovecot-imapd            # SMTP account tests: a real submission server and IMAP
  smartmontools                                 # disk health: the real smartctl's scan
)

packages+=("$@")

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  echo "(tests that need them will be skipped)" >&2
  exit 0
fi

# Packages must not start their services while we install them (they would take ports like 445).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null
