#!/usr/bin/env bash
# spor as a native tool, run from an installed copy: help and version,
# one-line errors with hints and exit 2, --format text|json|tsv and
# --format-version, the JSON schema, the config file, and the progress
# line of `spor index` (drawn only on a terminal).
. "$(dirname "$0")/lib.sh"
install_prefix
build_corpus_index
IX=(--index "$TMP/index")

# ---- help and version ----
expect_status 0 "$SPOR" --help
expect_grep '^usage: spor' "$TMP/out"
for c in index search stats; do expect_grep "^  $c " "$TMP/out" "command in --help"; done
expect_status 0 "$SPOR" help search
expect_grep '^usage: spor search' "$TMP/out"
for c in index search stats; do
  expect_status 0 "$SPOR" "$c" --help
  expect_grep "^usage: spor $c" "$TMP/out" "$c --help"
  expect_status 0 "$SPOR" "$c" -h
done
expect_status 0 "$SPOR" --version
expect_grep '^spor [0-9]*\.[0-9]*\.[0-9]*$' "$TMP/out"
expect_grep '^output format version 1' "$TMP/out"
expect_status 0 "$SPOR" -V

# ---- errors: one line on stderr, a hint, exit 2 ----
one_line_err() { [ "$(wc -l <"$TMP/err")" -eq 1 ] && ok || fail "not one line: $(cat "$TMP/err")"; }
expect_status 2 "$SPOR"
expect_status 2 "$SPOR" serch x
one_line_err; expect_grep "unknown command 'serch' (did you mean 'search'?" "$TMP/err"
expect_status 2 "$SPOR" frobnicate
one_line_err; expect_grep "see 'spor --help'" "$TMP/err"
expect_status 2 "$SPOR" --frob
one_line_err; expect_grep "unknown option '--frob'" "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" --jsno x
one_line_err; expect_grep "did you mean '--json'" "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" -Z x
one_line_err; expect_grep "put '--' before the query" "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" -n
one_line_err; expect_grep "n needs a value" "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" -n ten x
one_line_err; expect_grep "needs a whole number, not 'ten'" "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" --json=yes x
one_line_err; expect_grep "takes no value" "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" --color=sometimes x
one_line_err; expect_grep "takes auto, always, never, not 'sometimes'" "$TMP/err"
expect_status 2 "$SPOR" stats "${IX[@]}" extra
one_line_err
expect_status 2 "$SPOR" index --verbos
one_line_err; expect_grep "did you mean '--verbose'" "$TMP/err"

# Options after the query, --opt=value, -nN, clusters, and -- before a
# query starting with '-'.
expect_status 0 "$SPOR" search beskæftigelse "${IX[@]}" --format=json -n3
[ "$(wc -l <"$TMP/out")" -eq 3 ] && ok || fail "-n3 after the query"
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 3 -- -nightstop beskæftigelse
expect_no_grep "[Nn]ightstop" "$TMP/out" "excluded word"

# ---- formats ----
expect_status 0 "$SPOR" search "${IX[@]}" --json -n 5 beskæftigelse
cp "$TMP/out" "$TMP/json1"
expect_status 0 "$SPOR" search "${IX[@]}" --format json -n 5 beskæftigelse
cmp -s "$TMP/out" "$TMP/json1" && ok || fail "--json differs from --format json"
expect_status 0 "$SPOR" search "${IX[@]}" --format json --format-version 1 -n 5 beskæftigelse
cmp -s "$TMP/out" "$TMP/json1" && ok || fail "--format-version 1 changes the output"
expect_status 0 "$SPOR" stats "${IX[@]}" --json
cat "$TMP/out" >>"$TMP/json1"
python3 - "$TMP/json1" "$SPOR_SOURCE_DIR/docs/spor-output.schema.json" <<'PY' && ok || fail "JSON output does not follow the schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[2]))
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 6, len(lines)
for line in lines:
    obj = json.loads(line)
    jsonschema.validate(obj, schema)
    # Every field written is described by the schema: nothing undocumented.
    kind = schema["$defs"][obj["type"]]
    assert set(obj) <= set(kind["properties"]), set(obj) - set(kind["properties"])
