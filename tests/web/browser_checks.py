#!/usr/bin/env python3
"""spor web in headless Chromium (Debian's chromium and chromedriver,
driven by Debian's python3-selenium): a search with highlighted hits, a
facet that narrows them, the comparison table, a passage in context and
its source file, the keyboard, a phone's width, and hostile text (a
document's and a query's) shown as text: no dialog, no element made, the
page's own flag untouched. One browser for every check; screenshots in
SHOTS. Usage: browser_checks.py URL SHOTS PROFILE-DIR. Exits 1 on a
failure."""
import re
import sys
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE, SHOTS, PROFILE = sys.argv[1], sys.argv[2], sys.argv[3]
# Waiting for the page, not a measure of it: a loaded CI machine is slow.
WAIT = 30
failed = 0


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--user-data-dir=" + PROFILE,
              "--window-size=1200,900", "--lang=da"]:
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


d = browser()


def wait_for(css, what):
    try:
        WebDriverWait(d, WAIT).until(
            lambda _: d.find_elements(By.CSS_SELECTOR, css) or
            d.find_elements(By.CSS_SELECTOR, "#indhold .error"))
    except TimeoutException:
        pass
    errors = d.find_elements(By.CSS_SELECTOR, "#indhold .error")
    check(not errors, what + ": the page says " +
          (errors[0].text if errors else ""))
    found = d.find_elements(By.CSS_SELECTOR, css)
    check(found, what + ": nothing matches " + css)
    return found


def go(path, css, what):
    d.get(BASE.rstrip("/") + path)
    return wait_for(css, what)


def no_dialog(what):
    try:
        text = d.switch_to.alert.text
        d.switch_to.alert.dismiss()
        check(False, what + ": a dialog opened: " + text)
    except NoAlertPresentException:
        pass


def not_injected(what):
    no_dialog(what)
    check(d.execute_script("return window.__pwned === undefined"),
          what + ": hostile script ran")
    n = d.execute_script(
        "return document.querySelectorAll('#indhold script, #indhold img,"
        " #indhold [onerror]').length")
    check(n == 0, what + ": %d elements injected" % n)


def status_count():
    m = re.search(r"\d+", d.find_element(By.ID, "status").text)
    return int(m.group()) if m else 0


def shot(name):
    d.save_screenshot("%s/%s.png" % (SHOTS, name))


def q(s):
    return urllib.parse.quote(s)


