#!/usr/bin/env bash
# Installs what the project needs on Debian 12, idempotently: compilers, POCO, test and bench libs,
# and Chromium for the browser tests.
set -euo pipefail
packages=(g++ clang libclang-rt-14-dev cmake ninja-build libpoco-dev libssl-dev chromium
          googletest libgtest-dev libgmock-dev libbenchmark-dev libsimdjson-dev curl ca-certificates help2man dpkg-dev libxml2-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "setup: system packages present"
