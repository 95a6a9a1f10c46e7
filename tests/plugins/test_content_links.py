"""Internal links, anchors and duplicate addresses: same French messages in the build and `make check`."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

import check
from conftest import build_fixture_site
from pdf_fixtures import pdf_bytes
from plugins.content_links import core


def page(title: str, body: str, *extra: str) -> str:
    lines = ["---", f"title: {title}", "summary: Une phrase.", "date: 2026-11-28", *extra, "---", body]
    return "\n".join(lines) + "\n"


AFFICHE = pdf_bytes(title="Affiche", lang="fr")  # content/pdfs/ holds PDFs only (plugins/content_guard)
GOOD = {
    "fiches/cible.md": page("Cible", "Intro.\n\n## Que faire ?\n\nTexte.", "sources:",
                            "  - title: Service public", "    url: https://www.service-public.fr/particuliers/vosdroits/F31654"),
    "prevention/guide.md": page("Guide", "Texte du guide."),
    "pdfs/affiche.pdf": AFFICHE,
    "fiches/liens-justes.md": page("Liens justes", "\n".join([
        "## Introduction", "",
        "[cible](cible.md#que-faire), [guide](../prevention/guide.md), [affiche](../pdfs/affiche.pdf),",
        "[absolu]({filename}/fiches/cible.md), [statique]({static}/pdfs/affiche.pdf),",
        "[site](/fiches/cible/#que-faire), [section](/prevention/), [ici](#introduction),",
        "[sources de la cible](cible.md#sources), [externe](https://www.service-public.fr/).",
    ])),
}
BROKEN = {
    "fiches/casse-relatif.md": page("A", "[x](absente.md)"),
    "fiches/casse-filename.md": page("B", "Intro.\n\n[x]({filename}/fiches/absente.md)"),
    "fiches/casse-static.md": page("C", "[x](../pdfs/absente.pdf)"),
    "fiches/ancre-autre.md": page("D", "[x](cible.md#que-fair)"),
    "fiches/ancre-meme.md": page("E", "## Partie\n\n[x](#nulle-part)"),
    "fiches/adresse-site.md": page("F", "[x](/fiches/inexistante/)"),
    "fiches/brouillon.md": page("G", "Pas fini.", "draft: true"),
    "fiches/vers-brouillon.md": page("H", "[x](brouillon.md)"),
    "fiches/lien-html.md": page("I", "<a href=\"cible.md\">x</a>"),
    "fiches/doublon-a.md": page("J", "Texte.", "slug: meme-adresse"),
    "prevention/doublon-b.md": page("K", "Texte.", "slug: meme-adresse"),
    "fiches/meme-nom.md": page("L", "Texte."),
    "rapports/meme-nom.md": page("M", "Texte."),
}
# (file, line, start of the French message)
EXPECTED = [
    ("fiches/casse-relatif.md", 6, "lien interne cassé : « absente.md » n’existe pas"),
    ("fiches/casse-filename.md", 8, "lien interne cassé : « /fiches/absente.md » n’existe pas"),
    ("fiches/casse-static.md", 6, "fichier introuvable : « ../pdfs/absente.pdf »"),
    ("fiches/ancre-autre.md", 6, "l’ancre « #que-fair » n’existe pas dans « cible.md » (vouliez-vous dire "
                                 "« #que-faire » ?)"),
    ("fiches/ancre-meme.md", 8, "l’ancre « #nulle-part » n’existe pas dans cette page"),
    ("fiches/adresse-site.md", 6, "lien interne cassé : l’adresse « /fiches/inexistante/ » n’existe pas"),
    ("fiches/vers-brouillon.md", 6, "le lien mène à « brouillon.md », un brouillon (draft: true)"),
    ("fiches/lien-html.md", 6, "lien « cible.md » non reconnu"),
    ("prevention/doublon-b.md", 5, "adresse en double : « "),
    ("rapports/meme-nom.md", 1, "adresse en double : « "),
]


def find(errors: list[str], name: str, line: int, start: str) -> str:
    for message in errors:
        path, _, rest = message.partition(":")
        if path.endswith("content/" + name) and rest.startswith(f"{line}: {start}"):
            return message
    raise AssertionError(f"{name}:{line}: {start}… absent de :\n" + "\n".join(errors))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_fixture_site(tmp_path_factory.mktemp("liens"), {**GOOD, **BROKEN})


@pytest.fixture(scope="module")
def checked(built):
    _, _, content = built
    return check.run_checks(content=str(content))


@pytest.mark.parametrize("name, line, start", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_build_reports_the_mistake(built, name, line, start):
    errors, out, _ = built
    find(errors, name, line, start)
    assert not out.exists()


@pytest.mark.parametrize("name, line, start", EXPECTED, ids=[e[0] for e in EXPECTED])
def test_make_check_reports_the_same_mistake(checked, built, name, line, start):
    assert find(checked.errors, name, line, start) == find(built[0], name, line, start)


def test_duplicates_name_the_other_file(built):
    assert "« " in find(built[0], "prevention/doublon-b.md", 5, "adresse en double")
    assert "content/fiches/doublon-a.md » produit déjà le slug « meme-adresse »" in \
        find(built[0], "prevention/doublon-b.md", 5, "adresse en double")
    assert "content/fiches/meme-nom.md » produit déjà le slug « meme-nom »" in \
        find(built[0], "rapports/meme-nom.md", 1, "adresse en double")


def test_a_page_cannot_hide_a_section_index(fixture_site):
    errors, _, _ = fixture_site({"fiches/cible.md": GOOD["fiches/cible.md"],
                                 "pages/fiches.md": page("N", "Texte.")})
    find(errors, "pages/fiches.md", 1, "l’adresse de cette page (/fiches/) est déjà celle d’une page du site")


def test_correct_links_raise_nothing(built, checked):
    for errors in (built[0], checked.errors):
        assert not [e for e in errors if "liens-justes.md" in e or "/cible.md:" in e]


def test_french_messages_come_before_pelicans_own_warnings(built):
    errors = built[0]
    english = [i for i, e in enumerate(errors) if e.startswith(("Unable to find", "Could not process"))]
    first_link_error = min(i for i, e in enumerate(errors) if "lien interne cassé" in e)
    assert all(first_link_error < i for i in english)


def test_correct_links_are_rewritten_to_site_addresses(fixture_site):
    errors, out, _ = fixture_site(GOOD)
    assert errors == []
    html = (out / "fiches" / "liens-justes" / "index.html").read_text(encoding="utf-8")
    for href in ('href="/fiches/cible/#que-faire"', 'href="/prevention/guide/"', 'href="/pdfs/affiche.pdf"',
                 'href="/fiches/cible/"', 'href="#introduction"'):
        assert href in html
    assert (out / "pdfs" / "affiche.pdf").is_file()


# --- pure core ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url, kind, what, path, fragment", [
    ("{filename}/fiches/a.md#x", "intrasite", "filename", "/fiches/a.md", "x"),
    ("{static}../pdfs/a.pdf", "intrasite", "static", "../pdfs/a.pdf", ""),
    ("#que-faire", "fragment", "", "", "que-faire"),
    ("/fiches/a/#b", "site", "", "/fiches/a/", "b"),
    ("https://x.fr/", "external", "", "", ""),
    ("//cdn.example.org/x.js", "external", "", "", ""),
])
def test_classify(url, kind, what, path, fragment):
    link = core.classify(url)
    assert (link.kind, link.what, link.path, link.fragment) == (kind, what, path, fragment)


def test_relative_links_and_resolution():
    assert core.relative_to_intrasite("emprise.md#x") == "{filename}emprise.md#x"
    assert core.relative_to_intrasite("Fiche%20%C3%A9t%C3%A9.md") == "{filename}Fiche%20%C3%A9t%C3%A9.md"
    assert core.relative_to_intrasite("../pdfs/a.pdf") == "{static}../pdfs/a.pdf"
    assert not core.is_relative_file("mailto:a@b.fr") and not core.is_relative_file("#x")
    assert core.resolve("fiches/a.md", "../prevention/b.md") == "prevention/b.md"
    assert core.resolve("fiches/a.md", "/pdfs/c.pdf") == "pdfs/c.pdf"
    assert core.resolve("fiches/a.md", "Fiche%20%C3%A9t%C3%A9.md") == "fiches/Fiche été.md"
    assert core.output_file("/fiches/a/") == "fiches/a/index.html"
    assert core.output_file("/") == "index.html"


def test_duplicates_are_reported_in_a_stable_order():
    entries = [("x", "b.md", 3), ("x", "a.md", 1), ("y", "c.md", 1)]
    assert core.duplicates(entries) == [("b.md", 3, "a.md")]
    assert core.duplicates(list(reversed(entries))) == [("b.md", 3, "a.md")]


# ---------------------------------------------------------------- fast scanner vs html.parser

from html.parser import HTMLParser


class _ReferenceLinks(HTMLParser):
    """The standard library's parser: an independent reader that core.extract (Lexbor) must agree with."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in core.LINK_ATTRIBUTES.get(tag, ()):
            if values.get(name):
                self.links.append(values[name])
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])

    handle_startendtag = handle_starttag


