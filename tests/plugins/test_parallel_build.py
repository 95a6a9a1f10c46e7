"""Large sites are read and indexed on every core (plugins/content_schema/prefetch.py, the forked
search writer of plugins/search_index): same site, same errors as the sequential build.

The real site is below the thresholds (CONTENT_READ_PARALLEL_MIN, SEARCH_PARALLEL_MIN), so these
tests lower them to 1 and compare with the sequential build byte for byte.
"""
from __future__ import annotations

from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]

from conftest import build_fixture_site, build_site

from plugins import search_index as search_module
from plugins.content_schema import prefetch as prefetch_module

PARALLEL = {"CONTENT_READ_WORKERS": 2, "CONTENT_READ_PARALLEL_MIN": 1, "SEARCH_PARALLEL_MIN": 1,
            "CONTENT_LINKS_PARALLEL_MIN": 1, "PRINTABLE_PDFS": False}
SEQUENTIAL = {"CONTENT_READ_WORKERS": 1, "SEARCH_PARALLEL_MIN": 10**9, "CONTENT_LINKS_PARALLEL_MIN": 10**9,
              "PRINTABLE_PDFS": False}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_build_of_the_real_site_equals_the_sequential_one(tmp_path, real_site):
    out = tmp_path / "parallel"
    assert build_site(out, overrides=PARALLEL) == []
    prefetch = prefetch_module
    search = search_module
    assert prefetch.STATS["prefetched"] >= 30 and prefetch.STATS["taken"] == prefetch.STATS["prefetched"]
    assert search.STATS["forked"] >= 1
    sequential = tmp_path / "sequential"
    assert build_site(sequential, overrides=SEQUENTIAL) == []
    assert prefetch.STATS["prefetched"] == 0
    parallel_files, sequential_files = files_of(out), files_of(sequential)
    assert parallel_files.keys() == sequential_files.keys()
    different = [name for name in parallel_files if parallel_files[name] != sequential_files[name]]
    assert different == []


def page(title: str, body: str, date: str = "2026-11-28") -> str:
    return f"---\ntitle: {title}\nsummary: Une phrase.\ndate: {date}\n---\n{body}\n"


BROKEN = {
    "fiches/bonne.md": page("Bonne", "Un texte correct."),
    "fiches/date-fausse.md": page("Date fausse", "Texte.", date="2026-13-01"),
    "fiches/script.md": page("Script", "Texte.\n\n<script>alert(1)</script>"),
    "fiches/ancre.md": page("Ancre", "Voir [la bonne fiche](/fiches/bonne/#partie-absente) et "
                                     "[une adresse absente](/fiches/nulle-part/)."),
}


def test_parallel_read_reports_the_same_file_line_errors(tmp_path):
    parallel, _, _ = build_fixture_site(tmp_path / "p", BROKEN, PARALLEL)
    sequential, _, _ = build_fixture_site(tmp_path / "s", BROKEN, SEQUENTIAL)
    assert any(m.startswith("content/fiches/date-fausse.md:4:") or "date-fausse.md:4:" in m for m in parallel)
    assert any("script.md:" in m and "script" in m.lower() for m in parallel)
    assert any("ancre.md:6:" in m and "#partie-absente" in m for m in parallel)  # checked by a forked job
    assert any("ancre.md:6:" in m and "n’existe pas sur le site" in m for m in parallel)
    same = lambda messages, name: sorted(m.replace(f"/{name}/content/", "/site/content/") for m in messages)  # noqa: E731
    assert same(parallel, "p") == same(sequential, "s")
    assert not (tmp_path / "p" / "output").exists()  # a failed build writes nothing


def test_a_failing_forked_search_writer_fails_the_build(tmp_path, monkeypatch):
    # The writer runs in a forked process: its error must come back to the strict build.
    files = {"fiches/bonne.md": page("Bonne", "Un texte correct.")}
    build_fixture_site(tmp_path / "warm", files, PARALLEL)  # loads the plugin modules
    search = search_module

    def broken(*_args, **_kwargs):
        raise RuntimeError("disque plein (simulé)")

    monkeypatch.setattr(search, "write_search_assets", broken)
    before = search.STATS["forked"]
    errors, out, _ = build_fixture_site(tmp_path / "site", files, PARALLEL)
    assert search.STATS["forked"] == before + 1
    assert any("l’index de recherche n’a pas pu être écrit" in m and "disque plein (simulé)" in m for m in errors)
    assert not out.exists()


def test_parallel_read_skips_what_the_content_cache_holds(tmp_path):
    files = {f"fiches/f{i}.md": page(f"Fiche {i}", "Un texte correct.") for i in range(4)}
    cached = {**PARALLEL, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CONTENT_CACHE_DIR": str(tmp_path / "cache")}
    assert build_fixture_site(tmp_path / "site", files, cached)[0] == []
    prefetch = prefetch_module
    assert prefetch.STATS["prefetched"] >= 4
    assert build_fixture_site(tmp_path / "site", files, cached)[0] == []
    assert prefetch.STATS["prefetched"] == 0  # everything came from the cache
    files["fiches/f2.md"] = page("Fiche 2", "Texte modifié.")
    errors, out, _ = build_fixture_site(tmp_path / "site", files, cached)
    assert errors == [] and prefetch.STATS["prefetched"] == 1 and prefetch.STATS["taken"] == 1
    assert "Texte modifié." in (out / "fiches" / "f2" / "index.html").read_text(encoding="utf-8")


def test_a_build_stopped_before_finalized_leaves_no_writer_and_no_message(tmp_path, monkeypatch):
    # The forked writer starts once the content is read; if writing the pages then fails, the next
    # build must neither wait for it nor report its messages.
    from pelican.generators import ArticlesGenerator
    files = {"fiches/bonne.md": page("Bonne", "Un texte correct.")}
    build_fixture_site(tmp_path / "warm", files, PARALLEL)
    search = search_module
    original = ArticlesGenerator.generate_output

    def crash(self, writer):
        raise RuntimeError("panne simulée pendant l’écriture")

    monkeypatch.setattr(ArticlesGenerator, "generate_output", crash)
    before = search.STATS["forked"]
    errors, _, _ = build_fixture_site(tmp_path / "stopped", files, PARALLEL)
    assert errors and search.STATS["forked"] == before + 1 and "job" in search._CHILD
    monkeypatch.setattr(ArticlesGenerator, "generate_output", original)
    errors, out, _ = build_fixture_site(tmp_path / "next", files, PARALLEL)
    assert errors == [] and search._CHILD == {}
    assert (out / "search" / "manifest.json").is_file()
