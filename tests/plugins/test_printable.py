"""Tests of plugins/printable/core.py: WeasyPrint A4 tagged PDF, cache, local-only fetching."""
from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest
import pypdf

ROOT = Path(__file__).resolve().parents[2]

from plugins.printable import core
from plugins.printable.core import (PrintableError, build_print_html,
                                    help_numbers_html_from, render_printable_pdf)

DSFR_FONTS = ROOT / "node_modules" / "@gouvfr" / "dsfr" / "dist" / "fonts"
SOURCE = "https://www.miviludes.interieur.gouv.fr/fiches/emprise/"
HELP = help_numbers_html_from([
    {"display": "17", "tel": "17", "label": "Police secours ou gendarmerie : en cas de danger immédiat."},
    {"display": "119", "tel": "119", "label": "Allô Enfance en danger."},
])
LONG_FRAGMENT = "".join(
    f"<h2>Partie {i}</h2><p>L’emprise mentale s’installe progressivement : isolement, rupture "
    f"avec les proches, dépendance. <a href=\"https://www.legifrance.gouv.fr/\">Légifrance</a> "
    f"et <a href=\"/fiches/signaler/\">signaler</a>.</p><ul><li>Premier signe</li>"
    f"<li>Deuxième signe</li></ul>" * 3 for i in range(12))


def _render(tmp_path, fragment=LONG_FRAGMENT, *, cache="cache", out="out/emprise.pdf", **kw):
    options = dict(title="L’emprise mentale", date_text="Mis à jour le 28 novembre 2026",
                   source_url=SOURCE, help_numbers_html=HELP, out_path=tmp_path / out,
                   cache_dir=tmp_path / cache)
    options.update(kw)
    return render_printable_pdf(fragment, **options)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("printable")
    result = _render(tmp)
    return result, pypdf.PdfReader(result.path)


@pytest.fixture
def count_renders(monkeypatch):
    calls = []
    real = core._render_pdf_bytes

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(core, "_render_pdf_bytes", counting)
    return calls


def test_metadata_lang_tags(rendered):
    result, reader = rendered
    assert reader.metadata.title == "L’emprise mentale"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in xmp and b"<rdf:li xml:lang=\"x-default\">L\xe2\x80\x99emprise mentale" in xmp
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata


def test_layout_a4_pages_and_content(rendered):
    result, reader = rendered
    assert result.pages == len(reader.pages) >= 2
    assert not result.cached
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    first = reader.pages[0].extract_text()
    assert "L’emprise mentale" in first and "Mis à jour le 28 novembre 2026" in first
    assert f"Version en ligne : {SOURCE}" in first
    n = result.pages
    for index, page in enumerate(reader.pages, start=1):
        assert f"Page {index} / {n}" in page.extract_text()
    last = reader.pages[-1].extract_text()
    assert "Besoin d’aide ?" in last and "Allô Enfance en danger" in last
    # Links: relative links point to the public site, external URLs are printed.
    uris = {a.get_object()["/A"]["/URI"] for p in reader.pages for a in p.get("/Annots", [])}
    assert "https://www.miviludes.interieur.gouv.fr/fiches/signaler/" in uris
    assert "(https://www.legifrance.gouv.fr/)" in first


def test_second_call_uses_cache(tmp_path, count_renders):
    first = _render(tmp_path, "<p>Bonjour</p>")
    data = first.path.read_bytes()
    assert len(count_renders) == 1 and not first.cached
    second = _render(tmp_path, "<p>Bonjour</p>", out="ailleurs/copie.pdf")
    assert second.cached and second.key == first.key and second.pages == first.pages
    assert len(count_renders) == 1
    assert second.path.read_bytes() == data
    # Any input change renders again.
    assert not _render(tmp_path, "<p>Bonjour !</p>").cached
    assert not _render(tmp_path, "<p>Bonjour</p>", title="Autre titre").cached
    assert not _render(tmp_path, "<p>Bonjour</p>", date_text="Mis à jour le 1er décembre 2026").cached
    assert not _render(tmp_path, "<p>Bonjour</p>", help_numbers_html="<p>3919</p>").cached
    assert len(count_renders) == 5
    assert _render(tmp_path, "<p>Bonjour</p>").cached and len(count_renders) == 5


def test_key_depends_on_weasyprint_version(tmp_path, monkeypatch):
    first = _render(tmp_path, "<p>x</p>")
    monkeypatch.setattr(core, "_versions", lambda: {"weasyprint": "999"})
    assert _render(tmp_path, "<p>x</p>").key != first.key


def test_byte_deterministic(tmp_path):
    a = _render(tmp_path, "<p>Déterministe</p>", cache="c1", out="a.pdf").path.read_bytes()
    b = _render(tmp_path, "<p>Déterministe</p>", cache="c2", out="b.pdf").path.read_bytes()
    assert a == b


def test_dates_from_content(tmp_path):
    import datetime as dt
    result = _render(tmp_path, "<p>x</p>", created=dt.date(2026, 11, 28), modified="2026-12-01")
    info = pypdf.PdfReader(result.path).metadata
    assert info["/CreationDate"].startswith("D:20261128")
    assert info["/ModDate"].startswith("D:20261201")