PY
for v in 2 0; do
  expect_status 2 "$SPOR" search "${IX[@]}" --json --format-version $v beskæftigelse
  one_line_err; expect_grep "format-version $v" "$TMP/err"
  [ ! -s "$TMP/out" ] && ok || fail "output written despite --format-version $v"
done
expect_status 2 "$SPOR" stats "${IX[@]}" --json --format-version 2

expect_status 0 "$SPOR" search "${IX[@]}" --format tsv -n 5 beskæftigelse
python3 - "$TMP/out" "$TMP/json1" <<'PY' && ok || fail "TSV output"
import json, sys
rows = [l.split("\t") for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l]
head = rows[0]
assert head == ["rank", "score", "id", "doc", "line_start", "line_end", "year",
                "places", "title", "section", "snippet", "page", "page_end"], head
assert len(rows) == 6 and all(len(r) == len(head) for r in rows), [len(r) for r in rows]
hits = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8").read().splitlines()[:5]]
for r, h in zip(rows[1:], hits):
    d = dict(zip(head, r))
    assert d["id"] == h["id"] and d["doc"] == h["doc"] and int(d["rank"]) == h["rank"]
    assert int(d["line_start"]) == h["line_start"] and d["places"] == ",".join(h["places"])
    assert d["snippet"].replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\") == h["snippet"]
PY
expect_status 0 "$SPOR" stats "${IX[@]}" --format tsv
expect_grep '^documents	5$' "$TMP/out" "stats tsv"
expect_status 0 "$SPOR" search "${IX[@]}" --format text -n 1 beskæftigelse
# (the path: relative below the current folder, else absolute)
expect_grep '^[^ ]*corpus/[^ ]*:[0-9]*-[0-9]*  ' "$TMP/out" "text format"

# ---- the config file ----
CFG="$XDG_CONFIG_HOME/spor/config"
mkdir -p "$(dirname "$CFG")"
cat >"$CFG" <<EOF
# defaults for every command
index = $TMP/index
[search]
format = json
limit = 2
EOF
expect_status 0 "$SPOR" search beskæftigelse
[ "$(wc -l <"$TMP/out")" -eq 2 ] && ok || fail "config limit"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$TMP/out" && ok || fail "config format json"
expect_status 0 "$SPOR" stats
expect_grep '^documents  *5' "$TMP/out" "config index for stats"
# the command line wins
expect_status 0 "$SPOR" search -n 4 --format tsv beskæftigelse
[ "$(wc -l <"$TMP/out")" -eq 5 ] && ok || fail "command line beats config"
# $SPOR_INDEX beats the config file's index, --index beats both
SPOR_INDEX="$TMP/nothing" expect_status 2 "$SPOR" stats
expect_grep "$TMP/nothing" "$TMP/err" "SPOR_INDEX over config"
SPOR_INDEX="$TMP/nothing" expect_status 0 "$SPOR" stats --index "$TMP/index"
# SPOR_CONFIG names another file; empty means none
printf '[search]\nlimit = 1\nindex = %s\n' "$TMP/index" >"$TMP/other.cfg"
SPOR_CONFIG="$TMP/other.cfg" expect_status 0 "$SPOR" search --json beskæftigelse
[ "$(wc -l <"$TMP/out")" -eq 1 ] && ok || fail "SPOR_CONFIG"
mkdir -p "$TMP/elsewhere"
cd "$TMP/elsewhere"
SPOR_CONFIG= expect_status 2 "$SPOR" stats
cd "$SPOR_SOURCE_DIR"
expect_grep "index" "$TMP/err"
# colour from the config, even when piped
printf 'index = %s\ncolor = always\n' "$TMP/index" >"$CFG"
expect_status 0 "$SPOR" search -n 1 beskæftigelse
expect_grep $'\033\\[1;31m' "$TMP/out" "config color"
# flags in the config
printf '[index]\nquiet = true\n' >"$CFG"
cd "$SPOR_SOURCE_DIR"
expect_status 0 "$SPOR" index --index "$TMP/ix-q"
[ ! -s "$TMP/out" ] && ok || fail "config quiet"
# mistakes name the file and line, exit 2
printf 'index = %s\n[search]\nlimt = 3\n' "$TMP/index" >"$CFG"
expect_status 2 "$SPOR" search beskæftigelse
one_line_err; expect_grep "$CFG:3: spor search has no option 'limt'" "$TMP/err"
printf 'what is this\n' >"$CFG"
expect_status 2 "$SPOR" stats
one_line_err; expect_grep "$CFG:1: expected 'option = value'" "$TMP/err"
printf '[serach]\n' >"$CFG"
expect_status 2 "$SPOR" stats
one_line_err; expect_grep "no command 'serach'" "$TMP/err"
printf '[search]\nformat = xml\n' >"$CFG"
expect_status 2 "$SPOR" search "${IX[@]}" x
one_line_err; expect_grep "in the config file" "$TMP/err"
printf 'quiet = maybe\n' >"$CFG"
expect_status 2 "$SPOR" stats
one_line_err; expect_grep "true or false" "$TMP/err"
printf 'index = a\000b\n' >"$CFG"
expect_status 2 "$SPOR" stats
one_line_err; expect_grep "not a text file" "$TMP/err"
chmod 000 "$CFG"
if [ "$(id -u)" -ne 0 ]; then
  expect_status 2 "$SPOR" stats
  one_line_err
