"""Nothing leaves the reader's browser: no request to another host, no cookie, no tracking, no
referrer, on every page of the real site."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit


from site_pages import all_pages, launch_isolated, page_file, record_requests

# Browser storage the site may write: the DSFR display preference (light/dark/system) only.
ALLOWED_STORAGE_KEYS = {"scheme"}


class _Links(HTMLParser):
    """Collects (tag, attributes, line) of the elements that load something or link somewhere."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict, int]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), self.getpos()[0]))


def parse(html: str) -> list[tuple[str, dict, int]]:
    parser = _Links()
    parser.feed(html)
    return parser.elements


def is_other_host(url: str) -> bool:
    url = (url or "").strip()
    return url.startswith("//") or bool(re.match(r"[a-z][a-z0-9+.-]*://", url, re.I))


# --- In the HTML (all pages, no browser) --------------------------------------------------------

def test_pages_load_nothing_from_another_host(real_site):
    """Only <a href> may point elsewhere: no script, style, font, image, frame, form or preconnect."""
    problems = []
    for path in all_pages(real_site):
        for tag, attrs, line in parse(page_file(real_site, path).read_text(encoding="utf-8")):
            if tag == "a":
                continue
            if tag == "link" and set((attrs.get("rel") or "").split()) <= {"canonical", "alternate"}:
                continue  # an address, not a request (canonical URL, feed)
            if tag == "meta":
                continue  # Open Graph addresses are read by link previews, not loaded by the page
            for name in ("src", "href", "action", "data", "poster", "srcset", "formaction"):
                if is_other_host(attrs.get(name)):
                    problems.append(f"{path}:{line}: <{tag} {name}=\"{attrs[name]}\">")
    assert problems == []


def test_external_links_carry_noopener_noreferrer(real_site):
    problems = []
    for path in all_pages(real_site):
        for tag, attrs, line in parse(page_file(real_site, path).read_text(encoding="utf-8")):
            if tag == "a" and is_other_host(attrs.get("href")) and urlsplit(attrs["href"]).hostname != "127.0.0.1":
                rel = set((attrs.get("rel") or "").split())
                if not {"noopener", "noreferrer"} <= rel:
                    problems.append(f"{path}:{line}: {attrs['href']} (rel=\"{attrs.get('rel', '')}\")")
    assert problems == [], "liens externes sans rel=\"noopener noreferrer\" :\n" + "\n".join(problems)


def test_every_page_asks_for_no_referrer(real_site):
    missing = [path for path in all_pages(real_site)
               if not re.search(r'<meta name="referrer" content="no-referrer">',
                                page_file(real_site, path).read_text(encoding="utf-8"))]
    assert missing == []


# --- In the browser (all pages) ---------------------------------------------------------------

def test_no_foreign_request_no_cookie_no_storage_on_any_page(browser, served_site, real_site):
    isolated = launch_isolated(browser)
    # bypass_csp: the pages' own CSP (meta tag) would block a foreign request before it is seen; this test
    # checks that nothing even tries one, which is stricter than what the policy lets through.
    context = isolated.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", bypass_csp=True)
    foreign: list[str] = []
    record_requests(context, foreign)
    pg = context.new_page()
    # Self-check: a request to another host is seen (and goes nowhere: the host does not resolve).
    pg.goto(served_site + "/", wait_until="load")
    pg.evaluate("fetch('https://example.org/x').catch(() => null)")
    pg.wait_for_function("true")
    assert foreign == ["https://example.org/x"]
    foreign.clear()
    problems = []
    for path in all_pages(real_site):
        before = len(foreign)
        pg.goto(served_site + path, wait_until="load")
        if len(foreign) > before:
            problems.append(f"{path} : requête(s) vers un autre site : {foreign[before:]}")
        if pg.evaluate("document.cookie"):
            problems.append(f"{path} : document.cookie = {pg.evaluate('document.cookie')!r}")
        keys = set(pg.evaluate("[...Object.keys(localStorage), ...Object.keys(sessionStorage)]"))
        if keys - ALLOWED_STORAGE_KEYS:
            problems.append(f"{path} : stockage local inattendu : {sorted(keys - ALLOWED_STORAGE_KEYS)}")
    pg.wait_for_load_state("networkidle")  # late requests of the last page, if any
    cookies = context.cookies()
    isolated.close()
    assert cookies == [], f"cookies déposés : {cookies}"
    assert problems == []