try:
    # A search: hits with the matches in <mark>, facets to narrow by.
    go("/?q=" + q("hjemløshed"), ".hit", "search")
    marks = d.find_elements(By.CSS_SELECTOR, ".hit .snippet mark")
    check(marks and all(m.text for m in marks), "search: no highlighted words")
    check(d.find_elements(By.CSS_SELECTOR, ".hit .cite"), "search: no citations")
    total = status_count()
    check(total > 0, "search: no count")
    shot("search")

    # A facet click narrows the hits to its place.
    facet = d.find_element(By.CSS_SELECTOR, ".facet-place li a:not(.active)")
    place = facet.text.rsplit(" ", 1)[0]
    facet.click()
    WebDriverWait(d, WAIT).until(lambda _: "sted=" in d.current_url)
    active = wait_for(".facet-place a.active", "facet")
    check(active and active[0].text == "✕ " + place,
          "facet: the filter shown is not the place clicked")
    narrowed = status_count()
    check(0 < narrowed < total, "facet: %d hits, not fewer than %d" %
          (narrowed, total))
    check(all(place in h.text for h in d.find_elements(By.CSS_SELECTOR, ".hit .places")),
          "facet: a hit not about " + place)
    shot("facet")

    # The keyboard: "/" reaches the search box, Enter searches.
    d.find_element(By.TAG_NAME, "body").send_keys("/")
    box = d.switch_to.active_element
    check(box.get_attribute("id") == "q", "keyboard: / does not focus the search box")
    box.clear()
    box.send_keys("beskæftigelse" + Keys.ENTER)
    WebDriverWait(d, WAIT).until(lambda _: "besk" in urllib.parse.unquote(d.current_url))
    wait_for(".hit", "keyboard search")

    # The comparison: topics x places, counts per place.
    go("/sammenlign", "#emner", "compare form")
    d.find_element(By.ID, "emner").send_keys("hjemløshed; beskæftigelse" + Keys.ENTER)
    wait_for("#compare-table tbody tr", "compare")
    rows = d.find_elements(By.CSS_SELECTOR, "#compare-table tbody tr")
    places = d.find_elements(By.CSS_SELECTOR, "#compare-table thead th")[1:]
    check(len(rows) == 2, "compare: %d rows, not 2" % len(rows))
    check(len(places) >= 2, "compare: %d places" % len(places))
    for row in rows:
        cells = row.find_elements(By.TAG_NAME, "td")
        check(len(cells) == len(places) and all(c.text.isdigit() for c in cells),
              "compare: a row without a count per place: " + row.text)
    check(len(d.find_elements(By.CSS_SELECTOR, ".column")) == len(places),
          "compare: not one column of passages per place")
    shot("compare")

    # A passage in its context, and its document's file.
    go("/?q=" + q("hjemløshed"), ".hit h3 a", "search again")
    d.find_element(By.CSS_SELECTOR, ".hit h3 a").click()
    wait_for(".passage.focus", "passage")
    check("/passage?id=" in d.current_url, "passage: the URL names no passage")
    check(len(d.find_elements(By.CSS_SELECTOR, ".passage")) >= 2,
          "passage: no context around it")
    check(d.switch_to.active_element.get_attribute("id") == "fokus",
          "passage: the passage does not have the focus")
    words = re.findall(r"\w{8,}", d.find_element(By.CSS_SELECTOR, ".passage.focus .text").text)
    shot("passage")
    d.find_element(By.ID, "source-link").click()
    WebDriverWait(d, WAIT).until(lambda _: "/kilde/" in d.current_url)
    source = d.find_element(By.TAG_NAME, "body").text
    check(words and all(w in source for w in words[:5]),
          "source: the file lacks the passage's words")

    # A hostile document: its markup is text in the hit, the passage and
    # its file.
    go("/?q=" + q("kvartershoteller"), ".hit", "hostile document")
    hit = d.find_element(By.CSS_SELECTOR, ".hit")
    check("<script>" in hit.text and "<img src=x" in hit.text,
          "hostile document: its markup is not shown as text: " + hit.text)
    not_injected("hostile document")
    shot("hostile-document")
    hit.find_element(By.CSS_SELECTOR, "h3 a").click()
    wait_for(".passage.focus", "hostile passage")
    check("<script>" in d.find_element(By.CSS_SELECTOR, ".passage.focus").text,
          "hostile passage: markup not shown as text")
    not_injected("hostile passage")
    d.find_element(By.ID, "source-link").click()
    WebDriverWait(d, WAIT).until(lambda _: "/kilde/" in d.current_url)
    check("<script>" in d.find_element(By.TAG_NAME, "body").text,
          "hostile source: markup not shown as text")
    not_injected("hostile source")

    # A hostile query: shown back as text, run nowhere.
    hostile = "<img src=x onerror=\"window.__pwned=1;alert(1)\"> <script>alert(2)</script>"
    d.get(BASE.rstrip("/") + "/?q=" + q(hostile))
    WebDriverWait(d, WAIT).until(lambda _: d.find_element(By.ID, "status").text and
                                 "…" not in d.find_element(By.ID, "status").text)
    check(d.find_element(By.ID, "q").get_attribute("value") == hostile,
          "hostile query: not in the search box as typed")
    not_injected("hostile query")
    shot("hostile-query")
    d.get(BASE.rstrip("/") + "/sammenlign?q=" + q(hostile))
    WebDriverWait(d, WAIT).until(lambda _: d.find_element(By.ID, "status").text and
                                 "…" not in d.find_element(By.ID, "status").text)
    not_injected("hostile comparison")
    d.get(BASE.rstrip("/") + "/passage?id=" + q(hostile))
    WebDriverWait(d, WAIT).until(
        lambda _: d.find_elements(By.CSS_SELECTOR, "#indhold .error"))
    check("passage-id" in d.find_element(By.CSS_SELECTOR, "#indhold .error").text,
          "hostile passage id: no clear error")
    not_injected("hostile passage id")

    # A phone's width: nothing wider than the screen.
    d.set_window_size(390, 844)
    go("/?q=" + q("hjemløshed"), ".hit", "phone")
    wide = d.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth")
    check(wide <= 0, "phone: the page is %d px wider than the screen" % wide)
    shot("phone")

    # No policy violations or script errors in the browser's log.
    for entry in d.get_log("browser"):
        check(entry["level"] != "SEVERE" or "Content Security Policy" not in entry["message"]
              and "Uncaught" not in entry["message"],
              "browser log: " + entry["message"])
finally:
    d.quit()

sys.exit(1 if failed else 0)
