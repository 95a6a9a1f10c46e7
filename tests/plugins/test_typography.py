"""French typography: non-breaking spaces before : ; ? ! and inside « », apostrophes ’."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

import pelicanconf
from plugins.content_links.extension import HeadingIdsExtension
from plugins.common.rules.frontmatter import parse
from plugins.content_schema.render import render
from plugins.typography.core import NBSP, NNBSP, fix
from plugins.typography.extension import TypographyExtension


@pytest.mark.parametrize("text, expected", [
    ("Qu'est-ce que l'emprise ?", f"Qu’est-ce que l’emprise{NNBSP}?"),
    ("Attention : danger", f"Attention{NBSP}: danger"),
    ("Attention: danger", f"Attention{NBSP}: danger"),
    ("un ; deux", f"un{NNBSP}; deux"),
    ("Pourquoi?", f"Pourquoi{NNBSP}?"),
    ("Non !", f"Non{NNBSP}!"),
    ("Il dit « bonjour » puis «au revoir»", f"Il dit «{NBSP}bonjour{NBSP}» puis «{NBSP}au revoir{NBSP}»"),
    (f"Déjà{NBSP}: correct", f"Déjà{NBSP}: correct"),
    ("aujourd'hui, l'an 2000", "aujourd’hui, l’an 2000"),
])
def test_fix(text, expected):
    assert fix(text) == expected
    assert fix(expected) == expected  # idempotent


@pytest.mark.parametrize("text", ["14:30", "https://www.service-public.fr/?q=x", "[[contact:119]]",
                                  "art. 223-15-2", "mailto:a@b.fr", "2 391 saisines", "(?)"])
def test_addresses_times_and_markers_are_left_alone(text):
    assert fix(text) == text


def convert(body: str) -> str:
    settings = {**pelicanconf.MARKDOWN, "extensions": [TypographyExtension(), HeadingIdsExtension()]}
    head = "---\ntitle: Essai\nsummary: Une phrase.\ndate: 2026-11-28\n---\n"
    return render(parse((head + body).encode(), "essai.md"), settings)[0]


def test_body_text_is_fixed_but_not_code_urls_or_ids():
    html = convert("## Qu'est-ce que l'emprise ?\n\nVoir [l'article : ici](https://x.fr/a?b=c#d) !\n\n"
                   "`code : l'exemple ?` et <https://exemple.fr/?q=1>\n\n    bloc : l'exemple ?\n")
    assert f"Qu’est-ce que l’emprise{NNBSP}?</h2>" in html
    assert 'id="quest-ce-que-lemprise"' in html  # ids stay what the toc extension computes
    assert f"l’article{NBSP}: ici</a>{NNBSP}!" in html
    assert 'href="https://x.fr/a?b=c#d"' in html
    assert "<code>code : l'exemple ?</code>" in html
    assert "bloc : l'exemple ?" in html
    assert ">https://exemple.fr/?q=1</a>" in html


def test_titles_and_summaries_are_fixed_in_the_built_page(fixture_site):
    errors, out, _ = fixture_site({"fiches/essai.md": "---\ntitle: \"L'emprise : qu'est-ce ?\"\n"
                                   "summary: \"Une définition : l'essentiel !\"\ndate: 2026-11-28\n---\nTexte.\n"})
    assert errors == []
    html = (out / "fiches" / "essai" / "index.html").read_text(encoding="utf-8")
    assert f"<h1>L’emprise{NBSP}: qu’est-ce{NNBSP}?</h1>" in html.replace("&nbsp;", NBSP)
    assert f"Une définition{NBSP}: l’essentiel{NNBSP}!" in html.replace("&nbsp;", NBSP)


def test_paired_straight_double_quotes_become_guillemets():
    from plugins.typography.core import fix
    assert fix('on dit "emprise".') == "on dit «\u00a0emprise\u00a0»."
    assert fix("d'\"état de sujétion\". Puis \"emprise\"") == \
        "d’«\u00a0état de sujétion\u00a0». Puis «\u00a0emprise\u00a0»"
    # An unpaired quote (split by a link or code) is left as written.
    assert fix('le bouton "Quitter') == 'le bouton "Quitter'


# Language of parts (RGAA 8.7): foreign expressions marked with their lang.
def test_foreign_terms_are_marked_in_the_body():
    import markdown
    from plugins.typography.extension import TypographyExtension
    html = markdown.markdown("Les mouvances *dites* New Age, ou **New Age**. Pas `New Age` ni NewAge.",
                             extensions=[TypographyExtension(terms={"New Age": "en"})])
    assert html.count('<span lang="en">New Age</span>') == 2
    assert "<code>New Age</code>" in html and "NewAge" in html


def test_lang_parts_filter_escapes_the_rest():
    from plugins.typography import lang_parts_filter
    f = lang_parts_filter({"TYPOGRAPHY_FOREIGN_TERMS": {"New Age": "en"}})
    assert str(f("<b> New Age")) == '&lt;b&gt; <span lang="en">New Age</span>'
    assert str(f("Rien")) == "Rien"
