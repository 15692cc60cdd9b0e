#!/usr/bin/env bash
# An update that reads anew a small share of the corpus publishes its
# copy uncompacted and records what it rewrote (spor.rewritten-bytes,
# adding up over updates); once that passes a tenth of the corpus, the
# update compacts and the record goes. An uncompacted update's hits are a
# fresh build's.
. "$(dirname "$0")/lib.sh"

C="$TMP/c"
copy_corpus "$C"
Q=(hjemløse "fremskudt beskæftigelse" boligområder efterværn studietur
   "udsatte boligområder" jobcenter)
small="$C/cfbu-kl-tema4-fremskudte-indsatser.txt"

# rewritten INDEX: the generation's record, or "none".
rewritten() {
  /usr/bin/python3 - "$1" <<'PY'  # Debian's, with python3-xapian
import os, sys, xapian
v = xapian.Database(os.path.join(sys.argv[1], "current")).get_metadata("spor.rewritten-bytes")
print(v.decode() if v else "none")
PY
}

# update: appends a line to the small file, dated in the past, and updates.
update() {
  echo "Et nyt afsnit om frivillige nummer $1." >> "$small"
  touch -d '2020-01-02 12:00' "$small"
  "$SPOR" index --index "$TMP/ix" "$C" >/dev/null 2>&1 || fail "update $1"
}

"$SPOR" index --index "$TMP/ix" "$C" >/dev/null 2>&1 || fail "full build"
[ "$(rewritten "$TMP/ix")" = none ] && ok || fail "a full build records a rewrite"

update 1
size1=$(stat -c %s "$small")
[ "$(rewritten "$TMP/ix")" = "$size1" ] && ok ||
  fail "one small file: recorded $(rewritten "$TMP/ix"), want $size1"
"$SPOR" index --index "$TMP/fresh" "$C" >/dev/null 2>&1 || fail "fresh build"
results "$TMP/ix" "${Q[@]}" > "$TMP/r.updated"
results "$TMP/fresh" "${Q[@]}" > "$TMP/r.fresh"
grep -q '^exit 0' "$TMP/r.fresh" && cmp -s "$TMP/r.updated" "$TMP/r.fresh" && ok ||
  fail "uncompacted update: hits differ from a fresh build's: $(diff "$TMP/r.updated" "$TMP/r.fresh" | head -5)"

update 2
want=$((size1 + $(stat -c %s "$small")))
[ "$(rewritten "$TMP/ix")" = "$want" ] && ok ||
  fail "second small update: recorded $(rewritten "$TMP/ix"), want $want"

rm "$C/kbh-socialudvalget-studietur-2015.txt"
"$SPOR" index --index "$TMP/ix" "$C" >/dev/null 2>&1 || fail "large update"
[ "$(rewritten "$TMP/ix")" = none ] && ok ||
  fail "a large update did not compact: recorded $(rewritten "$TMP/ix")"
"$SPOR" search --index "$TMP/ix" hjemløse >/dev/null 2>&1 && ok || fail "search after compaction"

finish