def reference_extract(html: str):
    parser = _ReferenceLinks()
    parser.feed(html)
    parser.close()
    return parser.links, parser.ids


TRICKY_HTML = [
    '<p id="a">x</p><a href="/fiches/x/#y" id=b>lien</a>',
    "<A HREF='/aide/' NAME='haut'>Aide</A>",
    '<a href="/a?x=1&amp;y=2" title="a > b">t</a><img src=/i.png alt="">',
    '<!-- <a href="/commentaire/" id="cache"> --><a href="/vrai/">v</a>',
    '<script type="application/ld+json">{"x": "<a href=\\"/faux/\\" id=\\"f\\">"}</script><div id="apres"></div>',
    '<style>.x{content:"<p id=z>"}</style><span id="s"></span>',
    '<a href="#sources" id="l&eacute;">accentué</a><h2 id="que-faire">Que faire ?</h2>',
    '<input id="q" disabled><br/><a\nhref="/multi/ligne/"\nid="m">x</a>',
    '<object data="/pdfs/x.pdf"></object><video src="/v.mp4" poster="/p.webp"></video>',
    '<p>2 < 3 et 5 > 4</p><a href="/apres-inferieur/">x</a>',
]


@pytest.mark.parametrize("html", TRICKY_HTML)
def test_extract_agrees_with_html_parser_on_tricky_markup(html):
    assert core.extract(html) == reference_extract(html)
    assert core.extract_ids(html) == reference_extract(html)[1]


