"""Tests of plugins/contacts (pure core): loading and checking contacts.yaml, exports, départements,
postcodes, /aide/ grouping. Run: .venv/bin/python -m pytest tests/plugins/test_contacts.py -q"""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]

from plugins.contacts import (
    COLUMNS, CONTACT_SCHEMA, SCHEMA_DOC, ContactsError, Issue, area_label, build_postcode_map,
    check_references, contacts_from_json, departements, departements_from_package, display_path,
    group_by_departement, group_for_page, load_communes, load_contacts, lookup_postcode_map,
    postcode_index, postcode_to_departement, postcode_to_departements, rows_from_csv, sms_href,
    tel_href, contact_to_dict, contact_to_row, to_csv, to_json, to_jsonld, to_jsonld_graph,
    write_postcode_map,
)

NODE_MODULES = ROOT / "node_modules"
needs_package = pytest.mark.skipif(
    not (NODE_MODULES / "@etalab" / "decoupage-administratif" / "data" / "communes.json").is_file(),
    reason="node_modules/@etalab/decoupage-administratif absent (npm ci)")

# A few départements are enough for fixture files (no package needed).
DEPS = [("01", "Ain"), ("13", "Bouches-du-Rhône"), ("2A", "Corse-du-Sud"), ("69", "Rhône"),
        ("974", "La Réunion")]
FAKE_COMMUNES = [
    {"code": "13055", "nom": "Marseille", "type": "commune-actuelle", "departement": "13",
     "zone": "metro", "codesPostaux": ["13001", "13002"]},
    {"code": "93066", "nom": "Saint-Denis", "type": "commune-actuelle", "departement": "93",
     "zone": "metro", "codesPostaux": ["93200"]},
    {"code": "97411", "nom": "Saint-Denis", "type": "commune-actuelle", "departement": "974",
     "zone": "drom", "codesPostaux": ["97400"]},
]

VALID = """\
- id: "17"
  name: "Police secours"
  kind: urgence
  description: "Pour une intervention immédiate."
  phone: {e164: "17", display: "17"}
  area: national
  source: https://sdis04.fr
  verified: 2026-11-28
- id: cnapr
  name: "CNAPR"
  kind: ecoute-nationale
  description: "Radicalisation d’un proche."
  phone:
    e164: "+33800005696"
    display: "0 800 005 696"
  area: ["13", "2A"]
  source: https://www.service-public.fr/particuliers/vosdroits/F31654
  verified: 2026-11-28
"""
# Line numbers in VALID: entry "17" starts line 1, cnapr line 9; cnapr's e164 line 14,
# display line 15, area line 16.


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "content" / "data" / "contacts.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, **kwargs):
    kwargs.setdefault("departements", DEPS)
    kwargs.setdefault("communes", FAKE_COMMUNES)
    return load_contacts(write(tmp_path, text), root=tmp_path, **kwargs)


def error_of(tmp_path: Path, text: str, **kwargs) -> ContactsError:
    with pytest.raises(ContactsError) as info:
        load(tmp_path, text, **kwargs)
    return info.value


def assert_issue(err: ContactsError, line: int, *fragments: str) -> None:
    """One issue at `line` whose `path:line: message` contains every fragment."""
    text = str(err)
    prefix = f"content/data/contacts.yaml:{line}: "
    lines = [ln for ln in text.splitlines() if ln.startswith(prefix)]
    assert lines, f"no issue at line {line} in:\n{text}"
    assert any(all(f in ln for f in fragments) for ln in lines), f"{fragments} not in:\n{text}"


# --- loading a valid file -------------------------------------------------------------------------

def test_valid_fixture_loads(tmp_path):
    contacts = load(tmp_path, VALID)
    assert [c.id for c in contacts] == ["17", "cnapr"]
    cnapr = contacts[1]
    assert cnapr.phone.e164 == "+33800005696" and cnapr.phone.display == "0 800 005 696"
    assert cnapr.area == ("13", "2A")
    assert cnapr.line == 9
    assert cnapr.verified.isoformat() == "2026-11-28"
    assert cnapr.sources == ("https://www.service-public.fr/particuliers/vosdroits/F31654",)


