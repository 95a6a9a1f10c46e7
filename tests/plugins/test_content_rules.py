"""The rule book: rules (errors) and recommendations (advice) on fixture files, and their channel
through `make check` and the build (never an error, listed in both summaries)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from plugins import fact_base
from plugins import recommendations as advice
from plugins.common.rules.frontmatter import parse
from plugins.content_schema.rules import (is_home_page, plain, recommendations,
                                          rule_errors, word_count)
from plugins.common.rules.schema import load_taxonomies, validate

TAXONOMIES = load_taxonomies(ROOT / "content" / "data" / "taxonomies.yaml")
WORDS = " ".join(["mot"] * 300)
FICHE_BODY = f"## Qu’est-ce que c’est ?\n\n{WORDS}\n\n## Que faire ?\n\nAppeler."
COMPLETE = ("title: Essai", "summary: Une phrase.", "date: 2026-11-28", "review_by: 2027-11-28",
            "sources:", "  - title: Service-public.fr, fiche F31654", "    url: https://www.service-public.fr/particuliers/vosdroits/F31654",
            "contacts: [\"119\"]", "related: [emprise, indicateurs]")


def doc(*lines: str, body: str = FICHE_BODY, path: str = "content/fiches/essai.md"):
    return parse(("---\n" + "\n".join(lines) + "\n---\n" + body + "\n").encode("utf-8"), path)


def advice_for(*lines, body=FICHE_BODY, section="fiches", stem="essai"):
    return recommendations(doc(*lines, body=body), section, stem)


def messages(items) -> list[str]:
    return [r.message for r in items]


# --- recommendations: pure ---------------------------------------------------------------------------

def test_a_complete_fiche_gets_no_advice():
    assert advice_for(*COMPLETE) == []


@pytest.mark.parametrize("drop, line, fragment", [
    ("review_by", 4, "pas de date « review_by »"),
    ("contacts", 1, "aucun contact d’aide"),
    ("related", 1, "0 page(s) dans « related »"),
])
def test_each_missing_field_is_one_recommendation_on_its_line(drop, line, fragment):
    lines = [entry for entry in COMPLETE if not entry.startswith(drop)]
    found = advice_for(*lines)
    assert len(found) == 1, messages(found)
    assert found[0].line == line and fragment in found[0].message
    assert str(found[0]).startswith(f"content/fiches/essai.md:{line}: ")


def test_a_fiche_without_source_is_advised_to_add_one():
    lines = [entry for entry in COMPLETE if "source" not in entry and "F31654" not in entry]
    assert any("aucune source" in m for m in messages(advice_for(*lines)))


def test_a_page_says_it_has_no_source_with_an_empty_list():
    base = [e for e in COMPLETE if "source" not in e and "F31654" not in e and "contacts" not in e]
    found = messages(advice_for(*base, section="pages"))
    assert any("écrivez « sources: [] »" in m for m in found)
    assert not any("source" in m for m in messages(advice_for(*base, "sources: []", section="pages")))
    assert not any("contact" in m for m in found)  # contacts are expected on fact pages only


def test_a_source_that_is_a_home_page_is_a_recommendation_on_its_url_line():
    lines = [e if "url:" not in e else "    url: https://service-public.fr" for e in COMPLETE]
    found = advice_for(*lines)
    assert len(found) == 1 and found[0].line == 8
    assert "page d’accueil d’un site (https://service-public.fr)" in found[0].message


def test_a_source_that_is_a_page_of_the_site_is_not_a_home_page():
    lines = [e if "url:" not in e else "    page: rapport-2013-2014" for e in COMPLETE]
    assert advice_for(*lines) == []


@pytest.mark.parametrize("url, home", [
    ("https://service-public.fr", True), ("https://www.service-public.fr/", True),
    ("https://www.service-public.fr/particuliers/vosdroits/F31654", False),
    ("https://exemple.fr/?page=3", False), ("https://exemple.fr/#faq", False),
])
def test_home_page_addresses(url, home):
    assert is_home_page(url) is home


def test_length_and_related_count_are_advice_with_their_bounds():
    short = advice_for(*COMPLETE, body="## Que faire ?\n\nTrop court.")
    assert any("texte de 4 mots" in m and "250 et 600" in m for m in messages(short))
    long = advice_for(*COMPLETE, body="## Que faire ?\n\n" + " ".join(["mot"] * 700))
    assert any("coupez-la" in m for m in messages(long))
    many = [e if not e.startswith("related") else "related: [a, b, c, d, e]" for e in COMPLETE]
    assert any("5 page(s) dans « related »" in m for m in messages(advice_for(*many)))


def test_usual_headings_by_section_word_processor_text_included():
    assert any("« ## Que faire ? »" in m for m in messages(advice_for(*COMPLETE, body=WORDS)))
    # Typed in a word processor: non-breaking space before « ? », curly apostrophe.
    body = f"## Quels signes doivent vous alerter\u00a0?\n\n{WORDS}\n\n## Que faire\u202f?\n\nx\n\n" \
           "## Ce qu’il vaut mieux éviter\n\nx"
    assert advice_for(*COMPLETE, body=body, section="prevention") == []
    rapport = advice_for(*COMPLETE, body=f"## Chiffres clés\n\n{WORDS}", section="rapports")
    assert messages(rapport) == ["intertitre « ## Ce qui a changé » absent : les pages de « rapports » le "
                                 "proposent toutes au lecteur ; ajoutez-le (au niveau « ## »)."]


def test_special_pages_written_by_their_template_get_no_length_advice():
    found = advice_for("title: Plan", "summary: x.", "date: 2026-11-28", "review_by: 2027-11-28",
                       "template: plan-du-site", body="Le plan du site.", section="pages", stem="plan-du-site")
    assert found == []


def test_a_slug_other_than_the_file_name_is_advised_against():
    found = advice_for(*COMPLETE, "slug: autre-adresse")
    assert len(found) == 1 and "renommez le fichier « autre-adresse.md »" in found[0].message
    assert advice_for(*COMPLETE, "slug: essai") == []


def test_word_count_and_plain_text():
    assert word_count("Un mot, deux — trois !") == 4
    assert plain("Qu’est-ce\u00a0que « ça »\u202f?") == 'Qu\'est-ce que " ça "?'


# --- rules: errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("heading, field", [("## Sources", "sources"), ("### Voir aussi", "related"),
                                            ("## Où s’adresser ?", "contacts"), ("## En bref", "summary"),
                                            ("## Textes de référence", "legal_refs")])
def test_a_heading_the_template_adds_is_an_error(heading, field):
    errors = rule_errors(doc(*COMPLETE, body=f"Texte.\n\n{heading}\n\n- a"))
    assert len(errors) == 1 and errors[0].line == 14
    assert f"à partir du champ « {field} »" in errors[0].message


def test_headings_inside_code_blocks_are_not_headings():
    assert rule_errors(doc(*COMPLETE, body="```\n## Sources\n```\n\nTexte.")) == []


@pytest.mark.parametrize("lines, line, fragment", [
    (("sources:", "  - title: \"Titre de la source\"", "    url: \"https://www.legifrance.gouv.fr/a\""),
     6, "« Titre de la source » est le titre d’exemple"),
    (("sources:", "  - title: Légifrance", "    url: \"https://…\""), 7, "« https://… » est une adresse d’exemple"),
    (("sources:", "  - title: Légifrance", "    url: \"https://www.legifrance.gouv.fr/...\""), 7,
     "adresse d’exemple"),
])
def test_example_sources_are_refused(lines, line, fragment):
    base = ("title: Essai", "summary: Une phrase.", "date: 2026-11-28")
    errors = validate(doc(*base, *lines), TAXONOMIES)
    assert [(e.line, fragment in e.message) for e in errors] == [(line, True)], [str(e) for e in errors]


# --- the channel: make check and the build list them, never fail on them ------------------------------

def fiche(*extra: str, body: str = "Texte court.") -> str:
    return "\n".join(["---", "title: Essai", "summary: Une phrase.", "date: 2026-11-28", *extra, "---",
                      body]) + "\n"


def test_recommendations_are_listed_by_make_check_without_failing(tmp_path, capsys):
    import check

    content = tmp_path / "content"
    for sub in ("fiches", "pages"):
        (content / sub).mkdir(parents=True)
    import shutil
    shutil.copytree(ROOT / "content" / "data", content / "data")
    from plugins.common.rules.canonical import canonical_file
    (content / "fiches" / "essai.md").write_text(canonical_file(fiche().encode("utf-8")), encoding="utf-8")
    assert check.main(["--content", str(content)]) == 0
    out = capsys.readouterr().out
    block = out.split("Recommandations (")[1]
    assert "fiches/essai.md:1: aucune source" in block and "fiches/essai.md:6: texte de 2 mots" in block
    assert "Contenu vérifié : 1 fichier(s), aucune erreur." in out


def test_recommendations_are_in_the_build_summary_and_the_build_succeeds(fixture_site):
    errors, out, _ = fixture_site({"fiches/essai.md": fiche(), "fiches/autre.md": fiche(), "fiches/bien.md": fiche(
        "review_by: 2027-11-28", "contacts: [\"119\"]", "related: [essai, autre]",
        "sources:", "  - title: Légifrance", "    url: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048",
        body="## Que faire ?\n\n" + WORDS)})
    assert errors == [] and (out / "fiches" / "essai" / "index.html").is_file()
    found = [str(r) for r in advice.collected()]
    assert any("fiches/essai.md:1: aucune source" in r for r in found), found
    assert [r for r in found if "bien.md" in r] == [], found
    lines = advice.summary_lines(advice.collected())
    assert lines[0].startswith(f"Recommandations ({len(found)}, dans 2 fichier(s))")
    assert "qui ne bloquent pas la publication" in lines[0] and lines[1:] == [f"  {r}" for r in found]


def test_a_file_in_error_gives_no_recommendation(fixture_site):
    errors, _, _ = fixture_site({"fiches/faute.md": fiche("themes: [inconnu]")})
    assert errors and not [r for r in advice.collected() if "faute.md" in r.path]


# --- one root cause, one message -------------------------------------------------------------------

def related_site(summary: str = "Une phrase.") -> dict:
    cible = "\n".join(["---", "title: Cible", f"summary: \"{summary}\"", "date: 2026-11-28", "---",
                       "Texte."]) + "\n"
    files = {"fiches/cible.md": cible}
    for name in ("a", "b", "c"):
        files[f"fiches/{name}.md"] = fiche("related: [cible]", "slug: " + name)
    files["prevention/d.md"] = fiche("related: [cible, a]", "slug: d",
                                     body="Voir [la cible](../fiches/cible.md).")
    return files


def test_an_emptied_summary_is_one_message_not_one_per_page_relating_to_it(fixture_site):
    errors, out, _ = fixture_site(related_site(summary=""))
    assert len(errors) == 1, errors
    assert "fiches/cible.md:3: « summary » est vide" in errors[0]


def test_make_check_gives_the_same_single_message(tmp_path):
    import check

    content = tmp_path / "content"
    for rel, text in related_site(summary="").items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    import shutil
    shutil.copytree(ROOT / "content" / "data", content / "data")
    result = check.run_checks(content=str(content))
    assert len(result.errors) == 1 and "fiches/cible.md:3: « summary » est vide" in result.errors[0], result.errors


def test_related_to_a_page_that_does_not_exist_is_still_an_error(fixture_site):
    files = related_site()
    files["fiches/a.md"] = fiche("related: [cibel]", "slug: a")
    errors, _, _ = fixture_site(files)
    assert len(errors) == 1 and "fiches/a.md:5: « related » cite « cibel », qui ne correspond à aucune page" \
        in errors[0], errors


def test_related_to_a_draft_says_it_is_a_draft(fixture_site):
    files = related_site()
    files["fiches/cible.md"] = files["fiches/cible.md"].replace("date: 2026-11-28", "date: 2026-11-28\ndraft: true")
    errors, _, _ = fixture_site(files)
    assert errors and all("« cible », un brouillon (draft: true)" in e or "brouillon" in e for e in errors), errors


def test_pelicans_english_lines_are_dropped_or_said_in_french():
    import logging

    from build import french_records

    def record(name, msg, *args):
        return logging.LogRecord(name, logging.ERROR, __file__, 1, msg, args, None)

    records = [record("content_schema", "%s", "content/fiches/a.md:4: « summary » est vide : …"),
               record("pelican.generators", "Could not process %s", "fiches/a.md"),
               record("pelican.generators", "Could not process %s", "fiches/b.md"),
               record("pelican.cache", "Cannot get modification stamp for %s\n\t%s",
                      "content/fiches/c.md", "[Errno 2] No such file or directory")]
    out = french_records(records, "content")
    assert out[0].startswith("content/fiches/a.md:4:")
    assert out[1].startswith("content/fiches/b.md:1: ce fichier n’a pas pu être lu")
    assert out[2].startswith("content/fiches/c.md:1: ce fichier n’a pas pu être lu ([Errno 2]")
    assert len(out) == 3 and not any("Could not" in m or "Cannot" in m for m in out)
    attach = record("pelican.contents", "The {attach} link in %s cannot relocate %s because %s. Falling back to "
                    "{filename} link behavior instead.", "fiches/a.md", "pdfs/g.pdf", "another link")
    indicator = record("pelican.contents", "Replacement Indicator %r not recognized in %r, skipping replacement",
                       "inconnu", "{inconnu}b.md")
    assert french_records([attach], "content") == [
        "content/fiches/a.md:1: le lien {attach} vers « pdfs/g.pdf » ne peut pas placer ce fichier à côté de la "
        "page (un autre lien l’utilise déjà) : écrivez un lien simple vers le fichier, par exemple "
        "[le guide](../pdfs/guide.pdf)."]
    assert french_records([records[0], indicator], "content") == [records[0].getMessage()]
    assert "« {inconnu} » n’existe pas" in french_records([indicator], "content")[0]


def test_an_unknown_link_indicator_is_one_french_message_on_its_line(fixture_site):
    errors, _, _ = fixture_site({"fiches/a.md": fiche(body="Texte.\n\nVoir [y]({inconnu}b.md).")})
    assert len(errors) == 1 and "fiches/a.md:8: lien « {inconnu}b.md » non reconnu" in errors[0], errors


# --- text pasted from a word processor: accepted and normalized, never refused ------------------------

PASTED = ("---\ntitle:\u00a0\"L’emprise\u00a0: “définition”\"\nsummary: « Une phrase collée »\u202f!\n"
          "date: 2026-11-28\nsources:\n\u00a0\u00a0-\u00a0title: Légifrance\n    url: https://www.legifrance.gouv.fr/a\n"
          "---\n##\u00a0Que faire\u00a0?\n\n-\u00a0premier point\n-\u00a0second point\n\n"
          "Un mot\u00adcoupé\u200b et “cité” avec l’apostrophe et «\u00a0guillemets\u00a0».\n")


def test_pasted_text_builds_without_error_and_is_normalized(fixture_site):
    errors, out, _ = fixture_site({"fiches/colle.md": PASTED})
    assert errors == []
    html = (out / "fiches" / "colle" / "index.html").read_text(encoding="utf-8").replace("&nbsp;", "\u00a0")
    assert "L’emprise\u00a0: «\u00a0définition\u00a0»" in html
    assert re.search(r"<h2[^>]*>Que faire\u202f\?</h2>", html)
    assert "<li>premier point</li>" in html and "<li>second point</li>" in html
    assert "motcoupé et «\u00a0cité\u00a0»" in html and "«\u00a0guillemets\u00a0»" in html
    assert not [r for r in advice.collected() if "colle.md" in r.path and "Que faire" in r.message]


def test_pasted_text_passes_make_check(tmp_path):
    import check

    content = tmp_path / "content"
    (content / "fiches").mkdir(parents=True)
    import shutil
    shutil.copytree(ROOT / "content" / "data", content / "data")
    (content / "fiches" / "colle.md").write_text(PASTED, encoding="utf-8")
    assert check.run_checks(content=str(content)).errors == []


def test_contributing_lists_the_rules_and_recommendations_the_checks_apply():
    from plugins.content_schema import rules
    from plugins.common.rules.schema import PLACEHOLDER_SOURCE_TITLE

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = " ".join(text.split("## Règles et recommandations", 1)[1].split("\n## ", 1)[0].split())
    assert f"{rules.MIN_WORDS} à {rules.MAX_WORDS} mots" in section
    assert f"{rules.MIN_RELATED} à {rules.MAX_RELATED} pages" in section
    for headings in rules.EXPECTED_HEADINGS.values():
        for heading in headings:
            assert f"## {heading.replace(chr(39), chr(8217))}" in section, heading
    for heading in ("En bref", "Où s’adresser ?", "Textes de référence", "Télécharger", "Voir aussi", "Sources"):
        assert rules._fold(heading) in rules.TEMPLATE_HEADINGS and f"« {heading} »" in section
    assert PLACEHOLDER_SOURCE_TITLE in section and "`sources: []`" in section and "page d’accueil" in section


def test_recommendations_survive_the_parallel_reading_of_a_large_site(fixture_site):
    files = {f"fiches/f{i}.md": fiche() for i in range(3)}
    fixture_site(files)
    serial = sorted(str(r).split("/content/", 1)[-1] for r in advice.collected())
    errors, _, _ = fixture_site({}, overrides={"CONTENT_READ_PARALLEL_MIN": 1, "CONTENT_READ_WORKERS": 2,
                                               "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False})
    assert errors == []
    from plugins.content_schema import prefetch
    if prefetch.STATS["prefetched"] == 0:
        pytest.skip("one core only: the files were read in the build process")
    assert sorted(str(r).split("/content/", 1)[-1] for r in advice.collected()) == serial and serial


def broken_lists() -> str:
    text = (ROOT / "content" / "data" / "taxonomies.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("  ") and ': "' in line)
    lines[index] = lines[index].replace(': "', ': ""', 1)  # a doubled opening quote
    return "\n".join(lines), index + 1


def test_a_broken_controlled_list_is_one_message_not_one_per_page(fixture_site, tmp_path):
    import check

    text, line = broken_lists()
    files = {**related_site(), "data/taxonomies.yaml": text}
    errors, _, content = fixture_site(files)
    assert len(errors) == 1 and f"data/taxonomies.yaml:{line}: YAML invalide" in errors[0], errors
    result = check.run_checks(content=str(content))
    assert result.errors == errors, result.errors


def test_a_page_in_error_with_its_own_slug_is_one_message(fixture_site):
    files = related_site()
    files["fiches/fichier-cible.md"] = files.pop("fiches/cible.md").replace(
        "title: Cible", "title: Cible\nslug: cible\nthemes: [inconnu]")
    files["prevention/d.md"] = files["prevention/d.md"].replace("cible.md", "fichier-cible.md")
    errors, _, _ = fixture_site(files)
    assert len(errors) == 1 and "fiches/fichier-cible.md:" in errors[0] and "inconnu" in errors[0], errors


# --- rules on sources and penalties, with the fact base (plugins/fact_base.py) -------------------------

FACTS = fact_base.parse("""## 4. Law
- Abuse (art. 223-15-2 code pénal): 3 years and €375,000; 5 years and €750,000; 7 years and €1,000,000. **CHECK** the wording.
  - Subjection (art. 223-15-3 code pénal): 3 years and €375,000; 5 years and €750,000 online. (The 7-year tier: **CHECK**.) [anfh.fr/node/62660; anfh.fr/actualites/rapport]