def test_extract_agrees_with_html_parser_on_every_page_of_the_site(real_site):
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        html = path.read_text(encoding="utf-8")
        reference = reference_extract(html)
        assert core.extract(html) == reference, path
        assert core.extract_ids(html) == reference[1], path


# ---------------------------------------------------------------- heading ids = toc's ids

import markdown

from plugins.content_links.extension import HeadingIdsExtension
from plugins.content_sanitize.extension import SanitizeExtension
from plugins.typography.extension import TypographyExtension

TRICKY_HEADINGS = """
## Que faire ?
## Que faire ?
## L'emprise : « comprendre » & agir
## Les *signes* d'alerte et [le 119](https://www.allo119.gouv.fr/)
## `code` et <abbr title="Mission">MIVILUDES</abbr>
## Que faire_1
### Santé, bien-être   et thérapies
## Note[^1]
## Déjà vu {#ancre-perso}

[^1]: Une note.
"""


def heading_ids(body: str, ids_extension) -> list[tuple[str, str]]:
    md = markdown.Markdown(extensions=["extra", "sane_lists", TypographyExtension(), ids_extension,
                                       SanitizeExtension()], output_format="html5")
    md.problems = []
    html = md.convert(body)
    return re.findall(r'<(h[1-6])[^>]*\bid="([^"]*)"', html)


@pytest.mark.parametrize("name", ["tricky"] + sorted(
    p.relative_to(ROOT / "content").as_posix() for p in (ROOT / "content").rglob("*.md")))
def test_heading_ids_are_the_ids_of_python_markdown_toc(name):
    if name == "tricky":
        body = TRICKY_HEADINGS
    else:
        body = (ROOT / "content" / name).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    expected = heading_ids(body, "toc")
    assert heading_ids(body, HeadingIdsExtension()) == expected
    if name == "tricky":
        assert [i for _, i in expected][:3] == ["que-faire", "que-faire_1", "lemprise-comprendre-agir"]


def test_site_links_of_a_body_follow_a_sub_path_siteurl():
    html = ('<p><a href="/aide/#x">a</a> <a class="c" href="/apercu/pr-12/y/">b</a> <img alt="i" src="/pdfs/i.webp">'
            ' <a href="//ex.org/">c</a> <a href="https://ex.org/">d</a> <a href="#z">e</a> href="/texte/"</p>')
    moved = core.under_site_links(html, "https://h.org/apercu/pr-12/")
    assert re.findall(r'(?:href|src)="([^"]*)"', moved) == [
        "https://h.org/apercu/pr-12/aide/#x", "/apercu/pr-12/y/", "https://h.org/apercu/pr-12/pdfs/i.webp",
        "//ex.org/", "https://ex.org/", "#z", "/texte/"]
    assert core.under_site_links(html, "") == html == core.under_site_links(html, "https://www.gouv.fr/")


def test_site_links_are_checked_then_moved_under_a_sub_path(tmp_path):
    page = "---\ntitle: \"{t}\"\nsummary: \"Résumé.\"\ndate: 2026-11-28\n---\n{b}\n"
    files = {"fiches/a.md": page.format(t="A", b="Voir [B](/fiches/b/#que-faire) et [rien](/fiches/inexistante/)."),
             "fiches/b.md": page.format(t="B", b="## Que faire ?\n\nTexte.")}
    errors, out, _ = build_fixture_site(tmp_path, files, {"SITEURL": "http://127.0.0.1:9/apercu/pr-12"})
    assert len(errors) == 1 and "fiches/a.md" in errors[0] and "« /fiches/inexistante/ » n’existe pas" in errors[0]
    files["fiches/a.md"] = page.format(t="A", b="Voir [B](/fiches/b/#que-faire).")
    errors, out, _ = build_fixture_site(tmp_path, files, {"SITEURL": "http://127.0.0.1:9/apercu/pr-12"})
    assert errors == []
    html = (out / "fiches" / "a" / "index.html").read_text(encoding="utf-8")
    assert 'href="http://127.0.0.1:9/apercu/pr-12/fiches/b/#que-faire"' in html
