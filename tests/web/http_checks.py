#!/usr/bin/env python3
"""spor web's HTTP answers without a browser: the headers every reply
carries, the routes, and what it refuses (a POST, an over-long URL or
query, a path out of the index's documents, a foreign Host name).
Usage: http_checks.py URL (as spor web printed it). Exits 1 on a failure."""
import http.client
import json
import sys
import urllib.parse

URL = urllib.parse.urlsplit(sys.argv[1])
failed = 0


def request(path, method="GET", body=None, headers=None):
    c = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
    # skip_host: a test below sends a Host of its own.
    c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    hdrs = {"Host": URL.netloc}
    hdrs.update(headers or {})
    for k, v in hdrs.items():
        c.putheader(k, v)
    if body is not None:
        c.putheader("Content-Length", str(len(body)))
    c.endheaders(body)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r, data


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def q(s):
    return urllib.parse.quote(s)


# Every reply: the page's policy and no sniffing.
st, r, body = request("/")
check(st == 200 and b"<!doctype html>" in body, "GET / serves the page")
csp = r.getheader("Content-Security-Policy") or ""
check("script-src 'self'" in csp and "unsafe-inline" not in csp and
      "default-src 'none'" in csp, "CSP forbids inline script: " + csp)
check(r.getheader("X-Content-Type-Options") == "nosniff", "nosniff")
st, r, body = request("/", method="HEAD")
check(st == 200 and body == b"", "HEAD / answers without a body")
st, r, body = request("/app.js")
check(st == 200 and "javascript" in r.getheader("Content-Type"), "app.js")

# The JSON answers.
st, r, body = request("/api/search?q=" + q("hjemløshed"))
res = json.loads(body)
check(st == 200 and res["hits"] and res["facets"]["place"], "search answers")
hit = res["hits"][0]
check(any(p.get("m") for p in hit["snippet"]), "a snippet has a match run")
# A facet chosen (what the page asks when a place, document or year is
# clicked): every hit within it.
place = res["facets"]["place"][0]["value"]
st, r, body = request("/api/search?q=" + q("hjemløshed") + "&sted=" + q(place))
check(st == 200 and 0 < len(json.loads(body)["hits"]) <= res["facets"]["place"][0]["count"],
      "search within a place facet: %d" % st)
st, r, body = request("/api/compare?q=" + q("hjemløshed;beskæftigelse"))
res = json.loads(body)
check(st == 200 and len(res["rows"]) == 2 and
      len(res["rows"][0]["counts"]) == len(res["columns"]) > 1,
      "compare: two rows, one count per place")
# Several topics without places: every topic's own places get a column
# (when they are six at most).
own = set()
for topic in ["hjemløshed", "beskæftigelse"]:
    own |= {c["place"] for c in json.loads(request(
        "/api/compare?q=" + q(topic))[2])["columns"]}
cols = {c["place"] for c in res["columns"]}
check(len(own) > 4 and (len(own) > 6 or own <= cols),
      "compare: columns %s lack a topic's own places %s" % (cols, own))
st, r, body = request("/api/passage?id=" + q(hit["id"]))
res = json.loads(body)
check(st == 200 and sum(p["focus"] for p in res["passages"]) == 1,
      "passage: one focus")
st, r, body = request(res["source"])
check(st == 200 and r.getheader("Content-Type").startswith("text/plain")
      and "sandbox" in (r.getheader("Content-Security-Policy") or ""),
      "source file as sandboxed plain text")

# Refused: not GET or HEAD, too long, no such thing, outside the documents.
st, r, body = request("/api/search?q=x", method="POST", body=b"q=x")
check(st == 405 and r.getheader("Allow") == "GET, HEAD", "POST refused: %d" % st)
st, r, body = request("/", method="DELETE")
check(st == 405, "DELETE refused: %d" % st)
st, r, body = request("/api/search?q=" + "a" * 600)
check(st == 414 and "error" in json.loads(body), "long query refused: %d" % st)
st, r, body = request("/?q=" + "a" * 40000)
check(st in (414, 431), "over-long URL refused: %d" % st)
st, r, body = request("/nope")
check(st == 404 and b"Siden findes ikke" in body, "unknown page: %d" % st)
st, r, body = request("/api/nope")
check(st == 404 and json.loads(body)["error"], "unknown route: %d" % st)
for path in ["/../etc/passwd", "/kilde/../../../etc/passwd",
             "/kilde/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
             "/kilde/deadbeef", "/kilde/", "/kilde//etc/passwd",
             "/app.js/../../etc/passwd"]:
    st, r, body = request(path)
    check(st == 404 and b"root:" not in body, "%s refused: %d" % (path, st))
st, r, body = request("/api/passage?id=deadbeef.1")
check(st == 404, "a passage of no document: %d" % st)
st, r, body = request("/api/passage?id=..%2F..%2Fetc")
check(st == 400, "a passage id that is none: %d" % st)
# A query the library cannot use: 400 and its reason, not a crash.
for bad in ["AND", "%ff%fe", "*"]:
    st, r, body = request("/api/search?q=" + bad)
    check(st == 400 and json.loads(body)["error"].startswith(
          "Søgningen kan ikke bruges: "), "query %s: %d %r" % (bad, st, body))
st, r, body = request("/api/search?q=x&side=0")
check(st == 400, "page 0: %d" % st)

# Another name for this address (DNS rebinding) is refused.
st, r, body = request("/api/search?q=x", headers={"Host": "evil.example"})
check(st == 421, "foreign Host refused: %d" % st)

sys.exit(1 if failed else 0)
