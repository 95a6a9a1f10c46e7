"""Tests of plugins/pdf_links/core.py (pure functions). Fixture PDFs are built here, never downloaded."""
from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject

ROOT = Path(__file__).resolve().parents[2]

from plugins.pdf_links import core, rendering
from pdf_fixtures import odd_pdf_bytes, pdf_bytes
from plugins.pdf_links.core import (NBSP, AttachmentError, DeclaredPdf, PdfError,
                                    decorate_pdf_links, download_detail,
                                    download_link_html, extract_pages_text, find_pdf_links,
                                    format_size_fr, inspect_local_pdf, local_pdf_for_href,
                                    parse_declared_pages, parse_declared_size,
                                    pdf_accessibility_report, render_cover, validate_attachment)


# ---------------------------------------------------------------------------------------------
# Fixture PDFs

def make_pdf(path: Path, pages_text=("Page une",), **options) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf_bytes(pages_text, **options))
    return path


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    (root / "pdfs").mkdir(parents=True)
    make_pdf(root / "pdfs" / "rapport.pdf", ["Rapport", "Deuxième page", "Troisième page"],
             title="Rapport 2021", lang="fr-FR")
    make_pdf(root / "pdfs" / "une-page.pdf", ["Seule page"])
    return root


# ---------------------------------------------------------------------------------------------
# inspect_local_pdf

def test_inspect_reads_size_pages_title_lang(content):
    path = content / "pdfs" / "rapport.pdf"
    info = inspect_local_pdf(path)
    assert info.size_bytes == path.stat().st_size
    assert info.pages == 3
    assert info.title == "Rapport 2021"
    assert info.lang == "fr-FR"
    assert info.tagged is False
    assert info.encrypted is False


def test_inspect_tagged_needs_markinfo_and_structtree(tmp_path):
    assert inspect_local_pdf(make_pdf(tmp_path / "t.pdf", tagged=True)).tagged is True
    # /MarkInfo without /StructTreeRoot is not a tagged PDF.
    path = make_pdf(tmp_path / "m.pdf")
    data = path.read_bytes()
    writer = PdfWriter(clone_from=io.BytesIO(data))
    writer._root_object[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)})
    with open(path, "wb") as fh:
        writer.write(fh)
    assert inspect_local_pdf(path).tagged is False


def test_inspect_weasyprint_tagged_pdf(tmp_path):
    from weasyprint import HTML
    path = tmp_path / "w.pdf"
    HTML(string="<html lang=fr><title>Titre WeasyPrint</title><p>Bonjour</p></html>").write_pdf(
        path, pdf_tags=True)
    info = inspect_local_pdf(path)
    assert (info.tagged, info.title, info.lang, info.pages) == (True, "Titre WeasyPrint", "fr", 1)
    assert pdf_accessibility_report(path) == []


def test_inspect_missing_file(tmp_path):
    with pytest.raises(PdfError, match="introuvable"):
        inspect_local_pdf(tmp_path / "absent.pdf")


def test_inspect_not_a_pdf(tmp_path):
    path = tmp_path / "faux.pdf"
    path.write_text("<html>ceci n’est pas un PDF</html>", encoding="utf-8")
    with pytest.raises(PdfError, match="n’est pas un PDF"):
        inspect_local_pdf(path)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "no-startxref"])