def test_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(CONTACT_SCHEMA)


# --- editors' mistakes: file path, line number, French hint ----------------------------------------

def test_message_format_is_path_line_message(tmp_path):
    err = error_of(tmp_path, VALID.replace('display: "0 800 005 696"', 'display: "0 800 005 697"'))
    assert str(err).startswith("content/data/contacts.yaml:15: ")
    assert err.issues == [Issue("content/data/contacts.yaml", 15, err.issues[0].message)]
    assert err.path == "content/data/contacts.yaml" and err.line == 15


def test_path_outside_root_is_shown_as_given(tmp_path):
    path = write(tmp_path, VALID.replace("kind: urgence", "kind: urgent"))
    with pytest.raises(ContactsError) as info:
        load_contacts(path, departements=DEPS)
    assert str(info.value).startswith(f"{path}:3: ")
    assert display_path(ROOT / "content" / "data" / "contacts.yaml") == "content/data/contacts.yaml"


def test_malformed_phone_number(tmp_path):
    err = error_of(tmp_path, VALID.replace('"+33800005696"', '"0800005696"'))
    assert_issue(err, 14, "numéro de téléphone mal formé « 0800005696 »", "phone.e164",
                 "format international", "\"+33800005696\"")


def test_phone_number_with_letters(tmp_path):
    err = error_of(tmp_path, VALID.replace('e164: "17"', 'e164: "17a"'))
    assert_issue(err, 5, "numéro de téléphone mal formé « 17a »")
    assert len(err.issues) == 1


def test_french_number_keeps_no_leading_zero(tmp_path):
    err = error_of(tmp_path, VALID.replace('"+33800005696"', '"+330800005696"'))
    assert_issue(err, 14, "mal formé", "sans le 0 initial")


def test_unquoted_phone_number_is_read_as_a_number(tmp_path):
    err = error_of(tmp_path, VALID.replace('"+33800005696"', "+33800005696"))
    assert_issue(err, 14, "« phone.e164 » est un nombre", "entre guillemets", "« + »")


def test_display_must_have_the_same_digits(tmp_path):
    err = error_of(tmp_path, VALID.replace('display: "17"', 'display: "18"'))
    assert_issue(err, 5, "le numéro affiché « 18 » ne correspond pas au numéro composé « 17 »",
                 "mêmes chiffres")


def test_display_in_international_form_is_accepted(tmp_path):
    contacts = load(tmp_path, VALID.replace('"0 800 005 696"', '"+33 8 00 00 56 96"'))
    assert contacts[1].phone.display == "+33 8 00 00 56 96"


def test_unknown_departement_code(tmp_path):
    err = error_of(tmp_path, VALID.replace('area: ["13", "2A"]', 'area: ["13", "99"]'))
    assert_issue(err, 16, "code de département inconnu « 99 »", "2A, 2B, 971 à 976")


def test_departement_code_suggestions(tmp_path):
    err = error_of(tmp_path, VALID.replace('area: ["13", "2A"]', 'area: ["1", "2a"]'))
    assert_issue(err, 16, "inconnu « 1 »", "vouliez-vous dire « 01 » ?")
    assert_issue(err, 16, "inconnu « 2a »", "vouliez-vous dire « 2A » ?")


def test_departement_code_written_as_a_number(tmp_path):
    err = error_of(tmp_path, VALID.replace('area: ["13", "2A"]', "area: [13]"))
    assert_issue(err, 16, "« area » est un nombre", 'area: ["13"]')
    assert len(err.issues) == 1


def test_bad_area_text(tmp_path):
    err = error_of(tmp_path, VALID.replace("area: national", "area: France"))
    assert_issue(err, 6, "zone invalide « France »", "« national »")


