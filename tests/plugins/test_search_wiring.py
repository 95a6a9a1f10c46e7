"""Wiring of plugins/search_index (register()): what the build writes into output/search/, and the
quality of the results on the real site (tests/search_quality.yaml, through the real JS engine).

Run: .venv/bin/python -m pytest tests/plugins/test_search_wiring.py -q
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

from plugins.search_index.documents import html_text, written_page_document
from pdf_fixtures import pdf_bytes
from search_bench import quality

EXCLUDED = {"recherche"}   # SEARCH_EXCLUDE (pelicanconf.py)


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def published_urls() -> set[str]:
    """URLs of every published article and page, from content/ (drafts left out)."""
    urls = set()
    for folder in ("fiches", "prevention", "rapports", "pages"):
        for path in sorted((ROOT / "content" / folder).glob("*.md")):
            meta = front_matter(path)
            if meta.get("draft") or meta.get("status") == "draft":
                continue
            slug = str(meta.get("slug") or path.stem)
            urls.add(f"/{slug}/" if folder == "pages" else f"/{folder}/{slug}/")
    return urls


def contact_ids() -> list[str]:
    data = yaml.safe_load((ROOT / "content" / "data" / "contacts.yaml").read_text(encoding="utf-8"))
    entries = data if isinstance(data, list) else data.get("contacts", [])
    return [str(entry["id"]) for entry in entries]


def store_docs(search_dir: Path) -> list[dict]:
    manifest = json.loads((search_dir / "manifest.json").read_text(encoding="utf-8"))
    docs = []
    for chunk in manifest["store"]:
        docs += json.loads((search_dir / chunk["file"]).read_text(encoding="utf-8"))["docs"]
    return docs


# ---------------------------------------------------------------- the real site


def test_real_site_has_manifest_shards_and_store(real_site):
    search = real_site / "search"
    manifest = json.loads((search / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == 1 and manifest["shards"] and manifest["store"]
    listed = {s["file"] for s in manifest["shards"]} | {s["file"] for s in manifest["store"]}
    listed |= {f["file"] for f in manifest.get("french", {}).values()}  # dictionary guard (issue 21)
    written = {p.name for p in search.iterdir()} - {"manifest.json"}
    assert written == listed, "fichiers de recherche en trop ou manquants"
    for name in listed:
        assert re.fullmatch(r"(index|store|fr)\.[0-9a-f]{12}\.json", name), name
        assert (search / name).stat().st_size > 0
    assert manifest["docCount"] == len(store_docs(search)) == len(manifest["docTypes"])


def test_every_page_and_contact_is_searchable_and_utilities_are_not(real_site):
    docs = store_docs(real_site / "search")
    urls = [d["url"] for d in docs]
    assert len(urls) == len(set(urls)), "document en double"
    expected = {u for u in published_urls() if u.strip("/") not in EXCLUDED}
    missing = expected - set(urls)
    assert not missing, f"pages absentes de la recherche : {sorted(missing)}"
    for slug in EXCLUDED:
        assert f"/{slug}/" not in urls
    for cid in contact_ids():
        assert f"/aide/#contact-{cid}" in urls, cid
    assert "/aide/" in urls
    by_url = {d["url"]: d for d in docs}
    assert by_url["/fiches/emprise/"]["type"] == "fiche"
    assert by_url["/aide/#contact-3919"]["type"] == "contact"
    assert {d["type"] for d in docs} >= {"fiche", "prevention", "rapport", "page", "contact"}
    # Display data is plain text (rendered with textContent by ui.js).
    assert all("<" not in d["title"] and d["title"] for d in docs)


def test_pages_link_the_fingerprinted_search_scripts(real_site):
    """The header field of every page and the /recherche/ field carry the index and script URLs."""
    for rel in ("index.html", "fiches/emprise/index.html", "recherche/index.html"):
        html = (real_site / rel).read_text(encoding="utf-8")
        scripts = re.search(r'data-search-scripts="([^"]+)"', html).group(1).split()
        # lunr, lunr-languages' stemmer support and French stemmer, then ours: in loading order.
        names = [url.rsplit("/", 1)[1].rsplit(".", 2)[0] for url in scripts]
        assert names == ["lunr.min", "lunr.stemmer.support.min", "lunr.fr.min", "analyzer", "search"], names
        for url in scripts:
            assert re.search(r"\.[0-9a-f]{8}\.js$", url), url
            assert (real_site / url.lstrip("/")).is_file(), url
        assert 'data-search-manifest="/search/manifest.json"' in html
        # js/search/ui.js is the last part of the module bundle (ASSETS_BUNDLES): no request of its own.
        ui = re.search(r'<script type="module" src="(/theme/js/site\.bundle\.[0-9a-f]{8}\.js)"></script>', html)
        assert ui and "MiviludesSearch" in (real_site / ui.group(1).lstrip("/")).read_text(encoding="utf-8")
    page = (real_site / "recherche" / "index.html").read_text(encoding="utf-8")
    results = re.search(r"<div[^>]*data-search-results[^>]*>", page).group(0)
    assert "aria-live" not in results
    assert re.search(r'<input[^>]*id="recherche-page-input"[^>]*data-search-page', page)
    assert "<noscript>" in page and "/fiches/" in page.split("<noscript>")[1]
    header = re.search(r'<input[^>]*id="recherche-entete-input"[^>]*>', page).group(0)
    assert " name=" not in header, "le champ ne doit pas envoyer la requête dans l’adresse"
    assert 'aria-controls="recherche-entete-resultats"' in header


def test_search_quality_recall_at_5(real_site):
    """tests/search_quality.yaml: queries typed like on a phone, run by the real JS engine."""
    result = quality.measure(real_site / "search", k=5)
    assert result["queries"] >= 25
    report = "\n".join(f"  « {q} » : attendu {exp}, obtenu {got}" for q, exp, got in result["misses"])
    assert result["recall"] >= 0.95, f"recall@5 = {result['recall']:.2f} :\n{report}"


# ---------------------------------------------------------------- local PDFs (fixture site)


make_pdf = pdf_bytes


FICHE = """---
title: "Fiche avec un guide"
summary: "Une fiche qui propose un guide à télécharger."
date: 2026-11-28
attachments:
  - title: "Guide local de prévention"
    file: pdfs/guide-local.pdf