def test_inspect_corrupt(tmp_path, damage, caplog):
    good = make_pdf(tmp_path / "ok.pdf", ["a", "b"]).read_bytes()
    data = {"truncated": good[: len(good) // 2],
            "garbage": b"%PDF-1.7\n" + b"\x00garbage" * 50,
            "no-startxref": b"%PDF-1.4\n%%EOF"}[damage]
    path = tmp_path / "abime.pdf"
    path.write_bytes(data)
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(PdfError, match="illisible ou endommagé"):
            inspect_local_pdf(path)
    # pypdf's WARNING records are captured: they would fail the strict build.
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_inspect_recoverable_pdf_keeps_pypdf_warnings_out_of_logs(tmp_path, caplog):
    data = make_pdf(tmp_path / "ok.pdf").read_bytes()
    path = tmp_path / "pointeur.pdf"
    path.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n10", data))
    with caplog.at_level(logging.DEBUG):
        info = inspect_local_pdf(path)
    assert info.pages == 1
    assert info.reader_warnings  # kept for reports
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_inspect_password_protected(tmp_path):
    path = make_pdf(tmp_path / "secret.pdf", user_password="secret")
    with pytest.raises(PdfError, match="mot de passe"):
        inspect_local_pdf(path)
    with pytest.raises(PdfError, match="mot de passe"):
        inspect_local_pdf(path, allow_restricted=True)


def test_inspect_owner_password_only(tmp_path):
    path = make_pdf(tmp_path / "restreint.pdf", ["x", "y"], owner_password="owner")
    with pytest.raises(PdfError, match="chiffré"):
        inspect_local_pdf(path)
    info = inspect_local_pdf(path, allow_restricted=True)
    assert info.encrypted is True and info.pages == 2
    assert any("chiffré" in w for w in pdf_accessibility_report(path))


# ---------------------------------------------------------------------------------------------
# French sizes and details

@pytest.mark.parametrize("n, expected", [
    (0, "0 octet"), (1, "1 octet"), (2, "2 octets"), (999, "999 octets"),
    (1000, "1 ko"), (1049, "1 ko"), (1050, "1,1 ko"), (1500, "1,5 ko"), (1549, "1,5 ko"),
    (1550, "1,6 ko"), (99_949, "99,9 ko"), (99_950, "100 ko"), (850_000, "850 ko"),
    (850_499, "850 ko"), (999_499, "999 ko"), (999_500, "1 Mo"), (1_000_000, "1 Mo"),
    (2_300_000, "2,3 Mo"), (2_345_678, "2,3 Mo"), (2_350_000, "2,4 Mo"),
    (12_500_000, "12,5 Mo"), (150_400_000, "150 Mo"), (999_999_999, "1 Go"),
    (1_000_000_000, "1 Go"), (2_500_000_000_000, "2500 Go"),
])
def test_format_size_fr(n, expected):
    assert format_size_fr(n) == expected.replace(" ", NBSP)


@pytest.mark.parametrize("bad", [-1, 1.5, True, "12", None])
def test_format_size_fr_rejects(bad):
    with pytest.raises(ValueError):
        format_size_fr(bad)


def test_download_detail():
    assert download_detail("PDF", 2_300_000, 212) == f"PDF – 2,3{NBSP}Mo – 212{NBSP}pages"
    assert download_detail(size_bytes=850_000, pages=1) == f"PDF – 850{NBSP}ko – 1{NBSP}page"
    assert download_detail("PDF", 2_300_000, 3, "en") == f"PDF – 2,3{NBSP}Mo – 3{NBSP}pages – en anglais"
    assert download_detail("PDF", 2_300_000, 3, "fr") == f"PDF – 2,3{NBSP}Mo – 3{NBSP}pages"
    assert download_detail("PDF", pages=5, lang="de", size_text="4 Mo") == \
        f"PDF – 4{NBSP}Mo – 5{NBSP}pages – en allemand"
    assert download_detail() == "PDF"
    with pytest.raises(ValueError):
        download_detail(lang="xx")


@pytest.mark.parametrize("text, display, approx", [
    ("2,3 Mo", "2,3 Mo", 2_300_000), ("850 ko", "850 ko", 850_000), ("1 Go", "1 Go", 10 ** 9),
    (f"2,3{NBSP}Mo", "2,3 Mo", 2_300_000), ("  12,75Mo ", "12,75 Mo", 12_750_000),
])
def test_parse_declared_size(text, display, approx):
    declared = parse_declared_size(text)
    assert declared.text == display.replace(" ", NBSP)
    assert declared.approx_bytes == approx


@pytest.mark.parametrize("bad, hint", [
    ("2.3 Mo", "virgule décimale"), ("2,3 MB", "Unités acceptées"), ("2,3 Ko", "Unités acceptées"),
    ("2,3", "ko, Mo ou Go"), ("Mo", "ko, Mo ou Go"), ("0 Mo", "nulle"), (2.3, "entre guillemets"),
    (850, "entre guillemets"), ("", "ko, Mo ou Go"),
])
def test_parse_declared_size_errors(bad, hint):
    with pytest.raises(ValueError, match=hint):
        parse_declared_size(bad)


def test_parse_declared_pages():
    assert parse_declared_pages(212) == 212
    for bad in (0, -3, "212", 2.5, True, None):
        with pytest.raises(ValueError, match="pages"):
            parse_declared_pages(bad)


# ---------------------------------------------------------------------------------------------
# validate_attachment

SRC = "content/fiches/emprise.md"


def _errors(att, content, line=14):
    with pytest.raises(AttachmentError) as exc:
        validate_attachment(att, content, SRC, line)
    for formatted in exc.value.lines():
        assert formatted.startswith(f"{SRC}:{line}: ")
    return exc.value.messages


def test_each_file_mistake_says_which_field_it_is_about(content):
    """The wiring reports each message on its field's own line: the field comes with the message,
    never guessed back from the French wording."""
    with pytest.raises(AttachmentError) as exc:
        validate_attachment({"title": "T", "file": "pdfs/rapport.pdf", "size": "9 Mo", "pages": 7},
                            content, SRC, 14)
    assert exc.value.fields == ["size", "pages"]
    with pytest.raises(AttachmentError) as exc:
        validate_attachment({"title": "T", "file": "pdfs/absent.pdf", "pages": 3}, content, SRC, 14)
    assert exc.value.fields == ["file"]


def test_an_entry_the_schema_refuses_is_refused_without_a_second_explanation(content):
    """The rules without the file are the content schema's (test_content_schema.py): an entry that
    slipped past them is not explained twice, only refused."""
    for entry in ("pdfs/rapport.pdf", {"file": "pdfs/rapport.pdf"}, {"title": "R", "file": "images/r.pdf"},
                  {"title": "R", "url": "https://x.fr/r.pdf", "size": "2.3 MB"}):
        [message] = _errors(entry, content)
        assert "make check" in message


def test_validate_local(content):
    att = validate_attachment({"title": "Rapport 2021", "file": "pdfs/rapport.pdf"}, content, SRC, 12)
    assert att.is_local and att.href == "/pdfs/rapport.pdf" and att.lang == "fr"
    assert att.pages == 3
    assert att.size_bytes == (content / "pdfs" / "rapport.pdf").stat().st_size
    assert att.detail == download_detail("PDF", att.size_bytes, 3)
    assert att.file == content / "pdfs" / "rapport.pdf"


def test_validate_local_declared_values_must_match(content):
    size = format_size_fr((content / "pdfs" / "rapport.pdf").stat().st_size)
    ok = validate_attachment({"title": "R", "file": "pdfs/rapport.pdf", "size": size, "pages": 3},
                             content, SRC, 3)
    assert ok.pages == 3
    messages = _errors({"title": "R", "file": "pdfs/rapport.pdf", "size": "9 Mo", "pages": 7}, content)
    assert len(messages) == 2
    assert "supprimez la ligne size:" in messages[0]
    assert "le fichier a 3 pages" in messages[1]


def test_validate_remote(content):
    att = validate_attachment({"title": "Rapport au Premier ministre 2013-2014",
                               "url": "https://www.example.gouv.fr/rapport.pdf",
                               "lang": "fr", "size": "2,3 Mo", "pages": 212}, content, SRC, 20)
    assert not att.is_local and att.href == "https://www.example.gouv.fr/rapport.pdf"
    assert att.detail == f"PDF – 2,3{NBSP}Mo – 212{NBSP}pages"
    bare = validate_attachment({"title": "Annual report", "url": "https://example.org/r.pdf",
                                "lang": "en"}, content, SRC, 20)
    assert bare.detail == "PDF – en anglais" and bare.size_bytes is None


def test_validate_http_url_is_accepted_as_sourced(content):
    # Some official PDFs are only sourced at an http:// address: the link is kept as given.
    att = core.validate_attachment({"title": "R", "url": "http://www.example.fr/r.pdf"}, content,
                              "content/rapports/r.md", 3)
    assert att.href == "http://www.example.fr/r.pdf" and not att.is_local


@pytest.mark.parametrize("file, hint", [
    ("pdfs/absent.pdf", "introuvable"),
    ("pdfs/Rapport.pdf", "Vouliez-vous dire « rapport.pdf »"),
])
def test_validate_missing_local_files(content, file, hint):
    assert hint in "\n".join(_errors({"title": "R", "file": file}, content))


def test_validate_a_link_out_of_the_pdfs_folder(content, tmp_path):
    outside = tmp_path / "ailleurs.pdf"
    outside.write_bytes((content / "pdfs" / "rapport.pdf").read_bytes())
    (content / "pdfs" / "lien.pdf").symlink_to(outside)
    assert "sort du dossier content/pdfs/" in _errors({"title": "R", "file": "pdfs/lien.pdf"}, content)[0]


def test_validate_local_broken_pdfs(content):
    (content / "pdfs" / "faux.pdf").write_bytes(b"PK\x03\x04 pas un pdf")
    assert "n’est pas un PDF" in _errors({"title": "R", "file": "pdfs/faux.pdf"}, content)[0]
    make_pdf(content / "pdfs" / "secret.pdf", user_password="s")
    assert "mot de passe" in _errors({"title": "R", "file": "pdfs/secret.pdf"}, content)[0]


def test_download_link_html(content):
    local = validate_attachment({"title": "Rapport <2021>", "file": "pdfs/rapport.pdf"}, content, SRC, 1)
    html = download_link_html(local, siteurl="https://site.fr/")
    assert html.startswith('<a class="fr-link fr-link--download" href="https://site.fr/pdfs/rapport.pdf" download>')
    assert "Rapport &lt;2021&gt; <span class=\"fr-link__detail\">PDF – " in html
    remote = validate_attachment({"title": "Report", "url": "https://x.org/r.pdf", "lang": "en"},
                                 content, SRC, 1)
    html = download_link_html(remote)
    assert 'hreflang="en"' in html and " download" not in html


# ---------------------------------------------------------------------------------------------
# Links in rendered content

HTML_SAMPLE = """<p>Voir <a href="/pdfs/rapport.pdf">le rapport</a> &amp; <a href="../../pdfs/une-page.pdf#page=1" class="external">une page</a>.</p>
<ul><li><a href="https://example.org/Report.PDF?x=1&amp;y=2">Annual report</a></li>
<li><a href="/fiches/emprise/">pas un PDF</a> <a href="mailto:a@b.fr?subject=x.pdf">courriel</a></li></ul>
<script>var s = '<a href="/pdfs/script.pdf">x</a>';</script>
<p>É&nbsp;<a href="/pdfs/deja.pdf" class="fr-link fr-link--download">déjà <span class="fr-link__detail">PDF</span></a></p>"""


def test_find_pdf_links():
    links = find_pdf_links(HTML_SAMPLE)
    assert [l.href for l in links] == ["/pdfs/rapport.pdf", "../../pdfs/une-page.pdf#page=1",
                                       "https://example.org/Report.PDF?x=1&y=2", "/pdfs/deja.pdf"]
    assert [l.text for l in links][:3] == ["le rapport", "une page", "Annual report"]
    assert [l.decorated for l in links] == [False, False, False, True]


def test_decorate_pdf_links(content):
    infos = {
        "/pdfs/rapport.pdf": inspect_local_pdf(content / "pdfs" / "rapport.pdf"),
        "../../pdfs/une-page.pdf#page=1": inspect_local_pdf(content / "pdfs" / "une-page.pdf"),
        "https://example.org/Report.PDF?x=1&y=2": DeclaredPdf(size_text="2,3 Mo", pages=40, lang="en"),
    }
    seen = []

    def resolver(href):
        seen.append(href)
        return infos[href]

    out = decorate_pdf_links(HTML_SAMPLE, resolver)
    shown = out.replace("&nbsp;", NBSP)  # the HTML5 serialization writes U+00A0 as &nbsp;
    assert seen == list(infos)  # already decorated link not resolved again
    size = format_size_fr(infos["/pdfs/rapport.pdf"].size_bytes)
    assert ('<a class="fr-link fr-link--download" href="/pdfs/rapport.pdf">le rapport '
            f'<span class="fr-link__detail">PDF – {size} – 3{NBSP}pages</span></a>') in shown
    assert ('<a class="external fr-link fr-link--download" href="../../pdfs/une-page.pdf#page=1">'
            'une page <span class="fr-link__detail">PDF – ') in shown
    assert f"1{NBSP}page</span></a>" in shown
    assert ('href="https://example.org/Report.PDF?x=1&amp;y=2" hreflang="en">Annual report '
            f'<span class="fr-link__detail">PDF – 2,3{NBSP}Mo – 40{NBSP}pages – en anglais</span></a>') in shown
    # Everything else is unchanged (the body is parsed once and written back by the HTML5 algorithm).
    stripped = re.sub(r' <span class="fr-link__detail">[^<]*</span>(?=</a>)', "", out)
    original = re.sub(r' <span class="fr-link__detail">[^<]*</span>(?=</a>)', "", HTML_SAMPLE)
    strip_a = lambda s: re.sub(r"<a [^>]*>", "<a>", s)  # noqa: E731
    assert strip_a(stripped) == strip_a(original)
    assert "var s = '<a href=\"/pdfs/script.pdf\">x</a>';" in out
    # Idempotent.
    assert decorate_pdf_links(out, lambda href: pytest.fail(f"resolved again: {href}")) == out


def test_decorate_unknown_remote_and_errors():
    out = decorate_pdf_links('<a href="https://x.fr/a.pdf">A</a>', lambda href: None)
    assert out == ('<a class="fr-link fr-link--download" href="https://x.fr/a.pdf">A '
                   '<span class="fr-link__detail">PDF</span></a>')

    def resolver(href):
        raise PdfError("lien « /pdfs/absent.pdf » : fichier introuvable")

    with pytest.raises(PdfError, match="introuvable"):
        decorate_pdf_links('<p><a href="/pdfs/absent.pdf">A</a></p>', resolver)
    html = "<p>Aucun lien PDF <a href='/a/'>ici</a></p>"
    assert decorate_pdf_links(html, resolver) == html


def test_local_pdf_for_href(content):
    target = content / "pdfs" / "rapport.pdf"
    assert local_pdf_for_href("/pdfs/rapport.pdf", content) == target
    assert local_pdf_for_href("../../pdfs/rapport.pdf#page=2", content, page_url="fiches/emprise/") == target
    assert local_pdf_for_href("https://site.fr/pdfs/rapport.pdf", content, siteurl="https://site.fr") == target
    assert local_pdf_for_href("https://example.org/r.pdf", content, siteurl="https://site.fr") is None
    with pytest.raises(PdfError, match="introuvable"):
        local_pdf_for_href("/pdfs/absent.pdf", content)
    with pytest.raises(PdfError, match="hors de /pdfs/"):
        local_pdf_for_href("/images/x.pdf", content)


# ---------------------------------------------------------------------------------------------
# Cover, text, accessibility

def test_render_cover_is_cached(tmp_path, content, monkeypatch):
    calls = []
    real = rendering._rasterize
    monkeypatch.setattr(rendering, "_rasterize", lambda *a, **k: calls.append(a) or real(*a, **k))
    pdf = content / "pdfs" / "rapport.pdf"
    cache = tmp_path / "covers"
    path, width, height = render_cover(pdf, cache)
    assert path.parent == cache and path.name.startswith(core.sha256_file(pdf))
    assert path.suffix == ".webp"
    assert width == 300 and height in (424, 425)  # A4 ratio (pdfium rounds up)
    from PIL import Image
    with Image.open(path) as image:
        assert image.format == "WEBP" and image.size == (width, height)
    mtime = path.stat().st_mtime_ns
    assert render_cover(pdf, cache) == (path, width, height)
    assert len(calls) == 1 and path.stat().st_mtime_ns == mtime
    # Another PDF, another file; same bytes under another name, same cover.
    other = render_cover(content / "pdfs" / "une-page.pdf", cache)[0]
    assert other != path and len(calls) == 2
    copy = tmp_path / "copie.pdf"
    copy.write_bytes(pdf.read_bytes())
    assert render_cover(copy, cache)[0] == path and len(calls) == 2


def test_render_cover_is_byte_deterministic(tmp_path, content):
    pdf = content / "pdfs" / "rapport.pdf"
    a = render_cover(pdf, tmp_path / "a")[0].read_bytes()
    b = render_cover(pdf, tmp_path / "b")[0].read_bytes()
    assert a == b


def test_render_cover_errors(tmp_path):
    with pytest.raises(PdfError, match="mot de passe"):
        render_cover(make_pdf(tmp_path / "s.pdf", user_password="x"), tmp_path / "c")
    with pytest.raises(PdfError, match="introuvable"):
        render_cover(tmp_path / "absent.pdf", tmp_path / "c")


def test_extract_pages_text(tmp_path):
    pdf = make_pdf(tmp_path / "t.pdf", ["Bonjour première page", "Emprise   mentale (deux)", ""])
    assert extract_pages_text(pdf) == [(1, "Bonjour première page"), (2, "Emprise mentale (deux)"),
                                       (3, "")]


def test_accessibility_report(tmp_path, content):
    bare = pdf_accessibility_report(content / "pdfs" / "une-page.pdf")
    assert len(bare) == 3
    assert "/Title" in bare[0] and "balisé" in bare[1] and "/Lang" in bare[2]
    assert all("RGAA 13.3" in w for w in bare)
    good = make_pdf(tmp_path / "ok.pdf", title="Titre", lang="fr", tagged=True)
    assert pdf_accessibility_report(good) == []
    partial = pdf_accessibility_report(content / "pdfs" / "rapport.pdf")
    assert len(partial) == 1 and "balisé" in partial[0]


# --- Bounded resources (issue 13): page sizes checked before anything is rendered ------------

@pytest.mark.parametrize("width, height, refused", [
    (595, 842, False), (842, 595, False), (1920, 1080, False), (3, 14400, True), (14400, 14400, False),
    (20000, 20000, True), (10, 10, True), (100, 1000, True),
])
def test_page_sizes_outside_the_bounds_are_refused(width, height, refused):
    assert (core.page_size_problem(width, height) is not None) is refused


def test_a_huge_page_is_refused_before_any_cover_is_rendered(tmp_path):
    pdf = tmp_path / "geant.pdf"
    pdf.write_bytes(odd_pdf_bytes(3, 14400))
    with pytest.raises(core.PdfError, match="format de page inhabituel"):
        core.inspect_local_pdf(pdf)
    with pytest.raises(core.PdfError, match="format de page inhabituel"):
        core.render_cover(pdf, tmp_path / "covers")
    assert not (tmp_path / "covers").exists() or not any((tmp_path / "covers").iterdir())


def test_a_symlinked_pdf_is_never_read(tmp_path):
    link = tmp_path / "x.pdf"
    link.symlink_to("/etc/hostname")
    with pytest.raises(core.PdfError, match="lien symbolique"):
        core.inspect_local_pdf(link)


def test_an_image_declared_huge_is_refused_without_decoding(tmp_path):
    pdf = tmp_path / "bombe.pdf"
    pdf.write_bytes(odd_pdf_bytes(image=(100_000, 100_000)))
    with pytest.raises(core.PdfError, match="100000 × 100000 pixels"):
        core.inspect_local_pdf(pdf)
    pdf.write_bytes(odd_pdf_bytes(image=(4, 4)))
    assert core.inspect_local_pdf(pdf).pages == 1


def test_no_cover_is_rendered_for_an_image_declared_huge(tmp_path):
    pdf = tmp_path / "bombe.pdf"
    pdf.write_bytes(odd_pdf_bytes(image=(100_000, 100_000)))
    with pytest.raises(core.PdfError, match="trop grande"):
        core.render_cover(pdf, tmp_path / "covers")


# ---------------------------------------------------------------------------------------------
# item.downloads: typed records (plugins/common/downloads.py), shown by macros/download.html

def _download_macro():
    from jinja2 import Environment, FileSystemLoader
    env = Environment(loader=FileSystemLoader(str(Path(__file__).resolve().parents[2] / "theme" / "templates")),
                      autoescape=True)
    return env.from_string('{% import "macros/download.html" as dl %}{{ dl.download(d) }}')


def test_downloads_are_typed_records_that_the_macro_shows(content, tmp_path):
    from plugins.common.downloads import Cover, Download
    from plugins.pdf_links import download_entry
    settings = {"SITEURL": "https://site.fr/", "PATH": str(content), "OUTPUT_PATH": str(tmp_path)}
    remote = validate_attachment({"title": "Report <1>", "url": "https://x.org/r.pdf", "lang": "en",
                                  "size": "2,3 Mo"}, content, SRC, 1)
    entry = download_entry(remote, settings)
    assert entry == Download(title="Report <1>", href="https://x.org/r.pdf",
                             detail=f"PDF – 2,3{NBSP}Mo – en anglais", hreflang="en", local=False,
                             rel="noopener noreferrer external", cover=None)
    html = _download_macro().render(d=entry)
    assert ('<a class="fr-link fr-link--download" href="https://x.org/r.pdf" hreflang="en" '
            'rel="noopener noreferrer external">Report &lt;1&gt; <span class="fr-link__detail">') in html
    local = validate_attachment({"title": "Rapport", "file": "pdfs/rapport.pdf"}, content, SRC, 1)
    cover = Cover(src="https://site.fr/pdfs/covers/c.webp", width=120, height=170, alt="Couverture")
    entry = download_entry(local, settings, cover)
    assert entry.local and entry.href == "https://site.fr/pdfs/rapport.pdf" and entry.rel is None
    html = _download_macro().render(d=entry)
    assert 'src="https://site.fr/pdfs/covers/c.webp" alt="Couverture" width="120" height="170"' in html
    assert 'href="https://site.fr/pdfs/rapport.pdf" download>Rapport <span' in html
