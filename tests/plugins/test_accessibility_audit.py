"""plugins/accessibility_audit: the RGAA grid's rules (core), the real grid docs/rgaa/grille.yaml (every
criterion, every sampled page, evidence that exists), and what the built site states from it."""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

from plugins.accessibility_audit import footer_links
from plugins.accessibility_audit.core import (GridError, expected_numbers, format_rate, french_date,
                                              load, missing_tests, parse)

GRID = ROOT / "docs" / "rgaa" / "grille.yaml"
TEST = "tests/plugins/test_accessibility_audit.py::test_rate_is_c_over_c_plus_nc"


def grid_text(overrides: dict | None = None, default=None, **extra) -> str:
    """A valid grid of two pages and one document; `overrides`: {number: criterion fields}."""
    default = default or {"statut": "NA", "note": "rien de tel"}
    data = {
        "audit": {"date": dt.date(2026, 12, 4), "auditeur": "l’équipe", "technologies": ["HTML5"], "outils": ["axe"],
                  "environnements": ["Chromium"]},
        "documents_defaut": {"statut": "NA", "note": "document"},
        "echantillon": [{"id": "a", "titre": "Accueil", "url": "/"}, {"id": "b", "titre": "Fiche", "url": "/f/"},
                        {"id": "d", "titre": "PDF", "url": "/f/f.pdf", "type": "document"}],
        "criteres": [{"numero": n, "titre": f"Critère {n} ?", "defaut": default, **(overrides or {}).get(n, {})}
                     for n in expected_numbers()],
        **extra,
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_the_rgaa_has_106_criteria_in_13_themes():
    numbers = expected_numbers()
    assert len(numbers) == 106 and numbers[0] == "1.1" and numbers[-1] == "13.12"
    assert len({n.split(".")[0] for n in numbers}) == 13


def test_rate_is_c_over_c_plus_nc():
    c = {"statut": "C", "tests": [TEST]}
    audit = parse(grid_text({"1.1": {"defaut": c}, "1.2": {"defaut": c}, "1.3": {"defaut": c},
                             "2.1": {"defaut": c, "pages": {"b": {"statut": "NC", "note": "cadre sans titre"}}}}))
    assert (audit.count("C"), audit.count("NC"), audit.count("NA")) == (3, 1, 102)
    assert audit.rate == 75.0 and audit.state == "partiellement conforme"
    nc = audit.summary()["non_conformities"]
    assert nc == [{"number": "2.1", "title": "Critère 2.1 ?", "theme": "Cadres", "pages": ["Fiche"],
                   "notes": ["cadre sans titre"]}]
    assert audit.criteria[0].results["d"].status == "NA"  # documents take documents_defaut


def test_state_follows_the_rate():
    c = {"statut": "C", "note": "vérifié au clavier"}
    nc = {"statut": "NC", "note": "défaut"}
    with_contact = yaml.safe_load(grid_text({"1.1": {"defaut": c}}))
    with_contact["audit"]["contact"] = "mailto:accessibilite@exemple.gouv.fr"
    assert parse(yaml.safe_dump(with_contact, allow_unicode=True)).state == "totalement conforme"
    assert parse(grid_text({"1.1": {"defaut": c}})).state == "partiellement conforme"  # no contact yet
    half = {n: {"defaut": c if i % 2 else nc} for i, n in enumerate(expected_numbers()[:10])}
    assert parse(grid_text(half)).state == "partiellement conforme"
    mostly_nc = {n: {"defaut": c if i == 0 else nc} for i, n in enumerate(expected_numbers()[:10])}
    assert parse(grid_text(mostly_nc)).state == "non conforme"
    assert parse(grid_text()).state == "non conforme"  # nothing applicable: nothing proven


@pytest.mark.parametrize("overrides,message", [
    ({"1.1": {"defaut": {"statut": "C"}}}, "critère conforme sans preuve"),
    ({"1.1": {"defaut": {"statut": "NC"}}}, "non-conformité sans description"),
    ({"1.1": {"defaut": {"statut": "OK", "note": "x"}}}, "statut « OK » invalide"),
    ({"1.1": {"defaut": {"statut": "C", "tests": ["test_x"]}}}, "identifiant de test « test_x » invalide"),
    ({"1.1": {"pages": {"z": {"statut": "NA", "note": "x"}}}}, "page « z » absente"),
    ({"1.1": {"commentaire": "x"}}, "clé(s) inconnue(s)"),
])
def test_grid_mistakes_are_reported_in_french(overrides, message):
    with pytest.raises(GridError, match=re.escape(message)):
        parse(grid_text(overrides))


def test_every_criterion_must_be_there_once():
    data = yaml.safe_load(grid_text())
    del data["criteres"][5]
    with pytest.raises(GridError, match=r"manquants : \['1.6'\]"):
        parse(yaml.safe_dump(data, allow_unicode=True))


def test_french_formats():
    assert french_date(dt.date(2026, 12, 1)) == "1er décembre 2026"
    assert format_rate(100.0) == "100\u202f%" and format_rate(200 / 3) == "66,7\u202f%"


def test_footer_label_follows_the_state():
    links = [("Plan du site", "/plan-du-site/"), ("Accessibilité : non conforme", "/accessibilite/")]
    assert footer_links(links, "/accessibilite/", "totalement conforme")[1] == \
        ("Accessibilité : totalement conforme", "/accessibilite/")


# --- The real grid -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def audit():
    return load(GRID)


def test_real_grid_judges_every_criterion_on_every_sampled_page(audit):
    assert [c.number for c in audit.criteria] == expected_numbers()
    ids = [p.id for p in audit.pages]
    assert {"accueil", "fiche", "guide", "rapport", "aide", "recherche", "plan-du-site", "accessibilite",
            "erreur-404"} <= set(ids)
    assert any(p.kind == "document" for p in audit.pages), "les documents (PDF imprimables) font partie de l’échantillon"
    for criterion in audit.criteria:
        assert list(criterion.results) == ids, criterion.number


def test_every_conform_criterion_is_tied_to_a_test_that_exists(audit):
    """A C criterion regresses only through a failing test (make test), never silently."""
    for criterion in audit.criteria:
        if criterion.status == "C":
            assert any(r.tests for r in criterion.results.values() if r.status == "C"), \
                f"critère {criterion.number} conforme sans test automatique"
    assert missing_tests(audit.test_ids(), ROOT) == []


def test_missing_tests_are_found():
    assert missing_tests([TEST, "tests/plugins/test_accessibility_audit.py::test_nope",
                          "tests/nope.py::test_x"], ROOT) == [
        "tests/plugins/test_accessibility_audit.py::test_nope", "tests/nope.py::test_x"]


def test_sampled_urls_exist_in_the_built_site(audit, real_site):
    for page in audit.pages:
        rel = page.url.lstrip("/")
        path = real_site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)
        if page.kind == "document":  # printable PDFs are off in real_site: their page offers them
            path = real_site / Path(rel).parent / "index.html"
        assert path.is_file(), page.url