---
## Les repères

Le guide détaille les repères.
"""


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory):
    from conftest import build_fixture_site

    base = tmp_path_factory.mktemp("search-pdf")
    pdf = make_pdf(["", "Le zythogramme figure en page deux du guide."])
    errors, out, _ = build_fixture_site(base, {"fiches/avec-guide.md": FICHE, "pdfs/guide-local.pdf": pdf})
    assert errors == []
    return out


def test_local_pdf_pages_are_documents(pdf_site):
    docs = store_docs(pdf_site / "search")
    pdfs = [d for d in docs if d["type"] == "pdf"]
    assert [d["url"] for d in pdfs] == ["/pdfs/guide-local.pdf#page=2"]  # page 1 has no text
    assert pdfs[0]["title"].startswith("Guide local de prévention")
    assert "zythogramme" in pdfs[0]["summary"]
    results = quality.run_queries(pdf_site / "search", ["zythogramme"], k=5)
    assert results[0]["urls"] == ["/pdfs/guide-local.pdf#page=2"]
    fiche = [d for d in docs if d["url"] == "/fiches/avec-guide/"]
    assert fiche and fiche[0]["type"] == "fiche"


# ---------------------------------------------------------------- pure helpers


def test_html_text_separates_blocks_keeps_inline_words_and_drops_code():
    text, headings = html_text(
        "<h2 id='a'>Que <em>faire</em> ?</h2><p>L’<strong>emprise</strong> isole.</p><ul><li>un</li>"
        "<li>deux</li></ul><script>alert(1)</script><style>p{}</style><h3>Trois&nbsp;signes</h3>"
        "<p>116&nbsp;006<sup>1</sup></p><h4>Non</h4>")
    assert headings == ["Que faire ?", "Trois\u00a0signes"]
    assert "L’emprise isole." in text and "un deux" in text
    assert "alert" not in text and "p{}" not in text
    assert "006 1" in text  # a footnote call never sticks to the number before it


def test_written_page_document_reads_main_only():
    html = ("<html><head><meta name='description' content='Les numéros.'></head><body>"
            "<header><h1>Pas celui-ci</h1></header><main><h1>Trouver de l’aide</h1><h2>Urgences</h2>"
            "<h3 class='fr-card__title'>SAMU</h3></main><footer><h2>Pied</h2></footer></body></html>")
    doc = written_page_document(html, "/aide/")
    assert doc["title"] == "Trouver de l’aide" and doc["summary"] == "Les numéros."
    assert doc["headings"] == ["Urgences"] and doc["type"] == "page" and doc["url"] == "/aide/"
    assert written_page_document("<main><p>sans titre</p></main>", "/x/") is None


def test_search_shards_are_cached_as_immutable_and_the_manifest_is_not(real_site):
    headers = (real_site / "_headers").read_text(encoding="utf-8")
    shards = [p.name for p in (real_site / "search").glob("*.json") if p.name != "manifest.json"]
    assert shards
    for name in shards:
        assert f"/search/{name}\n  Cache-Control: public, max-age=31536000, immutable" in headers
    assert "/search/manifest.json" not in headers


# ---------------------------------------------------------------- text of HTML, read with Lexbor

def test_text_of_a_fragment_keeps_every_top_level_node_and_drops_code():
    text, headings = html_text('<p>Un <em>mot</em>&nbsp;ici</p>suite<h2>Que <a href="#x">faire</a> ?</h2>'
                               "<script>alerte()</script><!-- note --><ul><li>a</li><li>b<br>c</li></ul>"
                               "<h3>Étape<sup>2</sup></h3><template>caché</template>fin")
    assert text == "Un mot\u00a0ici suite Que faire ? a b c Étape 2 fin"
    assert headings == ["Que faire ?", "Étape2"]


def test_a_written_page_gives_its_h1_description_and_h2_of_main_only():
    page = ('<!doctype html><html><head><meta name="description" content="Les  numéros."></head><body>'
            "<header><h1>Pas ici</h1><h2>Menu</h2></header><main><h1>Où <em>s’adresser</em> ?</h1>"
            "<h2>Urgence</h2><p>texte</p></main><footer><h2>Pied</h2></footer></body></html>")
    document = written_page_document(page, "/aide/")
    assert (document["title"], document["summary"], document["headings"]) == (
        "Où s’adresser ?", "Les numéros.", ["Urgence"])
    assert written_page_document("<main><p>sans titre</p></main>", "/x/") is None
