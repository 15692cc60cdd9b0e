#!/usr/bin/env bash
# spor search --batch: queries one a line on stdin, each object tagged with
# its line number, a done object after each answer and an error object for
# a query that fails (the batch going on, exit 2), blank lines skipped, the
# same hits as one spor search per query with the same options, answers
# flushed as each query is answered, and the usage errors.
. "$(dirname "$0")/lib.sh"
build_corpus_index
IX=(--index "$TMP/index")
SCHEMA="$SPOR_SOURCE_DIR/docs/spor-output.schema.json"

# The queries: hits, a blank line, a query without hits (nor a spelling
# with hits), one with nothing to search for (an error), a line that is
# not UTF-8 (an error), a line of spaces, a query naming several places
# (answered place by place), a phrase, and a last line without a line end.
printf '%s\n' unge '' xyzzyqqq '!!!' >"$TMP/queries"
printf 'bolig \xff\xfe indsats\n' >>"$TMP/queries"
printf '%s\n' '   ' 'hjemløshed amsterdam london' '"social innovation"' >>"$TMP/queries"
printf 'boligsocial indsats' >>"$TMP/queries"

# check_batch OUT OPTIONS...: the batch's output in OUT against single
# searches with the same options: for each query line, the same objects
# (hits with their ids, order and scores; facets) once "query" is taken
# off, then one done object counting the hits; each failing line one
# error object and nothing else; blank lines nothing; every object valid
# under the schema with only the fields it describes.
check_batch() {
  python3 - "$SPOR" "$TMP/queries" "$SCHEMA" "$@" <<'PY'
import json, subprocess, sys, jsonschema
spor, queries, schema_file, out = sys.argv[1:5]
opts = sys.argv[5:]
schema = json.load(open(schema_file))
objs = [json.loads(l) for l in open(out, encoding="utf-8")]
for o in objs:
    jsonschema.validate(o, schema)
    assert set(o) <= set(schema["$defs"][o["type"]]["properties"]), o
    assert isinstance(o["query"], int), o
lines = open(queries, "rb").read().split(b"\n")
seen = []
for n, raw in enumerate(lines, 1):
    mine = [o for o in objs if o["query"] == n]
    if not raw.strip(b" \t"):
        assert mine == [], (n, mine)
        continue
    seen.append(n)
    single = subprocess.run([spor, "search", "--json"] + opts + ["--", raw],
                            capture_output=True)
    assert mine, n
    if single.returncode == 2:
        assert len(mine) == 1 and mine[0]["type"] == "error", (n, mine)
        err = single.stderr.decode().strip()
        assert err == "spor: search: " + mine[0]["message"], (err, mine[0])
        continue
    assert single.returncode in (0, 1), (n, single.returncode)
    want = [json.loads(l) for l in single.stdout.decode().splitlines()]
    got = [dict((k, v) for k, v in o.items() if k != "query") for o in mine[:-1]]
    assert got == want, (n, [o.get("id") for o in got], [o.get("id") for o in want])
    done = mine[-1]
    assert done["type"] == "done", done
    assert done["query_text"] == raw.decode(), done
    hits = sum(o["type"] == "hit" for o in want)
    assert done["hits"] == hits and (hits > 0) == (single.returncode == 0), (done, hits)
# Answers come in the order of the lines, each query's together.
order = [o["query"] for o in objs]
assert order == sorted(order), order
assert sorted(set(order)) == seen, (order, seen)
PY
}

expect_status 2 "$SPOR" search "${IX[@]}" --batch <"$TMP/queries"
cp "$TMP/out" "$TMP/plain"
check_batch "$TMP/plain" "${IX[@]}" && ok || fail "batch differs from single searches"
# The lines as this test knows them: which answered, which failed.
python3 - "$TMP/plain" <<'PY' && ok || fail "done, error and skipped lines"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
end = {o["query"]: o for o in objs if o["type"] in ("done", "error")}
assert sorted(end) == [1, 3, 4, 5, 7, 8, 9], sorted(end)
assert end[1]["type"] == "done" and end[1]["hits"] == 10, end[1]
assert end[3] == {"type": "done", "version": 1, "query": 3,
                  "query_text": "xyzzyqqq", "hits": 0}, end[3]
assert end[4]["type"] == "error" and "no words" in end[4]["message"], end[4]
assert end[4]["query_text"] == "!!!", end[4]
assert end[5]["type"] == "error" and "UTF-8" in end[5]["message"], end[5]
assert end[5]["query_text"] == "bolig \ufffd\ufffd indsats", end[5]
assert all(end[n]["type"] == "done" and end[n]["hits"] for n in (7, 8, 9)), end
PY
expect_grep '^spor: search: line 4: ' "$TMP/err" "error line on stderr"
expect_grep '^spor: search: line 5: query is not valid UTF-8' "$TMP/err" "UTF-8 error on stderr"

