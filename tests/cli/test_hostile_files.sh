#!/usr/bin/env bash
# spor index on folders it did not write: every hostile file of
# tests/fixtures/hostile/ (see its README.md) plus those that cannot live in
# git (a 20 MB single line, an unreadable file, a file deleted while the
# run goes on, a symlink loop, a file name that is not UTF-8). Each gets a
# warning naming it, the good files are indexed normally, and the run
# exits 0.
. "$(dirname "$0")/lib.sh"
FIX="$SPOR_SOURCE_DIR/tests/fixtures/hostile"
H="$TMP/h"
mkdir -p "$H/sub"
cp "$FIX"/*.txt "$H/"
# A 20 MB single line: words, then a 19 MB blob without spaces (base64 of
# an embedded image, as converters leave), then words again.
python3 - "$H/huge-line.txt" <<'PY'
import sys
words = "Ordet spiseseddel står først i den lange linje. " * 20000
blob = "QUJDRA" * ((20 * 1024 * 1024 - len(words.encode()) - 40) // 6)
open(sys.argv[1], "w").write(words + blob + " og til sidst ordet kaffevogn")
PY
[ "$(wc -c < "$H/huge-line.txt")" -gt 20000000 ] && [ "$(wc -l < "$H/huge-line.txt")" -eq 0 ] && ok || fail "huge line fixture"
# A file name that is not UTF-8 (Latin-1 "ø").
cp "$FIX/good.txt" "$H/$(printf 'r\370d.txt')"
sed -i 's/kvartershotel/tagterrasse/' "$H/$(printf 'r\370d.txt')"
# A symlink loop (a folder that contains itself) and a link to itself.
ln -s .. "$H/sub/loop"
ln -s self.txt "$H/self.txt"
# An unreadable file: as root, permissions do not stop reads, so spor runs
# as nobody there.
cp "$FIX/good.txt" "$H/locked.txt"
chmod 000 "$H/locked.txt"
run_spor=("$SPOR")
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$TMP"
  chmod -R a+rwX "$H"
  chmod 000 "$H/locked.txt"
  mkdir -m 777 "$TMP/ix"
  run_spor=(setpriv --reuid=65534 --regid=65534 --clear-groups "$SPOR")
fi
# A file deleted during the run: the run stops itself once it has listed
# the files, the test deletes one, and the run goes on.
cp "$FIX/good.txt" "$H/vanishing.txt"
SPOR_DEBUG_STOP_AT=walked "${run_spor[@]}" index --index "$TMP/ix" "$H" >"$TMP/out" 2>"$TMP/err" &
pid=$!
for _ in $(seq 100); do
  state=$(ps -o stat= -p "$pid" 2>/dev/null || true)
  case "$state" in T*) break ;; esac
  sleep 0.1
done
rm -f "$H/vanishing.txt"
kill -CONT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] && ok || fail "index over hostile files exited $rc: $(cat "$TMP/err")"
cp "$TMP/err" "$TMP/index.err"

warned() { # FILE-PATTERN REASON-PATTERN
  if grep -a -q -- "$1.*$2" "$TMP/index.err"; then ok; else fail "no warning '$1 ... $2' in: $(cat "$TMP/index.err")"; fi
}
warned 'binary\.txt' 'an executable, not a document spor reads'
warned 'random\.txt' 'binary file (.* not UTF-8'
warned 'utf16\.txt' 'UTF-16'
warned 'invalid-utf8\.txt' 'invalid UTF-8 bytes\? replaced'
warned 'latin1\.txt' 'read as Windows-1252'
warned 'nul-bytes\.txt' 'NUL bytes read as spaces'
warned 'empty\.txt' 'no text to index'
warned 'whitespace\.txt' 'no text to index'
warned 'locked\.txt' 'Permission denied'
warned 'vanishing\.txt' 'deleted while indexing'
warned 'sub/loop' 'symlink loop'
warned 'self\.txt' 'Too many levels of symbolic links'
warned 'r\\xF8d\.txt' 'not valid UTF-8'
# Every line of stderr is one warning naming a file.
[ "$(grep -c -v '^spor: warning: ' "$TMP/index.err")" -eq 0 ] && ok || fail "stray stderr: $(cat "$TMP/index.err")"
# good, invalid-utf8, latin1, nul-bytes, crlf-bom, huge-line, rød.
expect_grep '^indexed 7 documents' "$TMP/out" "documents indexed"

IX=(--index "$TMP/ix")
found() { # WORD FILE-PATTERN
  expect_status 0 "$SPOR" search "${IX[@]}" --json "$1" && expect_grep "$2" "$TMP/out" "hit for $1"
}
found kvartershotel '"doc": *"[^"]*/good\.txt"'
found ledighedsydelse 'invalid-utf8\.txt'
found fjernvarmeværk 'latin1\.txt'
found boligsøgende 'latin1\.txt'
found gadespejl 'nul-bytes\.txt'
found spiseseddel 'huge-line\.txt'
found kaffevogn 'huge-line\.txt'
found tagterrasse 'r\\ufffdd\.txt'
# CRLF and BOM: line numbers as in the file, no BOM or CR in the text.
found boligkontor 'crlf-bom\.txt'
python3 - "$TMP/out" <<'PY' && ok || fail "CRLF/BOM passage"
import json, sys
h = json.loads(open(sys.argv[1]).readline())
assert (h["line_start"], h["line_end"]) == (3, 4), h
assert "\r" not in h["text"] and "\ufeff" not in h["text"], h["text"][:80]
PY
# The file loop was not walked: one copy of good.txt only.
expect_status 0 "$SPOR" search "${IX[@]}" --json --all-copies kvartershotel
[ "$(wc -l < "$TMP/out")" -eq 1 ] && ok || fail "good.txt indexed more than once: $(cut -c1-200 "$TMP/out")"
finish
