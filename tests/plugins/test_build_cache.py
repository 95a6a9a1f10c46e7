"""plugins/build_cache: the cache folder changes with the code and the settings, never by chance."""
from __future__ import annotations

from plugins.build_cache.core import code_digest, prune_old, stable_repr


def test_digest_depends_on_files_and_settings(tmp_path):
    a = tmp_path / "a.py"
    a.write_text("x = 1")
    first = code_digest([a], "settings")
    assert code_digest([a], "settings") == first
    assert code_digest([a], "other settings") != first
    a.write_text("x = 2")
    assert code_digest([a], "settings") != first


def test_settings_text_is_the_same_in_every_process():
    class Extension:
        pass

    assert stable_repr({"b": {2, 1}, "a": [Extension()]}) == stable_repr({"a": [Extension()], "b": {1, 2}})
    assert "0x" not in stable_repr([Extension()])


def test_only_the_most_recent_cache_folders_are_kept(tmp_path):
    import os

    for i in range(6):
        folder = tmp_path / f"d{i}"
        folder.mkdir()
        (folder / "f").write_text("x")
        os.utime(folder, (i, i))
    (tmp_path / "_jinja").mkdir()
    prune_old(tmp_path, keep=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_jinja", "d2", "d3", "d4", "d5"]


def test_compiled_templates_are_shared_within_a_build_and_never_between_builds(tmp_path):
    # Jinja folds `{{ 'x'|asset }}` into constants when it compiles: a template compiled for one
    # SITEURL must not be reused by the next build (another SITEURL), in the same process.
    from conftest import build_fixture_site

    from plugins import build_cache
    page = "---\ntitle: Une fiche\nsummary: Une phrase.\ndate: 2026-11-28\n---\nTexte.\n"
    first = build_fixture_site(tmp_path / "a", {"fiches/une.md": page}, {"SITEURL": "https://un.example"})
    cache = build_cache._BUILD["templates"]
    assert first[0] == [] and cache.compiled  # templates were compiled once and shared
    second = build_fixture_site(tmp_path / "b", {"fiches/une.md": page}, {"SITEURL": "https://deux.example"})
    assert second[0] == [] and build_cache._BUILD["templates"] is not cache
    html = (second[1] / "fiches" / "une" / "index.html").read_text(encoding="utf-8")
    assert "https://deux.example/theme/" in html and "https://un.example" not in html