def test_missing_source(tmp_path):
    err = error_of(tmp_path, VALID.replace("  source: https://sdis04.fr\n", ""))
    assert_issue(err, 1, "source manquante", "source: https://")


def test_missing_verified_date(tmp_path):
    text = VALID.replace("  verified: 2026-11-28\n- id: cnapr", "- id: cnapr")
    err = error_of(tmp_path, text)
    assert_issue(err, 1, "date de vérification manquante", "verified: AAAA-MM-JJ")


def test_impossible_date(tmp_path):
    err = error_of(tmp_path, VALID.replace("verified: 2026-11-28\n- id", "verified: 2026-13-01\n- id"))
    assert_issue(err, 8, "date invalide « 2026-13-01 »", "n’existe pas", "AAAA-MM-JJ")


def test_date_in_wrong_format(tmp_path):
    err = error_of(tmp_path, VALID.replace("verified: 2026-11-28\n- id", "verified: 28/11/2026\n- id"))
    assert_issue(err, 8, "date invalide « 28/11/2026 »", "AAAA-MM-JJ")


def test_empty_source_list(tmp_path):
    err = error_of(tmp_path, VALID.replace("source: https://sdis04.fr", "source: []"))
    assert_issue(err, 7, "« source » est vide")


def test_duplicate_id(tmp_path):
    err = error_of(tmp_path, VALID.replace("- id: cnapr", '- id: "17"'))
    assert_issue(err, 9, "identifiant « 17 » en double (déjà utilisé ligne 1)", "identifiant unique")


def test_unknown_field_suggests_the_nearest_name(tmp_path):
    err = error_of(tmp_path, VALID.replace("  phone: {e164", "  phon: {e164"))
    assert_issue(err, 5, "champ inconnu « phon »", "vouliez-vous dire « phone » ?", "supprimez-le")


def test_unknown_nested_field(tmp_path):
    err = error_of(tmp_path, VALID.replace('    display: "0 800', '    dispaly: "0 800'))
    assert_issue(err, 15, "champ inconnu « phone.dispaly »", "vouliez-vous dire « display » ?")
    assert_issue(err, 13, "champ obligatoire « phone.display » manquant")


def test_unknown_field_without_close_name(tmp_path):
    err = error_of(tmp_path, VALID.replace("  area: national", "  area: national\n  zzz: 1"))
    assert_issue(err, 7, "champ inconnu « zzz »", "champs possibles : id, name")


def test_kind_outside_the_list(tmp_path):
    err = error_of(tmp_path, VALID.replace("kind: urgence", "kind: urgences"))
    assert_issue(err, 3, "valeur « urgences » hors liste pour « kind »", "vouliez-vous dire « urgence » ?",
                 "urgence, ecoute-nationale, signalement, association, service-public")


def test_channel_kind_outside_the_list(tmp_path):
    text = VALID.replace("  area: national", "  channels:\n    - {kind: pigeon, label: \"x\"}\n  area: national")
    err = error_of(tmp_path, text)
    assert_issue(err, 7, "valeur « pigeon » hors liste pour « channels.kind »", "visio-lsf")


def test_invalid_url(tmp_path):
    err = error_of(tmp_path, VALID.replace("source: https://sdis04.fr", "source: www.sdis04.fr"))
    assert_issue(err, 7, "adresse web invalide « www.sdis04.fr »", "https://")


def test_invalid_email(tmp_path):
    err = error_of(tmp_path, VALID.replace("  area: national", "  email: victimes.fr\n  area: national"))
    assert_issue(err, 6, "adresse électronique invalide")


def test_unquoted_numeric_id(tmp_path):
    err = error_of(tmp_path, VALID.replace('- id: "17"', "- id: 17"))
    assert_issue(err, 1, "« id » est un nombre", 'id: "17"')


