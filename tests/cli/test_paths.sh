#!/usr/bin/env bash
# Paths open from anywhere: an index built in one folder and searched from
# another gives each hit a JSON `path` that opens there, keeps `doc` as it
# was (below the folder the index was built in, which `spor stats` names),
# shows text paths relative to the current folder where they are below
# it, and an update run from another folder finds the same files.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/a/corpus" "$TMP/b"
printf 'En rapport om hjemløse unge.\n' >"$TMP/a/corpus/one.txt"
printf 'En rapport om beskæftigelse.\n' >"$TMP/a/corpus/two.txt"
touch -d '2020-01-01 12:00' "$TMP/a/corpus"/*
ROOT=$(cd "$TMP/a" && pwd -P)
IX="$TMP/ix"
(cd "$TMP/a" && "$SPOR" index -q --index "$IX" corpus) 2>"$TMP/err" ||
  { echo "cannot index: $(cat "$TMP/err")" >&2; exit 1; }

# From another folder: `path` opens, `doc` is as indexed.
cd "$TMP/b"
expect_status 0 "$SPOR" search --index "$IX" --json hjemløse
python3 - "$TMP/out" <<'PY' && ok || fail "JSON path opens from another folder: $(head -c 300 "$TMP/out")"
import json, sys
h = json.loads(open(sys.argv[1]).readline())
assert h["doc"] == "corpus/one.txt", h["doc"]
assert h["path"].startswith("/"), h["path"]
assert "hjemløse" in open(h["path"], encoding="utf-8").read()
PY
expect_status 0 "$SPOR" show --index "$IX" --json --context 0 "$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$TMP/out")"
python3 - "$TMP/out" "$ROOT" <<'PY' && ok || fail "show's JSON path: $(head -c 300 "$TMP/out")"
import json, sys
p = json.loads(open(sys.argv[1]).readline())
assert p["doc"] == "corpus/one.txt" and p["path"] == sys.argv[2] + "/corpus/one.txt", p
PY
# --source reads the file from here too.
ID=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$TMP/out")
expect_status 0 "$SPOR" show --index "$IX" --source --context 0 "$ID"
expect_no_grep 'no such file' "$TMP/err" "show --source from another folder"
# Text: absolute outside the current folder, relative below it.
expect_status 0 "$SPOR" search --index "$IX" hjemløse
expect_grep "^$ROOT/corpus/one.txt:1" "$TMP/out" "text path outside the current folder"
cd "$TMP/a/corpus"
expect_status 0 "$SPOR" search --index "$IX" hjemløse
expect_grep "^one.txt:1" "$TMP/out" "text path below the current folder"
cd "$TMP/b"

# stats names the folder `doc` is below.
expect_status 0 "$SPOR" stats --index "$IX" --json
python3 - "$TMP/out" "$ROOT" <<'PY' && ok || fail "stats root: $(cat "$TMP/out")"
import json, sys
assert json.loads(open(sys.argv[1]).read())["root"] == sys.argv[2]
PY
expect_status 0 "$SPOR" stats --index "$IX"
expect_grep "$ROOT" "$TMP/out" "stats text names the root"

# A document filter takes a part of `doc`, not of the folders above it.
expect_status 0 "$SPOR" search --index "$IX" --json --doc corpus/two rapport
expect_grep 'two.txt' "$TMP/out" "--doc corpus/two"
expect_no_grep 'one.txt' "$TMP/out" "--doc corpus/two"
expect_status 2 "$SPOR" search --index "$IX" --doc "$(basename "$TMP")" rapport

# An update run from another folder finds the same files: nothing changes.
expect_status 0 "$SPOR" index --index "$IX" ../a/corpus
cat "$TMP/out" "$TMP/err" >"$TMP/both"
expect_grep '0 added, 0 changed, 0 removed, 2 unchanged' "$TMP/both" "update from another folder"
expect_status 0 "$SPOR" search --index "$IX" --json hjemløse
expect_grep '"doc":"corpus/one.txt"' "$TMP/out" "doc kept after an update from elsewhere"
finish
