"""Unsafe or inaccessible markup in content: reported on its line, in French, and removed (nh3)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

import pelicanconf
from plugins.content_links.extension import HeadingIdsExtension, RelativeLinksExtension
from plugins.common.rules import markup as core
from plugins.content_sanitize.extension import SanitizeExtension
from plugins.common.rules.frontmatter import parse
from plugins.content_schema.render import render

PATH = "content/fiches/essai.md"
HEADER = "---\ntitle: Essai\nsummary: Une phrase.\ndate: 2026-11-28\n---\n"  # body starts on line 6


def convert(body: str):
    settings = {**pelicanconf.MARKDOWN, "extensions": [RelativeLinksExtension(), HeadingIdsExtension(),
                                                   SanitizeExtension()]}
    html, problems = render(parse((HEADER + body).encode(), PATH), settings)
    return html, [(p.line, p.message) for p in problems]


@pytest.mark.parametrize("body, line, fragment, absent", [
    ("Intro.\n\n<script>alert(1)</script>\n", 8, "balise <script> interdite", "alert"),
    ("Intro.\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n", 8,
     "contenu intégré <iframe> interdit", "youtube"),
    ("Intro.\n\n<style>p { color: red }</style>\n", 8, "balise <style> interdite", "color"),
    ("Intro.\n\nUn <a href=\"/aide/\" onclick=\"voler()\">lien</a>.\n", 8, "attribut « onclick » interdit",
     "voler"),
    ("Intro.\n\nUn [lien](javascript:alert(1)).\n", 8, "adresse « javascript:alert(1) » interdite",
     "javascript"),
    ("Intro.\n\nUn <a href=\"JaVaScRiPt:alert(1)\">lien</a>.\n", 8, "interdite", "alert"),
    ("Intro.\n\nUn [paragraphe](#x){: onmouseover=\"voler()\" }.\n", 8, "attribut « onmouseover » interdit",
     "voler"),
    ("Intro.\n\n<p style=\"color: red\">Rouge</p>\n", 8, "attribut « style » interdit", "color"),
    ("Intro.\n\n![](../pdfs/affiche.png)\n", 8, "image « ../pdfs/affiche.png » sans texte alternatif", None),
    ("Intro.\n\n<img src=\"../pdfs/a.png\">\n", 8, "sans texte alternatif", None),
    ("Intro.\n\n![Affiche](https://example.org/a.png)\n", 8, "hébergée sur un autre site", None),
    ("Intro.\n\n# Grand titre\n", 8, "titre de niveau 1", "<h1"),
    ("Intro.\n\n## Partie\n\n#### Détail\n", 10, "intertitre de niveau 4 juste après un niveau 2", None),
    ("Intro.\n\n<form action=\"/x\"><input name=\"a\"></form>\n", 8, "élément de formulaire <form>", "<form"),
    ("Intro.\n\n<a href=\"/aide/\" target=\"_blank\">aide</a>\n", 8, "attribut « target » non autorisé",
     "_blank"),
])
def test_unsafe_markup_is_reported_on_its_line_and_removed(body, line, fragment, absent):
    html, problems = convert(body)
    assert any(l == line and fragment in m for l, m in problems), problems
    if absent:
        assert absent.lower() not in html.lower()


def test_safe_markdown_passes_untouched():
    body = ("Intro avec **gras**, *italique*, `code`, [lien](https://www.service-public.fr/) et "
            "[fiche](emprise.md#que-faire), <abbr title=\"Mission\">Miviludes</abbr>.\n\n"
            "## Partie\n\n### Sous-partie\n\n- un\n- deux\n\n1. a\n2. b\n\n> Citation.\n\n"
            "| Année | Nombre |\n|:--|--:|\n| 2021 | 4 020 |\n\nNote[^1].\n\n[^1]: La note.\n\n"
            "![Affiche de prévention](../pdfs/affiche.png)\n\n[Écrire](mailto:a@b.fr) [Appeler](tel:119)\n")
    html, problems = convert(body)
    assert problems == []
    for kept in ('<h2 id="partie">', '<h3 id="sous-partie">', 'href="https://www.service-public.fr/"',
                 'href="{filename}emprise.md#que-faire"', '<abbr title="Mission">', 'align="right"',
                 'class="footnote-ref"', 'alt="Affiche de prévention"', 'href="mailto:a@b.fr"',
                 'href="tel:119"', "<blockquote>"):
        assert kept in html, kept
    assert "style=" not in html and "rel=" not in html


def test_comments_are_not_published_but_are_not_errors():
    html, problems = convert("Texte.\n\n<!-- note interne : vérifier le chiffre -->\n")
    assert problems == [] and "note interne" not in html


def test_code_examples_are_not_markup():
    html, problems = convert("Exemple :\n\n    <script>alert(1)</script>\n\nEt `<iframe>`.\n")
    assert problems == []
    assert "&lt;script&gt;" in html


def test_clean_applies_the_same_allow_list():
    dirty = '<p onclick="x()">a<script>b</script><img src="x.png" alt="c"><a href="javascript:d">e</a></p>'
    assert core.clean(dirty) == '<p>a<img src="x.png" alt="c"><a>e</a></p>'
    assert [m for _, m in core.find_problems(dirty)] and core.find_problems(core.clean(dirty)) == []


def test_build_fails_with_the_french_message_before_pelicans(fixture_site):
    errors, _, _ = fixture_site({"fiches/image.md": HEADER + "Intro.\n\n![](../pdfs/affiche.png)\n",
                                 "pdfs/affiche.png": b"\x89PNG\r\n\x1a\n"})
    # (the PNG itself is refused too: content/pdfs/ holds PDFs only, plugins/content_guard)
    alt = next(i for i, e in enumerate(errors)
               if "content/fiches/image.md:8: image « ../pdfs/affiche.png » sans texte alternatif" in e)
    assert not any("Could not process" in e for e in errors[:alt]), errors


@pytest.mark.parametrize("url, same_origin", [
    ("../pdfs/a.png", True), ("/theme/x.png", True), ("{static}/pdfs/a.png", True), ("a.png?x=1", True),
    (" //evil.example/x.png", False), ("\t//evil.example/x.png", False), ("/\\evil.example/x.png", False),
    ("\\\\evil.example/x.png", False), ("https://evil.example/x.png", False), ("\x01//evil.example", False),
    ("{static}//evil.example/x.png", False), ("data:image/png;base64,AAAA", False), ("/\n/evil.example", False),
])
def test_image_sources_are_same_origin_paths_after_browser_normalization(url, same_origin):
    assert core.is_same_origin_path(url) is same_origin


@pytest.mark.parametrize("html, fragment", [
    ('<!--><img alt=a src="https://evil.example/p.png">-->', "hébergée sur un autre site"),
    ('<img alt=a src=" //host/x.png">', "hébergée sur un autre site"),
    ('<table><img src=x.png alt=b onerror=alert(1)></table>', "onerror"),
    ('<svg><p><style><img src=x onerror=alert(1)></style></p></svg>', "<svg>"),
    # Scripting on, as html5ever in nh3: the <img> after </noscript> is markup to both.
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "onerror"),
])
def test_checker_and_cleaner_agree_on_the_html5_tree(html, fragment):
    refused = []
    cleaned = core.clean(html, refused)
    assert any(fragment in m for _, m in core.find_problems(html))
    assert "evil" not in cleaned and "onerror" not in cleaned and "host" not in cleaned
    assert core.check_cleaned(cleaned) == []


def test_the_cleaners_filter_reports_what_it_drops():
    refused = []
    assert core.clean('<img alt="a" src="//evil.example/x.png">', refused) == '<img alt="a">'
    assert [m for _, m in refused] and "autre site" in refused[0][1]


def test_deep_nesting_is_refused_before_parsing():
    html = "<div>" * 100_000 + "x" + "</div>" * 100_000
    problems = core.find_problems(html)
    assert len(problems) == 1 and "imbriqués" in problems[0][1]
    assert core.clean(html) == ""
    assert core.depth_problem("<p>a<p>b" * 500) is None  # unclosed <p> do not nest
