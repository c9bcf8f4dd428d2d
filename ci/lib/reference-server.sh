# Sourced by the ci/ scripts: start mcp-reference-server in the background and learn its address.
#
#   source ci/lib/reference-server.sh
#   start_reference_server BIN LOGDIR NAME PORT [SERVER ARGS...] || { echo "did not start"; ...; }
#   curl "$base/"; kill "$server_pid"
#
#   work=$(mktemp -d); stop_server_on_exit "$work"   # on exit, Ctrl-C or TERM: stop the server
#                                                    # in $server_pid (if any), remove $work
#
# Starts `BIN --port PORT ARGS...` (PORT 0: a free port) with stdout and stderr in
# LOGDIR/NAME.out and LOGDIR/NAME.err, and waits (10 s at most) for its first stdout line,
# "mcp-reference-server listening on http(s)://127.0.0.1:<port>" (or the same line of another
# of the project's servers, e.g. bench's mcp-ceiling-server). Sets `base` to that URL (empty
# on failure) and `server_pid`; returns 1 when the server exited or did not announce itself.
start_reference_server() {
  local bin="$1" dir="$2" name="$3" port="$4" line
  shift 4
  "$bin" --port "$port" "$@" >"$dir/$name.out" 2>"$dir/$name.err" </dev/null &
  server_pid=$!
  base=""
  for _ in $(seq 1 100); do
    line="$(head -n 1 "$dir/$name.out" 2>/dev/null)"
    if [[ "$line" =~ ^mcp-[a-z-]+-server\ listening\ on\ (https?://127\.0\.0\.1:[0-9]+)$ ]]; then
      base="${BASH_REMATCH[1]}"
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Installs the exit handler of a script that runs one server at a time in $server_pid: it stops
# that server (if any) and removes the scratch directory DIR; INT and TERM exit with 130 through it.
stop_server_on_exit() {
  scratch_dir="$1"
  server_pid="${server_pid:-}"
  trap 'if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi; rm -rf "$scratch_dir"' EXIT
  trap 'exit 130' INT TERM
}
