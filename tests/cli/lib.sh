# Helpers for the CLI tests: each test script sources this, runs the real
# spor binary ($SPOR) and fails on the first broken expectation.
set -u
: "${SPOR:?set SPOR to the spor binary}"
: "${SPOR_SOURCE_DIR:?set SPOR_SOURCE_DIR to the project root}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/spor-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export SPOR_DATA_DIR="$SPOR_SOURCE_DIR"
unset SPOR_INDEX NO_COLOR SPOR_CONFIG
# No user's config file may change what the tests see.
export XDG_CONFIG_HOME="$TMP/xdg"
# The Debian python3 (scripts/setup installs the modules the tests import
# there): a version manager's python3 first in PATH (a pyenv shim) costs
# a tenth of a second of CPU and more of waiting at every call, a fifth of
# the release suite's CPU (140 s against 113).
if [ -x /usr/bin/python3 ] && [ "$(command -v python3)" != /usr/bin/python3 ]; then
  mkdir -p "$TMP/pybin"
  ln -s /usr/bin/python3 "$TMP/pybin/python3"
  PATH="$TMP/pybin:$PATH"
fi
# SPOR_TEST_LIGHT=1 (scripts/test sets it for the ASan build): the tests
# that repeat one check over many queries or sizes run a few of them; the
# release suite runs them all.
LIGHT=${SPOR_TEST_LIGHT:-0}
PASSED=0
FAILED=0
# The binary itself (for ldd) and the build it belongs to (for
# install_prefix): SPOR may become a wrapper below.
SPOR_BIN=$SPOR
SPOR_BUILD_DIR=$(dirname "$SPOR")
# scripts/valgrind: run spor under memcheck (a wrapper, so "$SPOR" stays
# one word for every test).
valgrind_wrap() {
  [ -n "${SPOR_VALGRIND:-}" ] || return 0
  printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$SPOR_VALGRIND" "$SPOR" > "$TMP/spor-valgrind.$1"
  chmod +x "$TMP/spor-valgrind.$1"
  chmod 755 "$TMP"
  SPOR="$TMP/spor-valgrind.$1"
}
valgrind_wrap build

