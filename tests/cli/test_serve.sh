#!/usr/bin/env bash
# `spor serve` across updates and under many connections, on 127.0.0.1
# only: a served index follows `current` for each new connection (two
# updates, so the first generation is pruned, and a search from a new
# connection finds the new documents without an error); a connection
# opened before the updates keeps reading its generation, which stays on
# disk until that connection ends; idle connections beyond the cap wait
# instead of each costing a process.
. "$(dirname "$0")/lib.sh"

# A Python with Xapian's bindings (Debian's python3-xapian) holds a
# connection open across the updates.
PY=
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import xapian' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "no python3 with xapian (install python3-xapian)" >&2; exit 1; }

SERVERS=()
HELD=()
cleanup() {
  local p
  for p in "${HELD[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT

mkdir -p "$TMP/c"
printf 'Første rapport om hjemløse i København.\n' >"$TMP/c/a.txt"
touch -d '2020-01-01 12:00' "$TMP/c/a.txt"
expect_status 0 "$SPOR" index -q --index "$TMP/ix" "$TMP/c"

# start_server ARGS...: `spor serve ARGS` on a free loopback port; sets
# PORT and SERVER (its pid).
start_server() {
  serve_free_port "$TMP/serve.err" "$@" ||
    { echo "cannot start spor serve: $(cat "$TMP/serve.err")" >&2; exit 1; }
  SERVER=$SERVE_PID
  SERVERS+=("$SERVER")
}
# children PID: how many processes PID has started that still run.
children() {
  ps -o pid= --ppid "$1" | wc -l
}
# generations: how many generations the index folder holds.
generations() {
  find "$TMP/ix" -maxdepth 1 -name 'gen-*' | wc -l
}

start_server --index "$TMP/ix"
printf 'remote 127.0.0.1:%s\n' "$PORT" >"$TMP/remote.stub"
expect_status 0 "$SPOR" search --index "$TMP/remote.stub" hjemløse
expect_grep "a.txt" "$TMP/out" "served before the update"

# A connection opened now, on the first generation, held across the
# updates: it reads every passage when told to.
mkfifo "$TMP/go"
"$PY" - "$PORT" "$TMP/go" >"$TMP/held.out" 2>&1 <<'PY' &
import sys, xapian
db = xapian.remote_open("127.0.0.1", int(sys.argv[1]))
print("opened", db.get_doccount(), flush=True)
open(sys.argv[2]).read()
n = 0
for p in db.postlist(""):
    doc = db.get_document(p.docid)
    assert doc.get_value(8) and list(doc.termlist())  # the hit value
    n += 1
print("read", db.get_doccount(), n, flush=True)
PY
HELD+=($!)
for _ in $(seq 100); do grep -q opened "$TMP/held.out" && break; sleep 0.05; done
expect_grep "opened 1" "$TMP/held.out" "the held connection"

# Two updates: the first generation is the one pruned.
printf 'Anden rapport om boliger for unge.\n' >"$TMP/c/b.txt"
touch -d '2020-01-01 12:00' "$TMP/c/b.txt"
expect_status 0 "$SPOR" index -q --index "$TMP/ix" "$TMP/c"
printf 'Tredje rapport om kommunens socialrådgivere.\n' >"$TMP/c/d.txt"
touch -d '2020-01-01 12:00' "$TMP/c/d.txt"
expect_status 0 "$SPOR" index -q --index "$TMP/ix" "$TMP/c"
for q in socialrådgivere boliger hjemløse; do
  expect_status 0 "$SPOR" search --index "$TMP/remote.stub" "$q"
  [ -s "$TMP/err" ] && fail "search '$q' after the updates: $(head -c 300 "$TMP/err")"
done
expect_status 0 "$SPOR" search --index "$TMP/remote.stub" --json socialrådgivere
expect_grep '"d.txt"' "$TMP/out" "the newest document served"
expect_no_grep "rebuild" "$TMP/err"

# The held connection's generation is still on disk (current, and the
# pinned first one; the second was pruned), and it still reads it whole.
[ "$(generations)" -eq 2 ] && ok || fail "pinned generation kept: $(ls "$TMP/ix")"
echo go >"$TMP/go"
wait "${HELD[0]}" && ok || fail "held connection: $(cat "$TMP/held.out")"
HELD=()
expect_grep "read 1 1" "$TMP/held.out" "the held connection reads its generation"
# Once it ends, the server removes the generation it left behind.
for _ in $(seq 100); do [ "$(generations)" -eq 1 ] && break; sleep 0.05; done
[ "$(generations)" -eq 1 ] && ok || fail "old generation removed after its connection: $(ls "$TMP/ix")"
expect_status 0 "$SPOR" search --index "$TMP/remote.stub" socialrådgivere

# The cap: idle connections, a bounded number, to 127.0.0.1 only.
# hold_idle N CAP: opens N connections that send nothing, waits until the
# server runs CAP processes for them (or 10 s), then a moment longer for
# any beyond the cap; the count must not pass CAP. The connections are
# closed again, and the queued ones are then served and end at once.
hold_idle() {
  local n=$1 cap=$2 fds=() fd
  for _ in $(seq "$n"); do
    exec {fd}<>"/dev/tcp/127.0.0.1/$PORT" && fds+=("$fd")
  done
  for _ in $(seq 200); do [ "$(children "$SERVER")" -ge "$cap" ] && break; sleep 0.05; done
  for _ in $(seq 20); do [ "$(children "$SERVER")" -gt "$cap" ] && break; sleep 0.05; done
  local got
  got=$(children "$SERVER")
  [ "$got" -eq "$cap" ] && ok || fail "$n idle connections, cap $cap: $got processes"
  for fd in "${fds[@]}"; do exec {fd}>&-; done
}
# restart ARGS...: a fresh server with ARGS, the stub pointing at it.
restart() {
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null
  start_server --index "$TMP/ix" "$@"
  printf 'remote 127.0.0.1:%s\n' "$PORT" >"$TMP/remote.stub"
}
# The default cap, 32, with 40 connections.
restart
hold_idle 40 32
expect_status 0 "$SPOR" search --index "$TMP/remote.stub" socialrådgivere
# A cap of 3 (the option), with 12.
restart --max-connections 3
printf 'remote 127.0.0.1:%s\n' "$PORT" >"$TMP/remote.stub"
hold_idle 12 3
expect_status 0 "$SPOR" search --index "$TMP/remote.stub" socialrådgivere
expect_grep "d.txt" "$TMP/out" "served after the idle connections"
# Every connection has ended; nothing is left running.
for _ in $(seq 100); do [ "$(children "$SERVER")" -eq 0 ] && break; sleep 0.05; done
[ "$(children "$SERVER")" -eq 0 ] && ok || fail "connections left running"

# The option's range and its help.
expect_status 2 "$SPOR" serve --index "$TMP/ix" --port 1 --max-connections 0
expect_status 0 "$SPOR" serve --help
expect_grep "max-connections N" "$TMP/out"
expect_grep "default 32" "$TMP/out"
expect_grep "no authentication" "$TMP/out"
finish
