"""Front matter: parsing (odd but valid input), the schema and its French messages, the reader."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from plugins.common.rules.frontmatter import ContentError, parse
from plugins.common.rules.schema import (FIELDS, PLACEHOLDER_BODIES, PLACEHOLDER_SUMMARY,
                                           load_taxonomies, validate)

TAXONOMIES = load_taxonomies(ROOT / "content" / "data" / "taxonomies.yaml")
TEMPLATES = {"fiche", "guide", "rapport", "page", "aide"}
PATH = "content/fiches/essai.md"


def head(*lines: str, body: str = "Texte de la fiche.") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


VALID = ("title: Essai", "summary: Une phrase.", "date: 2026-11-28")


def problems(text: str | bytes, templates=TEMPLATES) -> list[ContentError]:
    """Every mistake of one file, as the reader reports them (parse errors stop at the first)."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        doc = parse(raw, PATH)
    except ContentError as err:
        return [err]
    return validate(doc, TAXONOMIES, templates)


def only(text, line: int, *fragments: str) -> ContentError:
    found = problems(text)
    assert len(found) == 1, [str(e) for e in found]
    err = found[0]
    assert err.path == PATH
    assert err.line == line, str(err)
    for fragment in fragments:
        assert fragment in err.message, err.message
    assert str(err).startswith(f"{PATH}:{line}: ")
    return err


# --- valid input -----------------------------------------------------------------------------------

def test_a_fiche_with_title_summary_date_and_body_is_valid():
    assert problems(head(*VALID)) == []


def test_every_optional_field_of_the_contract_is_accepted():
    text = head(*VALID, "slug: essai-complet", "updated: 2026-12-01", "review_by: 2027-11-28",
                "themes: [emprise, sante]", "audiences: [familles]",
                "sources:", "  - title: \"Décret n° 2002-1392\"", "    url: \"https://www.legifrance.gouv.fr/\"",
                "legal_refs: [\"Code pénal, article 223-15-2\"]", "related: [emprise]",
                "contacts: [\"119\", 17, unadfi]", "template: page", "draft: false",
                "attachments:", "  - title: Rapport", "    url: \"https://example.org/r.pdf\"",
                "    lang: fr", "    size: \"2,3 Mo\"", "    pages: 212")
    assert problems(text) == []
    assert set(FIELDS) >= {"updated", "review_by", "themes", "audiences", "sources", "legal_refs",
                           "related", "contacts", "attachments", "draft", "slug", "template"}


def test_bom_and_crlf_keep_line_numbers():
    raw = ("\ufeff" + head(*VALID, "themes: [inconnu]")).replace("\n", "\r\n").encode("utf-8")
    only(raw, 5, "« inconnu » n’est pas un thème connu")
    doc = parse(raw, PATH)
    assert doc.metadata["title"] == "Essai"
    assert doc.body_line == 7


def test_old_mac_line_endings_are_accepted():
    raw = head(*VALID).replace("\n", "\r").encode("utf-8")
    assert problems(raw) == []


def test_typographic_quotes_and_non_breaking_spaces_in_titles():
    doc = parse(head("title: \"« L’emprise\u00a0: qu’est-ce\u202fque c’est\u00a0? »\"", *VALID[1:]).encode(), PATH)
    assert validate(doc, TAXONOMIES) == []
    assert doc.metadata["title"] == "« L’emprise\u00a0: qu’est-ce\u202fque c’est\u00a0? »"


def test_line_map_of_nested_fields():
    doc = parse(head(*VALID, "sources:", "  - title: A", "    url: https://a.fr", "  - title: B").encode(), PATH)
    assert doc.field_lines["sources"] == 5
    assert doc.line_of(("sources", 1, "url")) == 8  # the item's line when the field is missing
    assert doc.line_of(("sources", 0, "url")) == 7


# --- each mistake: file, line, French message ------------------------------------------------------

def test_missing_required_field():
    only(head("title: Essai", "date: 2026-11-28"), 1, "champ obligatoire « summary » manquant",
         "summary: ")


def test_unknown_field_suggests_the_nearest_known_name():
    only(head(*VALID, "review_bi: 2027-01-01"), 5, "champ inconnu « review_bi »",
         "vouliez-vous dire « review_by » ?")


