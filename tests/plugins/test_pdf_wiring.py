"""Build-level tests of the PDF wiring (plugins/pdf_links and plugins/printable `register()`).

Small fixture sites only; every PDF is made here with pypdf (never downloaded). The printable
PDFs are rendered for one tiny site (two pages), built twice to check the cache.
"""
from __future__ import annotations

import html as html_lib
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]

import build as site_build
from plugins.pdf_links import check_pdfs, pdf_search_documents
from pdf_fixtures import pdf_bytes

NBSP = "\u00a0"


make_pdf = pdf_bytes


def page(title: str, body: str, front: str = "") -> str:
    return f"---\ntitle: \"{title}\"\nsummary: \"Résumé de la page.\"\ndate: 2026-11-28\n{front}---\n{body}\n"


GUIDE_PDF = make_pdf(["Premiere page du guide", "Deuxieme page", "Troisieme page"], title="Guide")

FICHE_WITH_PDFS = page(
    "Fiche avec documents",
    "Lisez [le guide complet](/pdfs/guide.pdf) et [le rapport européen](https://example.org/r.pdf).",
    front=("attachments:\n"
           "  - title: \"Guide de la fiche\"\n"
           "    file: pdfs/guide.pdf\n"
           "  - title: \"Rapport européen\"\n"
           "    url: \"https://example.org/r.pdf\"\n"
           "    lang: en\n"
           "    size: \"2,3 Mo\"\n"
           "    pages: 212\n"))