- Prefecture. [prefectures-regions.gouv.fr/ile-de-france/Region-et-institutions/Derives-sectaires OFF; egora.fr]
""")


def sourced(url: str, title: str = "Titre") -> tuple[str, ...]:
    """COMPLETE with one source: its title on line 7, its url on line 8."""
    return tuple(e for e in COMPLETE if "url:" not in e and "title: Service" not in e)[:5] + (
        f"  - title: \"{title}\"", f"    url: \"{url}\"", "contacts: [\"119\"]", "related: [emprise, indicateurs]")


def only_error(errors, line: int, *fragments: str):
    assert len(errors) == 1, [str(e) for e in errors]
    assert errors[0].line == line and str(errors[0]).startswith(f"content/fiches/essai.md:{line}: ")
    for fragment in fragments:
        assert fragment in errors[0].message, errors[0].message
    return errors[0]


@pytest.mark.parametrize("url, expected", [
    ("https://anfh.fr", "remplacez-la par l’une de celles-ci : https://anfh.fr/node/62660, "
                        "https://anfh.fr/actualites/rapport."),
    ("https://www.anfh.fr/", "remplacez-la par l’une de celles-ci"),
    ("https://prefectures-regions.gouv.fr/ile-de-france",
     "remplacez-la par https://prefectures-regions.gouv.fr/ile-de-france/Region-et-institutions/Derives-sectaires."),
])
def test_a_home_page_where_the_fact_base_has_the_precise_page_is_an_error(url, expected):
    errors = rule_errors(doc(*sourced(url, "ANFH, loi du 10 mai 2024")), FACTS)
    only_error(errors, 8, f"la source « ANFH, loi du 10 mai 2024 » renvoie à la page d’accueil d’un site ({url}) "
                          "alors que la base de faits donne l’adresse précise de la page", expected)


def test_the_precise_page_or_another_page_of_the_site_is_not_an_error():
    assert rule_errors(doc(*sourced("https://anfh.fr/node/62660")), FACTS) == []
    assert rule_errors(doc(*sourced("https://anfh.fr/actualites/autre-page")), FACTS) == []


def test_without_the_fact_base_a_home_page_is_only_checked_on_its_title():
    assert rule_errors(doc(*sourced("https://anfh.fr", "ANFH")), None) == []
    only_error(rule_errors(doc(*sourced("https://anfh.fr", "ANFH, loi du 10 mai 2024")), None), 8,
               "renvoie à la page d’accueil d’un site (https://anfh.fr), mais son titre désigne une page précise")


@pytest.mark.parametrize("title", ["Egora, rapport 2018-2020 de la Miviludes", "Egora : le rapport",
                                   "Egora (rapport)", "Rapport 2020"])
def test_a_home_page_titled_as_a_specific_page_is_an_error(title):
    error = only_error(rule_errors(doc(*sourced("https://egora.fr", title)), FACTS), 8,
                       f"la source « {title} » renvoie à la page d’accueil d’un site (https://egora.fr), mais son "
                       "titre désigne une page précise : citez l’adresse de cette page, ou dites-le dans le titre")
    assert "page d’accueil du site »" in error.message


@pytest.mark.parametrize("title", ["Egora", "Egora, page d'accueil du site (rapport 2018-2020)",
                                   "Egora, page d’accueil"])
def test_a_home_page_titled_as_a_site_is_a_recommendation_only(title):
    lines = sourced("https://egora.fr", title)
    assert rule_errors(doc(*lines), FACTS) == []
    assert any("renvoie à la page d’accueil d’un site" in m for m in messages(advice_for(*lines)))


PENALTY_BODY = "## Que faire ?\n\nTexte.\n\n{}\n"


@pytest.mark.parametrize("sentence", [
    "L'abus de faiblesse (article 223-15-2) est puni de jusqu'à 7 ans de prison.",
    "L'abus de faiblesse (article 223-15-2) : 3 ans, et davantage dans un contexte sectaire.",
    "La sujétion (article 223-15-3) : 3 ans, et 5 ans dans certains cas.",
    "Une peine de jusqu'à 5 ans, sans article.",
])
def test_penalties_given_as_the_fact_base_establishes_them(sentence):
    assert rule_errors(doc(*COMPLETE, body=PENALTY_BODY.format(sentence)), FACTS) == []


def test_up_to_must_name_the_highest_tier_of_the_article():
    body = PENALTY_BODY.format("L'abus de faiblesse (article 223-15-2) : jusqu'à 5 ans de prison.")
    only_error(rule_errors(doc(*COMPLETE, body=body), FACTS), 16,
               "« jusqu'à 5 ans » (article 223-15-2) : la peine la plus lourde que donne la base de faits pour "
               "cet article est de 7 ans ; écrivez « jusqu’à 7 ans », ou donnez les peines sans « jusqu’à ».")


def test_up_to_is_refused_when_a_heavier_tier_is_check():
    # The article is in the previous sentence: the nearest one before is used.
    body = PENALTY_BODY.format("La loi crée l'article 223-15-3.\nEn ligne, c'est jusqu’à 5 ans.")
    only_error(rule_errors(doc(*COMPLETE, body=body), FACTS), 17,
               "« jusqu’à 5 ans » (article 223-15-3) : la base de faits marque CHECK une peine plus lourde",
               "(par exemple « 5 ans dans certains cas »)")


def test_up_to_in_the_summary_is_checked_on_its_line():
    lines = [e if not e.startswith("summary") else
             "summary: \"La sujétion (article 223-15-3) est punie de jusqu'à 5 ans.\"" for e in COMPLETE]
    only_error(rule_errors(doc(*lines), FACTS), 3, "(article 223-15-3) : la base de faits marque CHECK")


def test_without_the_fact_base_penalties_are_not_checked():
    body = PENALTY_BODY.format("L'abus de faiblesse (article 223-15-2) : jusqu'à 5 ans de prison.")
    assert rule_errors(doc(*COMPLETE, body=body), None) == []


def test_a_home_page_the_fact_base_gives_as_a_site_only_is_advised_to_add_the_page_to_it():
    lines = sourced("https://egora.fr", "Egora")
    found = messages(recommendations(doc(*lines), "fiches", "essai", FACTS))
    assert any(m.startswith("la source « Egora » renvoie à la page d’accueil d’un site (https://egora.fr)")
               and m.endswith("; la base de faits ne donne que ce site : proposez-y l’adresse précise "
                              "(« Ajouter un fait » dans CONTRIBUTING.md).") for m in found), found
    other = messages(recommendations(doc(*sourced("https://exemple.fr", "Exemple")), "fiches", "essai", FACTS))
    assert any(m.endswith("pour que le lecteur puisse le vérifier.") for m in other), other
