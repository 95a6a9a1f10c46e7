"""A pull request's preview in Chromium: the site built with SITEURL `http://127.0.0.1:<port>/apercu/pr-12`
and served only under that sub-path (nothing at /), like .github/workflows/preview.yml publishes it.

Every page is crawled from the home page: each link, asset and `src` it names is requested and must
answer 200 under the sub-path; every response the pages make (CSS, fonts, scripts, search files) too.
Search works from the header bar and from /recherche/, and the 404 page loads its assets.
The fast output scan is tests/test_subpath.py; fixtures `subpath_site` and `subpath_fixture_site`
are in tests/conftest.py.
"""
from __future__ import annotations

from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

# Every URL a page names (resolved by the browser against the page), links and assets alike.
COLLECT_URLS = """() => {
  const urls = [];
  const add = (value) => { if (value) { try { urls.push(new URL(value, document.baseURI).href); } catch (e) {} } };
  document.querySelectorAll('[href]').forEach((el) => add(el.getAttribute('href')));
  document.querySelectorAll('[src]').forEach((el) => add(el.getAttribute('src')));
  document.querySelectorAll('form[action]').forEach((el) => add(el.getAttribute('action')));
  document.querySelectorAll('[srcset]').forEach((el) =>
    el.getAttribute('srcset').split(',').forEach((part) => add(part.trim().split(/\\s+/)[0])));
  document.querySelectorAll('[data-search-manifest]').forEach((el) => add(el.dataset.searchManifest));
  document.querySelectorAll('[data-search-scripts]').forEach((el) =>
    el.dataset.searchScripts.split(/\\s+/).forEach(add));
  document.querySelectorAll('[data-codes-postaux]').forEach((el) => add(el.dataset.codesPostaux));
  return urls;
}"""
FOREIGN_SCHEMES = ("data:", "blob:", "about:", "tel:", "mailto:", "sms:")


def is_page(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith("/") or path.endswith(".html")


class Crawl:
    """Pages visited, URLs checked and what went wrong, for one site."""

    def __init__(self, site):
        self.site, self.problems, self.seen, self.responses = site, [], set(), []

    def under(self, url: str) -> bool:
        return url == self.site.url or url.startswith(self.site.url + "/")

    def watch(self, page) -> None:
        def on_response(response):
            url = response.url
            self.responses.append((url, response.status))
            if url.startswith(FOREIGN_SCHEMES):
                return
            if not self.under(url):
                self.problems.append(f"requête hors du sous-chemin : {url} (statut {response.status})")
            elif response.status >= 400 and "/nexiste-pas" not in url:
                self.problems.append(f"{url} : statut {response.status}")
        page.on("response", on_response)
        # ERR_ABORTED: a load cut short by the next navigation (the favicon); its URL is requested
        # on its own anyway, as every URL the page names.
        page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED" and self.problems.append(
            f"requête échouée : {request.url} ({request.failure})"))


def chrome_pages(site) -> set[str]:
    """Pages the header, footer and home page link to (pelicanconf.py) that a small fixture site
    does not have: not followed there (the real site's crawl follows them)."""
    import pelicanconf
    paths = [u for _, u in pelicanconf.MAIN_NAV + pelicanconf.FOOTER_BOTTOM_LINKS]
    paths += [t["url"] for t in pelicanconf.HOME_TILES] + ["/recherche/", "/aide/"]
    return {site.url + p for p in paths if not (site.path / p.strip("/") / "index.html").is_file()}


def crawl(page, site, skip: set[str] = frozenset()) -> Crawl:
    state = Crawl(site)
    state.watch(page)
    queue = deque([site.url + "/"])
    state.seen.add(site.url + "/")
    pages = 0
    while queue:
        url = queue.popleft()
        response = page.goto(url, wait_until="load")
        pages += 1
        if response is None or response.status != 200:
            state.problems.append(f"{url} : page en statut {response and response.status}")
            continue
        for found in page.evaluate(COLLECT_URLS):
            target = urldefrag(found)[0]
            if target.startswith(FOREIGN_SCHEMES) or target in state.seen or target in skip:
                continue
            parts = urlsplit(target)
            if f"{parts.scheme}://{parts.netloc}" != site.origin:
                if parts.scheme not in ("http", "https"):
                    state.problems.append(f"{url} : adresse inattendue {found}")
                continue  # another site: never requested
            state.seen.add(target)
            if not state.under(target):
                state.problems.append(f"{url} : lien hors du sous-chemin {found}")
            elif is_page(target):
                queue.append(target)
            else:
                answer = page.request.get(target)
                if answer.status != 200:
                    state.problems.append(f"{url} : {found} répond {answer.status}")
    state.pages = pages
    return state


