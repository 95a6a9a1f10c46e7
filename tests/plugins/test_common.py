"""Shared helpers (plugins/common/): French dates, atomic writes, log capture, taxonomies."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.common import data, dates, files, logs


def test_french_dates_with_the_ordinal_and_a_no_break_space():
    assert dates.date_fr(dt.date(2026, 11, 28)) == "28\u00a0novembre 2026"
    assert dates.date_fr(dt.datetime(2024, 5, 1, 12, 0)) == "1er\u00a0mai 2024"
    assert dates.date_fr(dt.date(2025, 8, 5), space=" ") == "5 août 2025"
    assert dates.date_fr(None) == ""


def test_an_atomic_write_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "sub" / "a.txt"
    files.write_bytes_atomic(target, b"one")
    assert target.read_bytes() == b"one" and oct(target.stat().st_mode & 0o777) == "0o644"

    def broken(tmp):
        tmp.write_bytes(b"half")
        raise OSError("disque plein")
    with pytest.raises(OSError):
        files.atomic_write(target, broken)
    assert target.read_bytes() == b"one"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.txt"]


def test_captured_records_stop_at_the_capture_and_the_logger_is_restored():
    name = "tests.common.library"
    logger = logging.getLogger(name)
    outside = logs.Collector()
    logging.getLogger().addHandler(outside)
    try:
        with logs.captured(name) as got:
            logger.info("détail")
            logger.warning("attention %s", "x")
        logger.warning("après")
    finally:
        logging.getLogger().removeHandler(outside)
    assert got.messages() == ["attention x"]
    assert got.as_tuples() == [(name, logging.WARNING, "attention x")]
    assert [r.getMessage() for r in outside.records] == ["après"]
    assert logger.propagate and logger.level == logging.NOTSET


def test_captured_without_isolation_lets_records_go_on():
    outside = logs.Collector()
    logging.getLogger().addHandler(outside)
    try:
        with logs.captured(isolate=False) as got:
            logging.getLogger("tests.common.other").error("erreur")
    finally:
        logging.getLogger().removeHandler(outside)
    assert got.messages() == ["erreur"] and outside.messages() == ["erreur"]


def test_taxonomies_path_and_lenient_read(tmp_path):
    assert data.taxonomies_path({"PATH": "c"}).as_posix() == "c/data/taxonomies.yaml"
    assert data.taxonomies_path({"PATH": "c", "CONTENT_TAXONOMIES": "x.yaml"}).as_posix() == "x.yaml"
    path = tmp_path / "taxonomies.yaml"
    assert data.read_taxonomies(path) == {"themes": {}, "audiences": {}}
    path.write_text("themes:\n  emprise: Emprise\n", encoding="utf-8")
    assert data.read_taxonomies(path) == {"themes": {"emprise": "Emprise"}, "audiences": {}}


def test_typed_settings_read_each_field_from_its_setting_else_the_default():
    from dataclasses import dataclass, field

    from plugins.common import settings as typed

    @dataclass(frozen=True)
    class Demo:
        output_dir: str = "search"
        pages: list = field(default_factory=lambda: ["aide/"])

    assert typed.defaults_of(Demo, "DEMO") == {"DEMO_OUTPUT_DIR": "search", "DEMO_PAGES": ["aide/"]}
    assert typed.read(Demo, {}, "DEMO") == Demo()
    assert typed.read(Demo, {"DEMO_OUTPUT_DIR": None, "OTHER": 1}, "DEMO").output_dir is None  # None is a value
    assert typed.read(Demo, {"PAGES": []}, "").pages == []


def test_plugins_settings_defaults_are_their_dataclass_defaults():
    from plugins.admin_cms import DEFAULTS as ADMIN, AdminCms
    from plugins.contacts import DEFAULTS as CONTACTS, Contacts
    assert CONTACTS["AIDE_SAVE_AS"] == Contacts().aide_save_as == "aide/index.html"
    assert ADMIN["ADMIN_CMS"] is AdminCms().cms is False
    assert Contacts.read({"HELP_BLOCK_CONTACTS": ["17"]}).help_block_contacts == ["17"]


def test_typography_and_accessibility_audit_settings_are_dataclasses():
    from plugins.accessibility_audit import AccessibilityAudit
    from plugins.typography import Typography
    from plugins.typography.core import FOREIGN_TERMS
    assert Typography.read({}).typography is True and Typography.read({}).typography_foreign_terms == FOREIGN_TERMS
    assert Typography.read({"TYPOGRAPHY": False}).typography is False
    assert AccessibilityAudit.read({"ACCESSIBILITY_AUDIT_LINK": "/a11y/"}) == AccessibilityAudit(link="/a11y/")
    assert AccessibilityAudit().grid == "docs/rgaa/grille.yaml"


def test_plugins_still_reading_settings_ad_hoc_now_have_a_dataclass_with_defaults_in_one_place():
    from plugins.content_guard import ContentGuard
    from plugins.content_links import ContentLinks
    from plugins.content_schema.prefetch import ContentRead
    from plugins.minify import Minify
    from plugins.printable import DEFAULT_SITEURL, Printable, public_siteurl
    from plugins.search_index import DEFAULTS as SEARCH, SearchIndex
    from plugins.security_headers import SecurityHeaders
    from plugins.site_structure import SiteStructure
    assert SEARCH["SEARCH_OUTPUT_DIR"] == SearchIndex().output_dir == "search"
    assert SearchIndex.read({"SEARCH_PDFS": False, "SEARCH_PARALLEL_MIN": 3}) == SearchIndex(pdfs=False, parallel_min=3)
    assert Minify.read({}).html is False and Minify.read({"MINIFY_HTML": True}).html is True
    assert SecurityHeaders.read({"SECURITY_HEADERS_PATHS": {"/admin/*": {}}}).paths == {"/admin/*": {}}
    assert ContentRead.read({"CONTENT_READ_WORKERS": 1}) == ContentRead(workers=1, parallel_min=200)
    assert SiteStructure.read({"HOME_LATEST_COUNT": 2}) == SiteStructure(home_latest_count=2)
    assert ContentGuard.read({}).refuse_empty_sections is False
    assert ContentLinks.read({"CONTENT_LINKS_PARALLEL_MIN": 1}).parallel_min == 1 == ContentLinks(1).parallel_min
    assert ContentGuard.read({"REFUSE_EMPTY_SECTIONS": True}).refuse_empty_sections is True
    printable = Printable.read({"PRINTABLE_PDFS": True, "PRINTABLE_CATEGORIES": ["fiches"]})
    assert printable.pdfs is True and printable.categories == ["fiches"] and printable.labels == {}
    assert public_siteurl({"SITEURL": "", "PRINTABLE_SITEURL": None}) == DEFAULT_SITEURL
    assert public_siteurl({"SITEURL": "", "PRINTABLE_SITEURL": "https://a.fr/"}) == "https://a.fr"


def test_pdf_links_and_assets_settings_are_dataclasses_with_the_pipeline_defaults():
    from pathlib import Path as P

    from plugins.assets import Assets, options
    from plugins.assets.options import Options
    from plugins.pdf_links import PdfLinks
    from plugins.pdf_links.core import COVER_WIDTH
    assert PdfLinks.read({}) == PdfLinks(cover_width=COVER_WIDTH, covers_dir="pdfs/covers")
    assert PdfLinks.read({"PDF_COVER_WIDTH": 120, "PDF_COVERS_DIR": "c"}) == PdfLinks(120, "c")
    assert Assets.read({}).purge == Options.purge and Assets.read({"ASSETS_MINIFY": False}).minify is False
    built = options({"ASSETS_CACHE_PATH": "/tmp/a", "ASSETS_KEEP_CLASSES": ["x"], "SITEURL": "/s"})
    assert built == Options(siteurl="/s", keep_classes=("x",), cache_dir=P("/tmp/a"))
    assert options({}) == Options()  # no setting: the pipeline's own defaults


def test_the_page_record_gives_the_line_of_any_field_and_of_a_text_of_the_body():
    from plugins.common.record import EMPTY, RECORD_KEY, PageRecord, record_of
    from plugins.common.rules.frontmatter import parse

    text = ("---\ntitle: A\nattachments:\n  - title: Guide\n    url: https://a.fr/g.pdf\n"
            "contacts: [\"17\", \"112\"]\n---\nIntro.\n\nVoir [le guide](/pdfs/guide.pdf).\n")
    record = parse(text.encode(), "content/fiches/a.md")
    assert isinstance(record, PageRecord) and record.path == "content/fiches/a.md"
    assert record.line_of(("attachments", 0, "url")) == 5 and record.line_of(("attachments", 0)) == 4
    assert record.line_of(("attachments", 0, "pages")) == 4  # not written: its entry's line
    assert record.line_of(("contacts", 1)) == 6 and record.line_of(("nothing",), 9) == 9
    assert record.body_line == 8 and record.body_line_of_text(["absent", "guide.pdf"]) == 10
    assert record.body_line_of_text(["absent"]) == 8
    item = SimpleNamespace(metadata={RECORD_KEY: record})
    assert record_of(item) is record
    assert record_of(SimpleNamespace(metadata={})) is EMPTY and EMPTY.line_of(("title",)) == 1


def test_plugins_take_their_lines_from_the_record_also_when_files_are_read_in_parallel(fixture_site):
    """contacts, site_structure (sources, related): one message each, on the line of the value."""
    page = "\n".join(["---", "title: Essai", "summary: Une phrase.", "date: 2026-11-28",
                      "contacts:", "  - \"119\"", "  - inconnu-xyz",
                      "sources:", "  - title: Ailleurs", "    page: page-absente",
                      "related: [autre-absente]", "---", "Texte court."]) + "\n"
    files = {"fiches/a.md": page}
    parallel = {"CONTENT_READ_PARALLEL_MIN": 1, "CONTENT_READ_WORKERS": 2, "CACHE_CONTENT": False,
                "LOAD_CONTENT_CACHE": False}
    for overrides in (None, parallel):
        errors, _, _ = fixture_site(files, overrides)
        for line, needle in ((7, "« inconnu-xyz »"), (10, "« page-absente »"), (11, "« autre-absente »")):
            assert [e for e in errors if f"fiches/a.md:{line}: " in e and needle in e], (line, errors)

# ---------------------------------------------------------------- one body pass (body.py)


from plugins.common import body as body_pass


@pytest.fixture
def only_these_transforms(monkeypatch):
    """An empty registry for the test; the plugins' transforms are restored afterwards."""
    registry: dict = {}
    monkeypatch.setattr(body_pass, "_TRANSFORMS", registry)
    return registry