def html_of(out: Path, url: str) -> str:
    return (out / url.strip("/") / "index.html").read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def _content(root: Path, files: dict) -> Path:
    content = root / "content"
    for sub in ("fiches", "prevention", "rapports", "pages", "pdfs", "data"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    for source in (ROOT / "content" / "data").iterdir():
        if source.is_file():
            shutil.copy(source, content / "data" / source.name)
    for rel, data in files.items():
        path = content / rel
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
    return content


def _build(root: Path, content: Path, printable: bool) -> tuple[list[str], Path]:
    import os
    out = root / ("output" if printable else "output-sans-pdf")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        errors = site_build.build("pelicanconf.py", out, {
            "PATH": str(content), "PRINTABLE_PDFS": printable, "BUILD_CACHE_DIR": str(root / "cache")})
    finally:
        os.chdir(cwd)
    return errors, out


# ---------------------------------------------------------------------------------------------
# Download links, details and covers

@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("pdf-site")
    content = _content(root, {"fiches/a.md": FICHE_WITH_PDFS, "pdfs/guide.pdf": GUIDE_PDF})
    errors, out = _build(root, content, False)
    assert errors == []
    return out, root / "cache"


def test_body_link_to_local_pdf_gets_size_and_pages(pdf_site):
    out, _ = pdf_site
    html = html_of(out, "/fiches/a/")
    size = f"{len(GUIDE_PDF)}{NBSP}octets" if len(GUIDE_PDF) < 1000 else None
    link = re.search(r'<a class="fr-link fr-link--download" href="/pdfs/guide\.pdf">le guide complet '
                     r'<span class="fr-link__detail">([^<]+)</span></a>', html)
    assert link, "le lien du texte vers le PDF doit devenir un lien de téléchargement DSFR"
    detail = html_lib.unescape(link.group(1))  # a body is serialized by the HTML5 algorithm: &nbsp;
    assert detail.startswith("PDF – ") and detail.endswith(f"3{NBSP}pages")
    assert re.search(r"\d(,\d)?\u00a0(octets|ko|Mo)", detail)
    if size:
        assert size in detail
    assert (out / "pdfs" / "guide.pdf").read_bytes() == GUIDE_PDF


def test_body_link_to_declared_remote_pdf_gets_declared_detail(pdf_site):
    html = html_of(pdf_site[0], "/fiches/a/")
    link = re.search(r'<a [^>]*href="https://example\.org/r\.pdf"[^>]*>le rapport européen '
                     r'<span class="fr-link__detail">([^<]+)</span>', html)
    assert link and "fr-link--download" in link.group(0) and 'hreflang="en"' in link.group(0)
    assert html_lib.unescape(link.group(1)) == f"PDF – 2,3{NBSP}Mo – 212{NBSP}pages – en anglais"


def test_attachments_are_listed_under_telecharger(pdf_site):
    html = html_of(pdf_site[0], "/fiches/a/")
    section = html[html.index('id="telechargements"'):]
    section = section[:section.index("</section>")]
    assert "Télécharger" in html[html.index('id="telechargements"') - 60:html.index('id="telechargements"') + 60]
    local = re.search(r'<a class="fr-link fr-link--download" href="/pdfs/guide\.pdf" download>Guide de la fiche '
                      r'<span class="fr-link__detail">PDF – [^<]+ – 3\u00a0pages</span></a>', section)
    assert local
    remote = re.search(r'<a class="fr-link fr-link--download" href="https://example\.org/r\.pdf" hreflang="en" '
                       r'rel="noopener noreferrer external">Rapport européen <span class="fr-link__detail">'
                       r'PDF – 2,3\u00a0Mo – 212\u00a0pages – en anglais</span></a>', section)
    assert remote


def test_local_attachment_has_a_lazy_webp_cover_with_size_and_alt(pdf_site):
    out, cache = pdf_site
    html = html_of(out, "/fiches/a/")
    img = re.search(r"<img [^>]*telechargement__couverture[^>]*>", html)
    assert img, "la couverture du PDF local doit être affichée à côté du lien"
    tag = img.group(0)
    assert 'alt="Couverture du document : Guide de la fiche"' in tag
    assert 'loading="lazy"' in tag
    width = re.search(r'width="(\d+)"', tag)
    height = re.search(r'height="(\d+)"', tag)
    assert width and height and int(width.group(1)) == 300
    assert 400 < int(height.group(1)) < 450  # A4 ratio
    src = re.search(r'src="([^"]+)"', tag).group(1)
    assert src.startswith("/pdfs/covers/") and src.endswith(".webp")
    data = (out / src.lstrip("/")).read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    assert list((cache / "covers").glob("*.webp")), "la couverture doit être en cache (.cache/covers)"


def test_remote_attachment_has_no_cover(pdf_site):
    html = html_of(pdf_site[0], "/fiches/a/")
    assert html.count("telechargement__couverture") == 1


# ---------------------------------------------------------------------------------------------
# Editors' mistakes fail the build with file:line and the page

BROKEN = {
    "fiches/b.md": page("Fiche B", "Intro.\n\nVoir [le document](/pdfs/absent.pdf)."),
    "fiches/c.md": page("Fiche C", "Voir [le document](/pdfs/faux.pdf)."),
    "fiches/d.md": page("Fiche D", "Texte.", front="attachments:\n  - title: \"Absent\"\n    file: pdfs/absent.pdf\n"),
    "fiches/e.md": page("Fiche E", "Texte.", front="attachments:\n  - title: \"Faux\"\n    file: pdfs/faux-gif.pdf\n"),
    "fiches/f.md": page("Fiche F", "Voir [le document chiffré](/pdfs/chiffre.pdf).",
                        front="attachments:\n  - title: \"Chiffré\"\n    file: pdfs/chiffre.pdf\n"),
    "rapports/g.md": page("Rapport G", "Texte.", front=("attachments:\n  - title: \"Rapport\"\n"
                                                        "    url: \"https://example.org/g.pdf\"\n"
                                                        "    size: \"2.3 MB\"\n")),
    "pdfs/faux.pdf": b"<html>pas un PDF</html>",
    "pdfs/faux-gif.pdf": b"GIF89a pas un PDF",
    "pdfs/chiffre.pdf": make_pdf(owner_password="proprietaire"),
}


@pytest.fixture(scope="module")
def broken_errors(tmp_path_factory):
    """One build of a site where every page has one PDF mistake: all are reported at once."""
    root = tmp_path_factory.mktemp("broken-site")
    errors, out = _build(root, _content(root, BROKEN), False)
    assert not out.exists(), "une construction en échec ne doit rien publier"
    return errors


def _errors_for(errors, rel):
    """Our messages for one file (other plugins may report the same link in their own words)."""
    found = [e for e in errors if re.search(rf"{re.escape(rel)}:\d+: (pièce jointe|lien vers un PDF) de la page", e)]
    assert found, f"aucune erreur pour {rel} : {errors}"
    return found


def _at_line(message, rel, needle):
    line = line_of(BROKEN[rel], needle)
    assert re.search(rf"(^|/){re.escape(rel)}:{line}: ", message), f"ligne {line} attendue : {message}"


def test_body_link_to_missing_pdf_fails_the_build(broken_errors):
    [message] = _errors_for(broken_errors, "fiches/b.md")
    _at_line(message, "fiches/b.md", "/pdfs/absent.pdf")
    assert "absent.pdf" in message and "introuvable" in message
    assert "« Fiche B »" in message and "/fiches/b/" in message


def test_body_link_to_a_file_that_is_not_a_pdf_fails_the_build(broken_errors):
    [message] = _errors_for(broken_errors, "fiches/c.md")
    _at_line(message, "fiches/c.md", "/pdfs/faux.pdf")
    assert "faux.pdf" in message and "n’est pas un PDF" in message and "/fiches/c/" in message


def test_attachment_missing_file_fails_the_build(broken_errors):
    [message] = _errors_for(broken_errors, "fiches/d.md")
    _at_line(message, "fiches/d.md", "file: pdfs/absent.pdf")
    assert "absent.pdf" in message and "introuvable" in message and "« Fiche D »" in message


def test_attachment_not_a_pdf_fails_the_build(broken_errors):
    [message] = _errors_for(broken_errors, "fiches/e.md")
    _at_line(message, "fiches/e.md", "file: pdfs/faux-gif.pdf")
    assert "faux-gif.pdf" in message and "n’est pas un PDF" in message and "/fiches/e/" in message


def test_encrypted_pdf_fails_the_build(broken_errors):
    messages = _errors_for(broken_errors, "fiches/f.md")
    assert len(messages) == 2, messages  # the attachment and the body link
    attachment = next(m for m in messages if "pièce jointe" in m)
    body = next(m for m in messages if "lien vers un PDF" in m)
    _at_line(attachment, "fiches/f.md", "file: pdfs/chiffre.pdf")
    _at_line(body, "fiches/f.md", "/pdfs/chiffre.pdf)")
    assert all("chiffre.pdf" in m and "chiffré" in m and "/fiches/f/" in m for m in messages)


def test_bad_declared_size_on_remote_attachment_fails_the_build(broken_errors):
    """A rule that needs no file is the content schema's (one rule book with `make check` and the
    editor): the reader reports it on its line, and the page is not built."""
    [message] = [e for e in broken_errors if "rapports/g.md:" in e]
    _at_line(message, "rapports/g.md", "size:")
    assert "« attachments » (élément n° 1) : taille « 2.3 MB » invalide" in message and "2,3 Mo" in message


# ---------------------------------------------------------------------------------------------
# Printable PDFs (one tiny site, built twice)

def _cache_state(cache: Path) -> dict:
    return {p.relative_to(cache).as_posix(): p.stat().st_mtime_ns
            for p in cache.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def printable_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("printable-site")
    content = _content(root, {
        "fiches/emprise.md": page("L’emprise mentale", "## Reconnaître l’emprise\n\nL’isolement est un signe.",
                                  front=("legal_refs: [\"Code pénal, article 223-15-2\"]\nsources:\n"
                                         "  - title: \"Une source officielle\"\n"
                                         "    url: \"https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000757360\"\n")),
        "prevention/familles.md": page("Guide pour les familles", "## Les signes\n\nParlez-en."),
        "rapports/r.md": page("Un rapport", "Texte du rapport."),
        "fiches/doc.md": FICHE_WITH_PDFS,
        "pdfs/guide.pdf": GUIDE_PDF,
    })
    first_errors, out = _build(root, content, True)
    first_cache = _cache_state(root / "cache")
    first_pdf = (out / "fiches" / "emprise" / "emprise.pdf").read_bytes() if not first_errors else b""
    from plugins import printable
    rendered_before = dict(printable.STATS)
    second_errors, out = _build(root, content, True)
    rendered_after = dict(printable.STATS)
    return {"root": root, "content": content, "out": out, "errors": (first_errors, second_errors),
            "first_cache": first_cache, "second_cache": _cache_state(root / "cache"),
            "first_pdf": first_pdf, "stats": (rendered_before, rendered_after)}


def test_printable_builds_succeed(printable_site):
    assert printable_site["errors"] == ([], [])


def test_fiche_pdf_has_title_french_language_and_pages(printable_site):
    pdf = printable_site["out"] / "fiches" / "emprise" / "emprise.pdf"
    reader = PdfReader(pdf)
    assert reader.metadata.title == "L’emprise mentale"
    assert str(reader.trailer["/Root"]["/Lang"]).lower().startswith("fr")
    assert len(reader.pages) >= 1
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Publié le 28" in text and "novembre 2026" in text
    assert "https://www.miviludes.interieur.gouv.fr/fiches/emprise/" in text
    assert "Besoin d’aide" in text and "119" in text
    assert "Textes de référence" in text and "Code pénal, article 223-15-2" in text
    assert "Sources" in text and "Une source officielle" in text and "legifrance.gouv.fr" in text
    assert re.search(r"Page 1 / \d", text)


def test_guide_pdf_is_generated_and_rapport_is_not(printable_site):
    out = printable_site["out"]
    assert PdfReader(out / "prevention" / "familles" / "familles.pdf").metadata.title == "Guide pour les familles"
    assert not list((out / "rapports").rglob("*.pdf"))


def test_printable_download_link_with_detail(printable_site):
    out = printable_site["out"]
    size = (out / "fiches" / "emprise" / "emprise.pdf").stat().st_size
    pages = len(PdfReader(out / "fiches" / "emprise" / "emprise.pdf").pages)
    html = html_of(out, "/fiches/emprise/")
    link = re.search(r'<a class="fr-link fr-link--download" href="/fiches/emprise/emprise\.pdf" download>'
                     r'Télécharger la fiche \(PDF\) <span class="fr-link__detail">([^<]+)</span></a>', html)
    assert link, "le lien « Télécharger la fiche (PDF) » manque"
    assert link.group(1).startswith("PDF – ") and link.group(1).endswith(
        f"{pages}{NBSP}page{'s' if pages > 1 else ''}")
    assert f"{size // 1000}" in link.group(1).replace(",", "") or "octets" in link.group(1)
    guide = html_of(out, "/prevention/familles/")
    assert "Télécharger le guide (PDF)" in guide and 'href="/prevention/familles/familles.pdf"' in guide
    assert "Télécharger la" not in html_of(out, "/rapports/r/")


def test_second_build_reuses_cached_printable_pdfs_and_covers(printable_site):
    first, second = printable_site["first_cache"], printable_site["second_cache"]
    assert any(k.startswith("printable/") and k.endswith(".pdf") for k in first)
    assert any(k.startswith("covers/") for k in first)
    assert second == first, "la deuxième construction ne doit rien régénérer dans le cache"
    out_pdf = printable_site["out"] / "fiches" / "emprise" / "emprise.pdf"
    assert out_pdf.read_bytes() == printable_site["first_pdf"]
    before, after = printable_site["stats"]
    # Counters of plugins/printable, reset per build.
    assert before == {"rendered": 3, "cached": 0}  # 2 fiches + 1 guide
    assert after == {"rendered": 0, "cached": 3}, "aucun PDF ne doit être rendu à nouveau"


def test_pdf_0_builds_no_printable_pdf_and_no_link(printable_site):
    errors, out = _build(printable_site["root"], printable_site["content"], False)
    assert errors == []
    assert not (out / "fiches" / "emprise" / "emprise.pdf").exists()
    assert not (out / "prevention" / "familles" / "familles.pdf").exists()
    assert "Télécharger la fiche" not in html_of(out, "/fiches/emprise/")
    assert "Télécharger le guide" not in html_of(out, "/prevention/familles/")
    assert (out / "pdfs" / "guide.pdf").is_file()  # attachments are still published


# ---------------------------------------------------------------------------------------------
# Search documents and `make check`

def test_pdf_search_documents_one_per_page(tmp_path):
    content = tmp_path / "content"
    (content / "pdfs").mkdir(parents=True)
    (content / "pdfs" / "guide.pdf").write_bytes(GUIDE_PDF)
    (content / "pdfs" / "faux.pdf").write_bytes(b"pas un PDF")
    docs = pdf_search_documents(content, {"/pdfs/guide.pdf": "Guide de la fiche"})
    assert [d["url"] for d in docs] == [f"/pdfs/guide.pdf#page={n}" for n in (1, 2, 3)]
    assert docs[0] == {"id": "/pdfs/guide.pdf#page=1", "url": "/pdfs/guide.pdf#page=1", "type": "pdf",
                       "title": "Guide de la fiche – page 1", "body": "Premiere page du guide"}
    assert pdf_search_documents(content)[1]["title"] == "Guide – page 2"  # the PDF's own /Title


def test_check_pdfs_reports_accessibility_problems(tmp_path):
    content = tmp_path / "content"
    (content / "pdfs").mkdir(parents=True)
    (content / "pdfs" / "guide.pdf").write_bytes(GUIDE_PDF)
    warnings = check_pdfs(content)
    assert warnings and all("guide.pdf: " in w for w in warnings)
    assert any("balisé" in w for w in warnings) and any("/Lang" in w for w in warnings)
