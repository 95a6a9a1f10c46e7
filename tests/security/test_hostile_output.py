"""Hostile content, second round (issue 23): aimed at the whole output, not at page fields.

Every case is a pull request an attacker could open. Each is built in a limited child process
(tests/security/harness.py: 60 s, 2 GB) and must be refused with a French `fichier:ligne` message
naming the content file, or built with nothing dangerous and nothing off the allow-list in output/.
Classes: 1. files published from anywhere; 2. folder names; 3. active PDFs; 4. bounds (inline
images, text operators, synonym groups, output growth); 5. CSV cells; 6. Bidi controls; 7. body
links; 8. reserved names and templates; 9. the inline-code check reads the published bytes.
"""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from harness import build_hostile
from pdf_fixtures import HOSTILE_PDF_KINDS, hostile_pdf, pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
CONTACTS = (ROOT / "content" / "data" / "contacts.yaml").read_text(encoding="utf-8")
HEADER = "---\ntitle: Essai\nsummary: Une phrase.\ndate: 2026-11-28\n---\n"  # body starts on line 6
PLAIN = {"fiches/essai.md": HEADER + "Texte de la fiche.\n"}


def fiche(body: str, title: str = "Essai") -> str:
    return HEADER.replace("Essai", title) + "Intro.\n\n" + body + "\n"  # `body` starts on line 8


def page(extra: str = "", body: str = "Texte de la page.\n") -> str:
    return "---\ntitle: Page\nsummary: Une phrase.\ndate: 2026-11-28\n" + extra + "---\n" + body