def _page(html, siteurl=""):
    return SimpleNamespace(_content=html, source_path="content/fiches/a.md", settings={"SITEURL": siteurl})


def test_transforms_run_in_order_on_one_parse(only_these_transforms, monkeypatch):
    parses, seen = [], []
    real_parse = body_pass.parse
    monkeypatch.setattr(body_pass, "parse", lambda html: parses.append(html) or real_parse(html))

    def second(body):
        seen.append(("second", body.tree.root.css_first("a").attributes.get("class")))

    def first(body):
        seen.append(("first", None))
        body.tree.root.css_first("a").attrs["class"] = "x"
        body.touch()
    body_pass.register_transform(20, "second", second)
    body_pass.register_transform(10, "first", first)
    out = body_pass.run(_page('<p><a href="/a/">a</a></p>'))
    assert seen == [("first", None), ("second", "x")]  # the second sees what the first changed
    assert len(parses) == 1 and out == '<p><a href="/a/" class="x">a</a></p>'


def test_an_untouched_body_is_the_same_string_and_wants_skip_the_parse(only_these_transforms, monkeypatch):
    parses = []
    real_parse = body_pass.parse
    monkeypatch.setattr(body_pass, "parse", lambda html: parses.append(html) or real_parse(html))
    html = "<p>Texte&nbsp;<em>libre</em> <a href='/x/'>x</a></p>"  # not as Lexbor would write it
    body_pass.register_transform(10, "reader", lambda body: body.links())
    assert body_pass.run(_page(html)) is html and len(parses) == 1
    only_these_transforms.clear()
    body_pass.register_transform(10, "pdf", lambda body: pytest.fail("not wanted"), lambda h: ".pdf" in h)
    assert body_pass.run(_page(html)) is html and len(parses) == 1  # nothing wanted it: not parsed