def test_footer_and_declaration_state_what_the_grid_computes(audit, real_site):
    summary = audit.summary()
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert f">Accessibilité : {summary['state']}<" in home
    declaration = html.unescape((real_site / "accessibilite" / "index.html").read_text(encoding="utf-8"))
    text = re.sub(r"<[^>]+>", " ", declaration)
    text = re.sub(r"[ \t\n]+", " ", text)  # keep the no-break spaces of the figures
    assert f"est {summary['state']} avec le référentiel" in text
    assert f"révèle que {summary['rate_text']} des critères" in text
    assert f"Critères conformes : {summary['counts']['C']}" in text
    for nc in summary["non_conformities"]:
        assert f"Critère {nc['number']} ({nc['theme']})" in text
    for page in summary["pages"]:
        if page.get("kind") == "document":  # printable PDFs are not built here: named, not linked
            assert page["title"] in text and f'href="{page["url"]}"' not in declaration
        else:
            assert f'href="{page["url"]}"' in declaration
    assert "Défenseur des droits" in text and "gratuite" in text


def test_a_broken_grid_fails_the_build_with_its_message(fixture_site, tmp_path):
    bad = tmp_path / "grille.yaml"
    bad.write_text(grid_text({"1.1": {"defaut": {"statut": "C"}}}), encoding="utf-8")
    errors, _, _ = fixture_site({}, {"ACCESSIBILITY_AUDIT_GRID": str(bad)})
    assert any("grille d’audit RGAA inutilisable" in e and "critère conforme sans preuve" in e for e in errors), errors


# --- Issue 25: evidence that tests each criterion; a way to report a problem without an account ------
def test_every_c_and_na_result_cites_the_test_that_proves_it(audit):
    """A C cites a test that would fail if the criterion failed; an NA the check proving its content absent."""
    assert audit.missing_evidence() == [], "critères sans preuve testée : " + str(audit.missing_evidence())