def test_emergency_needs_a_number(tmp_path):
    err = error_of(tmp_path, VALID.replace('  phone: {e164: "17", display: "17"}\n', ""))
    assert_issue(err, 1, "doit avoir un numéro", "phone")


def test_signalement_needs_a_form(tmp_path):
    err = error_of(tmp_path, VALID.replace("kind: urgence", "kind: signalement"))
    assert_issue(err, 1, "doit avoir un formulaire", "form: https://")


def test_duplicate_key(tmp_path):
    err = error_of(tmp_path, VALID.replace("  area: national", "  area: national\n  area: national"))
    assert_issue(err, 7, "champ « area » en double (déjà donné ligne 6)")


def test_yaml_syntax_error(tmp_path):
    err = error_of(tmp_path, VALID.replace('name: "CNAPR"', 'name: "CNAPR'))
    assert "content/data/contacts.yaml:" in str(err) and "YAML invalide : guillemet non fermé" in str(err)
    assert "expected" not in str(err) and "scalar" not in str(err)


def test_file_must_be_a_list(tmp_path):
    err = error_of(tmp_path, "id: x\nname: y\n")
    assert_issue(err, 1, "le fichier doit être une liste de contacts")


def test_entry_must_be_a_mapping(tmp_path):
    err = error_of(tmp_path, VALID + "- juste un texte\n")
    assert_issue(err, 19, "chaque contact doit être un bloc de champs")


def test_unknown_audience(tmp_path):
    text = VALID.replace("  area: national", "  audiences: [famille]\n  area: national")
    err = error_of(tmp_path, text, audiences=["familles", "jeunes"])
    assert_issue(err, 6, "public inconnu « famille »", "vouliez-vous dire « familles » ?", "taxonomies.yaml")


def test_all_mistakes_are_reported_sorted_by_line(tmp_path):
    text = VALID.replace("kind: urgence", "kind: urgent").replace('"+33800005696"', '"12a"')
    err = error_of(tmp_path, text)
    assert [i.line for i in err.issues] == [3, 14]


def test_not_utf8(tmp_path):
    path = write(tmp_path, VALID)
    path.write_bytes(VALID.encode("utf-8") + "- id: é\n".encode("latin-1"))
    with pytest.raises(ContactsError) as info:
        load_contacts(path, root=tmp_path, departements=DEPS)
    assert "content/data/contacts.yaml:19:" in str(info.value) and "UTF-8" in str(info.value)


# --- commune -> département (derived, never typed) -------------------------------------------------

GEMPPI = """\
- id: gemppi
  name: "GEMPPI"
  kind: association
  description: "Association basée à Marseille."
  commune: {commune}
  source: https://constellasso.fr
  verified: 2026-11-28
"""


def test_commune_gives_the_departement(tmp_path):
    [gemppi] = load(tmp_path, GEMPPI.format(commune="Marseille"))
    assert gemppi.area == ("13",) and gemppi.commune == "Marseille"


def test_unknown_commune(tmp_path):
    err = error_of(tmp_path, GEMPPI.format(commune="Marseile"))
    assert_issue(err, 5, "commune inconnue « Marseile »", "code INSEE")


def test_ambiguous_commune(tmp_path):
    err = error_of(tmp_path, GEMPPI.format(commune="Saint-Denis"))
    assert_issue(err, 5, "commune ambiguë « Saint-Denis »", '"93066" (93)', '"97411" (974)')
    [c] = load(tmp_path, GEMPPI.format(commune='"97411"'))
    assert c.area == ("974",)


def test_commune_outside_area(tmp_path):
    text = GEMPPI.format(commune="Marseille").replace("  source", '  area: ["69"]\n  source')
    err = error_of(tmp_path, text)
    assert_issue(err, 6, "la commune « Marseille » est dans le département 13", "supprimez « area »")


# --- references from content ---------------------------------------------------------------------