def test_unknown_field_without_close_name_lists_the_known_fields():
    err = only(head(*VALID, "couleur: rouge"), 5, "champ inconnu « couleur »", "champs possibles")
    assert "vouliez-vous dire" not in err.message


@pytest.mark.parametrize("value", ["2026-13-45", "28/11/2026", "2026-02-30", "demain", "20261128"])
def test_invalid_date(value):
    only(head("title: Essai", "summary: Une phrase.", f"date: {value}"), 4, "date invalide pour « date »",
         "AAAA-MM-JJ")


def test_update_before_publication():
    only(head(*VALID, "updated: 2026-01-01"), 5, "« updated » (2026-01-01) est antérieure")


def test_review_date_before_publication():
    only(head(*VALID, "review_by: 2026-01-01"), 5, "« review_by » (2026-01-01) est antérieure à « date »")
    assert problems(head(*VALID, "review_by: 2027-11-28")) == []


def test_value_outside_a_controlled_list():
    only(head(*VALID, "themes: [emprise, santé]"), 5, "« santé » n’est pas un thème connu",
         "vouliez-vous dire « sante » ?", "content/data/taxonomies.yaml")
    only(head(*VALID, "audiences:", "  - familles", "  - famile"), 7, "« famile » n’est pas un public connu",
         "vouliez-vous dire « familles » ?")


def test_wrong_types_say_what_is_expected():
    only(head(*VALID, "themes: emprise"), 5, "« themes » doit être une liste", "themes: [emprise, sante]")
    only(head("title: 2024", *VALID[1:]), 2, "« title » doit être un texte", "entre guillemets")
    only(head("title: yes", *VALID[1:]), 2, "« title » doit être un texte")
    only(head(*VALID, "draft: oui"), 5, "« draft » doit être true ou false")


def test_source_without_url_or_page():
    only(head(*VALID, "sources:", "  - title: Un rapport"), 6, "« sources » (élément n° 1) : il manque "
         "l’adresse de la source", "« url: ", "« page: rapport-2013-2014 »")


def test_a_source_is_an_address_or_a_page_of_the_site_not_both():
    assert problems(head(*VALID, "sources:", "  - title: Synthèse (sur ce site)", "    page: rapport-2013-2014",
                         "  - title: Légifrance", "    url: https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000402364")) == []
    only(head(*VALID, "sources:", "  - title: Les deux", "    url: https://www.legifrance.gouv.fr/loda/id/JORF",
              "    page: emprise"), 6, "« sources » (élément n° 1) a à la fois « url » et « page »", "pas les deux")


def test_a_source_page_is_a_slug():
    only(head(*VALID, "sources:", "  - title: Synthèse", "    page: Rapport 2013"), 7,
         "« sources » (élément n° 1, champ « page ») : « Rapport 2013 » n’est pas un slug valide")
    only(head(*VALID, "sources:", "  - title: Synthèse", "    page: [a, b]"), 7, "champ « page »", "un texte")


def test_invalid_slug_and_related():
    only(head(*VALID, "slug: Mon Slug"), 5, "n’est pas un slug valide")
    only(head(*VALID, "related: [emprise, Été]"), 5, "« Été » n’est pas un slug valide")


def test_html_in_title():
    only(head("title: <b>Essai</b>", *VALID[1:]), 2, "contient une balise HTML")


# --- attachments: every rule that needs no file (plugins/common/rules/attachments.py) ---------------

ATTACH = (*VALID, "attachments:", "  - title: Rapport")  # the entry's first line is line 6