fail() {
  echo "FAIL: $*" >&2
  FAILED=$((FAILED + 1))
}
ok() {
  PASSED=$((PASSED + 1))
}
# expect_status WANT CMD...: runs CMD, stdout to $TMP/out, stderr to $TMP/err
expect_status() {
  local want=$1
  shift
  "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "exit $got, wanted $want: $* (stderr: $(head -c 300 "$TMP/err"))"
    return 1
  fi
  ok
}
# expect_grep PATTERN FILE [what]
expect_grep() {
  if grep -q -- "$1" "$2"; then ok; else fail "${3:-} '$1' not in $2: $(head -c 300 "$2")"; fi
}
expect_no_grep() {
  if grep -q -- "$1" "$2"; then fail "${3:-} '$1' unexpectedly in $2"; else ok; fi
}
# Builds the bundled corpus index once into $TMP/index.
build_corpus_index() {
  (cd "$SPOR_SOURCE_DIR" && "$SPOR" index --index "$TMP/index") >"$TMP/index.out" 2>"$TMP/index.err" ||
    { echo "cannot index the corpus: $(cat "$TMP/index.err")" >&2; exit 1; }
}
# Installs the build the tested binary belongs to into $TMP/prefix and
# points $SPOR at the installed copy, which must then find its data files
# there: SPOR_DATA_DIR is unset.
install_prefix() {
  PREFIX="$TMP/prefix"
  cmake --install "$SPOR_BUILD_DIR" --prefix "$PREFIX" >"$TMP/install.out" 2>&1 ||
    { echo "cmake --install failed: $(cat "$TMP/install.out")" >&2; exit 1; }
  SPOR="$PREFIX/bin/spor"
  SPOR_BIN=$SPOR
  valgrind_wrap installed
  unset SPOR_DATA_DIR
}
finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
# copy_corpus DIR: the bundled corpus in DIR, every file dated in the past
# (so that its mtime is trusted by incremental updates).
copy_corpus() {
  mkdir -p "$1"
  cp "$SPOR_SOURCE_DIR"/corpus/* "$1/"
  touch -d '2020-01-01 12:00' "$1"/*
}
# results INDEX QUERY...: every hit's id and score, one per line, sorted,
# for comparing two indexes or one index at two moments.
results() {
  python3 - "$SPOR" "$@" <<'PY'
import json, subprocess, sys
spor, ix = sys.argv[1], sys.argv[2]
for q in sys.argv[3:]:
    print("##", q)
    p = subprocess.run([spor, "search", "--index", ix, "--json", "-n", "1000", q],
                       capture_output=True, text=True)
    print("exit", p.returncode, p.stderr.strip())
    rows = []
    for line in p.stdout.splitlines():
        try:
            h = json.loads(line)
            rows.append("%s %.4f %s %s" % (h["id"], h["score"], h["doc"], h["line_start"]))
        except ValueError:
            rows.append("not json: " + line)
    print("\n".join(sorted(rows)))
PY
}
# serve_free_port LOG ARGS...: starts `spor serve ARGS` in the background
# on a free port of 127.0.0.1, its stderr added to LOG; sets PORT and
# SERVE_PID once it accepts connections. Tries other ports when one is
# taken; returns 1 when it cannot start.
serve_free_port() {
  local log=$1 try
  shift
  for try in $(seq 10); do
    PORT=$((20000 + RANDOM % 30000))
    "$SPOR" serve --port "$PORT" "$@" >/dev/null 2>>"$log" &
    SERVE_PID=$!
    for _ in $(seq 100); do
      (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0
      kill -0 "$SERVE_PID" 2>/dev/null || break
      sleep 0.05
    done
    kill "$SERVE_PID" 2>/dev/null
    wait "$SERVE_PID" 2>/dev/null
  done
  return 1
}
# tables INDEX: the corpus-wide tables of INDEX (one database or a set of
# shards, which reads them from its metadata database, first in its
# stub), one entry a line, sorted.
tables() {
  /usr/bin/python3 - "$1" <<'PY'  # Debian's, with python3-xapian
import os, sys, zlib, xapian
db = xapian.Database(os.path.join(sys.argv[1], "current"))
out = []
for k in db.metadata_keys("spor.split:"):
    out.append("split %s = %s" % (k.decode(), db.get_metadata(k).decode()))
for s in db.spellings():
    out.append("spell %s %d" % (s.term.decode(), s.termfreq))
# A set reads its synonyms from the metadata copy (spor.syn:), one
# database from the synonym table.
keys = [k.decode()[len("spor.syn:"):] for k in db.metadata_keys("spor.syn:")]
for k in keys:
    syns = sorted(x for x in db.get_metadata("spor.syn:" + k).decode().split("\n") if x)
    out.append("syn %s = %s" % (k, " | ".join(syns)))
if not keys:
    for k in db.synonym_keys():
        syns = sorted(x.decode() for x in db.synonyms(k))
        out.append("syn %s = %s" % (k.decode(), " | ".join(syns)))
# codec.c framing: a tag byte and the length (4 bytes), then zlib.
counts = zlib.decompress(db.get_metadata("spor.counts")[5:]).decode()
out.extend("count " + l for l in counts.splitlines())
print("\n".join(sorted(out)))
PY
}
# Background processes a test starts (servers, relays): stop_servers
# kills and reaps them; servers_trap makes the exit do it too.
PIDS=()
stop_servers() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  PIDS=()
}
servers_trap() { trap 'stop_servers; rm -rf "$TMP"' EXIT; }
# wait_stopped PID: waits until the process has stopped itself (SIGSTOP).
wait_stopped() {
  for _ in $(seq 200); do
    case "$(ps -o stat= -p "$1" 2>/dev/null)" in T*) return 0 ;; "") return 1 ;; esac
    sleep 0.05
  done
  return 1
}