fi
rm -f "$CFG"

# ---- progress, --quiet, --verbose ----
# --rebuild: an update of an unchanged index reads no file to show.
cd "$SPOR_SOURCE_DIR"
expect_status 0 "$SPOR" index --index "$TMP/ix-p" --rebuild
expect_no_grep $'\r' "$TMP/err" "no progress when stderr is not a terminal"
expect_status 0 "$SPOR" index --index "$TMP/ix-p" --rebuild --quiet
[ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ] && ok || fail "--quiet printed something"
expect_status 0 "$SPOR" index --index "$TMP/ix-p" --rebuild -v
expect_grep 'stop list .*share/spor/stopwords/danish.txt' "$TMP/err" "--verbose data files"
[ "$(grep -c '^spor: [0-9]/5 corpus/' "$TMP/err")" -eq 5 ] && ok || fail "--verbose: one line per file"
expect_grep '^indexed 5 documents' "$TMP/out"
expect_status 0 "$SPOR" index --index "$TMP/ix-p" --rebuild --progress always
expect_grep $'\r' "$TMP/err" "--progress always"
# On a terminal: one line, redrawn with \r, files / MB / rate / time left,
# erased at the end; the summary still printed.
run_pty() {
  python3 - "$@" <<'PY'
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
p.wait()
sys.stdout.buffer.write(out)
sys.exit(p.returncode)
PY
}
run_pty "$SPOR" index --index "$TMP/ix-p" --rebuild >"$TMP/tty" && ok || fail "index on a terminal"
python3 - "$TMP/tty" <<'PY' && ok || fail "progress line on a terminal: $(od -c "$TMP/tty" | head -20)"
import re, sys
# The terminal turns each \n into \r\n; undo that to see spor's own \r.
out = open(sys.argv[1], "rb").read().decode("utf-8").replace("\r\n", "\n")
draws = out.split("\r")
assert len(draws) >= 3, draws  # drawn, redrawn, erased
assert re.search(r"indexing 5/5 files +[0-9.]+/[0-9.]+ MB +(--|[0-9.]+) MB/s +[-0-9:]+ left", out), out
assert re.search(r"indexing 1/5 files", out), out
assert "\n" not in "".join(draws[1:-1]), "progress not on one line"
assert draws[-1].startswith("\x1b[K") and "indexed 5 documents" in draws[-1], draws[-1]
PY
run_pty "$SPOR" index --index "$TMP/ix-p" --rebuild --quiet >"$TMP/tty" && ok || fail "quiet on a terminal"
[ ! -s "$TMP/tty" ] && ok || fail "--quiet on a terminal printed: $(cat -v "$TMP/tty")"
run_pty "$SPOR" index --index "$TMP/ix-p" --rebuild --progress never >"$TMP/tty"
[ "$(sed 's/\r$//' "$TMP/tty" | grep -c $'\r')" -eq 0 ] && ok || fail "--progress never drew"

finish
