"""Pure helpers of plugins/site_structure: French dates, breadcrumbs, date block."""
from __future__ import annotations

import datetime as dt

import pytest

from plugins.site_structure import core


def test_date_fr_uses_french_months_and_first_day_ordinal():
    assert core.date_fr(dt.date(2026, 11, 28)) == "28\u00a0novembre 2026"
    assert core.date_fr(dt.date(2024, 5, 1)) == "1er\u00a0mai 2024"
    assert core.date_fr(dt.date(2025, 8, 5)) == "5\u00a0août 2025"
    assert core.date_fr(None) == ""


def test_breadcrumbs_end_with_the_current_page_without_link():
    section = {"label": "Fiches pratiques"}
    assert core.breadcrumbs(section, "/fiches/", "L’emprise") == [
        ("Accueil", "/"), ("Fiches pratiques", "/fiches/"), ("L’emprise", None)]
    assert core.breadcrumbs(None, None, "À propos") == [("Accueil", "/"), ("À propos", None)]


def test_dates_block_shows_update_and_verification_only_when_relevant():
    published = dt.datetime(2026, 11, 28)
    only = core.dates_block(published, None, None)
    assert only["published"] == "28\u00a0novembre 2026" and only["published_iso"] == "2026-11-28"
    assert "updated" not in only and "verified" not in only
    assert only["last_change"] == "Publié le 28\u00a0novembre 2026"
    updated = dt.datetime(2026, 12, 3)
    full = core.dates_block(published, updated, dt.datetime(2027, 12, 1))
    assert full["updated"] == "3\u00a0décembre 2026"
    assert full["verified_iso"] == "2026-12-03"
    assert full["last_change"] == "Mis à jour le 3\u00a0décembre 2026"
    same_day = core.dates_block(published, published, None)
    assert "updated" not in same_day


def test_edit_url_points_to_the_source_file():
    assert core.edit_url("https://forge.example/repo/edit/main/", "content/fiches/emprise.md") == \
        "https://forge.example/repo/edit/main/content/fiches/emprise.md"


def test_period_end_reads_the_last_year_of_a_report_period():
    assert core.period_end("2022-2024") == 2024
    assert core.period_end("2015") == 2015
    assert core.period_end(None) is None


def test_reports_are_ordered_by_the_end_of_their_period_newest_first():
    class Item:
        def __init__(self, title, period=None, date=dt.datetime(2026, 11, 28)):
            self.title, self.date, self.metadata = title, date, ({"period": period} if period else {})
    items = [Item("B", "2013-2014"), Item("A", "2022-2024"), Item("C", "2015-2016"), Item("D", "2018-2020")]
    assert [i.title for i in sorted(items, key=core.content_order_key)] == ["A", "D", "C", "B"]
    fiches = [Item("old", date=dt.datetime(2025, 1, 1)), Item("new", date=dt.datetime(2026, 1, 1))]
    assert [i.title for i in sorted(fiches, key=core.content_order_key)] == ["new", "old"]


# --- sources that are pages of this site (`page: slug`), resolved like `related` --------------------

def _md(title: str, *front: str, body: str = "Texte.") -> str:
    return "\n".join(["---", f"title: \"{title}\"", "summary: \"Une phrase.\"", "date: 2026-11-28", *front,
                      "---", body]) + "\n"


def _cited_site(page: str = "synthese", cible_front: tuple = ()) -> dict:
    return {
        "rapports/synthese.md": _md("Synthèse du rapport", *cible_front),
        "fiches/citante.md": _md("Fiche citante", "sources:",
                                 "  - title: \"Légifrance, loi About-Picard\"",
                                 "    url: \"https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000402364\"",
                                 "  - title: \"Synthèse R&D < 5 (sur ce site)\"",
                                 f"    page: {page}"),
    }


def _source_links(out, rel="fiches/citante/index.html") -> list[dict]:
    from selectolax.lexbor import LexborHTMLParser

    html = (out / rel).read_text(encoding="utf-8")
    assert "Synthèse R&amp;D &lt; 5" in html  # escaped by the template's autoescape
    return [{"text": a.text(), **a.attributes} for a in LexborHTMLParser(html).css("ul.sources a")]


@pytest.mark.parametrize("siteurl, prefix", [("", "/"), ("http://127.0.0.1:8000/apercu/pr-12",
                                                         "http://127.0.0.1:8000/apercu/pr-12/")])