def test_the_plugins_transforms_share_one_parse(monkeypatch):
    """The real registry (content_links, pdf_links, external_links): one parse for a body that all
    of them change, and each change is there."""
    import plugins.content_links as content_links
    import plugins.external_links as external_links
    monkeypatch.setattr(body_pass, "_TRANSFORMS", {})
    content_links.register()
    external_links.register()
    parses = []
    real_parse = body_pass.parse
    monkeypatch.setattr(body_pass, "parse", lambda html: parses.append(html) or real_parse(html))
    page = _page('<p><a href="/aide/">aide</a> <a href="https://ex.org/">ex</a></p>',
                 siteurl="https://h.example/apercu/pr-12")
    out = body_pass.run(page)
    assert len(parses) == 1
    assert out == ('<p><a href="https://h.example/apercu/pr-12/aide/">aide</a> '
                   '<a href="https://ex.org/" rel="noopener noreferrer external">ex</a></p>')
    assert [n for _, n, _, _ in body_pass.transforms()] == ["content_links:read", "external_links",
                                                          "content_links:move"]


# Shared modules any plugin may import (no plugin of their own: pure helpers, or one small module
# of knowledge used by several plugins). Everything else under plugins/ is a plugin's internals.
SHARED_MODULES = ("common", "theme_files", "pdfinspect", "fact_base", "remote_pdfs", "escaping",
                  "site_url", "recommendations", "forked")
