"""write_pdf(objs, path): a plain PDF of the given objects (bytes, object 1
the catalog), with its cross-reference table and trailer, for the test
generators (mkpages.py, mkflate.py). No library needed."""


def write_pdf(objs, path):
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for k, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (k + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, x)
    with open(path, "wb") as f:
        f.write(out)