def test_a_page_source_is_an_internal_link_also_under_a_sub_path(fixture_site, siteurl, prefix):
    errors, out, _ = fixture_site(_cited_site(), {"SITEURL": siteurl} if siteurl else None)
    assert errors == [], errors
    external, internal = _source_links(out)
    assert internal == {"text": "Synthèse R&D < 5 (sur ce site)", "href": f"{prefix}rapports/synthese/"}
    assert external == {"text": "Légifrance, loi About-Picard", "rel": "noopener noreferrer external",
                        "href": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000402364"}
    assert (out / "rapports" / "synthese" / "index.html").is_file()


def test_a_page_source_that_does_not_exist_is_one_french_error_on_its_line(fixture_site):
    errors, out, _ = fixture_site(_cited_site(page="synthez"))
    assert len(errors) == 1, errors
    assert ("fiches/citante.md:9: « sources » (élément n° 2, champ « page ») cite « synthez », qui ne "
            "correspond à aucune page : corrigez le slug") in errors[0], errors
    assert not (out / "fiches" / "citante" / "index.html").exists()


def test_a_page_source_that_is_a_draft_is_refused(fixture_site):
    errors, _, _ = fixture_site(_cited_site(cible_front=("draft: true",)))
    assert len(errors) == 1, errors
    assert ("fiches/citante.md:9: « sources » (élément n° 2, champ « page ») cite « synthese », un brouillon "
            "(draft: true) qui n’est pas publié : retirez-le de « sources » (élément n° 2, champ « page ») ou "
            "publiez la page.") in errors[0], errors


def test_a_page_cannot_be_its_own_source(fixture_site):
    errors, _, _ = fixture_site(_cited_site(page="citante"))
    assert len(errors) == 1 and "fiches/citante.md:9:" in errors[0] and "sa propre source" in errors[0], errors


def test_make_check_refuses_an_unknown_page_source_with_the_same_message(tmp_path):
    import shutil
    from pathlib import Path

    import check

    root = Path(__file__).resolve().parents[2]

    content = tmp_path / "content"
    for rel, text in _cited_site(page="synthez").items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    shutil.copytree(root / "content" / "data", content / "data")
    result = check.run_checks(content=str(content))
    assert len(result.errors) == 1 and "fiches/citante.md:9: « sources » (élément n° 2, champ « page ») cite " \
        "« synthez »" in result.errors[0], result.errors


# --- the home page's sources (HOME_SOURCES), written like a page's `sources` ------------------------

def _home_links(out) -> list[dict]:
    from selectolax.lexbor import LexborHTMLParser

    html = (out / "index.html").read_text(encoding="utf-8")
    return [{"text": a.text(), **a.attributes} for a in LexborHTMLParser(html).css("ul.sources a")]


HOME_PAGE_SOURCE = {"title": "Synthèse R&D < 5 (sur ce site)", "page": "synthese"}
HOME_URL_SOURCE = {"title": "Légifrance, loi About-Picard",
                   "url": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000402364"}


def test_a_home_source_may_be_a_page_of_this_site(fixture_site):
    errors, out, _ = fixture_site(_cited_site(), {"HOME_SOURCES": [HOME_PAGE_SOURCE, HOME_URL_SOURCE]})
    assert errors == [], errors
    internal, external = _home_links(out)
    assert internal == {"text": "Synthèse R&D < 5 (sur ce site)", "href": "/rapports/synthese/"}
    assert external == {"text": "Légifrance, loi About-Picard", "rel": "noopener noreferrer external",
                        "href": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000402364"}


def test_the_real_home_page_cites_the_summary_not_the_pdf(real_site):
    links = _home_links(real_site)
    assert {"text": "Miviludes, synthèse du rapport d’activité 2013-2014 (sur ce site)",
            "href": "/rapports/rapport-2013-2014/"} in links, links
    assert not any(a["href"].lower().endswith(".pdf") for a in links), links


def test_an_unknown_home_source_page_is_one_french_error_on_the_settings_line(caplog):
    """On the project's content (strict), a page the setting names must exist and be published; a
    fixture's content folder leaves it out silently (the setting names the project's pages)."""
    from plugins.site_structure import home_sources

    class Page:
        url = "rapports/synthese/"

    settings = {"HOME_SOURCES": [{"title": "Synthèse", "page": "synthez"}, {"title": "S", "page": "synthese"}]}
    with caplog.at_level("ERROR"):
        assert home_sources(settings, {"synthese": Page()}, {}, set(), strict=False) == [
            {"title": "S", "page_url": "rapports/synthese/"}]
    assert caplog.records == []
    with caplog.at_level("ERROR"):
        home_sources(settings, {"synthese": Page()}, {}, set(), strict=True)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and messages[0].startswith("pelicanconf.py:") and (
        "HOME_SOURCES (élément n° 1, champ « page ») cite « synthez », qui ne correspond à aucune page") in messages[0]


@pytest.mark.parametrize("source, message", [
    ({"title": "Synthèse", "page": "synthese", "url": "https://example.org/"},
     "HOME_SOURCES (élément n° 1) doit avoir « title » et soit « url », soit « page »"),
    ({"title": "Synthèse", "url": "javascript:alert(1)"},
     "HOME_SOURCES (élément n° 1, champ « url ») n’est pas une adresse http(s)"),
])
def test_a_wrong_home_source_is_one_french_error(fixture_site, source, message):
    errors, out, _ = fixture_site(_cited_site(), {"HOME_SOURCES": [source]})
    assert len(errors) == 1 and errors[0].startswith("pelicanconf.py:") and message in errors[0], errors