@pytest.mark.parametrize("fields, line, fragments", [
    (["    url: \"ftp://x.fr/r.pdf\""], 7, ["url « ftp://x.fr/r.pdf » invalide", "commençant par https://"]),
    (["    url: \"www.example.fr/r.pdf\""], 7, ["commençant par https://"]),
    (["    url: \"https:///r.pdf\""], 7, ["commençant par https://"]),
    (["    url: \"https://x.fr/mon rapport.pdf\""], 7, ["contient des espaces", "%20"]),
    (["    url: \"\""], 7, ["url vide"]),
    (["    url: \"https://x.fr/r.pdf\"", "    size: \"2.3 MB\""], 8, ["taille « 2.3 MB » invalide", "virgule décimale"]),
    (["    url: \"https://x.fr/r.pdf\"", "    size: 850"], 8, ["sans unité", "entre guillemets"]),
    (["    url: \"https://x.fr/r.pdf\"", "    size: \"0 Mo\""], 8, ["taille « 0 Mo » nulle"]),
    (["    url: \"https://x.fr/r.pdf\"", "    pages: \"212\""], 8, ["pages « 212 » invalide", "sans guillemets"]),
    (["    url: \"https://x.fr/r.pdf\"", "    pages: 0"], 8, ["au moins une page"]),
    (["    url: \"https://x.fr/r.pdf\"", "    lang: EN"], 8, ["écrivez lang: en"]),
    (["    url: \"https://x.fr/r.pdf\"", "    lang: zz"], 8, ["langue « zz » inconnue", "codes possibles"]),
    (["    url: \"https://x.fr/r.pdf\"", "    lang: anglais"], 8, ["deux lettres minuscules"]),
    (["    file: content/pdfs/rapport.pdf"], 7, ["écrivez file: pdfs/rapport.pdf"]),
    (["    file: /pdfs/rapport.pdf"], 7, ["écrivez file: pdfs/rapport.pdf"]),
    (["    file: ../secret.pdf"], 7, ["ne remonte pas"]),
    (["    file: pdfs/../../x.pdf"], 7, ["ne remonte pas"]),
    (["    file: images/rapport.pdf"], 7, ["content/pdfs/"]),
    (["    file: pdfs/rapport.docx"], 7, ["n’est pas un fichier .pdf"]),
    (["    file: https://x.fr/r.pdf"], 7, ["écrivez url:"]),
    (["    file: pdfs/r.pdf", "    url: \"https://x.fr/r.pdf\""], 6, ["pas les deux"]),
    ([], 6, ["ni file ni url"]),
])
def test_each_attachment_mistake_gives_its_field_line_and_message(fields, line, fragments):
    err = only(head(*ATTACH, *fields), line, *fragments)
    assert err.message.startswith("« attachments » (élément n° 1) : ")


def test_every_mistake_of_an_attachment_is_reported_on_its_own_line():
    found = problems(head(*VALID, "attachments:", "  - title: R", "    url: \"https://x.fr/r.pdf\"",
                          "    size: 850", "    pages: 0", "    lang: FR"))
    assert [(e.line, e.message.split(" : ", 1)[1][:14]) for e in found] == [
        (8, "taille « 850 »"), (9, "nombre de page"), (10, "langue « FR » ")]


def test_valid_attachments_local_remote_and_http():
    assert problems(head(*ATTACH, "    file: pdfs/sous-dossier/Rapport.PDF", "    lang: en",
                         "    size: \"2,3 Mo\"", "    pages: 3")) == []
    assert problems(head(*ATTACH, "    url: \"http://www.example.fr/r.pdf\"")) == []


@pytest.mark.parametrize("value", ["2,3 Mo", "850 ko", "1 Go", " 12,75Mo ", "2,3\u00a0Mo", "0 Mo", "0,0 ko",
                                   "2.3 Mo", "2,3 MB", "2,3", "Mo", "", "10 mo", "0,5 Mo"])
def test_the_size_rule_of_the_schema_and_its_parser_agree(value):
    """The schema's pattern is the rule (read by the editor too); the parser gives the value and
    the message: they must accept the same sizes."""
    import re

    from plugins.common.downloads import parse_declared_size
    from plugins.common.rules.attachments import SIZE_PATTERN
    try:
        parse_declared_size(value)
        accepted = True
    except ValueError:
        accepted = False
    assert bool(re.match(SIZE_PATTERN, value)) == accepted


def test_the_attachment_rules_are_in_the_json_schema():
    """One rule book: `make check`, the build and the editor read the same JSON Schema."""
    from plugins.common.rules.schema import build_schema
    item = build_schema()["properties"]["attachments"]["items"]
    assert item["oneOf"] == [{"required": ["file"]}, {"required": ["url"]}]
    assert {"pattern", "type"} <= set(item["properties"]["file"]) and "en" in item["properties"]["lang"]["enum"]
    assert item["properties"]["pages"] == {"type": "integer", "minimum": 1}


