"""Shared fixtures: real and fixture site builds, a loopback HTTP server, headless Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

import build as site_build
from fixture_content import write_content

ROOT = Path(__file__).resolve().parents[1]
BROWSER_TESTS = ROOT / "tests" / "browser"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


# Scheduling of `make test` (pytest-xdist, -n 2): the run ends when the slower worker ends.
# - A test file is one unit of work, handed whole to one worker: its module-scoped fixtures (a
#   fixture site, nginx, decap-server, a Node run, a browser context) are made once per run, not once
#   per worker that happens to take one of its tests.
# - Builds that only a few test files use (session fixtures) put those files in one group, one unit:
#   each build is made once per run instead of once per worker. real_site is used nearly everywhere:
#   both workers build it.
# - Longest units first (EXPECTED_SECONDS: seconds of worker time in a full run, load ~20, only their
#   order matters; else a guess from the number of tests), so the short ones fill the end and the
#   workers end together. Only the order depends on these figures: a wrong one makes the run longer,
#   never a test pass.
# (`--dist loadgroup` with xdist_group marks would group, but xdist 3.8 renames the test ids for it
# through an attribute pytest 9 no longer reads: no grouping happens.)
XDIST_GROUPS = {
    "tests/test_publish.py": "published-site", "tests/test_budgets.py": "published-site",
    "tests/test_subpath.py": "subpath-site", "tests/browser/test_subpath_browser.py": "subpath-site",
    "tests/plugins/test_search_quality.py": "synthetic-site",
}
EXPECTED_SECONDS: dict[str, float] = {
    "tests/browser/test_admin.py": 609, "tests/browser/test_rgaa_criteria.py": 503,
    "tests/browser/test_admin_flows.py": 300, "tests/plugins/test_admin_form_differential.py": 40,
    "tests/browser/test_rgaa_browser.py": 241, "tests/security/test_hostile_output.py": 208,
    "tests/security/test_hostile_files.py": 164, "synthetic-site": 163,
    "tests/browser/test_accessibility.py": 154, "tests/plugins/test_admin_cms.py": 136,
    "tests/security/test_hostile_markup.py": 125, "published-site": 113,
    "tests/browser/test_serve_browser.py": 99, "tests/browser/test_search.py": 91,
    "tests/browser/test_assets_browser.py": 25, "subpath-site": 79, "tests/test_html_validity.py": 66,
    "tests/browser/test_keyboard.py": 57, "tests/browser/test_quick_exit.py": 52,
    "tests/browser/test_nginx.py": 43, "tests/plugins/test_site_structure.py": 42,
    "tests/browser/test_csp_meta.py": 39, "tests/browser/test_rgaa_focus.py": 38,
    "tests/plugins/test_assets.py": 37, "tests/browser/test_aide.py": 36, "tests/browser/test_rgaa_pdf.py": 36,
    "tests/browser/test_privacy.py": 31, "tests/test_build_isolation.py": 30,
    "tests/plugins/test_parallel_build.py": 29, "tests/plugins/test_pdf_wiring.py": 27,
    "tests/test_preview_workflow.py": 24, "tests/browser/test_screen_reader.py": 23,
    "tests/test_editor_tools.py": 23, "tests/test_liens.py": 22, "tests/test_build_strictness.py": 21,
}


def xdist_group(nodeid: str) -> str | None:
    return XDIST_GROUPS.get(nodeid.split("::", 1)[0])


def work_unit(nodeid: str) -> str:
    """The unit of work of a test: its group, else its file."""
    return xdist_group(nodeid) or nodeid.split("::", 1)[0]


def expected_seconds(unit: str, nodeids) -> float:
    if unit in EXPECTED_SECONDS:
        return EXPECTED_SECONDS[unit]
    return len(nodeids) * (3.0 if unit.startswith("tests/browser/") else 0.3)


@pytest.hookimpl(optionalhook=True)  # defined by pytest-xdist (absent with -p no:xdist)
def pytest_xdist_make_scheduler(config, log):
    """`make test` (-n 2): units of work = files or groups (XDIST_GROUPS), the longest first."""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileScheduling(LoadScopeScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

        def _assign_work_unit(self, node) -> None:
            if not self.ordered:  # the queue is complete when the first unit is handed out
                units = sorted(self.workqueue.items(), key=lambda item: -expected_seconds(*item))
                self.workqueue.clear()
                self.workqueue.update(units)
                self.ordered = True
            super()._assign_work_unit(node)

    return FileScheduling(config, log)


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` deselects
def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser/ runs in headless Chromium: marked `browser` by its folder."""
    for item in items:
        if BROWSER_TESTS in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


# Tests build without Pelican's content cache (hermetic, and parallel workers never share a cache
# file); tests/test_publish.py tests the cache itself with its own folder.
NO_CONTENT_CACHE = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}


def build_site(output: Path, settings: str = "pelicanconf.py", overrides: dict | None = None) -> list[str]:
    """Build with the project's strict builder; returns the error messages (empty on success)."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return site_build.build(settings, output, {**NO_CONTENT_CACHE, **(overrides or {})})
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built once per test session (printable PDFs off: tested on their own)."""
    out = tmp_path_factory.mktemp("real") / "output"
    errors = build_site(out, overrides={"PRINTABLE_PDFS": False})
    assert errors == [], "la construction du vrai site échoue :\n" + "\n".join(errors)
    return out


@pytest.fixture
def fixture_site(tmp_path):
    """Build a small site from {relative path under content/: text or bytes}.

    content/data/ is copied from the real site unless the fixture provides its own files.
    Returns a function (files, overrides=None) -> (errors, output_path, content_path).
    """
    def make(files: dict, overrides: dict | None = None):
        return build_fixture_site(tmp_path, files, overrides)
    return make