# Documented exceptions (docs/architecture.md): none. The rule book that several plugins and the web
# editor's form need (front-matter contract, the directory's contract, body markup, reference messages)
# lives in the shared package plugins/common/rules/.
ALLOWED_SIDEWAYS: set[tuple[str, str]] = set()


def _plugin_imports(root):
    """(plugin, file, imported module) for every import of a `plugins.*` module from a plugin's
    files, relative imports resolved (`from ..x import y` in plugins/a/b.py is plugins.x)."""
    import ast
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        owner = rel.parts[0].removesuffix(".py")
        package = ["plugins", *rel.parts[:-1]]  # what `from . import` names
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package[:len(package) - node.level + 1]
                    base = ".".join(parent + ([base] if base else []))
                modules = [f"{base}.{a.name}" for a in node.names]  # a name may be a module
            else:
                continue
            found += [(owner, str(rel), m) for m in modules if m.startswith("plugins.") or m == "plugins"]
    return found


def sideways_imports(root) -> list[str]:
    """Imports of another plugin's module by a plugin (the shared modules and exceptions left out)."""
    bad = []
    for owner, file, module in _plugin_imports(root):
        parts = module.split(".")
        target = parts[1] if len(parts) > 1 else ""
        if not target or target == owner or target in SHARED_MODULES:
            continue
        if any(owner == o and (module == m or module.startswith(m + ".")) for o, m in ALLOWED_SIDEWAYS):
            continue
        bad.append(f"{file}: {module}")
    return bad


def test_no_plugin_imports_another_plugins_internals():
    root = Path(__file__).resolve().parents[2] / "plugins"
    assert sideways_imports(root) == []
    # what the plugins import from each other now lives in the shared package
    modules = {m.rsplit(".", 1)[0] for _, _, m in _plugin_imports(root)}
    assert {"plugins.common.memo", "plugins.common.typography", "plugins.common.downloads",
            "plugins.common.rules.schema", "plugins.common.rules"} <= modules


def test_the_import_check_sees_absolute_relative_and_nested_imports(tmp_path):
    (tmp_path / "alpha").mkdir()
    (tmp_path / "alpha" / "__init__.py").write_text(
        "from plugins.beta.core import x\nfrom . import core\nfrom plugins.common import body\n")
    (tmp_path / "alpha" / "core.py").write_text(
        "def f():\n    import plugins.gamma\n    from ..beta import y\n    from plugins import delta\n"
        "    from .helpers import z\n")
    (tmp_path / "admin_cms.py").write_text("from plugins.content_schema.schema import build_schema\n"
                                           "from plugins.contacts import schema\n"
                                           "from plugins.contacts import Contacts\n"
                                           "from plugins.contacts.checks import check\n")
    assert sideways_imports(tmp_path) == ["admin_cms.py: plugins.content_schema.schema.build_schema",
                                          "admin_cms.py: plugins.contacts.schema",
                                          "admin_cms.py: plugins.contacts.Contacts",
                                          "admin_cms.py: plugins.contacts.checks.check",
                                          "alpha/__init__.py: plugins.beta.core.x",
                                          "alpha/core.py: plugins.gamma", "alpha/core.py: plugins.beta.y",
                                          "alpha/core.py: plugins.delta"]