def test_unknown_template():
    only(head(*VALID, "template: fiches"), 5, "gabarit « fiches » introuvable", "vouliez-vous dire « fiche » ?")


def test_invalid_yaml():
    only(head("title: L'emprise : quoi", *VALID[1:]), 2, "la valeur de « title » contient « : »",
         "mettez toute la valeur entre guillemets", "title: \"")
    only(head(*VALID, "themes: [emprise"), 5, "crochet non fermé", "« ] »")


@pytest.mark.parametrize("lines, line, fragment", [
    # The parser notices an unclosed quote lines later: the message names the line of the quote.
    (("title: Essai", "date: 2026-11-28", "summary: \"Une phrase", "themes: [emprise]",
      "audiences: [familles]", "related: [a, b]", "contacts: [\"119\"]"), 4, "guillemet non fermé"),
    (("title: Essai", "date: 2026-11-28", "summary: 'L'emprise'"), 4, "continue après le guillemet"),
    (("title: \"Essai\" suite", *VALID[1:]), 2, "continue après le guillemet"),
    ((*VALID, "themes: [emprise, sante", "audiences: [familles]"), 5, "crochet non fermé"),
    (("title: Essai", "\tsummary: x", "date: 2026-11-28"), 3, "tabulation"),
    (("title: Essai", "summary: - x", "date: 2026-11-28"), 3, "commence par « - »"),
    (("title: *Essai*", *VALID[1:]), 2, "commence par « * »"),
    (("title: @Essai", *VALID[1:]), 2, "commence par « @ »"),
    (("title: Essai", "summary x", "date: 2026-11-28"), 3, "ligne sans « : »"),
    ((*VALID, "sources:", "  - title: a", "   url: https://x.fr/a"), 7, "indentation incohérente"),
])
def test_yaml_mistakes_are_explained_in_french_on_their_own_line(lines, line, fragment):
    err = only(head(*lines), line, fragment)
    english = ("expected", "found", "mapping", "scalar", "token", "block", "while scanning")
    assert not any(word in err.message for word in english), err.message


def test_duplicate_field():
    only(head(*VALID, "title: Encore"), 5, "« title » est écrit deux fois (lignes 2 et 5)")


def test_empty_file():
    only("", 1, "le fichier est vide")
    only("  \n\n", 1, "le fichier est vide")


def test_missing_or_unclosed_header():
    only("Texte sans en-tête.\n", 1, "l’en-tête YAML manque")
    only("---\ntitle: Essai\nTexte.\n", 1, "n’est pas fermé")


def test_empty_body():
    only(head(*VALID, body="\n  \n"), 6, "le texte de la page est vide")


def test_file_not_in_utf8():
    raw = head(*VALID, body="Première ligne.\nDeuxième ligne.").encode("latin-1")
    only(raw, 6, "n’est pas encodé en UTF-8")


@pytest.mark.parametrize("folder", sorted(PLACEHOLDER_BODIES))
def test_placeholder_sentences_of_make_new_are_refused(folder):
    only(head(*VALID, body=f"Intro.\n\n{PLACEHOLDER_BODIES[folder]}"), 8, "texte provisoire",
         PLACEHOLDER_BODIES[folder])
    only(head("title: Essai", f"summary: \"{PLACEHOLDER_SUMMARY}\"", "date: 2026-11-28"), 3, "résumé provisoire")


def test_placeholder_words_are_refused():
    only(head(*VALID, body="Intro.\nTODO : finir."), 7, "marque de texte inachevé « TODO »")


def test_several_mistakes_are_all_reported_in_line_order():
    found = problems(head("title: Essai", "date: 2026-13-01", "themes: [x]", "sumary: a"))
    assert [e.line for e in found] == sorted(e.line for e in found)
    assert len(found) == 4  # summary missing, bad date, bad theme, unknown field