def build_fixture_site(base: Path, files: dict, overrides: dict | None = None):
    """`fixture_site` without the fixture: usable from module-scoped fixtures (one build, many tests)."""
    content = write_content(base, files)
    out = base / "output"
    settings = {"PATH": str(content), "PRINTABLE_PDFS": False, **(overrides or {})}
    return build_site(out, overrides=settings), out, content


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        # Serve the site's own 404 page, as a real host would.
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def served_site(real_site):
    """Base URL of the real site served on 127.0.0.1 (never any other interface)."""
    server, url = serve(real_site)
    yield url
    server.shutdown()


class PublishedSite:
    """The production build (publishconf.py) served like production: see tools/static_server.py."""

    def __init__(self, path: Path, url: str, stats):
        self.path, self.url, self.stats = path, url, stats


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    """`make publish` of the real site, for a server on 127.0.0.1 (absolute URLs point to it)."""
    import static_server

    server, url = static_server.reserve()
    out = tmp_path_factory.mktemp("published") / "output"
    errors = build_site(out, "publishconf.py", {"SITEURL": url, "FEED_DOMAIN": url, "PRINTABLE_PDFS": False})
    if errors:
        server.server_close()
    assert errors == [], "la construction de production échoue :\n" + "\n".join(errors)
    stats = static_server.Stats()
    static_server.serve_reserved(server, out, stats)
    yield PublishedSite(out, url, stats)
    server.shutdown()
    server.server_close()


# A pull request's preview: the site under a sub-path of its host (.github/workflows/preview.yml).
SUBPATH = "/apercu/pr-12"


class SubpathSite:
    """A build whose SITEURL is `http://127.0.0.1:<port>/apercu/pr-12`, served only under that
    sub-path (tools/static_server.py with a prefix: nothing at /)."""

    def __init__(self, path: Path, url: str, prefix: str, stats):
        self.path, self.url, self.prefix, self.stats = path, url, prefix, stats
        self.origin = url[:-len(prefix)]


def serve_under_subpath(out: Path, build) -> tuple:
    """Reserve the server first (its URL is the SITEURL), build with `build(siteurl)`, then serve."""
    import static_server

    server, url = static_server.reserve(SUBPATH)
    errors = build(url)
    if errors:
        server.server_close()
    assert errors == [], "la construction sous un sous-chemin échoue :\n" + "\n".join(errors)
    stats = static_server.Stats()
    static_server.serve_reserved(server, out, stats)
    return server, SubpathSite(out, url, SUBPATH, stats)


@pytest.fixture(scope="session")
def subpath_site(tmp_path_factory):
    """The real site built as a preview (`MIVILUDES_SITEURL=…/apercu/pr-12 make html PDF=0`)."""
    out = tmp_path_factory.mktemp("subpath") / "output"
    server, site = serve_under_subpath(out, lambda url: build_site(
        out, overrides={"SITEURL": url, "PRINTABLE_PDFS": False, "SEO_NOINDEX": True}))
    yield site
    server.shutdown()
    server.server_close()


def _subpath_files() -> dict:
    """A small site with every kind of URL an editor can produce: `{filename}` links, plain "/aide/"
    links, an anchor, `[[contact:ID]]`, a local PDF (body link, attachment with its cover), the
    printable PDF of a fiche and of a guide."""
    from pdf_fixtures import pdf_bytes

    def md(title, body, front=""):
        return f"---\ntitle: \"{title}\"\nsummary: \"Résumé de la page.\"\ndate: 2026-11-28\n{front}---\n{body}\n"
    return {
        "fiches/emprise.md": md("L’emprise mentale", (
            "## Reconnaître l’emprise\n\nLisez [le document]({filename}/fiches/documents.md), "
            "[sa partie utile](/fiches/documents/#que-faire), [l’aide](/aide/), "
            "[le guide](/prevention/familles/) et [le PDF](/pdfs/guide.pdf).\n\n[[contact:119]]\n")),
        "fiches/documents.md": md("Documents", "## Que faire ?\n\nVoir [le guide](/pdfs/guide.pdf).", front=(
            "attachments:\n  - title: \"Guide de la fiche\"\n    file: pdfs/guide.pdf\n")),
        "prevention/familles.md": md("Guide pour les familles", "## Les signes\n\n[Retour](/fiches/emprise/)."),
        "pdfs/guide.pdf": pdf_bytes(["Premiere page du guide", "Deuxieme page"], title="Guide"),
    }


@pytest.fixture(scope="session")
def subpath_fixture_site(tmp_path_factory):
    """`_subpath_files()` built as a preview, printable PDFs included, served under the sub-path."""
    base = tmp_path_factory.mktemp("subpath-fixture")
    server, site = serve_under_subpath(base / "output", lambda url: build_fixture_site(
        base, _subpath_files(), {"SITEURL": url, "PRINTABLE_PDFS": True,
                                 "BUILD_CACHE_DIR": str(base / "cache")})[0])
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium absent : « make test » l’installe (apt-get install chromium).")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield _ToolingBrowser(instance)
        instance.close()


class _ToolingBrowser:
    """The shared browser, whose contexts bypass the pages' CSP <meta> tag by default: tests inject
    their own tooling (axe-core, the WCAG text-spacing style sheet, polling predicates), which the
    site's policy rightly refuses. The policy itself is tested with CSP enforced, in a browser of
    its own (site_pages.launch_isolated): tests/browser/test_nginx.py (every page under the real
    headers) and tests/browser/test_csp_meta.py (the <meta> policy alone, as on hosts that ignore
    `_headers`)."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        options.setdefault("bypass_csp", True)
        return self._browser.new_context(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture
def page(browser):
    """A fresh browser context per test (no shared storage), with console errors collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()