def png(width: int, height: int) -> bytes:
    """A PNG whose header declares `width` × `height` (one tiny IDAT: nothing to decode)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * (width + 1)))
            + chunk(b"IEND", b""))


def contacts_with(old: str, new: str) -> tuple[str, int]:
    index = CONTACTS.index(old)
    return CONTACTS[:index] + new + CONTACTS[index + len(old):], CONTACTS.count("\n", 0, index) + 1


_CSV_FORMULA, _CSV_LINE = contacts_with('display: "0 800 005 696"', 'display: "=0800005696"')
_CSV_ZWJ, _ZWJ_LINE = contacts_with('display: "0 800 005 696"', 'display: "0 800\u200d005 696"')
_CSV_RLM, _RLM_LINE = contacts_with('display: "0 800 005 696"', 'display: "0 800 005 696\u200f"')
_SYNONYMS = "groupes:\n  - [" + ", ".join(f"mot{i:05d}" for i in range(12_000)) + "]\n"
_GROWTH = fiche("[a]: https://exemple.fr/" + "x" * 1500 + "\n\n" + ("[a] " * 500 + "\n\n") * 6)
_FOLDER = '"><meta http-equiv=refresh content=0;url=https:evil.example>'

PDF_FRAGMENTS = {
    "openaction-js": "/OpenAction", "objstm-escaped-js": "/OpenAction", "names-js": "JavaScript",
    "launch": "/Launch", "aa-submit": "/AA", "gotor": "/GoToR", "importdata": "/OpenAction",
    "xfa": "XFA", "embedded-html": "/EmbeddedFiles", "uri-javascript": "javascript:",
    "uri-http": "http://exemple.fr/", "polyglot-html": "page web", "trailing-payload": "%%EOF",
    "inline-image-bomb": "image intégrée", "text-operators": "opérations de texte", "bidi-title": "U+202E",
}

# (case id, files added to a plain fiche, file named, line (None: any), French fragment)
REFUSED = [
    # 1. Publish only what we chose
    ("svg-and-js-linked", {"fiches/h.md": fiche("[le dessin](dessin.svg)"),
                           "fiches/dessin.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script href="app.js"/></svg>',
                           "fiches/app.js": "alert(1)\n"}, "fiches/h.md", 8, "ne sera pas publié"),
    ("svg-file-itself", {"fiches/dessin.svg": "<svg/>"}, "fiches/dessin.svg", 1, "ne peut pas être publié"),
    ("html-page-linked", {"fiches/h.md": fiche("[la page]({static}/pages/outil.html)"),
                          "pages/outil.html": "<script>alert(1)</script>"}, "fiches/h.md", 8, "ne sera pas publié"),
    ("data-file-linked", {"fiches/h.md": fiche("[les données]({static}/data/contacts.yaml)")},
     "fiches/h.md", 8, "ne peut pas être publié"),
    ("page-source-linked", {"fiches/h.md": fiche("[la source]({static}/fiches/essai.md)")},
     "fiches/h.md", 8, "ne peut pas être publié"),
    ("link-outside-content", {"fiches/h.md": fiche("[x]({static}../../../etc/hostname)")},
     "fiches/h.md", 8, "hors du dossier de contenu"),
    ("js-in-images", {"images/x.js": "alert(1)\n"}, "images/x.js", 1, "ne peut pas être publié"),
    ("svg-named-png", {"images/x.png": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'},
     "images/x.png", 1, "n’est pas de ce format"),
    ("png-pixel-bomb", {"images/x.png": png(100_000, 100_000)}, "images/x.png", 1, "trop grande"),
    ("file-at-content-root", {"index.html": "<script>alert(1)</script>"}, "index.html", 1, "ne peut pas être publié"),
    # 2. Folder names
    ("markup-folder-in-pdfs", {f"pdfs/{_FOLDER}/guide.pdf": pdf_bytes()}, f"pdfs/{_FOLDER}", 1, "nom de dossier"),
    ("fiche-sub-folder", {"fiches/sous/x.md": fiche("x")}, "fiches/sous", 1, "sous-dossier refusé"),
    ("fiche-sub-folder-reserved", {"fiches/admin/x.md": fiche("x")}, "fiches/admin", 1, "sous-dossier refusé"),
    # 3. Inert PDFs (and 4. their bounds, 6. their metadata)
    *[(f"pdf-{kind}", {f"pdfs/{kind}.pdf": hostile_pdf(kind)}, f"pdfs/{kind}.pdf", 1, PDF_FRAGMENTS[kind])
      for kind in HOSTILE_PDF_KINDS],
    ("pdf-attached-with-js", {"pdfs/guide.pdf": hostile_pdf("openaction-js"),
                              "fiches/h.md": fiche("[le guide](../pdfs/guide.pdf)")}, "pdfs/guide.pdf", 1, "/OpenAction"),
    # 4. Bounds
    ("synonym-group-12000", {"data/synonymes.yaml": _SYNONYMS}, "data/synonymes.yaml", 2, "au plus 24"),
    ("reference-link-growth", {"fiches/h.md": _GROWTH}, "fiches/h.md", 1, "ko de HTML"),
    # 5. CSV and displayed numbers
    ("phone-display-formula", {"data/contacts.yaml": _CSV_FORMULA}, "data/contacts.yaml", _CSV_LINE, "display"),
    ("phone-display-zwj", {"data/contacts.yaml": _CSV_ZWJ}, "data/contacts.yaml", _ZWJ_LINE, "U+200D"),
    # 6. Bidi controls, every one of Unicode's
    ("title-lrm", {"fiches/h.md": fiche("x", title="Appelez le 17\u200e")}, "fiches/h.md", 2, "U+200E"),
    ("title-alm", {"fiches/h.md": fiche("x", title="Appelez\u061c le 17")}, "fiches/h.md", 2, "U+061C"),
    ("body-rlo-next-to-tel", {"fiches/h.md": fiche("Appelez le [\u202e696 500 008 0](tel:+33800005696).")},
     "fiches/h.md", 8, "U+202E"),
    ("phone-display-rlm", {"data/contacts.yaml": _CSV_RLM}, "data/contacts.yaml", _RLM_LINE, "U+200F"),
    # 7. Body links through the URL module
    ("mailto-bcc", {"fiches/h.md": fiche("[écrire](mailto:contact@exemple.fr?bcc=espion@evil.example)")},
     "fiches/h.md", 8, "bcc="),
    ("mailto-cc-html", {"fiches/h.md": fiche('<a href="mailto:contact@exemple.fr?subject=a&amp;cc=x@evil.example">x</a>')},
     "fiches/h.md", 8, "cc="),
    ("tel-service-code", {"fiches/h.md": fiche("[appeler](tel:*31#17)")}, "fiches/h.md", 8, "« * »"),
    # 8. Reserved names and templates, named on the content file
    ("page-headers", {"pages/_headers.md": page()}, "pages/_headers.md", 1, "réservée"),
    ("page-redirects", {"pages/_redirects.md": page()}, "pages/_redirects.md", 1, "réservée"),
    ("page-template-fiche", {"pages/x.md": page("template: fiche\n")}, "pages/x.md", 5, "montre une fiche"),
    ("page-template-article", {"pages/x.md": page("template: article\n")}, "pages/x.md", 5, "montre une fiche"),
    ("fiche-template-page", {"fiches/h.md": HEADER.replace("date:", "template: recherche\ndate:") + "x\n"},
     "fiches/h.md", 4, "montre une page"),
]


def _named(errors, path, line, fragment):
    where = f"content/{path}:{line}:" if line else f"content/{path}:"
    return any(where in e and fragment in e for e in errors)


@pytest.mark.parametrize("files, path, line, fragment",
                         [pytest.param(f, p, l, m, id=i) for i, f, p, l, m in REFUSED])
def test_hostile_output_is_refused_naming_the_content_file(tmp_path, files, path, line, fragment):
    result = build_hostile(tmp_path, {**PLAIN, **files})
    assert not result.timed_out and not result.crashed, result.crashed or "délai dépassé"
    assert _named(result.errors, path, line, fragment), result.errors
    assert not any("Traceback" in e or "is undefined" in e or "Errno" in e for e in result.errors), result.errors
    # Every message names a file of content/ (or the theme): never an English crash alone.
    assert all("content/" in e or e.startswith(("theme", "Contenus")) for e in result.errors), result.errors
    assert result.seconds < 60 and not result.output.exists()


HARMLESS = [
    ("inert-pdfs", {"pdfs/lien.pdf": hostile_pdf("uri-https"), "pdfs/ouvre.pdf": hostile_pdf("open-at-page"),
                    "fiches/h.md": fiche("[le guide](../pdfs/lien.pdf) et [l’autre](../pdfs/ouvre.pdf)")}),
    ("image-linked", {"images/photo.png": png(40, 30), "fiches/h.md": fiche("![Une photo](../images/photo.png)")}),
    ("plain-mail-and-phone", {"fiches/h.md": fiche("[écrire](mailto:contact@exemple.fr?subject=Aide) ou "
                                                   "[appeler](tel:+33800005696)")}),
]


def own_names(case: str, files: dict) -> dict:
    """A case's files, its fiche under a name of its own (fiches/h-<case>.md): the cases share one build."""
    return {(f"fiches/h-{case}.md" if rel == "fiches/h.md" else rel): data for rel, data in files.items()}