def test_no_network_remote_resources_refused(tmp_path, monkeypatch, caplog):
    attempts = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: attempts.append(a))
    monkeypatch.setattr(socket.socket, "connect", lambda self, *a: attempts.append(a))
    fragments = [
        '<p><img src="https://example.org/image.png" alt="x"></p>',
        '<p><img src="//cdn.example.org/image.png" alt="x"></p>',
        '<p style="background: url(http://example.org/fond.png)">x</p>',
        '<p><img src="file:///etc/hostname" alt="x"></p>',
        '<p><img src="/theme/img/logo.png" alt="x"></p>',  # same origin but no base_dir
    ]
    with caplog.at_level(logging.DEBUG):
        for fragment in fragments:
            with pytest.raises(PrintableError, match="refusée"):
                _render(tmp_path, fragment)
    assert attempts == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_fetcher_refuses_non_local_urls(tmp_path):
    from weasyprint.urls import FatalURLFetchingError
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "a.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("x")
    fetcher, _ = core._make_fetcher(fonts={}, base_dir=site, source_url=SOURCE)
    assert fetcher.fetch("https://www.miviludes.interieur.gouv.fr/img/a.png").read() == b"png"
    assert fetcher.fetch((site / "img" / "a.png").as_uri()).read() == b"png"
    assert fetcher.fetch("data:text/plain,bonjour").read() == b"bonjour"
    for url in ["https://example.org/a.png", "http://www.miviludes.interieur.gouv.fr/img/a.png",
                "https://www.miviludes.interieur.gouv.fr/../secret.txt",
                (tmp_path / "secret.txt").as_uri(), "ftp://example.org/a", "printfont:Inconnue",
                "https://www.miviludes.interieur.gouv.fr/img/absent.png"]:
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    assert list(fetcher.used) == ["img/a.png"]


def test_local_image_from_base_dir_and_cache_invalidation(tmp_path, count_renders):
    from PIL import Image
    site = tmp_path / "output"
    (site / "theme" / "img").mkdir(parents=True)
    image = site / "theme" / "img" / "schema.png"
    Image.new("RGB", (40, 20), "navy").save(image)
    fragment = '<p><img src="/theme/img/schema.png" alt="Schéma"></p>'
    first = _render(tmp_path, fragment, base_dir=site)
    reader = pypdf.PdfReader(first.path)
    assert reader.pages[0]["/Resources"]["/XObject"]  # the image is embedded
    assert _render(tmp_path, fragment, base_dir=site).cached
    Image.new("RGB", (40, 20), "red").save(image)  # same HTML, new image bytes
    assert not _render(tmp_path, fragment, base_dir=site).cached
    assert len(count_renders) == 2


def test_escaping_and_html_document():
    doc = build_print_html("<p>ok</p>", title="A < B & « C »", date_text="Publié le 1er mai 2026",
                           source_url="https://site.fr/?a=1&b=2", help_numbers_html="")
    assert "<title>A &lt; B &amp; « C »</title>" in doc and '<html lang="fr">' in doc
    assert 'href="https://site.fr/?a=1&amp;b=2"' in doc
    assert '<aside class="print-help">' not in doc  # no help numbers, no empty block


def test_invalid_arguments(tmp_path):
    with pytest.raises(PrintableError, match="URL absolue"):
        _render(tmp_path, "<p>x</p>", source_url="/fiches/emprise/")
    with pytest.raises(PrintableError, match="titre"):
        _render(tmp_path, "<p>x</p>", title=" ")


@pytest.mark.skipif(not (DSFR_FONTS / "Marianne-Regular.woff2").is_file(),
                    reason="DSFR fonts not installed (npm ci)")
def test_marianne_fonts_from_dsfr(tmp_path):
    result = _render(tmp_path, "<p>Texte <strong>gras</strong> et <em>italique</em></p>",
                     font_dir=DSFR_FONTS)
    page = pypdf.PdfReader(result.path).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("Marianne" in f for f in fonts) and any("Marianne-Bold" in f for f in fonts)
    assert len(list((tmp_path / "cache" / "fonts").glob("*.ttf"))) == 4  # decompressed once
    with pytest.raises(PrintableError, match="Marianne"):
        _render(tmp_path, "<p>x</p>", font_dir=tmp_path)


def test_a_source_that_is_a_page_of_the_site_is_printed_with_its_public_address():
    from types import SimpleNamespace

    from plugins.printable import printable_fragment

    content = SimpleNamespace(
        content="<p>Texte.</p>", settings={"SITEURL": "", "PRINTABLE_SITEURL": "https://exemple.gouv.fr/"},
        metadata={"sources": [{"title": "Loi", "url": "https://www.legifrance.gouv.fr/loda/id/JORF"},
                              {"title": "Synthèse R&D (sur ce site)", "page": "synthese"}]},
        source_links=[SimpleNamespace(title="Loi", url="https://www.legifrance.gouv.fr/loda/id/JORF", page_url=""),
                      SimpleNamespace(title="Synthèse R&D (sur ce site)", url="", page_url="rapports/synthese/")])
    fragment = printable_fragment(content)
    assert '<li><a href="https://www.legifrance.gouv.fr/loda/id/JORF">Loi</a></li>' in fragment
    assert ('<li><a href="https://exemple.gouv.fr/rapports/synthese/">Synthèse R&amp;D (sur ce site)</a></li>'
            in fragment), fragment


def test_the_printable_document_comes_from_its_jinja_template_with_autoescape():
    from plugins.printable import core
    doc = build_print_html("<p>corps</p>", title="« Titre » \"cité\"", date_text="d", source_url="https://s.fr/",
                           help_numbers_html=help_numbers_html_from([{"display": "119", "label": "<b>Écoute</b>"}]),
                           site_name="Site <i>")
    assert core._environment().autoescape is True
    assert "<title>« Titre » &#34;cité&#34;</title>" in doc and "Site &lt;i&gt;" in doc
    assert "<li><strong>119</strong> : &lt;b&gt;Écoute&lt;/b&gt;</li>" in doc and "<main>\n<p>corps</p>\n</main>" in doc
    assert doc.startswith("<!DOCTYPE html>\n") and doc.endswith("</body>\n</html>\n")
