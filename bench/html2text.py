#!/usr/bin/env python3
"""Converts the Danish help pages of Debian's gimp-help-da and
libreoffice-help-da into plain text files: the benchmark's base corpus.

The conversion is our own (python's html.parser) so the benchmark does not
depend on spor's readers: every tool indexes exactly the same .txt files.
Navigation, scripts and styles are dropped; headings and paragraphs become
lines separated by blank lines; the page title is the first line.

usage: html2text.py OUTDIR
"""
import html.parser
import os
import sys

SOURCES = [
    ("gimp", "/usr/share/gimp/2.0/help/da"),
    ("lo", "/usr/share/libreoffice/help/da"),
]
# Elements whose text is page furniture, not content.
SKIP = {"script", "style", "head", "nav", "aside", "header", "noscript",
        "button", "select", "option"}
# Elements that end a block of text.
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
         "tr", "table", "pre", "blockquote", "br", "section", "ul", "ol",
         "dl", "td", "th"}
# Pages shorter than this (bytes of text) are index or redirect stubs.
MIN_TEXT = 200


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.title = []
        self.in_title = False
        self.blocks = []
        self.cur = []

    def flush(self):
        line = " ".join("".join(self.cur).split())
        if line:
            self.blocks.append(line)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        if tag in SKIP:
            self.skip += 1
        elif tag in BLOCK:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK:
            self.flush()

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        if not self.skip:
            self.cur.append(data)


def convert(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        p = Text()
        p.feed(f.read())
        p.close()
    p.flush()
    title = " ".join("".join(p.title).split())
    body = "\n\n".join(p.blocks)
    if len(body) < MIN_TEXT:
        return None
    return (title + "\n\n" if title else "") + body + "\n"


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    n = 0
    for tag, root in SOURCES:
        if not os.path.isdir(root):
            sys.exit(f"html2text: {root}: missing (run bench/setup)")
        for d, _, files in sorted(os.walk(root)):
            for name in sorted(files):
                if not name.endswith(".html"):
                    continue
                src = os.path.join(d, name)
                text = convert(src)
                if text is None:
                    continue
                rel = os.path.relpath(src, root)[:-5].replace("/", "_")
                with open(os.path.join(out, f"{tag}_{rel}.txt"), "w",
                          encoding="utf-8") as f:
                    f.write(text)
                n += 1
    print(f"html2text: {n} files in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
