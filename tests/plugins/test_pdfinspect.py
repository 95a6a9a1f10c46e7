"""The shared PDF inspector (plugins/pdfinspect): inert, bounded, nothing but a PDF (issue 23)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pdf_fixtures import HOSTILE_PDF_KINDS, hostile_pdf, pdf_bytes

from plugins import pdfinspect
from plugins.pdf_links import core as pdf_core  # noqa: E402

EXPECTED = {
    "openaction-js": "/OpenAction", "objstm-escaped-js": "/OpenAction", "names-js": "JavaScript",
    "launch": "/Launch", "aa-submit": "/AA", "gotor": "/GoToR", "importdata": "/OpenAction",
    "xfa": "XFA", "embedded-html": "/EmbeddedFiles", "uri-javascript": "javascript:",
    "uri-http": "http://exemple.fr/", "polyglot-html": "page web", "trailing-payload": "%%EOF",
    "inline-image-bomb": "image intégrée de 40000 × 40000", "text-operators": "opérations de texte",
    "bidi-title": "U+202E",
}


def _write(tmp_path, data: bytes, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", HOSTILE_PDF_KINDS)
def test_active_or_unbounded_pdf_is_refused_naming_the_file(tmp_path, kind):
    path = _write(tmp_path, hostile_pdf(kind), f"{kind}.pdf")
    with pytest.raises(pdfinspect.PdfError) as caught:
        pdfinspect.inspect_local_pdf(path)
    message = str(caught.value)
    assert f"« {kind}.pdf »" in message and EXPECTED[kind] in message, message
    assert "réexport" in message or "retapez" in message  # says how to make a clean file


@pytest.mark.parametrize("kind", ["clean", "uri-https", "open-at-page"])
def test_inert_pdf_passes(tmp_path, kind):
    info = pdfinspect.inspect_local_pdf(_write(tmp_path, hostile_pdf(kind)))
    assert info.pages == 1


def test_escaped_names_in_object_streams_are_read_by_the_parser_not_by_bytes(tmp_path):
    data = hostile_pdf("objstm-escaped-js")
    assert b"/OpenAction" not in data and b"/JS" not in data  # only visible once parsed
    with pytest.raises(pdfinspect.PdfError, match="/OpenAction"):
        pdfinspect.inspect_local_pdf(_write(tmp_path, data))


def test_a_pdf_must_start_with_the_signature(tmp_path):
    path = _write(tmp_path, b"<!-- -->\n" + pdf_bytes())
    with pytest.raises(pdfinspect.PdfError, match="signature %PDF-"):
        pdfinspect.inspect_local_pdf(path)


def test_the_memo_gives_the_same_refusal_twice(tmp_path):
    path = _write(tmp_path, hostile_pdf("launch"))
    for _ in range(2):
        with pytest.raises(pdfinspect.PdfError, match="Launch"):
            pdfinspect.inspect_cached(path)


def test_cover_and_text_extraction_check_the_bounds_before_pdfium(tmp_path):
    """Even when called on a file nobody inspected, nothing unbounded reaches pdfium."""
    bomb = _write(tmp_path, hostile_pdf("inline-image-bomb"), "image.pdf")
    with pytest.raises(pdfinspect.PdfError, match="image intégrée"):
        pdf_core.render_cover(bomb, tmp_path / "covers")
    text = _write(tmp_path, hostile_pdf("text-operators"), "texte.pdf")
    with pytest.raises(pdfinspect.PdfError, match="opérations de texte"):
        pdf_core.extract_pages_text(text)


def test_pdf_links_uses_the_shared_inspector():
    assert pdf_core.inspect_local_pdf is pdfinspect.inspect_local_pdf
    assert pdf_core.PdfError is pdfinspect.PdfError
    assert not hasattr(pdfinspect, "register")  # a shared package, not a plugin
