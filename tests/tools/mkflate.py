#!/usr/bin/env python3
"""Writes a one-page PDF whose content stream is Flate-compressed and
expands to about MB megabytes of text-showing operators that all put their
text at one position (usage: mkflate.py MB OUT.pdf): a few KB on disk,
megabytes of characters stacked on one spot for the text extractor. The
shape of a decompression bomb aimed at a PDF reader. No library needed."""
import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfwrite import write_pdf

def make(mb, path):
    op = b"BT /F1 10 Tf 72 700 Td (Udsatte boligomraader og unge) Tj ET\n"
    content = op * max(1, int(mb * 1024 * 1024) // len(op))
    packed = zlib.compress(content, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
        + packed + b"\nendstream",
    ]
    write_pdf(objs, path)

make(float(sys.argv[1]), sys.argv[2])
