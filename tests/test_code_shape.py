"""The shape of the code (issue 24, « Done when »): no module of plugins/ or tools/ over 400 lines
(split by concern, not by cutting a file in half). The import rules (no plugin imports another
plugin's internals, no circle) are in tests/plugins/test_common.py."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400
# Modules allowed over the limit, each with its reason. To be emptied: the split of distress.py is
# on branch t22g (list rules moved to plugins/common/rules/distress_lists.py), not yet merged.
ALLOWED_LONG: dict[str, str] = {
    "plugins/search_index/distress.py": "the distress matcher's data checks and its matcher; split pending (t22g)",
}


def long_modules(root: Path, folders=("plugins", "tools"), limit: int = MAX_LINES) -> list[str]:
    """« path: N lines » for every Python module of `folders` over `limit` lines."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            count = len(path.read_text(encoding="utf-8").splitlines())
            rel = path.relative_to(root).as_posix()
            if count > limit and rel not in ALLOWED_LONG:
                found.append(f"{rel}: {count} lines")
    return found


def test_no_module_of_plugins_or_tools_passes_400_lines():
    assert long_modules(ROOT) == [], ("split these modules by concern (one job each), as "
                                      "plugins/pdf_links/ is split")
    for rel in ALLOWED_LONG:  # an allowed module that shrank leaves the list
        assert len((ROOT / rel).read_text(encoding="utf-8").splitlines()) > MAX_LINES, rel


def test_the_length_check_can_fail(tmp_path):
    (tmp_path / "plugins" / "big").mkdir(parents=True)
    (tmp_path / "tools").mkdir()
    (tmp_path / "plugins" / "big" / "core.py").write_text("x = 1\n" * 401, encoding="utf-8")
    (tmp_path / "tools" / "small.py").write_text("x = 1\n" * 400, encoding="utf-8")
    assert long_modules(tmp_path) == ["plugins/big/core.py: 401 lines"]


def _page_picture() -> str:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## A page from file to output (one picture)", 1)[1]
    return section.split("```", 2)[1]


def test_the_picture_of_a_page_names_the_body_pass_as_the_plugins_register_it(monkeypatch):
    """docs/architecture.md's one picture stays accurate: the body pass's transforms, in their
    order, are the ones the plugins register, and every module it names exists."""
    import re

    import plugins.contacts as contacts
    import plugins.content_links as content_links
    import plugins.external_links as external_links
    import plugins.pdf_links as pdf_links
    from plugins.common import body as body_pass
    monkeypatch.setattr(body_pass, "_TRANSFORMS", {})
    for plugin in (contacts, content_links, external_links, pdf_links):
        plugin.register()
    registered = [(order, name) for order, name, _fn, _wants in body_pass.transforms()]
    picture = _page_picture()
    drawn = [(int(order), name) for order, name in re.findall(r"\b(\d{2}) ([a-z_]+(?::[a-z]+)?)", picture)]
    assert drawn == registered
    for module in set(re.findall(r"\b([a-z_]+)\.py\b", picture)):
        assert list((ROOT / "plugins").rglob(f"{module}.py")) or (ROOT / "tools" / f"{module}.py").is_file(), module
    for plugin, part in (("pdf_links", "downloads"), ("site_structure", "source_links"),
                         ("contacts", "contact_cards")):  # the typed parts drawn are the ones set
        assert f"{plugin} ─► item.{part}" in picture
        assert re.search(rf"\b(item|instance)\.{part} = ",
                         (ROOT / "plugins" / plugin / "__init__.py").read_text(encoding="utf-8")), plugin