# The options apply to every query of the batch.
expect_status 2 "$SPOR" search "${IX[@]}" --batch -n 5 --place københavn --facets <"$TMP/queries"
check_batch "$TMP/out" "${IX[@]}" -n 5 --place københavn --facets && ok ||
  fail "batch with -n 5 --place --facets differs from single searches"
grep -q '"type":"facet"' "$TMP/out" && ok || fail "no facets in the batch"
expect_status 2 "$SPOR" search "${IX[@]}" --batch -n 3 --offset 2 --per-doc 1 --explain \
  --no-synonyms --strict-phrases --all-copies --format-version 1 --year 2015..2023 <"$TMP/queries"
check_batch "$TMP/out" "${IX[@]}" -n 3 --offset 2 --per-doc 1 --explain --no-synonyms \
  --strict-phrases --all-copies --format-version 1 --year 2015..2023 && ok ||
  fail "batch with paging, --explain and the rest differs from single searches"

# Every query answered, with hits or without: exit 0. --json is the
# format --batch writes anyway.
printf '%s\n' unge xyzzyqqq >"$TMP/good"
expect_status 0 "$SPOR" search "${IX[@]}" --batch --json <"$TMP/good"
[ "$(grep -c '"type":"done"' "$TMP/out")" = 2 ] && ok || fail "two done objects"
[ ! -s "$TMP/err" ] && ok || fail "stderr of a good batch: $(cat "$TMP/err")"

# No input, or only blank lines: nothing to answer, nothing written.
expect_status 0 "$SPOR" search "${IX[@]}" --batch </dev/null
[ ! -s "$TMP/out" ] && ok || fail "output for empty input"
expect_status 0 "$SPOR" search "${IX[@]}" --batch < <(printf '\n \n\t\n\r\n')
[ ! -s "$TMP/out" ] && ok || fail "output for blank lines"

# Windows line ends are line ends; a NUL byte or an overlong line is an
# error line, not a cut query or a crash.
expect_status 0 "$SPOR" search "${IX[@]}" --batch -n 1 < <(printf 'unge\r\nxyzzyqqq\r\n')
expect_grep '"query":2,"query_text":"xyzzyqqq","hits":0}' "$TMP/out" "CR LF line"
{ printf 'bolig\0indsats\n'; head -c 70000 /dev/zero | tr '\0' a; printf '\nunge\n'; } >"$TMP/odd"
expect_status 2 "$SPOR" search "${IX[@]}" --batch -n 1 <"$TMP/odd"
python3 - "$TMP/out" <<'PY' && ok || fail "NUL byte and overlong line"
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ends = [o for o in objs if o["type"] != "hit"]
assert [o["type"] for o in ends] == ["error", "error", "done"], ends
assert "NUL" in ends[0]["message"] and ends[0]["query_text"] == "bolig\0indsats"
assert "longer than" in ends[1]["message"] and ends[1]["query_text"] is None
assert ends[2]["query"] == 3 and ends[2]["hits"] == 1
PY

# Each answer is written when its query is answered, not when the input
# ends: a script that writes a query and waits for its done object gets
# it while the pipe stays open. (read -t only keeps a broken spor from
# hanging the test.)
coproc BATCH { "$SPOR" search "${IX[@]}" --batch -n 2 2>/dev/null; }
batch_pid=$BATCH_PID
printf 'unge\n' >&"${BATCH[1]}"
got=
while IFS= read -r -t 60 line <&"${BATCH[0]}"; do
  case $line in *'"type":"done"'*) got=$line; break ;; esac
done
[[ $got == *'"query":1'* ]] && ok || fail "no answer before the input ended"
exec {BATCH[1]}>&-
wait "$batch_pid" && ok || fail "batch after closing its input"

# Usage errors: a batch writes JSON Lines and takes no query words.
for f in text tsv; do
  expect_status 2 "$SPOR" search "${IX[@]}" --batch --format "$f" </dev/null
  expect_grep "^spor: search: --batch writes JSON Lines, not --format $f\$" "$TMP/err"
done
expect_status 2 "$SPOR" search "${IX[@]}" --batch unge </dev/null
expect_grep 'give no QUERY' "$TMP/err"
[ ! -s "$TMP/out" ] && ok || fail "output after a usage error"
# A missing index: one error line, no answers.
expect_status 2 "$SPOR" search --index "$TMP/none" --batch <"$TMP/good"
[ ! -s "$TMP/out" ] && ok || fail "output without an index"

finish