@pytest.fixture(scope="module")
def harmless_build(tmp_path_factory):
    """Every HARMLESS case in one build: each must build with nothing dangerous and nothing off the
    allow-list in the whole output, so none can hide another. One build instead of one per case."""
    files = dict(PLAIN)
    for case, case_files in HARMLESS:
        renamed = own_names(case, case_files)
        assert not set(renamed) & set(files), f"{case} : fichier déjà pris par un autre cas"
        files.update(renamed)
    return build_hostile(tmp_path_factory.mktemp("harmless"), files)


@pytest.mark.parametrize("case, files", [pytest.param(i, f, id=i) for i, f in HARMLESS])
def test_allowed_files_build_and_nothing_else_is_published(harmless_build, case, files):
    result = harmless_build
    assert result.built, (case, result.errors or result.crashed or "délai dépassé")
    assert result.findings == [], case
    published = {p.relative_to(result.output).as_posix() for p in result.output.rglob("*") if p.is_file()}
    content_files = {p for p in files if not p.endswith(".md")}
    assert content_files <= published  # what we chose is published…
    for rel in published:  # …and nothing from content/ that is not on the allow-list
        top = rel.split("/")[0]
        if rel.endswith((".pdf", ".png", ".jpg", ".jpeg", ".webp")) and top not in ("theme", "pdfs", "images"):
            raise AssertionError(f"{rel} publié hors des dossiers autorisés")
        assert not rel.endswith((".md", ".yaml", ".svg", ".js")) or top in ("theme", "search", "admin"), rel


# 9. The inline-code check reads the bytes that are published, with the browsers' HTML5 parser.

def test_a_minified_title_is_text_for_the_inline_code_check():
    from plugins.minify.core import minify
    from plugins.security_headers.core import find_inline_code
    page = ("<!doctype html><html><head><title>Le mot &lt;script&gt;alert(1)&lt;/script&gt; expliqué"
            "</title></head><body><p>x</p></body></html>")
    published = minify(page)
    assert "<script>alert(1)</script>" in published  # the minifier decodes RCDATA…
    assert find_inline_code(published).located == []  # …and a browser still reads it as text


def test_real_inline_code_next_to_a_title_is_still_found():
    from plugins.minify.core import minify
    from plugins.security_headers.core import find_inline_code
    published = minify("<!doctype html><html><head><title>a &lt;b</title></head><body>"
                       "<p onclick=\"x()\">x</p><script>alert(2)</script><textarea><script>no()</script>"
                       "</textarea></body></html>")
    found = find_inline_code(published)
    assert found.scripts == ["alert(2)"] and [h for _, h in found.event_handlers] == ["onclick"]
