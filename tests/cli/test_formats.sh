#!/usr/bin/env bash
# spor index over a folder of PDF, HTML and Markdown: readers chosen by
# content and name, hidden folders skipped unless --hidden, unreadable files
# warned about one line each, and hits that cite the page of a PDF and the
# heading of a web page. Then the real thing: Debian's Danish Debian Edu
# manuals (PDF) and GIMP help (HTML), when installed.
. "$(dirname "$0")/lib.sh"
: "${MKPDF:?set MKPDF to the test typesetter}"
D="$TMP/docs"
mkdir -p "$D/rapporter" "$D/.skjult" "$D/billeder"

# A PDF typeset from a bundled report, with hyphenated line breaks; mkpdf
# says on which page it broke which word.
"$MKPDF" "$SPOR_SOURCE_DIR/corpus/kbh-socialudvalget-studietur-2015.txt" \
  "$D/rapporter/rejserapport.pdf" > "$TMP/mkpdf.log" || { echo "mkpdf failed" >&2; exit 1; }

cat > "$D/side.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>Boligsocial indsats</title>
<script>var menu = "scriptord";</script><style>.x { color: red }</style></head>
<body><nav><a href="/">Navigationsord</a></nav>
<h1>Boligsocial indsats</h1>
<h2>Fremskudt vejledning</h2>
<p>Kommunen placerer jobkonsulenter i boligafdelingen, s&aring; beboere
m&oslash;der dem d&oslash;r om d&oslash;r. Indsatsen kaldes vejledningsbussen &amp; den
n&aring;r unge, som ellers ikke kommer i jobcentret.</p>
</body></html>
HTML
# HTML by content under a name that says nothing.
printf '<!doctype html><title>Download</title><p>Ordet genbrugsbutik st\xc3\xa5r her.</p>\n' > "$D/download.php"
cat > "$D/notat.md" <<'MD'
Notat om efterværn
==================

