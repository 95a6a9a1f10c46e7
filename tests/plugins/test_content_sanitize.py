"""Unsafe or inaccessible markup in content: reported on its line, in French, and removed (nh3)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pelicanconf  # noqa: E402
from plugins.content_links.extension import HeadingIdsExtension, RelativeLinksExtension  # noqa: E402
from plugins.content_sanitize import core  # noqa: E402
from plugins.content_sanitize.extension import SanitizeExtension  # noqa: E402
from plugins.content_schema.frontmatter import parse  # noqa: E402
from plugins.content_schema.render import render  # noqa: E402

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
    assert "content/fiches/image.md:8: image « ../pdfs/affiche.png » sans texte alternatif" in errors[0]
