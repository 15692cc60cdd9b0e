#!/usr/bin/env bash
# --format csv, md and html: CSV (RFC 4180, CRLF, --bom) carries the
# fields of the JSON objects for search, compare, show and stats; the md
# and html documents cite each hit by title, publisher, year, section and
# page or lines with its highlighted snippet, compare as a table per
# place; a hostile document shows as text in all three, and the HTML
# page is well-formed. Formats that do not apply are refused.
. "$(dirname "$0")/lib.sh"
: "${MKPDF:?set MKPDF to the test typesetter}"
build_corpus_index
IX=(--index "$TMP/index")

# A checker shared by the cases below: python3 "$TMP/check.py" KIND ...
cat > "$TMP/check.py" <<'PY'
import csv, html.parser, io, json, re, sys
import xml.etree.ElementTree as ET

def csv_rows(path, bom=False):
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf") == bom, raw[:8]
    if bom:
        raw = raw[3:]
    # Every record ends in CRLF; a bare LF only inside a quoted field.
    assert raw.endswith(b"\r\n"), raw[-20:]
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert len({len(r) for r in rows}) == 1, [len(r) for r in rows]
    return [dict(zip(rows[0], r)) for r in rows[1:]]

def as_csv(v):
    """A JSON value as the CSV field that carries it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "%.4f" % v
    if isinstance(v, list):
        if v and isinstance(v[0], list):
            return " ".join("%d-%d" % (a, b) for a, b in v)
        return ",".join(v)
    return str(v)

def same_hit(row, hit, skip=("type", "version", "explain")):
    for k, v in hit.items():
        if k in skip:
            continue
        assert k in row, "no CSV column " + k
        assert row[k] == as_csv(v), (k, row[k], v)

def unescape_md(s):
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s)

class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags, self.marks, self.in_mark = [], [], [], 0
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "mark":
            self.in_mark, self.marks = 1, self.marks + [""]
    def handle_endtag(self, tag):
        if tag == "mark":
            self.in_mark = 0
    def handle_data(self, d):
        self.text.append(d)
        if self.in_mark:
            self.marks[-1] += d

def read_html(path):
    raw = open(path, encoding="utf-8").read()
    assert raw.startswith("<!DOCTYPE html>\n<html lang=\"da\">"), raw[:60]
    assert '<meta charset="utf-8"/>' in raw and "<style>" in raw
    ET.fromstring(raw[raw.index("<html"):])  # well-formed XML too
    p = Text()
    p.feed(raw)
    p.close()
    return raw, p

def where(h):
    a, b = (h["page"], h["page_end"]) if h["page"] else (h["line_start"], h["line_end"])
    w = "s." if h["page"] else "linje"
    return "%s %d\u2013%d" % (w, a, b) if b > a else "%s %d" % (w, a)

def cites(doc, hits):
    """Each hit's citation fields are in the document's text."""
    for h in hits:
        for part in (h["title"], h["publisher"], h["section"], where(h),
                     str(h["year"] or "")):
            # A control character the markup cannot hold is U+FFFD.
            part = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", part)
            assert part in doc, (part, h["id"])
        for a, b in h["snippet_highlights"]:
            word = h["snippet"].encode()[a:b].decode()
            assert word in doc, word

kind = sys.argv[1]
if kind == "search-csv":
    hits = [json.loads(l) for l in open(sys.argv[2])]
    hits = [h for h in hits if h["type"] == "hit"]
    rows = csv_rows(sys.argv[3], bom=len(sys.argv) > 4)
    assert hits and len(rows) == len(hits), (len(rows), len(hits))
    for r, h in zip(rows, hits):
        same_hit(r, h)
elif kind == "compare-csv":
    places = [json.loads(l) for l in open(sys.argv[2])]
    rows = csv_rows(sys.argv[3])
    want = []
    for p in places:
        for h in p["hits"] or [None]:
            want.append((p, h))
    assert len(rows) == len(want) and len(places) >= 2, (len(rows), len(want))
    for r, (p, h) in zip(rows, want):
        assert r["place"] == p["place"] and r["count"] == str(p["count"]), r
        if h:
            same_hit(r, h)
elif kind == "show-csv":
    ps = [json.loads(l) for l in open(sys.argv[2])]
    rows = csv_rows(sys.argv[3])
    assert len(rows) == len(ps) == 3, (len(rows), len(ps))
    for r, p in zip(rows, ps):
        same_hit(r, p)
elif kind == "stats-csv":
    st = json.loads(open(sys.argv[2]).read())
    rows = csv_rows(sys.argv[3])
    assert len(rows) == 1
    for k, v in st.items():
        if k not in ("type", "version"):
            want = "%.3f" % v if isinstance(v, float) else str(v)
            assert rows[0][k] == want, (k, rows[0][k], v)
elif kind in ("search-md", "compare-md"):
    objs = [json.loads(l) for l in open(sys.argv[2])]
    md = open(sys.argv[3], encoding="utf-8").read()
    if kind == "search-md":
        hits = [o for o in objs if o["type"] == "hit"]
        for h in hits:
            assert re.search(r"^%d\. \*\*" % h["rank"], md, re.M), h["rank"]
    else:
        hits = [h for p in objs for h in p["hits"]]
        for p in objs:
            assert "\n## %s: %d matchende" % (p["place"], p["count"]) in md
        # One table (head, rule, a row per hit) per place with hits.
        rules = md.count("\n|---:|---|---|---|---|---|---|\n")
        assert rules == sum(1 for p in objs if p["hits"]), rules
        rows = [l for l in md.split("\n") if re.match(r"\| \d+ \|", l)]
        assert len(rows) == len(hits), (len(rows), len(hits))
        # Every row has the table's seven cells: no | of a text splits one.
        for l in rows:
            assert len(re.findall(r"(?<!\\)\|", l)) == 8, l
    for h in hits:
        for a, b in h["snippet_highlights"]:
            word = h["snippet"].encode()[a:b].decode()
            assert "**%s**" % word in unescape_md(md), word
    cites(unescape_md(md), hits)
elif kind in ("search-html", "compare-html"):
    objs = [json.loads(l) for l in open(sys.argv[2])]
    raw, p = read_html(sys.argv[3])
    text = "".join(p.text)
    if kind == "search-html":
        hits = [o for o in objs if o["type"] == "hit"]
        assert raw.count("<li ") == len(hits)
    else:
        hits = [h for o in objs for h in o["hits"]]
        assert p.tags.count("table") == sum(1 for o in objs if o["hits"])
        assert p.tags.count("h2") == len(objs)
    marked = [h["snippet"].encode()[a:b].decode()
              for h in hits for a, b in h["snippet_highlights"]]
    assert p.marks == marked, (p.marks[:5], marked[:5])
    cites(text, hits)
elif kind == "hostile":
    fmt, path = sys.argv[2], sys.argv[3]
    bad = '<script>alert(1)</script>'
    raw = open(path, encoding="utf-8-sig").read()
    if fmt == "csv":
        hits = [json.loads(l) for l in open(sys.argv[4])]
        rows = csv_rows(path, bom=True)
        assert len(rows) == len(hits) >= 1
        for r, h in zip(rows, hits):
            same_hit(r, h)
        assert bad in rows[0]["title"] and bad in rows[0]["text"]
        assert '"' in rows[0]["text"] and "\n" in rows[0]["text"]
        assert "," in rows[0]["text"] and "\x01" in rows[0]["title"]
        assert rows[1]["section"] == "Afsnit <i>kursiv</i> | x", rows[1]
    elif fmt == "html":
        assert "<script" not in raw.lower(), "script tag in the page"
        raw, p = read_html(path)
        assert not {"script", "b", "i"} & set(p.tags), p.tags
        text = "".join(p.text)
        assert text.count(bad) >= 3, text  # query, title, snippet
        assert 'Forlag "Ond" & Co <b>' in text, text
        assert "\ufffd" in text, "control character not replaced"
    else:
        # No unescaped markup: every < * _ | [ ] ` & has its backslash.
        assert not re.search(r"(?<!\\)<", raw), "raw < in Markdown"
        for line in raw.split("\n"):
            if line.startswith("|-"):
                continue
            for m in re.finditer(r"(?<!\\)[*_|\[\]`&~]", line):
                ok = line[m.start():m.start() + 2] == "**" or line[m.start() - 1:m.start() + 1] == "**"
                ok |= line.startswith("| ") and m.group() == "|" and (
                    line[m.start() - 1:m.start()] == " " or m.start() == 0)
                assert ok, (m.group(), line)
        assert "\\<script\\>alert(1)\\</script\\>" in raw, raw
        assert re.match(r"# \w+: \u00bbondskabsfuld \\<script\\>", raw), raw[:80]
else:
    raise SystemExit("unknown check " + kind)
PY
check() { python3 "$TMP/check.py" "$@"; }

# Search: CSV rows carry the JSON hits' fields, for several queries.
for q in "boligsocial indsats" '"unge hjemløse" København'; do
  expect_status 0 "$SPOR" search "${IX[@]}" -n 6 --json -- "$q"
  cp "$TMP/out" "$TMP/q.json"
  expect_status 0 "$SPOR" search "${IX[@]}" -n 6 --format csv -- "$q"
  check search-csv "$TMP/q.json" "$TMP/out" && ok || fail "search csv = json: $q"
  expect_status 0 "$SPOR" search "${IX[@]}" -n 6 --format md -- "$q"
  check search-md "$TMP/q.json" "$TMP/out" && ok || fail "search md cites: $q"
  expect_status 0 "$SPOR" search "${IX[@]}" -n 6 --format html -- "$q"
  check search-html "$TMP/q.json" "$TMP/out" && ok || fail "search html cites: $q"
done
# Paging: the ranks after --offset are the rows' and the list's.
expect_status 0 "$SPOR" search "${IX[@]}" -n 3 --offset 4 --json hjemløse
cp "$TMP/out" "$TMP/q.json"
expect_status 0 "$SPOR" search "${IX[@]}" -n 3 --offset 4 --format md hjemløse
check search-md "$TMP/q.json" "$TMP/out" && ok || fail "md ranks after --offset"
expect_grep '^5\. \*\*' "$TMP/out" "md numbered from the offset"

# The notes before the hits: the spelling taken, words found nowhere.
for f in md html; do
  expect_status 0 "$SPOR" search "${IX[@]}" -n 1 --format $f hjemlose zzyzx
  expect_grep 'viser resultater for »hjemløse zzyzx«' "$TMP/out" "$f: spelling note"
  expect_grep 'Ingen forekomster af »zzyzx«' "$TMP/out" "$f: missing note"
  # A word known only by its last part says which part was searched.
  expect_status 0 "$SPOR" search "${IX[@]}" -n 1 --format $f snyltefamilier
  expect_grep '»snyltefamilier« findes ikke; søgt på leddet »familier«' "$TMP/out" "$f: head note"
done

# --bom only when asked, and only with csv.
expect_status 0 "$SPOR" search "${IX[@]}" -n 2 --json hjemløse
cp "$TMP/out" "$TMP/q.json"
expect_status 0 "$SPOR" search "${IX[@]}" -n 2 --format csv --bom hjemløse
check search-csv "$TMP/q.json" "$TMP/out" bom && ok || fail "csv with --bom"
expect_status 2 "$SPOR" search "${IX[@]}" --json --bom hjemløse
expect_grep 'search: --bom goes with --format csv, not --format json' "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" --format html --bom hjemløse

# Compare: CSV a row per hit after place and count; md and html a table
# per place.
C=(compare "${IX[@]}" --places london,amsterdam,aarhus -n 2 hjemløse)
expect_status 0 "$SPOR" "${C[@]}" --json
cp "$TMP/out" "$TMP/c.json"
expect_status 0 "$SPOR" "${C[@]}" --format csv
check compare-csv "$TMP/c.json" "$TMP/out" && ok || fail "compare csv = json"
expect_status 0 "$SPOR" "${C[@]}" --format md
check compare-md "$TMP/c.json" "$TMP/out" && ok || fail "compare md tables"
expect_status 0 "$SPOR" "${C[@]}" --format html
check compare-html "$TMP/c.json" "$TMP/out" && ok || fail "compare html tables"

# Show and stats as CSV; show as documents.
ID=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$TMP/q.json")
expect_status 0 "$SPOR" show "${IX[@]}" --json "$ID"
cp "$TMP/out" "$TMP/s.json"
expect_status 0 "$SPOR" show "${IX[@]}" --format csv "$ID"
check show-csv "$TMP/s.json" "$TMP/out" && ok || fail "show csv = json"
expect_status 0 "$SPOR" show "${IX[@]}" --format md "$ID"
expect_grep "^\*\*Den søgte passage:\*\* .*passage $ID\$" "$TMP/out" "show md marks the passage"
expect_status 0 "$SPOR" show "${IX[@]}" --format html "$ID"
python3 -c 'import sys, xml.etree.ElementTree as ET; r = open(sys.argv[1]).read(); ET.fromstring(r[r.index("<html"):]); assert r.count("<blockquote") == 3' "$TMP/out" &&
  ok || fail "show html"
expect_status 0 "$SPOR" stats "${IX[@]}" --json
cp "$TMP/out" "$TMP/st.json"
expect_status 0 "$SPOR" stats "${IX[@]}" --format csv
check stats-csv "$TMP/st.json" "$TMP/out" && ok || fail "stats csv = json"

# Where a format does not apply, one line says so.
expect_status 2 "$SPOR" stats "${IX[@]}" --format md
expect_grep 'stats: --format md writes hits' "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" --batch --format csv < /dev/null
expect_grep 'search: --batch writes JSON Lines, not --format csv' "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" --facets --format html hjemløse
expect_grep 'search: --facets needs --format text or json, not --format html' "$TMP/err"
expect_status 2 "$SPOR" search "${IX[@]}" --explain --format csv hjemløse
expect_grep 'search: --explain needs --format text or json' "$TMP/err"
# No hits: a header alone, a document saying so; exit 1.
expect_status 1 "$SPOR" search "${IX[@]}" --format csv xqzzyvq
[ "$(cat "$TMP/out")" = "$(printf 'rank,score,id,doc,path,title,publisher,year,section,places,page,page_end,line_start,line_end,byte_start,byte_end,snippet,snippet_highlights,text,highlights,also_in,suggestion,corrected,apart,missing,continues\r')" ] &&
  ok || fail "csv without hits: $(head -c 200 "$TMP/out")"
expect_status 1 "$SPOR" search "${IX[@]}" --format html xqzzyvq
expect_grep 'Ingen passager fundet' "$TMP/out"

# The formats are offered by --help and the completion.
expect_status 0 "$SPOR" search --help
expect_grep 'tsv, csv, md (Markdown) or html' "$TMP/out" "--help"
expect_grep '--bom' "$TMP/out" "--help lists --bom"
expect_status 0 "$SPOR" complete options compare
expect_grep $'^--format\tchoice:text|json|tsv|csv|md|html' "$TMP/out" "completion"

# A hostile document: markup, quotes, pipes, commas and line ends in its
# text and manifest; and a PDF, cited by its page.
H="$TMP/hostile"
mkdir -p "$H"
printf '%s\n' 'Ondskabsfuld <script>alert(1)</script> tekst | med "citat", komma,' \
  'ny linje med *stjerner* og _streger_, [link](http://x) `kode` & &amp; ~~ud~~' '' \
  'Andet stykke, "igen" | med komma.' '' '# Afsnit <i>kursiv</i> | *x*' '' \
  '1. ikke en liste, men ondskabsfuld.' > "$H/ond.txt"
printf 'ond.txt\t<script>alert(1)</script> | *titel* # [x]\x01\tForlag "Ond" & Co <b>\t2019\tKøbenhavn\n' > "$H/MANIFEST.tsv"
printf 'Indledning\n\nPDF-siden omtaler ondskabsfuld administration i kommunen.\n' > "$H/side.txt"
"$MKPDF" "$H/side.txt" "$H/rapport.pdf" > /dev/null && rm "$H/side.txt" ||
  { echo "mkpdf failed" >&2; exit 1; }
HX=(--index "$TMP/hix")
expect_status 0 "$SPOR" index "${HX[@]}" "$H"
Q='ondskabsfuld <script>alert(1)</script>'
expect_status 0 "$SPOR" search "${HX[@]}" --json -- "$Q"
cp "$TMP/out" "$TMP/h.json"
expect_status 0 "$SPOR" search "${HX[@]}" --format csv --bom -- "$Q"
check hostile csv "$TMP/out" "$TMP/h.json" && ok || fail "hostile csv"
expect_status 0 "$SPOR" search "${HX[@]}" --format html -- "$Q"
check hostile html "$TMP/out" && ok || fail "hostile html"
check search-html "$TMP/h.json" "$TMP/out" && ok || fail "hostile html cites"
expect_grep '<cite>Testrapport fra korpus</cite>.*, s\. 1' "$TMP/out" "html cites the PDF's page"
expect_status 0 "$SPOR" search "${HX[@]}" --format md -- "$Q"
check hostile md "$TMP/out" && ok || fail "hostile md"
check search-md "$TMP/h.json" "$TMP/out" && ok || fail "hostile md cites"
expect_grep '^[0-9]\. \*\*Testrapport fra korpus\*\*.*, s\. 1' "$TMP/out" "md cites the PDF's page"

# The same in compare's tables: a | in a title or snippet splits no cell.
expect_status 0 "$SPOR" compare "${HX[@]}" --places københavn --json -- "$Q"
cp "$TMP/out" "$TMP/hc.json"
expect_status 0 "$SPOR" compare "${HX[@]}" --places københavn --format md -- "$Q"
check hostile md "$TMP/out" && ok || fail "hostile compare md"
check compare-md "$TMP/hc.json" "$TMP/out" && ok || fail "hostile compare md tables"
expect_status 0 "$SPOR" compare "${HX[@]}" --places københavn --format html -- "$Q"
check hostile html "$TMP/out" && ok || fail "hostile compare html"
check compare-html "$TMP/hc.json" "$TMP/out" && ok || fail "hostile compare html tables"

finish