Efterværnet følger **unge** i [egen bolig](http://x.dk) det første år.

```
# kodelinje, ikke en overskrift
```
MD
# A manifest beside the documents is read, not counted as a stray file.
printf 'notat.md\tNotat fra manifestet\tKL\t2021\t\n' > "$D/MANIFEST.tsv"
printf 'Hemmelighedsord i en skjult mappe.\n' > "$D/.skjult/noter.txt"
printf '\x89PNG\r\n\x1a\n\0\0\0' > "$D/billeder/logo.png"
printf 'p { color: blue }\n' > "$D/billeder/stil.css"
printf '%%PDF-1.4\nikke en rigtig pdf\n' > "$D/rapporter/beskadiget.pdf"

IX=(--index "$TMP/ix")
expect_status 0 "$SPOR" index "${IX[@]}" "$D"
expect_grep '^indexed 4 documents' "$TMP/out" "four documents"
expect_grep '(1 skipped)' "$TMP/out" "damaged PDF counted"
expect_grep '(2 other files not documents)' "$TMP/out" "image and style sheet ignored"
expect_grep 'beskadiget.pdf: damaged or not a PDF' "$TMP/err" "damaged PDF warning"
[ "$(wc -l < "$TMP/err")" -eq 1 ] && ok || fail "one warning line wanted: $(cat "$TMP/err")"

# Hidden folders only with --hidden.
expect_status 1 "$SPOR" search "${IX[@]}" hemmelighedsord
expect_status 0 "$SPOR" index "${IX[@]}" --hidden "$D"
expect_grep '^indexed 5 documents' "$TMP/out" "hidden folder walked"
expect_status 0 "$SPOR" search "${IX[@]}" hemmelighedsord

# PDF: the words broken across lines are found whole, on their page.
awk -F'\t' '$1 == "hyphen"' "$TMP/mkpdf.log" > "$TMP/hyphens"
[ "$(wc -l < "$TMP/hyphens")" -ge 50 ] && ok || fail "too few hyphenated breaks"
for n in 5 25 60; do
  IFS=$'\t' read -r _ page word left < <(sed -n "${n}p" "$TMP/hyphens")
  expect_status 0 "$SPOR" search "${IX[@]}" --json -n 100 "\"$word\""
  python3 - "$TMP/out" "$page" "$word" "$TMP/mkpdf.log" <<'PY' && ok || fail "page of '$word' (p. $page)"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
page, word = int(sys.argv[2]), sys.argv[3]
headings = {l.split("\t")[2].rstrip("\n") for l in open(sys.argv[4]) if l.startswith("heading\t")}
pdf = [h for h in hits if h["doc"].endswith("rejserapport.pdf")]
assert pdf, "no hit in the PDF"
assert all(h["page"] >= 1 and h["page_end"] >= h["page"] for h in pdf), pdf
on_page = [h for h in pdf if h["page"] <= page <= h["page_end"] and word in h["text"]]
assert on_page, [(h["page"], h["page_end"]) for h in pdf]
assert all(h["section"] in headings for h in on_page), [h["section"] for h in on_page]
assert all(h["title"] == "Testrapport fra korpus" for h in pdf)
PY
done
# Text output cites the page instead of lines.
IFS=$'\t' read -r _ page word left < <(sed -n 5p "$TMP/hyphens")
expect_status 0 "$SPOR" search "${IX[@]}" --color never -n 100 "\"$word\""
expect_grep "rejserapport.pdf pp\?\. [0-9]" "$TMP/out" "page cited in text output"
# TSV carries the pages in its last two columns; show cites the page too,
# and --source gives a PDF's extracted text, not the file's bytes.
expect_status 0 "$SPOR" search "${IX[@]}" --format tsv -n 100 "\"$word\""
PDF_ID=$(python3 - "$TMP/out" <<'PY'
import sys
rows = [l.split("\t") for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if l]
head = rows[0]
assert head[-2:] == ["page", "page_end"], head
pdf = [dict(zip(head, r)) for r in rows[1:] if r[3].endswith(".pdf")]
assert pdf and all(1 <= int(r["page"]) <= int(r["page_end"]) for r in pdf), pdf
print(pdf[0]["id"])
PY
) && ok || fail "pages in TSV"
expect_status 0 "$SPOR" show "${IX[@]}" --color never --context 0 --source "$PDF_ID"
expect_grep "^> .*rejserapport.pdf pp\?\. [0-9]" "$TMP/out" "show cites the page"
expect_grep "$word" "$TMP/out" "show --source of a PDF"

# HTML: title, section heading, no markup, no script or navigation, lines.
expect_status 0 "$SPOR" search "${IX[@]}" --json vejledningsbussen
python3 - "$TMP/out" <<'PY' && ok || fail "HTML hit"
import json, sys
h = json.loads(open(sys.argv[1]).readline())
assert h["doc"].endswith("side.html"), h["doc"]
assert h["title"] == "Boligsocial indsats", h["title"]
assert h["section"] == "Fremskudt vejledning", h["section"]
assert h["page"] is None, h
assert "beboere møder dem dør om dør" in h["text"] and "& den" in h["text"], h["text"]
for bad in ("<", "&amp;", "&aring;", "scriptord", "Navigationsord", "color"):
    assert bad not in h["text"], bad
assert h["line_start"] == 7, h["line_start"]
PY
expect_status 1 "$SPOR" search "${IX[@]}" scriptord
expect_status 1 "$SPOR" search "${IX[@]}" navigationsord
expect_status 0 "$SPOR" search "${IX[@]}" --color never vejledningsbussen
expect_grep 'side.html:7-.*Boligsocial indsats › Fremskudt vejledning' "$TMP/out" "HTML cites lines and heading"
expect_status 0 "$SPOR" search "${IX[@]}" --json genbrugsbutik
expect_grep '"title":"Download"' "$TMP/out" "HTML found by content"

# Markdown: setext heading as section, markup stripped, code kept as text.
expect_status 0 "$SPOR" search "${IX[@]}" --json efterværnet
python3 - "$TMP/out" <<'PY' && ok || fail "Markdown hit"
import json, sys
h = json.loads(open(sys.argv[1]).readline())
assert h["section"] == "Notat om efterværn", h["section"]
assert h["title"] == "Notat fra manifestet" and h["year"] == 2021, (h["title"], h["year"])
assert "følger unge i egen bolig det første år" in h["text"], h["text"]
assert "kodelinje" in h["text"] and "**" not in h["text"] and "](" not in h["text"], h["text"]
PY

# Debian's Danish documentation, when installed (scripts/setup installs it).
EDU=/usr/share/doc/debian-edu-doc-da
GIMP=/usr/share/gimp/2.0/help/da
# One manual and the GIMP tutorials keep the run short (the whole of both
# takes seconds even without sanitizers); the folder walk is tested above.
if [ -f "$EDU/debian-edu-bookworm-manual.pdf" ] && [ -d "$GIMP" ]; then
  expect_status 0 "$SPOR" index --index "$TMP/debian" "$EDU/debian-edu-bookworm-manual.pdf" \
    "$GIMP"/gimp-tutorial*.html "$GIMP"/gimp-tool-crop.html
  expect_grep '^indexed [0-9]* documents' "$TMP/out" "Debian documentation indexed"
  expect_status 0 "$SPOR" search --index "$TMP/debian" --json netværkslyd
  python3 - "$TMP/out" <<'PY' && ok || fail "Debian Edu manual hit"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
h = [h for h in hits if h["doc"].endswith("bookworm-manual.pdf")][0]
assert h["title"] == "Manual for Debian Edu / Skolelinux 12 Bookworm", h["title"]
assert h["page"] == 88 and h["section"] == "17.1.5 Lyd med LTSP-klienter", (h["page"], h["section"])
PY
  expect_status 0 "$SPOR" search --index "$TMP/debian" --json -n 20 beskær billede
  python3 - "$TMP/out" <<'PY' && ok || fail "GIMP help hits"
import json, sys
hits = [json.loads(l) for l in open(sys.argv[1])]
gimp = [h for h in hits if "/gimp/" in h["doc"]]
assert gimp, "no GIMP help page found"
for h in gimp:
    assert h["page"] is None and h["title"], h
    # Markup, entities, and the navigation footer every page ends with.
    for bad in ("<", "&amp;", "&nbsp;", "Report a bug in GIMP", "Report a documentation error"):
        assert bad not in h["text"], (bad, h["doc"])
assert any(h["doc"].endswith("gimp-tool-crop.html") or "quickie-crop" in h["doc"] for h in gimp), [h["doc"] for h in gimp]
PY
else
  echo "skipped: Debian's Danish documentation (debian-edu-doc-da, gimp-help-da) is not installed" >&2
fi
finish
