"""RGAA 13.3, 13.4 on the printable PDFs (plugins/printable): a small build with PRINTABLE_PDFS on for
every PDF of the audit sample (docs/rgaa/grille.yaml: the fiche's and the guide's), read back with
pypdf: tagged (structure tree, PDF/UA identifier), titled like the page, in French, headings, lists,
table headers with their scope, link annotations tied to /Link tags, and a reading order that
follows the page. « PDF/UA-1 » is never taken from the identifier alone: the tests check the tags.
"""
from __future__ import annotations

import re

import pypdf
import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import ROOT, build_fixture_site

from site_pages import audit_pages

FICHE = "abus-de-faiblesse"  # the fiche of the audit sample (docs/rgaa/grille.yaml)
# Every sampled document: (content file, output folder, PDF name) from its URL /<section>/<slug>/<slug>.pdf.
SECTIONS = {"fiches": "fiches", "prevention": "prevention", "rapports": "rapports"}


def _sampled() -> list[tuple[str, str]]:
    out = []
    for _, url in audit_pages("document"):
        section, slug = url.strip("/").split("/")[:2]
        out.append((section, slug))
    return out


SAMPLED = _sampled()
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def norm(text) -> str:
    return _SPACES.sub(" ", str(text or "")).strip()


@pytest.fixture(scope="module", params=SAMPLED, ids=[slug for _, slug in SAMPLED])
def printed(tmp_path_factory, request):
    section, slug = request.param
    source = next(p for p in (ROOT / "content" / SECTIONS[section]).glob("*.md")
                  if re.search(rf"(?m)^slug: {re.escape(slug)}$", p.read_text(encoding="utf-8"))
                  or p.stem == slug).read_text(encoding="utf-8")
    # The other fiches are not in this small build: no related list, internal links become their text.
    source = re.sub(r"(?m)^related:.*\n", "", source)
    source = re.sub(r"\[([^\]]+)\]\((?!https?:|mailto:|tel:|sms:|#)[^)]*\)", r"\1", source)
    base = tmp_path_factory.mktemp("rgaa-pdf")
    errors, out, _ = build_fixture_site(base, {f"{SECTIONS[section]}/{slug}.md": source},
                                        {"PRINTABLE_PDFS": True, "BUILD_CACHE_DIR": str(base / "cache")})
    assert errors == [], "\n".join(errors)
    pdf = out / section / slug / f"{slug}.pdf"
    html = LexborHTMLParser((out / section / slug / "index.html").read_text(encoding="utf-8"))
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
    body = html.css_first("main .corps") or html.css_first("main")
    expected = ["/H1", "/H2", "/P"]
    expected += ["/L", "/LI"] if body.css("ul, ol") else []
    expected += ["/Table", "/TH", "/TD"] if body.css("table") else []
    expected += ["/Link"] if body.css("a[href]") else []
    for tag in expected:
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
    assert all(c in text for c in cited), "citations de la page absentes du PDF"
    assert all(re.search("«[ \u00a0\u202f]?" + re.escape(c), text) for c in cited), "citations sans guillemets dans le PDF"


def elements(node, out: list) -> list:
    """Structure elements (dictionaries) of the tag tree, in reading order."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, pypdf.generic.ArrayObject):
        for kid in node:
            elements(kid, out)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            out.append(node)
        if "/K" in node:
            elements(node["/K"], out)
    return out


def _attributes(element) -> dict:
    found = {}
    attrs = element.get("/A")
    attrs = attrs.get_object() if attrs is not None else None
    for attr in (attrs if isinstance(attrs, pypdf.generic.ArrayObject) else [attrs] if attrs else []):
        attr = attr.get_object()
        if isinstance(attr, pypdf.generic.DictionaryObject):
            found.update({str(k): v for k, v in attr.items()})
    return found


def test_printable_pdf_tables_lists_and_links(printed):
    """Table headers carry a scope, lists hold items, each link annotation belongs to a /Link tag
    (through its /StructParent), as many link annotations as links in the page's body."""
    reader, html = printed
    root = reader.trailer["/Root"]
    tree = elements(root["/StructTreeRoot"], [])
    problems = []
    # Header cells tied to data cells: a /Scope on the header, or its /ID in the cells' /Headers.
    referenced = {str(h) for td in tree if str(td["/S"]) == "/TD" for h in (_attributes(td).get("/Headers") or [])}
    for th in (e for e in tree if str(e["/S"]) == "/TH"):
        scope = str(_attributes(th).get("/Scope", ""))
        if scope not in ("/Column", "/Row", "/Both") and str(th.get("/ID", "")) not in referenced:
            problems.append("en-tête de tableau ni /Scope ni référencé par les /Headers des cellules")
    for td in (e for e in tree if str(e["/S"]) == "/TD"):
        if any(str(e["/S"]) == "/TH" for e in tree) and not _attributes(td).get("/Headers"):
            problems.append("cellule de tableau sans /Headers")
    for lst in (e for e in tree if str(e["/S"]) == "/L"):
        kids = [k for k in elements(lst.get("/K", pypdf.generic.ArrayObject()), []) if str(k["/S"]) == "/LI"]
        if not kids:
            problems.append("liste (/L) sans élément /LI")
    annotations = [a.get_object() for page in reader.pages for a in (page.get("/Annots") or [])
                   if a.get_object().get("/Subtype") == "/Link"]
    untagged = [a for a in annotations if "/StructParent" not in a]
    if untagged:
        problems.append(f"{len(untagged)} annotation(s) de lien sans /StructParent (non rattachées à une balise /Link)")
    body = html.css_first("main .corps") or html.css_first("main")
    links = [a for a in body.css("a[href]") if not a.attributes.get("href", "").startswith("#")]
    if links and not annotations:
        problems.append("aucune annotation de lien dans le PDF alors que la page a des liens")
    assert problems == [], "\n".join(problems[:20])
