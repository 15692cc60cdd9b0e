#!/usr/bin/env bash
# What spor says must be what happened: a permission problem is called
# one, deep HTML is read, an HTML page's wrong charset declaration is
# caught, UTF-32 is named as such, and an update's summary counts what
# stats counts.
. "$(dirname "$0")/lib.sh"

# --- an unreadable index: "permission denied" and the path ---------------
# As root permissions do not stop reads, so spor runs as nobody there.
build_corpus_index
run_spor=("$SPOR")
if [ "$(id -u)" -eq 0 ]; then
  chmod 755 "$TMP"
  run_spor=(setpriv --reuid=65534 --regid=65534 --clear-groups "$SPOR")
fi
copy() { rm -rf "$TMP/$1"; cp -r "$TMP/index" "$TMP/$1"; chmod -R a+rX "$TMP/$1"; echo "$TMP/$1"; }
gen() { echo "$1/$(readlink "$1/current")"; }
denied() { # WHAT INDEX PATH-IN-MESSAGE
  for cmd in search stats; do
    if [ "$cmd" = search ]; then args=(hjemløse); else args=(); fi
    if expect_status 2 "${run_spor[@]}" "$cmd" --index "$2" "${args[@]}"; then
      expect_grep "^spor: $cmd: $3: permission denied" "$TMP/err" "$1 ($cmd)"
      expect_no_grep "rebuild\|no spor index\|damaged" "$TMP/err" "$1 ($cmd)"
      [ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "$1 ($cmd): not one line"
    fi
  done
}
d=$(copy locked-folder); chmod 000 "$d"
denied "an index folder that cannot be read" "$d" "$d"
chmod 755 "$d"
d=$(copy locked-generation); g=$(gen "$d"); chmod 000 "$g"
denied "a generation folder that cannot be read" "$d" "$g"
chmod 755 "$g"
for table in postlist termlist; do
  d=$(copy "locked-$table"); g=$(gen "$d"); chmod 000 "$g/$table.glass"
  denied "$table.glass unreadable" "$d" "$g/$table.glass"
done

# --- HTML nested deeper than libxml2's default limit (256) ---------------
H="$TMP/html"
mkdir -p "$H"
python3 - "$H" <<'PY'
import sys
d = sys.argv[1]
def page(depth):
    return ("<html><head><title>Dyb side</title></head><body>" + "<div>" * depth +
            "<p>Hjemløse unge får en bolig på Østerbro.</p>" + "</div>" * depth +
            "<p>Afslutningen nævner kvartershotellet.</p></body></html>")
open(d + "/deep300.html", "w").write(page(300))
# Far past the walk's own bound (512): read without recursion.
open(d + "/deep100k.html", "w").write(page(100000))
PY
expect_status 0 "$SPOR" index --index "$TMP/hidx" "$H"
expect_grep '2 added' "$TMP/out" "deep HTML indexed"
expect_no_grep 'no text to index' "$TMP/err" "deep HTML"
for f in deep300 deep100k; do
  expect_status 0 "$SPOR" search --index "$TMP/hidx" --json "hjemløse doc:$f.html"
  expect_grep '"doc":"[^"]*'"$f"'.html"' "$TMP/out" "text inside $f"
  expect_status 0 "$SPOR" search --index "$TMP/hidx" --json "kvartershotellet doc:$f.html"
  expect_grep '"doc":"[^"]*'"$f"'.html"' "$TMP/out" "text after $f"
done

# --- a page declaring iso-8859-1 whose bytes are UTF-8 -------------------
C="$TMP/charset"
mkdir -p "$C"
printf '<html><head><meta charset="iso-8859-1"><title>Bolig</title></head><body><p>Hjemløse får en bolig på Østerbro.</p></body></html>\n' > "$C/wrong.html"
# A page that is what it declares stays as it was: no warning.
printf '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>Bolig</title></head><body><p>Hjeml\370se f\345r et v\346relse p\345 N\370rrebro.</p></body></html>\n' > "$C/latin1.html"
expect_status 0 "$SPOR" index --index "$TMP/cidx" "$C"
expect_grep "wrong.html: declares charset iso-8859-1, but its bytes are UTF-8; read as UTF-8" "$TMP/err"
expect_no_grep "latin1.html" "$TMP/err" "a true Latin-1 page"
expect_status 0 "$SPOR" search --index "$TMP/cidx" --json "østerbro"
expect_grep 'Hjemløse får en bolig på Østerbro' "$TMP/out" "read as UTF-8"
expect_status 0 "$SPOR" search --index "$TMP/cidx" --json "nørrebro"
expect_grep 'Hjemløse får et værelse på Nørrebro' "$TMP/out" "read as Latin-1"

# --- UTF-32 is not UTF-16 -------------------------------------------------
U="$TMP/wide"
mkdir -p "$U"
printf 'Hjemløse unge\n' | iconv -f UTF-8 -t UTF-32LE | { printf '\377\376\0\0'; cat; } > "$U/le.txt"
printf 'Hjemløse unge\n' | iconv -f UTF-8 -t UTF-32BE | { printf '\0\0\376\377'; cat; } > "$U/be.txt"
printf 'Hjemløse unge\n' | iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } > "$U/sixteen.txt"
cp "$SPOR_SOURCE_DIR/corpus/kbh-socialudvalget-studietur-2015.txt" "$U/"
expect_status 0 "$SPOR" index --index "$TMP/uidx" "$U"
expect_grep 'le.txt: UTF-32 (little-endian) text is not read' "$TMP/err"
expect_grep 'be.txt: UTF-32 (big-endian) text is not read' "$TMP/err"
expect_grep 'sixteen.txt: UTF-16 (little-endian) text is not read' "$TMP/err"

# --- the summary after an update that only re-records an mtime ----------
K="$TMP/corpus"
copy_corpus "$K"
expect_status 0 "$SPOR" index --index "$TMP/kidx" "$K"
touch -d '2021-06-01 12:00' "$K/aarhus-amsterdam-studietur-2023.txt"
expect_status 0 "$SPOR" index --index "$TMP/kidx" "$K"
summary=$(sed -n 's/^indexed [0-9]* documents, \([0-9]*\) passages, \([0-9.]*\) MB.*/\1 \2/p' "$TMP/out")
expect_status 0 "$SPOR" stats --index "$TMP/kidx"
stats=$(awk '$1 == "passages" {print $2}' "$TMP/out")
[ -n "$stats" ] && [ "${summary%% *}" = "$stats" ] && ok ||
  fail "summary says '${summary%% *}' passages, stats says '$stats'"
finish
