"""`make html` on a large site: progress on a terminal only (tools/progress.py), then a one-screen
French summary."""
from __future__ import annotations

import os
from types import SimpleNamespace

import build as site_build
import progress
from conftest import NO_CONTENT_CACHE, ROOT
from fixture_content import write_content

FICHE = "---\ntitle: Fiche {n}\nsummary: Une phrase.\ndate: 2026-11-28\n---\nTexte.\n"


def _build(tmp_path, report, count=3, out="out"):
    content = tmp_path / "content"
    if not content.exists():
        write_content(tmp_path, {f"fiches/f{n}.md": FICHE.format(n=n) for n in range(count)})
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return site_build.build("pelicanconf.py", tmp_path / out, {**NO_CONTENT_CACHE, "PATH": str(content),
                                                                 "PRINTABLE_PDFS": False}, report=report)
    finally:
        os.chdir(cwd)


def test_the_report_counts_files_read_and_pages_written_and_shows_nothing_off_a_terminal(tmp_path, capsys):
    report = progress.BuildReport()
    assert report.progress is None  # pytest captures the output: not a terminal
    assert _build(tmp_path, report) == []
    assert report.read == 3
    written = [p for p in (tmp_path / "out").rglob("*.html")]
    assert report.written == len(written) >= 3
    assert "Lecture des contenus" not in capsys.readouterr().out


def test_on_a_terminal_the_bars_advance_and_the_site_is_the_same(tmp_path):
    report = progress.BuildReport(show=True)
    assert _build(tmp_path, report, count=4, out="a") == []
    tasks = {t.description: t for t in report.progress.tasks}
    assert tasks["Lecture des contenus"].total == 4 and tasks["Lecture des contenus"].completed == 4
    assert tasks["Écriture des pages"].completed == report.written and report.written >= 4
    assert _build(tmp_path, None, out="b") == []
    first = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert first == second


def test_the_summary_fits_on_one_screen_and_points_to_make_check():
    from plugins.recommendations import Recommendation
    advice = [Recommendation(f"content/fiches/f{n % 7}.md", n + 1, "conseil") for n in range(40)]
    report = SimpleNamespace(read=1200, written=1250)
    lines = progress.summary_lines(report, advice)
    assert len(lines) <= 15
    assert lines[1] == "Construction : 1200 fichier(s) de contenu lu(s), 1250 page(s) HTML écrite(s)."
    assert lines[2].startswith("Recommandations (40, dans 7 fichier(s))")
    assert lines[-1] == "  … et 30 autre(s) : « make check » les liste toutes."
    assert progress.summary_lines(None, []) == [""]
