"""What content/ may hold (plugins/content_guard/core.py): links, special files, non-PDFs in pdfs/,
reserved addresses and templates derived from the settings."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from plugins.content_guard import core


def _tree(tmp_path):
    content = tmp_path / "content"
    for sub in ("fiches", "pages", "pdfs"):
        (content / sub).mkdir(parents=True)
    (content / "fiches" / "a.md").write_text("x")
    (content / "pdfs" / "ok.pdf").write_bytes(b"%PDF-1.7\n")
    return content


def test_a_plain_tree_has_nothing_refused(tmp_path):
    found = core.scan(_tree(tmp_path))
    assert found.fatal == [] and found.problems == [] and found.refused == set()
    assert found.pdfs == ["pdfs/ok.pdf"] and found.markdown == {"fiches": 1}


def test_links_and_special_files_are_fatal_and_never_followed(tmp_path):
    content = _tree(tmp_path)
    outside = tmp_path / "dehors"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    (content / "fiches" / "dossier").symlink_to(outside)
    (content / "pdfs" / "x.pdf").symlink_to("/etc/hostname")
    os.mkfifo(content / "pages" / "tube.md")
    found = core.scan(content)
    assert sorted(p for p, _ in found.fatal) == ["fiches/dossier", "pages/tube.md", "pdfs/x.pdf"]
    assert "dossier est un lien symbolique" in dict(found.fatal)["fiches/dossier"]
    assert "fichier ordinaire" in dict(found.fatal)["pages/tube.md"]
    assert found.markdown == {"fiches": 1}  # the linked folder was not walked


def test_pdfs_folder_holds_pdfs_only():
    def magic(data):
        return lambda: data
    assert core.pdf_file_problem("guide.pdf", magic(b"%PDF-")) is None
    assert core.pdf_file_problem("Guide-Élèves_2024.PDF", magic(b"%PDF-")) is None
    assert "que des documents PDF" in core.pdf_file_problem("x.svg", magic(b"%PDF-"))
    assert "que des documents PDF" in core.pdf_file_problem("x.js", magic(b"%PDF-"))
    assert "n’est pas un PDF" in core.pdf_file_problem("x.pdf", magic(b"<html"))
    for name in ("a..b.pdf", ".cache.pdf", "a b.pdf", "-x.pdf"):
        assert "nom de fichier refusé" in core.pdf_file_problem(name, magic(b"%PDF-")), name


def test_ignored_files_are_left_alone_but_links_never(tmp_path):
    content = _tree(tmp_path)
    (content / "pdfs" / ".DS_Store").write_bytes(b"\0")
    (content / "pdfs" / "guide.pdf~").symlink_to("/etc/hostname")
    found = core.scan(content, [".DS_Store", "*~"])
    assert found.problems == [] and [p for p, _ in found.fatal] == ["pdfs/guide.pdf~"]
