#!/usr/bin/env bash
# The PDF and HTML readers are a module (spor-readers.so) that spor loads
# only when it meets such a file: the spor binary itself links neither
# poppler nor libxml2, so a search never loads them. A missing or broken
# module costs the PDF and HTML files one warning line each, naming the
# file; text is indexed as before and nothing crashes.
. "$(dirname "$0")/lib.sh"
: "${MKPDF:?set MKPDF to the test typesetter}"

# The binary's own dependencies hold neither reader library.
ldd "$SPOR_BIN" > "$TMP/ldd" 2>&1 || { echo "ldd failed: $(cat "$TMP/ldd")" >&2; exit 1; }
expect_grep 'libxapian' "$TMP/ldd" "ldd lists the binary's libraries"
expect_no_grep 'poppler' "$TMP/ldd" "poppler linked into spor"
expect_no_grep 'libxml2' "$TMP/ldd" "libxml2 linked into spor"
expect_no_grep 'glib' "$TMP/ldd" "GLib linked into spor"

D="$TMP/docs"
mkdir -p "$D"
"$MKPDF" "$SPOR_SOURCE_DIR/corpus/kbh-socialudvalget-studietur-2015.txt" \
  "$D/rapport.pdf" > "$TMP/mkpdf.log" || { echo "mkpdf failed" >&2; exit 1; }
printf '<!DOCTYPE html><html><head><title>Side</title></head><body><p>Ordet vejledningsbussen st\xc3\xa5r her.</p></body></html>\n' > "$D/side.html"
printf 'Genbrugsbutikken ligger i kvarteret.\n' > "$D/notat.txt"
printf 'Et notat med &aring; og &amp; i.\n' > "$D/entity.md"

# With the module (found in the build tree): all four documents.
expect_status 0 "$SPOR" index --index "$TMP/ok" "$D"
expect_grep '^indexed 4 documents' "$TMP/out" "all four read through the module"
expect_status 0 "$SPOR" search --index "$TMP/ok" vejledningsbussen
expect_status 0 "$SPOR" search --index "$TMP/ok" --json 'notat med å'
expect_grep 'entity.md' "$TMP/out" "Markdown entity decoded through the module"

# A module that is not there: one line per PDF/HTML file, naming it.
export SPOR_READERS="$TMP/nowhere/spor-readers.so"
expect_status 0 "$SPOR" index --index "$TMP/none" "$D"
expect_grep '^indexed 2 documents' "$TMP/out" "text and Markdown still indexed"
expect_grep 'rapport.pdf: reading PDF needs spor.s readers module' "$TMP/err" "missing module named for the PDF"
expect_grep 'side.html: reading HTML needs spor.s readers module' "$TMP/err" "missing module named for the HTML"
expect_grep "$TMP/nowhere/spor-readers.so" "$TMP/err" "where it looked"
[ "$(wc -l < "$TMP/err")" -eq 2 ] && ok || fail "two warning lines wanted: $(cat "$TMP/err")"
expect_status 0 "$SPOR" search --index "$TMP/none" genbrugsbutikken
# Without the module, an entity stays as written rather than failing.
expect_status 0 "$SPOR" search --index "$TMP/none" --json amp
# Only PDF/HTML files: nothing indexed, an error, the old index kept.
mkdir -p "$TMP/pdfonly"
cp "$D/rapport.pdf" "$TMP/pdfonly/"
expect_status 2 "$SPOR" index --index "$TMP/none" "$TMP/pdfonly"
expect_grep 'rapport.pdf: reading PDF needs' "$TMP/err" "only-PDF run names the file"
unset SPOR_READERS
expect_status 0 "$SPOR" search --index "$TMP/none" genbrugsbutikken

# A file that is not a module: dlopen's reason, on one line, naming the file.
printf 'not a shared object\n' > "$TMP/bad.so"
SPOR_READERS="$TMP/bad.so" "$SPOR" index --index "$TMP/bad" "$D" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 0 ] && ok || fail "index with a broken module: $(cat "$TMP/err")"
expect_grep 'rapport.pdf: cannot load the readers module for PDF' "$TMP/err" "broken module named for the PDF"
[ "$(wc -l < "$TMP/err")" -eq 2 ] && ok || fail "two warning lines wanted: $(cat "$TMP/err")"

# A shared object that is not spor's module (no table): refused by name.
ZLIB=$(ldd "$SPOR_BIN" | awk '/libz\.so/ {print $3}')
if [ -n "$ZLIB" ]; then
  SPOR_READERS="$ZLIB" "$SPOR" index --index "$TMP/alien" "$D" >"$TMP/out" 2>"$TMP/err"
  expect_grep 'side.html: .*libz.* is not a readers module of this spor' "$TMP/err" "alien library refused"
fi

# Installed under a prefix, the module sits in PREFIX/lib.../spor and the
# installed binary reads PDFs with it.
install_prefix
ls "$PREFIX"/lib*/spor/spor-readers.so >/dev/null 2>&1 && ok || fail "module not installed under $PREFIX"
expect_status 0 "$SPOR" index --index "$TMP/inst" "$D"
expect_grep '^indexed 4 documents' "$TMP/out" "installed binary reads PDF and HTML"

finish