def test_missing_evidence_is_listed_and_fails_make_audit(tmp_path, monkeypatch, capsys):
    noted_only = parse(grid_text({"1.1": {"defaut": {"statut": "C", "note": "vu à l’œil"}}}))
    missing = dict(noted_only.missing_evidence())
    assert missing["1.1"] == ["a", "b", "d"] and missing["13.12"] == ["a", "b", "d"] and len(missing) == 106
    import audit as audit_tool
    grid = tmp_path / "grille.yaml"
    grid.write_text(grid_text({"1.1": {"defaut": {"statut": "C", "note": "vu à l’œil"}}}), encoding="utf-8")
    monkeypatch.setattr(audit_tool, "GRID", grid)
    monkeypatch.setattr(audit_tool, "ROOT", tmp_path)
    assert audit_tool.main(["--no-run"]) == 1
    out = capsys.readouterr().out
    assert "Critères sans preuve testée" in out and "  1.1 : Accueil, Fiche, PDF" in out


def test_no_contact_keeps_the_site_from_being_totally_conform():
    c = {"statut": "C", "tests": [TEST]}
    everything_c = {n: {"defaut": c} for n in expected_numbers()}
    data = yaml.safe_load(grid_text(everything_c))
    assert parse(yaml.safe_dump(data, allow_unicode=True)).state == "partiellement conforme"  # contact: CHECK
    data["audit"]["contact"] = "https://exemple.gouv.fr/formulaire"
    audit = parse(yaml.safe_dump(data, allow_unicode=True))
    assert audit.state == "totalement conforme" and audit.summary()["contact"] == "https://exemple.gouv.fr/formulaire"
    data["audit"]["contact"] = "javascript:alert(1)"
    with pytest.raises(GridError, match="audit.contact"):
        parse(yaml.safe_dump(data, allow_unicode=True))


def test_report_link_on_every_page_and_declaration_consistent(audit, real_site):
    pages = sorted(real_site.rglob("*.html"))
    missing = [str(p.relative_to(real_site)) for p in pages
               if 'href="/accessibilite/#signaler-un-probleme"' not in p.read_text(encoding="utf-8")
               and "admin" not in p.parts]
    assert missing == [], f"lien « Signaler un problème d’accessibilité » absent : {missing[:10]}"
    declaration = html.unescape((real_site / "accessibilite" / "index.html").read_text(encoding="utf-8"))
    assert 'id="signaler-un-probleme"' in declaration
    if audit.contact == "CHECK":
        assert "n’est pas encore publiée" in declaration and audit.state != "totalement conforme"
    else:
        assert f'href="{audit.contact}"' in declaration
    # Dates: the page is published and checked on the audit's date, never before it.
    for label in ("Publié le", "Vérifiée le"):
        shown = re.findall(label + r' <time datetime="(\d{4}-\d\d-\d\d)"', declaration)
        assert shown and all(d >= audit.date.isoformat() for d in shown), (label, shown, audit.date)
    text = re.sub(r"<[^>]+>", " ", declaration)
    for needed in ("Défenseur des droits", "formulaire en ligne", "par courrier", "délégués", "Plan d'action",
                   "s'engage"):
        assert needed.replace("'", "’") in text.replace("'", "’"), needed
    assert "/signaler/" in [p.url for p in audit.pages]


def _with_derogations(derogations) -> str:
    data = yaml.safe_load(grid_text())
    data["audit"]["derogations"] = derogations
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_a_derogation_may_name_its_documents_and_pages():
    audit = parse(_with_derogations(["Une carte ancienne."] + [
        {"texte": "Rapport 2015 (PDF) : alternative HTML.", "documents": ["http://exemple.test/r.pdf"], "pages": ["b"]}]))
    assert audit.exemptions == ["Une carte ancienne.", "Rapport 2015 (PDF) : alternative HTML."]
    assert audit.derogated_documents == {"b": {"http://exemple.test/r.pdf"}}
    assert audit.summary()["exemptions"] == audit.exemptions


@pytest.mark.parametrize("entry, message", [
    ({"texte": "R", "documents": ["javascript:x"], "pages": ["b"]}, "adresses http(s)"),
    ({"texte": "R", "documents": ["https://exemple.test/r.pdf"], "pages": ["z"]}, "pages de l’échantillon"),
    ({"documents": ["https://exemple.test/r.pdf"], "pages": ["b"]}, "écrivez un texte"),
])
def test_a_wrong_derogation_is_reported_in_french(entry, message):
    with pytest.raises(GridError, match=re.escape(message)):
        parse(_with_derogations([entry]))