def package_circles(root) -> list[list[str]]:
    """Circles in the import graph of plugins/ taken package by package (plugins.a imports plugins.b,
    which imports plugins.a, at any depth; function-level imports count too): each as the list of
    packages on it."""
    edges: dict[str, set[str]] = {}
    for owner, _file, module in _plugin_imports(root):
        parts = module.split(".")
        target = parts[1] if len(parts) > 1 else ""
        if target and target != owner and ((root / target).is_dir() or (root / f"{target}.py").is_file()):
            edges.setdefault(owner, set()).add(target)
    circles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                circles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    return circles


def test_no_import_circle_between_plugins_and_shared_modules():
    assert package_circles(Path(__file__).resolve().parents[2] / "plugins") == []


def test_no_plugin_imports_upward_from_the_tools():
    """tools/ (command-line helpers) use the plugins, never the other way round."""
    import ast
    repo = Path(__file__).resolve().parents[2]
    tool_names = {p.stem for p in (repo / "tools").glob("*.py")} | {
        p.name for p in (repo / "tools").iterdir() if p.is_dir()} | {"tools"}
    found = []
    for path in sorted((repo / "plugins").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [f"{path.relative_to(repo)}: {n}" for n in names if n.split(".")[0] in tool_names]
    assert found == []


def test_the_circle_check_can_fail(tmp_path):
    for name, text in (("alpha", "from plugins.beta import x\n"), ("beta", "from plugins.gamma.core import y\n"),
                       ("gamma", "def f():\n    from ..alpha import z\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(text, encoding="utf-8")
    (tmp_path / "gamma" / "core.py").write_text("y = 1\n", encoding="utf-8")
    (tmp_path / "shared.py").write_text("import plugins.alpha\n", encoding="utf-8")
    assert package_circles(tmp_path) == [["alpha", "beta", "gamma", "alpha"]]


def test_plugins_read_html_with_one_parser_only():
    """One HTML reader (Lexbor): no plugin imports the standard library's html.parser, and the
    body transforms go through the body pass instead of their own content_object_init receiver."""
    import ast
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "plugins"
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(root)}: {n}" for n in names if n.startswith("html.parser")]
    assert found == []
    for plugin in ("external_links", "pdf_links", "content_links"):
        text = (root / plugin / "__init__.py").read_text(encoding="utf-8")
        assert "register_transform(" in text, plugin
    assert "content_object_init.connect(_fix_content)" not in (root / "external_links" / "__init__.py").read_text()


def test_page_memo_computes_each_text_once_and_keeps_only_the_last_build(tmp_path):
    from plugins.common.memo import PageMemo
    calls = []

    def scan(text):
        calls.append(text)
        return (len(text), text.upper())

    memo = PageMemo(tmp_path, "essai-v1", family="essai-")
    assert memo.get("<p>a</p>", scan) == (8, "<P>A</P>") and memo.get("<p>b</p>", scan)
    memo.save()
    again = PageMemo(tmp_path, "essai-v1", family="essai-")
    assert again.get("<p>a</p>", scan) == (8, "<P>A</P>") and again.get("<p>c</p>", scan)
    assert calls == ["<p>a</p>", "<p>b</p>", "<p>c</p>"]  # « a » came from the file
    again.save()
    assert set(PageMemo(tmp_path, "essai-v1").known.values()) == {(8, "<P>A</P>"), (8, "<P>C</P>")}
    (tmp_path / "essai-v1.pickle").write_bytes(b"abime")
    assert PageMemo(tmp_path, "essai-v1").known == {}  # a damaged file is only a cache miss
    PageMemo(tmp_path, "essai-v2", family="essai-").save()  # nothing seen: nothing written
    newer = PageMemo(tmp_path, "essai-v2", family="essai-")
    newer.get("<p>a</p>", scan)
    newer.save()
    assert [p.name for p in tmp_path.glob("essai-*.pickle")] == ["essai-v2.pickle"]
    assert PageMemo(None, "x").get("t", scan) == (1, "T")  # no folder: computed, nothing kept
