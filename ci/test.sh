#!/usr/bin/env bash
# Sets up the machine, builds a preset (default: "default") and runs every test with ctest.
# Usage: ci/test.sh [preset]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
ci/setup.sh
ci/build.sh "$preset"
ctest --preset "$preset" -j "$(nproc)"
