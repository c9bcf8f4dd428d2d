#!/usr/bin/env bash
# ctest conformance_e2e_tls: the conformance suite passes against the reference server over
# HTTPS on 127.0.0.1, on both transports, with a certificate made now by the openssl CLI and
# trusted through --cacert (nothing checked in, nothing that expires).
#
#   reference-server/tls_conformance_test.sh SERVER_BINARY SUITE_BINARY
set -euo pipefail
server=$1
suite=$2
work=$(mktemp -d)
server_pid=""
# shellcheck source=../ci/lib/reference-server.sh
source "$(cd "$(dirname "$0")/.." && pwd)/ci/lib/reference-server.sh"
stop_server_on_exit "$work"
cd "$work"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout key.pem -out cert.pem 2>/dev/null

if ! start_reference_server "$server" "$work" server 0 --tls-cert cert.pem --tls-key key.pem || [[ "$base" != https://* ]]; then
  echo "FAIL: the server did not announce an https URL"; cat server.out server.err; exit 1
fi
echo "server: $base"

status=0
for path in /mcp /sse; do
  if timeout 120 "$suite" --url "$base$path" --cacert cert.pem --token selftest-token-0123456789 --json report.json >suite.out 2>&1; then
    echo "[$path] $(tail -1 suite.out)"
  else
    echo "FAIL: the suite must pass against the reference server over TLS ($path):"
    cat suite.out
    status=1
  fi
done
# The suite must have verified the certificate: without --cacert the same server is refused.
if timeout 60 "$suite" --url "$base/mcp" --token selftest-token-0123456789 >untrusted.out 2>&1; then
  echo "FAIL: the suite accepted a certificate it was not told to trust"; status=1
fi
exit $status
