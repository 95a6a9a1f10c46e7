"""The search UI (theme/static/js/search/ui.js) on a bare page in headless Chromium, over small
synthetic assets written by plugins/search_index (moved here from tests/plugins/test_search_index.py).

The site's own pages are tested in tests/browser/test_search.py. Everything is served by
Playwright routes on a fake origin: no server, nothing downloaded, no other host.
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from plugins.search_index import write_search_assets

NODE_MODULES = ROOT / "node_modules"
JS_DIR = ROOT / "theme" / "static" / "js" / "search"

DOCS = [
    {"id": "emprise", "url": "/fiches/emprise/", "type": "fiche",
     "title": "L’emprise mentale : reconnaître les signes",
     "summary": "Comprendre l’emprise d’un gourou et les mécanismes de la dérive sectaire.",
     "headings": ["Les signes d’alerte", "Que faire ?"], "themes": ["emprise", "Santé"],
     "body": "L’emprise est au cœur de toute dérive sectaire. Le gourou isole la victime de sa "
             "famille et de ses amis. Les proches remarquent des ruptures brutales."},
    {"id": "signaler", "url": "/fiches/signaler/", "type": "fiche",
     "title": "Signaler une dérive sectaire",
     "summary": "Comment signaler une situation préoccupante à la Miviludes.",
     "headings": ["Qui peut signaler ?"], "themes": ["signalement"],
     "body": "Vous pouvez signaler une situation. En cas d’urgence, appelez le 17. Pour un enfant "
             "en danger, appelez le 119."},
    {"id": "violences", "url": "/aide/#3919", "type": "contact",
     "title": "Violences Femmes Info",
     "summary": "Le 3919 écoute les femmes victimes de violences, 24 heures sur 24.",
     "headings": [], "themes": [], "body": "Numéro gratuit et anonyme : 3919."},
    {"id": "guide-pdf", "url": "/pdfs/guide.pdf", "type": "pdf",
     "title": "Guide pratique <dérives>",
     "summary": "Le guide à télécharger sur les dérives thérapeutiques.",
     "headings": [], "themes": [], "body": "Ce guide présente les dérives thérapeutiques."},
]

PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body>
<div role="search"><label for="q">Rechercher</label>
<input id="q" type="search" autocomplete="off" data-search-input data-search-page
 data-search-manifest="/search/manifest.json"
 data-search-scripts="/vendor/lunr.min.js /vendor/lunr.stemmer.support.min.js /vendor/lunr.fr.min.js /js/analyzer.js /js/search.js">
<button type="button">Rechercher</button></div>
<div data-search-results aria-live="polite"></div>
<script src="/js/ui.js"></script></body></html>"""


@pytest.fixture(scope="module")
def assets(tmp_path_factory):
    out = tmp_path_factory.mktemp("search")
    # Small shards: the queries below work across several of them.
    manifest = write_search_assets(DOCS, out, shard_bytes=1500, store_bytes=600)
    return out, manifest


def test_ui_in_chromium(page, assets):
    out, _ = assets
    files = {
        "/index.html": (PAGE.encode("utf-8"), "text/html"),
        # The files the site ships (tools/vendor.py): lunr and lunr-languages' French stemmer.
        "/vendor/lunr.min.js": ((NODE_MODULES / "lunr" / "lunr.min.js").read_bytes(), "text/javascript"),
    }
    for name in ("lunr.stemmer.support.min.js", "lunr.fr.min.js"):
        files[f"/vendor/{name}"] = ((NODE_MODULES / "lunr-languages" / "min" / name).read_bytes(), "text/javascript")
    for name in ("analyzer.js", "search.js", "ui.js"):
        files[f"/js/{name}"] = ((JS_DIR / name).read_bytes(), "text/javascript")
    for path in out.iterdir():
        files[f"/search/{path.name}"] = (path.read_bytes(), "application/json")
    requested = []

    def handle(route):
        path = route.request.url.split("http://search.test", 1)[1].split("?")[0]
        requested.append(path)
        if path in files:
            body, ctype = files[path]
            route.fulfill(status=200, body=body, content_type=ctype)
        else:
            route.fulfill(status=404, body="")

    page.route("http://search.test/**", handle)
    page.goto("http://search.test/index.html")
    assert requested == ["/index.html", "/js/ui.js"]  # nothing else before focus or input
    history_length = page.evaluate("history.length")
    page.fill("#q", "<img src=x onerror=window.pwned=1> dérive sectaire")
    page.wait_for_function("document.querySelectorAll('.mvl-search__item').length > 0")
    status = page.text_content("[role=status]")
    assert "résultat" in status
    page.fill("#q", "dérive sectaire")
    # Both pages with every word first, then the page with one of them (missing words tolerated).
    page.wait_for_function("document.querySelector('[role=status]').textContent.startsWith('3 résultats')")
    items = page.eval_on_selector_all(".mvl-search__item", "els => els.map(li => ({href: li.querySelector('a').getAttribute('href'), badge: li.querySelector('.fr-badge').textContent, marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}))")
    assert [i["href"] for i in items][2:] == ["/pdfs/guide.pdf"]
    items = items[:2]
    assert sorted(i["href"] for i in items) == ["/fiches/emprise/", "/fiches/signaler/"]
    assert all(i["badge"] == "Fiche" for i in items)
    assert any("dérive" in i["marks"] for i in items) and any("sectaire" in i["marks"] for i in items)
    # Type filter and badges.
    page.fill("#q", "dérives")
    page.wait_for_function("document.querySelector('[role=status]').textContent.startsWith('3 résultats')")
    page.check("input[type=radio][value=pdf]", force=True)
    page.wait_for_function("document.querySelector('[role=status]').textContent.startsWith('1 résultat (PDF) sur 3')")
    title = page.text_content(".mvl-search__item a")
    assert title == "Guide pratique <dérives>"  # data rendered as text, never parsed as HTML
    assert page.eval_on_selector(".mvl-search__item a", "a => a.querySelectorAll('*').length") == 1  # the <mark>
    page.fill("#q", "zzzz")
    page.wait_for_function("document.querySelector('[role=status]').textContent.startsWith('Aucun résultat')")
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("location.href") == "http://search.test/index.html"
    assert page.evaluate("history.length") == history_length
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert page.get_attribute("[data-search-results]", "aria-live") == "off"
    assert not page.console_errors