def test_check_references():
    used = {"content/fiches/emprise.md": [("17", 12), ("118", 12), ("unadf", 30)],
            "content/pages/aide.md": [(119, 4)]}
    issues = check_references(used, ["17", "119", "unadfi"])
    assert [str(i) for i in issues] == [
        "content/fiches/emprise.md:12: contact « 118 » inconnu (vouliez-vous dire « 119 » ?) : utilisez "
        "un identifiant de content/data/contacts.yaml (17, 119, unadfi).",
        "content/fiches/emprise.md:30: contact « unadf » inconnu (vouliez-vous dire « unadfi » ?) : "
        "utilisez un identifiant de content/data/contacts.yaml (17, 119, unadfi).",
    ]
    assert tuple(issues[0]) == ("content/fiches/emprise.md", 12, issues[0].message)


def test_check_references_accepts_contacts(tmp_path):
    contacts = load(tmp_path, VALID)
    assert check_references({"a.md": [("cnapr", 1)]}, contacts) == []


# --- the real data ----------------------------------------------------------------------------------

def architecture_ids() -> list[str]:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc.split("## Contact ids", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`([^`]+)`", section.split("\n", 1)[1].split("\n\n", 1)[0])


@pytest.fixture(scope="module")
def real():
    if not (NODE_MODULES / "@etalab" / "decoupage-administratif").is_dir():
        pytest.skip("node_modules absent (npm ci)")
    return load_contacts()


def test_architecture_ids_parsed():
    assert len(architecture_ids()) == 16 and architecture_ids()[0] == "17"


def test_real_contacts_load_with_exactly_the_architecture_ids(real):
    assert sorted(c.id for c in real) == sorted(architecture_ids())


def test_real_contacts_kinds(real):
    kinds = {c.id: c.kind for c in real}
    assert {i for i, k in kinds.items() if k == "urgence"} == {"17", "15", "112", "114"}
    assert {i for i, k in kinds.items() if k == "ecoute-nationale"} == {"119", "3919", "3114", "116006", "cnapr"}
    assert {i for i, k in kinds.items() if k == "signalement"} == {"miviludes-informer", "miviludes-avis"}
    assert {i for i, k in kinds.items() if k == "association"} == {
        "unadfi", "ccmm", "caffes", "gemppi", "psychotherapie-vigilance"}


def test_no_check_detail_is_published(real):
    by_id = {c.id: c for c in real}
    for cid in ("unadfi", "ccmm", "gemppi", "psychotherapie-vigilance"):
        c = by_id[cid]
        assert (c.phone, c.sms, c.address, c.email, c.form, c.hours, c.cost, c.channels) == \
               (None, None, None, None, None, None, None, ()), cid
    assert by_id["gemppi"].website is None and by_id["psychotherapie-vigilance"].website is None
    assert by_id["gemppi"].area == ("13",)           # derived from « Marseille » and the package
    assert by_id["caffes"].phone.display == "03 20 57 26 77" and by_id["caffes"].website == "https://caffes.fr"


def test_no_miviludes_phone_number(real):
    for c in real:
        if c.kind == "signalement" or "miviludes" in c.id:
            assert c.phone is None and c.sms is None, c.id
            assert all(ch.phone is None for ch in c.channels), c.id
            assert c.form.startswith("https://contacts-demarches.interieur.gouv.fr/miviludes/")


def test_every_entry_is_sourced_and_verified(real):
    for c in real:
        assert c.sources and all(s.startswith("https://") for s in c.sources)
        assert c.verified.isoformat() == "2026-11-28"


def _facts_text() -> str | None:
    for candidate in (ROOT.parent / "shared" / "facts.md", Path("/work/shared/facts.md")):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None


def test_every_number_url_and_email_is_in_the_fact_base(real):
    facts = _facts_text()
    if facts is None:
        pytest.skip("shared/facts.md absent")
    phones = [p for c in real for p in [c.phone, c.sms] + [ch.phone for ch in c.channels] if p]
    for phone in phones:
        assert phone.display in facts, phone
    urls = [u for c in real for u in (*c.sources, c.website, c.form, *(ch.url for ch in c.channels)) if u]
    for url in urls:
        bare = url.removeprefix("https://")
        fiche = re.fullmatch(r"www\.service-public\.fr/particuliers/vosdroits/(F\d+)", bare)
        if fiche:
            assert f"service-public.fr {fiche.group(1)}" in facts or f"service-public.fr fiche {fiche.group(1)}" in facts
        else:
            assert bare in facts or bare.removeprefix("www.") in facts, url
    for c in real:
        if c.email:
            assert c.email in facts


def test_tel_hrefs_are_valid(real):
    pattern = re.compile(r"^tel:(\+[1-9]\d{7,14}|\d{2,6})$")
    hrefs = {c.id: tel_href(c) for c in real}
    assert hrefs["17"] == "tel:17" and hrefs["116006"] == "tel:116006"
    assert hrefs["cnapr"] == "tel:+33800005696" and hrefs["caffes"] == "tel:+33320572677"
    assert hrefs["114"] is None and sms_href(next(c for c in real if c.id == "114")) == "sms:114"
    for c in real:
        for phone in [c.phone] + [ch.phone for ch in c.channels]:
            if phone:
                assert pattern.match(tel_href(phone)), phone


def test_json_export_round_trip(real):
    text = to_json(real)
    data = json.loads(text)
    assert data == [contact_to_dict(c) for c in real]
    assert contacts_from_json(text) == real
    flat = [k for k in COLUMNS if not k.startswith(("phone_", "sms_"))]
    assert list(data[0]) == flat  # same names and order as the CSV (phone and sms nested)
    assert "é" in text  # UTF-8, not \u escapes
    assert data[0]["phone"] == {"e164": "17", "display": "17", "href": "tel:17"}


def test_csv_export_round_trip(real):
    text = to_csv(real)
    rows = rows_from_csv(text)
    assert list(rows[0]) == COLUMNS == [name for name, _ in SCHEMA_DOC]
    assert rows == [contact_to_row(c) for c in real]
    by_id = {r["id"]: r for r in rows}
    assert by_id["cnapr"]["phone"] == "+33800005696"
    assert by_id["cnapr"]["phone_display"] == "0 800 005 696"
    assert by_id["gemppi"]["area"] == "13" and by_id["ccmm"]["area"] == ""
    assert by_id["116006"]["channels"] == "telephone : Depuis l’étranger (tarif normal) [+33180523376]"
    assert text.encode("utf-8").decode("utf-8") == text and text.endswith("\r\n")
    assert all(desc and not desc[0].islower() and desc.endswith(".") for _, desc in SCHEMA_DOC)


def test_jsonld(real):
    by_id = {c.id: c for c in real}
    deps = departements()
    point = to_jsonld(by_id["cnapr"], deps, "https://example.org/aide/")
    assert point["@context"] == "https://schema.org" and point["@type"] == "ContactPoint"
    assert point["@id"] == "https://example.org/aide/#contact-cnapr"
    assert point["telephone"] == "+33800005696" and point["contactOption"] == "TollFree"
    gov = to_jsonld(by_id["miviludes-informer"], deps)
    assert gov["@type"] == "GovernmentOrganization" and gov["name"] == "Miviludes"
    assert gov["contactPoint"]["url"].startswith("https://contacts-demarches.interieur.gouv.fr/")
    assert "telephone" not in json.dumps(gov)
    ngo = to_jsonld(by_id["gemppi"], deps)
    assert ngo["@type"] == "NGO" and ngo["areaServed"] == [
        {"@type": "AdministrativeArea", "name": "Bouches-du-Rhône", "identifier": "13"}]
    assert "contactPoint" not in ngo and "url" not in ngo
    assert "HearingImpairedSupported" in to_jsonld(by_id["114"])["contactOption"]
    graph = to_jsonld_graph(real, deps)
    assert len(graph["@graph"]) == len(real) and "@context" not in graph["@graph"][0]


def test_group_for_page(real):
    sections = group_for_page(real)
    assert [s.id for s in sections] == ["urgences", "ecoute", "informer-la-miviludes", "associations"]
    assert [c.id for c in sections[0].contacts] == ["17", "112", "114", "15"]
    assert [c.id for c in sections[1].contacts] == ["119", "3919", "3114", "116006", "cnapr"]
    assert [c.id for c in sections[2].contacts] == ["miviludes-informer", "miviludes-avis"]
    assert sections[2].title == "Informer la Miviludes"
    assert {c.id for c in sections[3].contacts} == {"unadfi", "ccmm", "caffes", "gemppi",
                                                    "psychotherapie-vigilance"}


def test_group_by_departement(real):
    deps = departements()
    sections = group_by_departement(real, deps)
    assert sections[0].id == "partout-en-france"
    assert "17" in [c.id for c in sections[0].contacts]
    local = [s for s in sections if s.id.startswith("departement-")]
    assert [(s.id, s.title, [c.id for c in s.contacts]) for s in local] == [
        ("departement-13", "Bouches-du-Rhône (13)", ["gemppi"])]
    assert sections[-1].id == "zone-non-precisee"
    assert {c.id for c in sections[-1].contacts} == {"ccmm", "psychotherapie-vigilance"}
    by_id = {c.id: c for c in real}
    assert area_label(by_id["gemppi"], deps) == "Bouches-du-Rhône (13)"
    assert area_label(by_id["17"], deps) == "Toute la France" and area_label(by_id["ccmm"], deps) == ""
    assert by_id["gemppi"].area_attr == "13" and by_id["17"].area_attr == "national"


# --- départements and postcodes (from @etalab/decoupage-administratif) -----------------------------

@needs_package
def test_departements_from_package():
    deps = departements_from_package(NODE_MODULES)
    codes = [code for code, _ in deps]
    assert len(deps) == 101 and len(set(codes)) == 101
    assert codes[:2] == ["01", "02"] and codes[18:22] == ["19", "2A", "2B", "21"]
    assert codes[-6:] == ["95", "971", "972", "973", "974", "976"]
    assert dict(deps)["13"] == "Bouches-du-Rhône" and "975" not in codes
    assert departements() == deps


@pytest.fixture(scope="module")
def communes():
    if not (NODE_MODULES / "@etalab" / "decoupage-administratif" / "data" / "communes.json").is_file():
        pytest.skip("node_modules absent (npm ci)")
    return load_communes()


@pytest.mark.parametrize("postcode, expected", [
    ("69003", "69"), ("13001", "13"), ("20000", "2A"), ("20200", "2B"), ("97400", "974"),
    ("75001", "75"), ("00000", None), ("99999", None), ("6900", None), ("abcde", None), ("", None),
])
def test_postcode_to_departement(communes, postcode, expected):
    assert postcode_to_departement(postcode, communes) == expected


def test_postcode_shared_by_two_departements(communes):
    assert sorted(postcode_to_departements("01200", communes)) == ["01", "74"]
    assert postcode_to_departement("01200", communes) in ("01", "74")


def test_postcode_map_is_exact_for_every_known_postcode(communes, tmp_path):
    index = postcode_index(communes)
    pmap = build_postcode_map(communes)
    for postcode, deps in index.items():
        assert lookup_postcode_map(postcode, pmap) == list(deps), postcode
    for postcode, expected in [("69003", ["69"]), ("13001", ["13"]), ("20000", ["2A"]), ("97400", ["974"]),
                               ("00000", []), ("6900", []), ("abcde", [])]:
        assert lookup_postcode_map(postcode, pmap) == expected
    size = write_postcode_map(tmp_path / "cp.json", communes)
    written = (tmp_path / "cp.json").read_bytes()
    assert size == len(written) < 10_000       # measured: about 3.6 kB (exact list: about 82 kB)
    assert json.loads(written) == pmap
    # keys are 2 to 5 digits, none is a prefix of another (one look-up answer per postcode)
    keys = sorted(pmap)
    assert all(re.fullmatch(r"\d{2,5}", k) for k in keys)
    assert not any(b.startswith(a) for a, b in zip(keys, keys[1:]))


def test_fixture_postcode_functions_take_an_index():
    index = postcode_index(FAKE_COMMUNES)
    assert postcode_to_departement("13002", index) == "13"
    assert postcode_to_departement("97400", FAKE_COMMUNES) == "974"


def test_each_missing_field_is_reported_once(tmp_path):
    err = error_of(tmp_path, '- id: x\n  name: "X"\n')
    messages = [i.message for i in err.issues]
    assert len(messages) == len(set(messages)) == 4   # kind, description, source, verified
    assert all(i.line == 1 for i in err.issues)


# --- issue 23: one text rule for displayed numbers, CSV cells neutralised whatever the field -------

@pytest.mark.parametrize("display", ['"=0800005696"', '"0 800\u200d005 696"', '"0 800 005 696\u200e"',
                                     '"-0 800 005 696"', '"0800005696;"'])
def test_display_is_digits_and_separators_only(tmp_path, display):
    err = error_of(tmp_path, VALID.replace('"0 800 005 696"', display))
    assert_issue(err, 15, "display")


def test_csv_cells_are_neutralised_whatever_the_column():
    from plugins.contacts.export import csv_cell
    for hostile in ("=HYPERLINK(\"https://evil.example\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
                    "\t=1", " =1", "\uff1d1", "|x"):
        assert csv_cell(hostile).startswith("'"), hostile
    for plain in ("+33800005696", "17", "Police secours", "0 800 005 696", "contact@exemple.fr", ""):
        assert csv_cell(plain) == plain


def test_csv_export_neutralises_an_email_starting_with_a_sign(real):
    import dataclasses
    hostile = dataclasses.replace(real[0], email="-x@exemple.fr", description="=1+1")
    row = rows_from_csv(to_csv([hostile]))[0]
    assert row["email"] == "'-x@exemple.fr" and row["description"] == "'=1+1"

# --- sources against the fact base (plugins/fact_base.py) -------------------------------------------

def test_a_home_page_source_where_the_fact_base_has_the_precise_page_is_an_error(tmp_path):
    from plugins import fact_base
    facts = fact_base.parse("- 17 Police secours. [sdis04.fr/quels-numeros-composer-18-112-15-ou-17/ OFF; "
                            "service-public.fr/particuliers/vosdroits/F35140]\n")
    assert [c.id for c in load(tmp_path, VALID)] == ["17", "cnapr"]  # without the fact base: not checked
    err = error_of(tmp_path, VALID, facts=facts)
    assert_issue(err, 7, "la source https://sdis04.fr est la page d’accueil d’un site alors que la base de faits "
                         "donne l’adresse précise de la page : remplacez-la par "
                         "https://sdis04.fr/quels-numeros-composer-18-112-15-ou-17/.")
    assert len(err.issues) == 1  # cnapr: another page of service-public.fr, not its home page
    listed = VALID.replace("source: https://sdis04.fr", "source: [https://cramif.fr/node/808, https://sdis04.fr/]")
    assert_issue(error_of(tmp_path, listed, facts=facts), 7, "la source https://sdis04.fr/ est la page d’accueil")
    precise = VALID.replace("https://sdis04.fr", "https://sdis04.fr/quels-numeros-composer-18-112-15-ou-17/")
    assert [c.id for c in load(tmp_path, precise, facts=facts)] == ["17", "cnapr"]
