"""Shared helpers (plugins/common/): French dates, atomic writes, log capture, taxonomies."""
from __future__ import annotations

import datetime as dt
import logging

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


# ---------------------------------------------------------------- one body pass (body.py)

from types import SimpleNamespace

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
