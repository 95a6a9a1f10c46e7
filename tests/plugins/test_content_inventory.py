"""Count in = count out: the comparison between the files found and the pages written."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from plugins.content_inventory.core import find_sources, inventory


def test_every_file_is_published_draft_or_failed():
    inv = inventory(
        sources=["c/fiches/a.md", "c/fiches/b.md", "c/fiches/d.md", "c/fiches/e.md", "c/fiches/f.md",
                 "c/fiches/notes.txt"],
        published={"c/fiches/a.md": "fiches/a/index.html", "c/fiches/e.md": "fiches/e/index.html"},
        drafts={"c/fiches/b.md"}, failed={"c/fiches/d.md"}, written={"fiches/a/index.html"})
    assert inv.published == ["c/fiches/a.md"] and inv.drafts == ["c/fiches/b.md"] and inv.failed == ["c/fiches/d.md"]
    problems = dict(inv.problems)
    assert problems["c/fiches/e.md"].startswith("la page de ce fichier (fiches/e/index.html) n’a pas été écrite")
    assert problems["c/fiches/f.md"].startswith("ce fichier n’a produit aucune page")
    assert problems["c/fiches/notes.txt"].startswith("ce fichier n’est pas publié : seuls les fichiers .md")
    assert inv.summary() == ("Contenus : 5 fichier(s) .md, 1 page(s) publiée(s), 1 brouillon(s) non publié(s) "
                             "volontairement (c/fiches/b.md), 1 fichier(s) en erreur.")


def test_sources_skip_hidden_files_and_editor_backups(tmp_path):
    (tmp_path / "fiches" / ".git").mkdir(parents=True)
    for name in ("a.md", ".gitkeep", "a.md~", ".#a.md", "Fiche été.md"):
        (tmp_path / "fiches" / name).write_text("x", encoding="utf-8")
    (tmp_path / "fiches" / ".git" / "x.md").write_text("x", encoding="utf-8")
    found = [p.name for p in find_sources(tmp_path, ["fiches", "absent"], [".#*", "*~", ".DS_Store"])]
    assert found == ["Fiche été.md", "a.md"]
