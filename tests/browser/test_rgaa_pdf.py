"""RGAA 13.3, 13.4 on the printable PDFs (plugins/printable): a small build with PRINTABLE_PDFS on for
one real fiche of the audit sample, read back with pypdf: tagged (structure tree, PDF/UA
identifier), titled like the page, in French, headings, lists, table and links tagged, and a reading
order that follows the page.
"""
from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import ROOT, build_fixture_site

FICHE = "abus-de-faiblesse"  # the fiche of the audit sample (docs/rgaa/grille.yaml)
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def norm(text) -> str:
    return _SPACES.sub(" ", str(text or "")).strip()


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    source = (ROOT / "content" / "fiches" / f"{FICHE}.md").read_text(encoding="utf-8")
    # The other fiches are not in this small build: no related list, internal links become their text.
    source = re.sub(r"(?m)^related:.*\n", "", source)
    source = re.sub(r"\[([^\]]+)\]\((?!https?:|mailto:|tel:|sms:|#)[^)]*\)", r"\1", source)
    base = tmp_path_factory.mktemp("rgaa-pdf")
    errors, out, _ = build_fixture_site(base, {f"fiches/{FICHE}.md": source},
                                        {"PRINTABLE_PDFS": True, "BUILD_CACHE_DIR": str(base / "cache")})
    assert errors == [], "\n".join(errors)
    pdf = out / "fiches" / FICHE / f"{FICHE}.pdf"
    html = LexborHTMLParser((out / "fiches" / FICHE / "index.html").read_text(encoding="utf-8"))
    assert pdf.is_file(), "PDF imprimable absent"
    return pypdf.PdfReader(pdf), html


def structure(node, out: list[str]) -> list[str]:
    """Structure types of the tag tree, in document (reading) order."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, pypdf.generic.ArrayObject):
        for kid in node:
            structure(kid, out)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            out.append(str(node["/S"]))
        if "/K" in node:
            structure(node["/K"], out)
    return out


def test_printable_pdf_is_tagged_titled_and_in_french(printed):
    reader, html = printed
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root, "PDF non balisé"
    assert str(root["/Lang"]).lower().startswith("fr"), "langue du PDF absente ou non française"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]), "le lecteur PDF doit afficher le titre"
    h1 = norm(html.css_first("main h1").text())
    assert norm(reader.metadata.title) == h1, f"titre du PDF {reader.metadata.title!r} ≠ titre de la page {h1!r}"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data(), "identifiant PDF/UA absent"
    tags = structure(root["/StructTreeRoot"], [])
    for tag in ("/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"):
        assert tag in tags, f"balise {tag} absente de l’arbre de structure ({sorted(set(tags))})"
    headings = [t for t in tags if re.fullmatch(r"/H[1-6]", t)]
    assert headings[0] == "/H1" and headings.count("/H1") == 1, f"titres du PDF : {headings}"


def test_printable_pdf_reading_order_follows_the_page(printed):
    reader, html = printed
    text = norm(" ".join(page.extract_text() for page in reader.pages))
    titles = [norm(h.text()) for h in html.css("main .corps h2")]
    assert len(titles) >= 3
    positions = [text.find(t) for t in titles]
    assert -1 not in positions, f"titres de la page absents du PDF : {[t for t, p in zip(titles, positions) if p < 0]}"
    assert positions == sorted(positions), "ordre de lecture du PDF différent de la page"
    assert text.find(norm(html.css_first("main h1").text())) < positions[0]
    cited = [norm(q.text()) for q in html.css("main .corps q")]
    assert cited and all(c in text for c in cited), "citations de la page absentes du PDF"
    assert all(re.search("«[ \u00a0\u202f]?" + re.escape(c), text) for c in cited), "citations sans guillemets dans le PDF"
