"""What content/ may hold (plugins/content_guard/core.py): links, special files, non-PDFs in pdfs/,
reserved addresses and templates derived from the settings."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from plugins import theme_files
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


# --- issue 23: only what we chose is published --------------------------------------------------

def test_only_allowed_types_are_published_per_folder(tmp_path):
    content = _tree(tmp_path)
    (content / "images").mkdir()
    (content / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    (content / "images" / "faux.png").write_bytes(b"<svg onload=alert(1)>")
    (content / "images" / "x.svg").write_bytes(b"<svg/>")
    (content / "fiches" / "app.js").write_text("alert(1)")
    (content / "fiches" / "page.html").write_text("<script>alert(1)</script>")
    (content / "notes.txt").write_text("x")
    found = core.scan(content)
    problems = dict(found.problems)
    assert set(problems) == {"images/photo.png", "images/faux.png", "images/x.svg", "fiches/app.js",
                             "fiches/page.html", "notes.txt"}
    assert "illisible" in problems["images/photo.png"]  # a PNG signature, but no image in it
    assert "n’est pas de ce format" in problems["images/faux.png"]
    for rel in ("images/x.svg", "fiches/app.js", "fiches/page.html", "notes.txt"):
        assert "ne peut pas être publié" in problems[rel], rel
    assert set(problems) <= found.refused


def test_published_problem_is_the_same_list_for_links():
    assert core.published_problem("pdfs/guide.pdf") is None
    assert core.published_problem("pdfs/sous/guide.pdf") is None
    assert core.published_problem("images/photo.webp") is None
    for rel in ("fiches/essai.md", "data/contacts.yaml", "pdfs/x.html", "images/x.svg", "fiches/x.png", "x.pdf"):
        assert "ne peut pas être publié" in core.published_problem(rel), rel


def test_the_remote_pdf_lock_is_data_never_published(tmp_path):
    content = _tree(tmp_path)
    (content / "data").mkdir(exist_ok=True)
    (content / "data" / "pdf-distants.lock.json").write_text('{"version": 1, "documents": {}}\n')
    (content / "data" / "notes.txt").write_text("x")
    found = core.scan(content)
    problems = dict(found.problems)
    assert "data/pdf-distants.lock.json" in found.data and "data/pdf-distants.lock.json" not in problems
    assert "ne peut pas être publié" in problems["data/notes.txt"]
    assert "ne peut pas être publié" in core.published_problem("data/pdf-distants.lock.json")


def test_folder_names_follow_the_file_name_rule_and_sections_have_no_sub_folder(tmp_path):
    content = _tree(tmp_path)
    bad = content / "pdfs" / '"><meta http-equiv=refresh content=0;url=https:evil.example>'
    bad.mkdir()
    (bad / "guide.pdf").write_bytes(b"%PDF-1.7\n")
    (content / "pdfs" / "annexes").mkdir()
    (content / "pdfs" / "annexes" / "a.pdf").write_bytes(b"%PDF-1.7\n")
    (content / "fiches" / "aide").mkdir()
    (content / "fiches" / "aide" / "x.md").write_text("x")
    found = core.scan(content)
    problems = dict(found.problems)
    assert "nom de dossier refusé" in problems[os.path.relpath(bad, content)]
    assert "sous-dossier refusé" in problems["fiches/aide"]
    assert "pdfs/annexes/a.pdf" in found.pdfs  # a well-named folder of PDFs is fine
    assert not any(p.endswith("guide.pdf") for p in found.pdfs) and found.markdown == {"fiches": 1}


def test_template_kinds_are_read_from_the_theme():
    kinds = theme_files.template_kinds(ROOT / "theme" / "templates")
    assert {"fiche", "guide", "rapport", "article"} <= kinds["article"]
    assert {"page", "recherche", "plan-du-site"} <= kinds["page"]
    assert not kinds["article"] & kinds["page"]


def test_page_slugs_never_name_a_technical_file():
    for slug in ("_headers", "_redirects", ".htaccess", "robots.txt", "404.html", "sitemap.xml"):
        assert not theme_files.SAFE_SLUG.match(slug), slug
    for slug in ("mentions-legales", "plan-du-site", "a-propos", "page_2"):
        assert theme_files.SAFE_SLUG.match(slug), slug


def test_static_link_targets_resolve_like_pelican(tmp_path):
    from plugins.content_guard import static_target
    content = _tree(tmp_path)
    source = str(content / "fiches" / "a.md")
    assert static_target(content, source, "../pdfs/ok.pdf#page=2") == "pdfs/ok.pdf"
    assert static_target(content, source, "/data/contacts.yaml") == "data/contacts.yaml"
    assert static_target(content, source, "dessin%2Esvg") == "fiches/dessin.svg"
    assert static_target(content, source, "../../../etc/hostname").startswith("..")
