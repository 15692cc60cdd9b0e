#!/usr/bin/python3
"""Where the bytes of a spor index go: tables, terms by prefix, values by
slot, metadata by key prefix.

Usage: /usr/bin/python3 bench/bytes.py INDEX [--positions]

INDEX is an index folder (its `current` generation is read) or a glass
database. Prints each table's bytes; per term prefix (docs/index-schema.md:
none for the words, Z C S T stems, Q D P Y K N filters) the distinct terms,
the postings (the sum of term frequencies: one posting list entry and one
termlist entry each), the sum of within-document frequencies and the term
bytes; with --positions also the position list entries (one position
table item per document and term) and positions, which takes a while.
Then per value slot the passages holding it and the bytes, and the
metadata by key prefix. These are counts of what is written; Xapian's
tables add their own per-entry overhead (a position table item costs
about 15 bytes however few positions it holds), so what leaving a part
out saves is measured by building without it (docs/index-schema.md,
"Where the bytes go").

python3-xapian is Debian's: run it with /usr/bin/python3.
"""
import collections
import os
import sys

import xapian


def prefix_of(term):
    """A term's prefix: its leading capital, else '' (a word)."""
    return chr(term[0]) if term and 65 <= term[0] <= 90 else ""


def open_db(path):
    cur = os.path.join(path, "current")
    folder = os.path.realpath(cur) if os.path.exists(cur) else path
    return xapian.Database(folder), folder


def tables(folder):
    total = 0
    print(f"{folder}")
    for f in sorted(os.listdir(folder)):
        size = os.path.getsize(os.path.join(folder, f))
        total += size
        if f.endswith(".glass"):
            print(f"  {f:20s} {size / 1e6:9.3f} MB")
    print(f"  {'all files':20s} {total / 1e6:9.3f} MB")


def terms(db, want_pos):
    stats = collections.defaultdict(lambda: [0] * 6)
    for t in db.allterms():
        s = stats[prefix_of(t.term)]
        s[0] += 1
        s[1] += t.termfreq
        s[2] += db.get_collection_freq(t.term)
        s[3] += len(t.term)
        if want_pos and not prefix_of(t.term):
            for p in db.postlist(t.term):
                n = len(list(db.positionlist(p.docid, t.term)))
                s[4] += n > 0
                s[5] += n
    print("\nterms by prefix: distinct, postings, wdf sum, term bytes"
          + (", position lists, positions" if want_pos else ""))
    for p in sorted(stats):
        s = stats[p]
        extra = f" {s[4]:10d} {s[5]:10d}" if want_pos else ""
        print(f"  {p or 'words':6s} {s[0]:9d} {s[1]:10d} {s[2]:10d} "
              f"{s[3]:10d}{extra}")


def values(db):
    print("\nvalues by slot: passages, MB")
    for slot in range(16):
        n = b = 0
        for v in db.valuestream(slot):
            n += 1
            b += len(v.value)
        if n:
            print(f"  {slot:2d} {n:9d} {b / 1e6:9.3f}")


def metadata(db):
    size = collections.Counter()
    count = collections.Counter()
    for k in db.metadata_keys():
        p = k.split(b":")[0] + (b":" if b":" in k else b"")
        size[p] += len(k) + len(db.get_metadata(k))
        count[p] += 1
    print("\nmetadata by key (prefix): keys, MB of keys and values")
    for p, b in size.most_common():
        print(f"  {p.decode():16s} {count[p]:7d} {b / 1e6:9.3f}")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__.strip().splitlines()[2])
    db, folder = open_db(args[0])
    tables(folder)
    print(f"  {db.get_doccount()} passages, {db.get_avlength():.1f} terms "
          "each on average")
    terms(db, "--positions" in sys.argv)
    values(db)
    metadata(db)


if __name__ == "__main__":
    main()