def test_malformed_taxonomies_file_is_reported(tmp_path):
    bad = tmp_path / "taxonomies.yaml"
    bad.write_text("themes:\n  emprise: Emprise\naudiences: []\n", encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_taxonomies(bad, "content/data/taxonomies.yaml")
    assert str(exc.value).startswith("content/data/taxonomies.yaml:1: la liste « audiences »")


# --- the reader in a real build: the French messages only (Pelican's English line is dropped) -------

def test_reader_errors_come_first_and_fail_the_build(fixture_site):
    errors, out, _ = fixture_site({
        "fiches/bon.md": head(*VALID),
        "fiches/mauvais.md": head("title: Essai", "date: 2026-11-28", "themes: [inconnu]"),
    })
    french = [e for e in errors if "fiches/mauvais.md:" in e]
    assert any(":1: champ obligatoire « summary » manquant" in e for e in french)
    assert any(":4: « inconnu » n’est pas un thème connu" in e for e in french)
    assert not [e for e in errors if "Could not process" in e]  # one mistake, one (French) message
    assert len(errors) == len(french) == 2, errors
    assert not out.exists()


def test_reader_metadata(fixture_site):
    errors, out, _ = fixture_site({
        "fiches/dates.md": head(*VALID, "updated: 2026-12-01", "review_by: 2027-12-01"),
        "fiches/brouillon.md": head(*VALID, "draft: true"),
    })
    assert errors == []
    html = (out / "fiches" / "dates" / "index.html").read_text(encoding="utf-8")
    assert "Mis à jour le" in html and "Vérifiée le" in html
    assert not (out / "fiches" / "brouillon").exists()


def test_a_yaml_mistake_in_the_controlled_lists_is_said_in_french_on_its_line(tmp_path):
    bad = tmp_path / "taxonomies.yaml"
    bad.write_text("themes:\n  emprise: \"Emprise\n  sante: Santé\naudiences:\n  familles: Familles\n",
                   encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_taxonomies(bad, "content/data/taxonomies.yaml")
    assert str(exc.value).startswith("content/data/taxonomies.yaml:2: YAML invalide : guillemet non fermé")
    assert "expected" not in str(exc.value) and "scalar" not in str(exc.value)


def test_a_wrong_report_period_is_explained():
    only(head(*VALID, "period: 2022 à 2024"), 5, "« 2022 à 2024 » n’est pas une période", "period: \"2022-2024\"")


# --- Bounded reading (issue 13) -------------------------------------------------------------

import importlib

render_module = importlib.import_module("plugins.content_schema.render")
from plugins.common.rules.frontmatter import MAX_FRONT_MATTER_BYTES


@pytest.mark.parametrize("head, line, fragment", [
    ("title: &t Essai\nsummary: *t\n", 2, "« &t »"),
    ("title: !!python/object/apply:os.system ['id']\nsummary: S.\n", 2, "étiquette YAML « !!python"),
    ("title: Essai\nsummary: !!str S.\n", 3, "étiquette YAML"),
    ("title: Essai\nsummary: " + "x" * MAX_FRONT_MATTER_BYTES + "\n", 2, "trop long"),
])
def test_yaml_anchors_tags_and_size_are_refused(head, line, fragment):
    with pytest.raises(ContentError) as err:
        parse(("---\n" + head + "date: 2026-11-28\n---\nTexte.\n").encode(), "content/fiches/x.md")
    assert err.value.line == line and fragment in err.value.message


def test_quoted_ampersands_stars_and_bangs_are_text():
    doc = parse("---\ntitle: \"Vous & nous * !\"\nsummary: A & B !\ndate: 2026-11-28\n---\nT.\n".encode(),
                "content/fiches/x.md")
    assert doc.metadata["title"] == "Vous & nous * !" and doc.metadata["summary"] == "A & B !"


def _doc(body):
    return parse(("---\ntitle: E\nsummary: S.\ndate: 2026-11-28\n---\n" + body).encode(), "content/fiches/x.md")


def test_markdown_nesting_and_brackets_are_bounded_before_conversion():
    deep = "\n".join("    " * i + "- x" for i in range(30))
    assert render_module.nesting_problem(_doc(deep)).line == 6 + render_module.MAX_NESTING
    assert "crochets" in render_module.nesting_problem(_doc(" [" * 5000)).message
    assert render_module.nesting_problem(_doc("- a\n    - b\n        - c\n\n> > citation\n")) is None


def test_a_conversion_over_budget_is_refused_naming_the_file():
    html, problems = render_module.render(_doc("a [" * 900 + "\n"), {"output_format": "html5"}, budget=0.001)
    assert html == "" and len(problems) == 1
    assert problems[0].path == "content/fiches/x.md" and "dépasse" in problems[0].message