@pytest.mark.parametrize("fixture", ["subpath_site", "subpath_fixture_site"])
def test_every_link_and_asset_of_every_page_answers_under_the_sub_path(fixture, request, page):
    site = request.getfixturevalue(fixture)
    skip = chrome_pages(site) if fixture == "subpath_fixture_site" else set()
    assert skip == set() or len(skip) < 15
    state = crawl(page, site, skip)
    written = len([p for p in site.path.rglob("*.html") if p.name != "404.html"])
    assert state.pages >= written, f"{state.pages} pages visitées sur {written} écrites"
    assert state.problems == [], "\n".join(state.problems[:40])
    kinds = {urlsplit(url).path.rsplit(".", 1)[-1] for url, status in state.responses if status == 200}
    assert {"css", "js", "woff2"} <= kinds, f"types de fichiers chargés : {sorted(kinds)}"
    if fixture == "subpath_fixture_site":  # the local PDF, its cover and the printable PDFs
        checked = {urlsplit(u).path for u in state.seen}
        assert {"/apercu/pr-12/pdfs/guide.pdf", "/apercu/pr-12/fiches/emprise/emprise.pdf",
                "/apercu/pr-12/prevention/familles/familles.pdf"} <= checked
        assert any(p.startswith("/apercu/pr-12/pdfs/covers/") for p in checked)
    assert page.console_errors == []


def test_fonts_and_styles_load_under_the_sub_path(page, subpath_site):
    state = Crawl(subpath_site)
    state.watch(page)
    page.goto(subpath_site.url + "/fiches/", wait_until="networkidle")
    fonts = page.evaluate("""async () => { await document.fonts.ready;
      return [...document.fonts].filter((f) => f.family.includes('Marianne')).map((f) => f.status); }""")
    assert "loaded" in fonts and "error" not in fonts, fonts
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Marianne" in family
    assert state.problems == []


def _result_links(page, container: str) -> list[str]:
    page.locator(f"{container} .mvl-search__list a").first.wait_for(state="visible")
    return page.eval_on_selector_all(f"{container} .mvl-search__list a", "els => els.map(a => a.href)")


def test_search_works_under_the_sub_path(page, subpath_site):
    site = subpath_site
    state = Crawl(site)
    state.watch(page)
    page.goto(site.url + "/fiches/", wait_until="networkidle")
    page.fill("#recherche-entete-input", "emprise")
    links = _result_links(page, "#recherche-entete-resultats")
    assert links and [u for u in links if not u.startswith(site.url + "/")] == []
    page.goto(site.url + "/recherche/", wait_until="networkidle")
    page.fill("#recherche-page-input", "119")
    links = _result_links(page, "#recherche-resultats")
    assert links and [u for u in links if not u.startswith(site.url + "/")] == []
    searched = [u for u, status in state.responses if "/search/" in u and status == 200]
    assert any(u.endswith("/apercu/pr-12/search/manifest.json") for u in searched)
    assert any("/search/index." in u for u in searched) and any("/search/store." in u for u in searched)
    response = page.goto(links[0], wait_until="load")
    assert response.status == 200
    assert state.problems == [] and page.console_errors == []


def test_404_page_under_the_sub_path_loads_its_assets_and_nothing_is_at_the_root(page, subpath_site):
    site = subpath_site
    state = Crawl(site)
    state.watch(page)
    response = page.goto(site.url + "/nexiste-pas/", wait_until="networkidle")
    assert response.status == 404
    assert page.locator("h1").first.inner_text().strip() != ""
    home = page.locator("main a.fr-btn").first.get_attribute("href")
    assert home == site.url + "/"
    loaded = [u for u, status in state.responses if status == 200 and u.endswith((".css", ".js", ".woff2"))]
    assert any(u.endswith(".css") for u in loaded) and any(u.endswith(".woff2") for u in loaded)
    assert "Marianne" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert state.problems == []
    for outside in ("/", "/fiches/", "/theme/", "/search/manifest.json"):
        assert page.request.get(site.origin + outside).status == 404, outside
