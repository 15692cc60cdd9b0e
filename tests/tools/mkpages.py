#!/usr/bin/env python3
"""Writes a PDF of N pages (usage: mkpages.py N OUT.pdf) whose every page
has eight lines in its top margin and eight in its bottom margin that
stand on no other page, and two lines of text between: the shape that made running-head
detection quadratic in pages. Plain uncompressed PDF, no library needed."""
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfwrite import write_pdf
def word(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s
def make(pages, path):
    objs = []
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join("%d 0 R" % (4 + 2 * i) for i in range(pages))
    objs.append(("<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)).encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i in range(pages):
        text = " ".join("BT /F1 8 Tf 72 %d Td (Afsnit %s %s om boliger) Tj ET" % (830 - 9 * k, word(i), word(k)) for k in range(8))
        text += " " + " ".join("BT /F1 8 Tf 72 %d Td (Note %s %s om unge) Tj ET" % (12 + 9 * k, word(i), word(k)) for k in range(8))
        text += " " + " ".join("BT /F1 11 Tf 72 %d Td (Tekst om unge og beskaeftigelse side %s linje %s.) Tj ET" % (500 - 14 * k, word(i), word(k)) for k in range(2))
        objs.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)).encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(text) + text.encode() + b"\nendstream")
    write_pdf(objs, path)
make(int(sys.argv[1]), sys.argv[2])
