"""Which pages of a built site the browser tests visit (shared by the accessibility, keyboard,
quick-exit, privacy and nginx tests)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

# Every request the browser makes outside the loopback server is aborted (and reported by the
# privacy tests): nothing may leave 127.0.0.1, even by mistake.
MANDATORY_PAGES = {
    "accessibilite": "/accessibilite/",
    "mentions-legales": "/mentions-legales/",
    "donnees-personnelles": "/donnees-personnelles/",
    "gestion-des-cookies": "/gestion-des-cookies/",
    "naviguer-en-securite": "/naviguer-en-securite/",
}


def url_path(site: Path, html_file: Path) -> str:
    """/fiches/emprise/ for fiches/emprise/index.html, /404.html for 404.html."""
    rel = html_file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def page_file(site: Path, path: str) -> Path:
    """The HTML file of a URL path (inverse of url_path)."""
    rel = path.lstrip("/")
    return site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def all_pages(site: Path) -> list[str]:
    """URL path of every HTML file of the built site."""
    return sorted(url_path(site, f) for f in site.rglob("*.html"))


def _first_article(site: Path, section: str) -> str | None:
    folder = site / section
    if not folder.is_dir():
        return None
    found = sorted(p for p in folder.glob("*/index.html"))
    return url_path(site, found[0]) if found else None


def template_pages(site: Path) -> dict[str, str | None]:
    """One URL per template (None when the site has no such page yet)."""
    pages: dict[str, str | None] = {
        "accueil": "/",
        "rubrique": "/fiches/" if (site / "fiches" / "index.html").is_file() else None,
        "fiche": _first_article(site, "fiches"),
        "guide": _first_article(site, "prevention"),
        "rapport": _first_article(site, "rapports"),
        "aide": "/aide/" if (site / "aide" / "index.html").is_file() else None,
        "recherche": "/recherche/" if (site / "recherche" / "index.html").is_file() else None,
        "plan-du-site": "/plan-du-site/" if (site / "plan-du-site" / "index.html").is_file() else None,
        "404": "/page-qui-n-existe-pas/",
        "signaler": "/signaler/" if (site / "signaler" / "index.html").is_file() else None,
    }
    for name, path in MANDATORY_PAGES.items():
        pages[name] = path if (site / path.strip("/") / "index.html").is_file() else None
    return pages


def require(path: str | None, name: str) -> str:
    if path is None:
        pytest.skip(f"page absente du site construit : {name} (à réactiver quand elle existe)")
    return path


# Any URL outside the loopback server. A regex (not a Python callable) is matched inside the
# Playwright driver: local requests never make a round trip through Python.
FOREIGN_URL_RE = re.compile(r"^(?!http://127\.0\.0\.1:|data:|blob:|about:)")


def guard_requests(context, foreign: list[str]) -> None:
    """Abort (and record) every request that would leave 127.0.0.1."""
    def handler(route):
        foreign.append(route.request.url)
        route.abort()
    context.route(FOREIGN_URL_RE, handler)


# For tests that load every page: the same Chromium with every host name but 127.0.0.1 unresolvable
# (nothing can leave the machine), and no request routing (routing disables the HTTP cache and
# makes each page several times slower). Foreign requests are recorded by record_requests().
ISOLATION_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


def launch_isolated(browser):
    from conftest import CHROMIUM, CHROMIUM_ARGS
    return browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + ISOLATION_ARGS)


def record_requests(context, foreign: list[str]) -> None:
    context.on("request", lambda request: FOREIGN_URL_RE.match(request.url) and foreign.append(request.url))


def search_ready(site: Path) -> bool:
    """True when /recherche/ has a search field with its scripts (the search engine is built): the
    UI is part of js/site.bundle.js, the field's data-search-scripts load on first focus."""
    page = site / "recherche" / "index.html"
    if not page.is_file():
        return False
    html = page.read_text(encoding="utf-8")
    scripts = re.findall(r"data-search-scripts=\"?([^\">]+)", html)
    return "data-search-input" in html and any("search" in src for src in scripts)


def quick_exit_url(site: Path) -> str:
    """The neutral site the « Quitter le site » button leads to (QUICK_EXIT_URL), read from the home page."""
    html = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<a\b[^>]*\bid=\"quitter-le-site\"[^>]*>", html)
    assert match, "bouton « Quitter le site » absent de la page d’accueil"
    href = re.search(r"\bhref=\"([^\"]+)\"", match.group(0)).group(1)
    return href.replace("&amp;", "&")


NEUTRAL_PAGE = "<!doctype html><html lang=\"fr\"><title>Météo</title><p>Météo</p></html>"


def fake_neutral_site(context, url: str, hits: list[str] | None = None, status: int = 200) -> None:
    """Answer the neutral site locally (nothing leaves 127.0.0.1); registered after guard_requests,
    so it takes precedence for that host. status=204 keeps the current document (navigation
    cancelled), to look at the page while it is quitting."""
    from urllib.parse import urlsplit
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(url))

    def handler(route):
        if hits is not None:
            hits.append(route.request.url)
        if status == 204:
            route.fulfill(status=204, body="")
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=NEUTRAL_PAGE)
    context.route(lambda u: u.startswith(origin), handler)


# The RGAA audit sample (docs/rgaa/grille.yaml, plugins/accessibility_audit): the pages and documents
# the RGAA tests visit, so that the grid and the tests always cover the same pages.
AUDIT_GRID = Path(__file__).resolve().parents[2] / "docs" / "rgaa" / "grille.yaml"


def audit():
    from plugins.accessibility_audit.core import load
    return load(AUDIT_GRID)


def audit_pages(kind: str = "page") -> list[tuple[str, str]]:
    """(page id, URL path) of every sampled page (kind="page") or document (kind="document")."""
    return [(p.id, p.url) for p in audit().pages if p.kind == kind]


# Waiting on conditions, never on the clock: the next frames are painted; the transitions and finite
# animations an action started are over (infinite ones are what some tests look for: not awaited).
_NEXT_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
_SETTLED = """() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
  .then(() => Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => null))))
  .then(() => document.fonts.ready).then(() => true)"""


def next_frames(page) -> None:
    """Two frames painted: the effects of what just happened (events, style changes) are applied."""
    page.evaluate(_NEXT_FRAMES)


def settled(page) -> None:
    """Painted, fonts loaded, and every finite transition or animation finished."""
    page.evaluate(_SETTLED)


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def inject_axe(page) -> None:
    """Load axe-core into the page through the DevTools protocol (page.evaluate), not a <script>: the
    pages carry their CSP in a <meta> tag (script-src 'self'), which rightly refuses inline scripts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
