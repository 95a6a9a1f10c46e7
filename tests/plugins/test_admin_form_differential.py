"""Differential test of the web editor's production form (issue 22: « whatever the form accepts,
`make check` accepts »). A few hundred entries made by mutating a valid fiche (each known mistake,
random combinations, edge cases of Markdown) go through the form's own checks (static/regles.js and
editeur.js in Node, with the formes.json the build writes) and through the real `make check`
(tools/check.run_checks, once, on a copy of the content with every entry as a file written by the
editor's own format). For each entry: the form accepts => make check accepts; each message of the
form is one that make check prints for that file."""
from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plugins import fact_base
from plugins.admin_cms import DEFAULTS, core, form_rules, js_yaml, read_contacts, read_pages

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
RUNNER = ROOT / "tests" / "plugins" / "run_editor_format.js"

GOOD = {"title": "Une fiche d’essai", "summary": "Un résumé simple.", "date": "2026-11-28",
        "sources": [{"title": "Une source", "url": "https://exemple.fr/page"}],
        "body": "## Partie\n\nUn texte simple.\n\n### Détail\n\nUn autre texte.\n"}


def _body(extra: str):
    return lambda e: e.update(body=e["body"] + "\n" + extra + "\n")


def _field(name: str, value):
    return lambda e: e.update({name: value})


def _source(name: str, value):
    return lambda e: e["sources"][0].update({name: value})


def _deep_list(levels: int) -> str:
    return "\n".join("    " * i + "- niveau" for i in range(levels))


# Each known mistake, and edge cases the form must not refuse (or must refuse as make check does).
MUTATIONS = {
    "summary_spaces": _field("summary", "     "),
    "summary_long": _field("summary", "Un résumé beaucoup trop long. " * 70),
    "title_long": _field("title", "x" * 151),
    "title_markup": _field("title", "<b>Un titre</b>"),
    "title_todo": _field("title", "Titre TODO"),
    "summary_fixme": _field("summary", "Un résumé à compléter, FIXME."),
    "summary_markup": _field("summary", "Un <i>résumé</i>."),
    "summary_lt": _field("summary", "Moins de 3 < 4 personnes."),
    "source_no_scheme": _source("url", "haute-vienne.gouv.fr"),
    "source_javascript": _source("url", "javascript:alert(1)"),
    "source_space": _source("url", "https://haute-vienne.gouv.fr/les derives"),
    "source_http": _source("url", "http://exemple.fr/page"),
    "source_title_blank": _source("title", "   "),
    "source_title_markup": _source("title", "<i>Source</i>"),
    "source_home_precise": _source("url", "https://haute-vienne.gouv.fr/"),
    "source_home_www": _source("url", "https://www.haute-vienne.gouv.fr"),
    "source_folder": _source("url", "https://prefectures-regions.gouv.fr/ile-de-france"),
    "source_home_titled": lambda e: e["sources"][0].update(title="Exemple, rapport 2005", url="https://exemple.fr/"),
    "source_home_accueil": lambda e: e["sources"][0].update(title="Exemple, page d’accueil du site",
                                                            url="https://exemple.fr/"),
    "source_home_query": _source("url", "https://haute-vienne.gouv.fr/?page=2"),
    "date_format": _field("date", "11/28/2026"),
    "date_unreal": _field("date", "2026-02-30"),
    "updated_before": _field("updated", "2026-11-01"),
    "updated_after": _field("updated", "2026-12-01"),
    "review_before": _field("review_by", "2026-01-01"),
    "review_after": _field("review_by", "2027-11-28"),
    "period_bad": _field("period", "2022 à 2024"),
    "related_unknown": _field("related", ["page-qui-n-existe-pas"]),
    "contacts_unknown": _field("contacts", ["unadfy"]),
    "body_todo": _body("TODO : finir ce texte."),
    "body_script": _body("<script>alert(1)</script>"),
    "body_iframe": _body('<iframe src="https://exemple.fr/"></iframe>'),
    "body_onclick": _body('Un <span onclick="x()">mot</span>.'),
    "body_style": _body('Un <span style="color: red">mot</span>.'),
    "body_marquee": _body("<marquee>défilant</marquee>"),
    "body_allowed_tag": _body("Un <em>mot</em> et <abbr title=\"exemple\">ex.</abbr>"),
    "body_bad_attribute": _body('Un <em data-x="1">mot</em>.'),
    "body_indented_code_html": _body("Du code :\n\n    <script>alert(1)</script>\n    <b>gras</b>"),
    "body_fenced_code_html": _body("```\n<script>alert(1)</script>\n```"),
    "body_inline_code_html": _body("Du code `<script>` permis."),
    "body_escaped_lt": _body("Un \\<script> écrit."),
    "body_comment": _body("<!-- <script>alert(1)</script> -->"),
    "body_lt_text": _body("Si 3 < 4 et 5 > 2, alors."),
    "body_deep_list": _body(_deep_list(22)),
    "body_list_ok": _body(_deep_list(4)),
    "body_quotes_deep": _body("> " * 22 + "citation"),
    "body_image_no_alt": _body("![](../images/affiche.png)"),
    "body_image_alt": _body("![Une affiche](../images/affiche.png)"),
    "body_image_remote": _body("![Une affiche](https://exemple.fr/affiche.png)"),
    "body_image_raw_no_alt": _body('<img src="../images/affiche.png">'),
    "body_image_data": _body("![Une affiche](data:image/png;base64,AAAA)"),
    "body_link_space": _body("Un [lien](https://exemple.fr/une page) cassé."),
    "body_link_angle_space": _body("Un [lien](<https://exemple.fr/une page>) entre chevrons."),
    "body_link_javascript": _body("Un [lien](javascript:alert(1))."),
    "body_link_vbscript": _body("Un [lien](VBScript:x)."),
    "body_link_ftp": _body("Un [lien](ftp://exemple.fr/x)."),
    "body_link_https": _body("Un [lien](https://exemple.fr/page) correct."),
    "body_link_mailto": _body("Un [courriel](mailto:contact@exemple.fr)."),
    "body_link_tel_bad": _body("Un [numéro](tel:abc)."),
    "body_link_tel_ok": _body("Un [numéro](tel:+33100000000)."),
    "body_link_title": _body('Un [lien](https://exemple.fr/page "Titre") titré.'),
    "body_reference_link": _body("Un [lien][ref].\n\n[ref]: https://exemple.fr/page"),
    "body_reference_javascript": _body("Un [lien][ref].\n\n[ref]: javascript:alert(1)"),
    "body_autolink": _body("Voir <https://exemple.fr/page>."),
    "body_heading_skip": _body("#### Trop bas"),
    "body_heading_h1": _body("# Titre de niveau 1"),
    "body_heading_setext": _body("Titre souligné\n=============="),
    "body_heading_setext2": _body("Intertitre souligné\n-------------------"),
    "body_heading_raw_skip": _body("<h5>Trop bas</h5>"),
    "body_heading_template": _body("## Sources\n\nDes sources."),
    "body_contact_unknown": _body("[[contact:zzzz-inconnu]]"),
    "body_penalty_highest": _body("L’abus de faiblesse (article 223-15-2) est puni jusqu’à 7 ans."),
    "body_penalty_lower": _body("L’abus de faiblesse (article 223-15-2) est puni jusqu’à 3 ans."),
    "body_penalty_check": _body("La sujétion (article 223-15-3) est punie jusqu'à 5 ans de prison."),
    "body_penalty_before": _body("L’article 223-15-2 s’applique.\n\nIl prévoit jusqu’à\u00a03 ans."),
    "summary_penalty": _field("summary", "Puni jusqu’à 3 ans (article 223-15-2)."),
    "body_nbsp": _body("Un\u00a0texte\u202fcollé ; d’un traitement de texte."),
}


def make_entries(seed: int = 22) -> list[tuple[str, dict]]:
    """(name, entry): the good fiche, each mutation alone, random combinations of 2 to 4."""
    rng = random.Random(seed)
    names = sorted(MUTATIONS)
    plans = [()] + [(n,) for n in names] + [tuple(rng.sample(names, rng.randint(2, 4))) for _ in range(230)]
    entries = []
    for plan in plans:
        entry = json.loads(json.dumps(GOOD))
        for name in plan:
            MUTATIONS[name](entry)
        entries.append(("+".join(plan) or "bonne", entry))
    return entries


def form_answers(tmp_path: Path, entries: list[dict]) -> list[dict]:
    """[{text, errors}] of each entry: the file the editor writes and the production form's messages
    (one Node process for all), with the formes.json of the real content."""
    rules = tmp_path / "formes.json"
    rules.write_text(json.dumps(form_rules.form_rules(
        read_contacts(CONTENT / "data" / "contacts.yaml"), None, None, (),
        read_pages(CONTENT), read_pages(CONTENT, drafts=True), None, fact_base.load(None))), encoding="utf-8")
    data = tmp_path / "entrees.json"
    data.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(["node", str(RUNNER), str(Path(core.__file__).parent / "static" / "editeur.js"),
                           str(js_yaml(Path(DEFAULTS["ADMIN_CMS_DIST"]))), str(rules), "fileAndErrors",
                           str(data)], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def check_messages(tmp_path: Path, texts: list[str]) -> list[list[str]]:
    """The messages of `make check` (tools/check.run_checks, once) for each text, written as
    content/fiches/essai-NNN.md beside a copy of the real content."""
    sys.path[:0] = [str(ROOT / "tools")]
    try:
        import check
    finally:
        sys.path.remove(str(ROOT / "tools"))
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "affiche.png").write_bytes(_png())
    for index, text in enumerate(texts):
        (content / "fiches" / f"essai-{index:03d}.md").write_text(text, encoding="utf-8")
    found: list[list[str]] = [[] for _ in texts]
    for message in check.run_checks(content=str(content)).errors:
        match = re.match(r"^.*?essai-(\d{3})\.md:\d+: (.*)$", message, re.S)
        assert match, message  # nothing else of the content is refused
        found[int(match.group(1))].append(match.group(2).replace(str(content), "content"))
    return found


def _png() -> bytes:
    """A 1×1 PNG image (an image the editor uploaded beside the pages)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def differential(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("differentiel")
    named = make_entries()
    answers = form_answers(tmp, [entry for _, entry in named])
    checked = check_messages(tmp, [a["text"] for a in answers])
    return [(name, a["errors"], c) for (name, _), a, c in zip(named, answers, checked)]


def test_there_are_hundreds_of_entries_and_both_sides_refuse_some(differential):
    assert len(differential) > 250
    assert differential[0] == ("bonne", [], [])
    assert sum(1 for _, form, _ in differential if form) > 150
    assert sum(1 for _, _, check in differential if not check) > 10


def test_whatever_the_form_accepts_make_check_accepts(differential):
    missed = [(name, check) for name, form, check in differential if not form and check]
    assert missed == []


def test_each_refusal_of_the_form_is_a_message_of_make_check(differential):
    wrong = [(name, sorted(set(form) - set(check)), check) for name, form, check in differential
             if set(form) - set(check)]
    assert wrong == []


# Contacts of the directory (content/data/contacts.yaml) as the form holds them (area typed as text,
# source a list): each known mistake, random combinations; the file the editor writes is checked by
# plugins/contacts' own loader (contacts.core.load_contacts: the checks make check runs on the file).
GOOD_CONTACT = {"id": "essai", "name": "Association d’essai", "kind": "association",
                "description": "Une association d’essai.", "phone": {"e164": "+33100000000", "display": "01 00 00 00 00"},
                "area": "13, 84", "audiences": ["familles"], "source": ["https://exemple.fr/page"],
                "verified": "2026-11-28"}


def _set(path: str, value):
    def apply(c):
        here, parts = c, path.split(".")
        for part in parts[:-1]:
            here = here.setdefault(part, {})
        if value is None:
            here.pop(parts[-1], None)
        else:
            here[parts[-1]] = value
    return apply


CONTACT_MUTATIONS = {
    "phone_no_plus": _set("phone.e164", "0100000000"), "phone_tel": _set("phone.e164", "tel:+33100000000"),
    "phone_mismatch": _set("phone.display", "01 00 00 00 01"), "phone_letters": _set("phone.display", "01 00 AB"),
    "phone_french_length": _set("phone.e164", "+330100000000"), "phone_missing": _set("phone", None),
    "sms_ok": _set("sms", {"e164": "114", "display": "114"}), "sms_mismatch": _set("sms", {"e164": "114", "display": "115"}),
    "area_unknown": _set("area", "13, 99"), "area_one_digit": _set("area", "1"), "area_lower": _set("area", "2a"),
    "area_corse": _set("area", "2A, 2B"), "area_national": _set("area", "national"), "area_word": _set("area", "Marseille"),
    "source_http": _set("source", ["http://exemple.fr/page"]), "source_no_scheme": _set("source", ["exemple.fr/page"]),
    "source_space": _set("source", ["https://exemple.fr/une page"]), "source_javascript": _set("source", ["javascript:alert(1)"]),
    "source_two": _set("source", ["https://exemple.fr/a", "https://exemple.fr/b"]), "source_missing": _set("source", None),
    "source_home_precise": _set("source", ["https://haute-vienne.gouv.fr/"]),
    "source_folder": _set("source", ["https://prefectures-regions.gouv.fr/ile-de-france"]),
    "website_bad": _set("website", "www.exemple.fr"), "website_ok": _set("website", "https://www.exemple.fr/"),
    "form_bad": _set("form", "exemple.fr/formulaire"), "email_bad": _set("email", "contact@exemple"),
    "email_ok": _set("email", "contact@exemple.fr"), "id_bad": _set("id", "Essai Majuscule"),
    "kind_typo": _set("kind", "associatio"), "kind_far": _set("kind", "zzz"), "kind_urgence": _set("kind", "urgence"),
    "kind_signalement": _set("kind", "signalement"), "name_tag": _set("name", "<b>Nom</b>"),
    "description_formula": _set("description", "=SOMME(A1)"), "hours_tag": _set("hours", "<i>24 h/24</i>"),
    "hours_ok": _set("hours", "24 h/24, 7 j/7"), "cost_minus": _set("cost", "-10 %"),
    "verified_unreal": _set("verified", "2026-02-30"), "verified_format": _set("verified", "28/11/2026"),
    "verified_missing": _set("verified", None), "audience_typo": _set("audiences", ["famille"]),
    "audience_far": _set("audiences", ["zzzz"]), "name_missing": _set("name", None),
    "description_missing": _set("description", None),
    "channel_kind": _set("channels", [{"kind": "tchatt", "label": "Tchat"}]),
    "channel_url": _set("channels", [{"kind": "tchat", "label": "Tchat", "url": "exemple.fr"}]),
    "channel_phone": _set("channels", [{"kind": "fax", "label": "Fax", "phone": {"e164": "+33100000000", "display": "01 02"}}]),
    "channel_ok": _set("channels", [{"kind": "tchat", "label": "Tchat en ligne", "url": "https://exemple.fr/tchat"}]),
}


def make_contacts(seed: int = 22) -> list[tuple[str, dict]]:
    rng = random.Random(seed)
    names = sorted(CONTACT_MUTATIONS)
    plans = [()] + [(n,) for n in names] + [tuple(rng.sample(names, rng.randint(2, 3))) for _ in range(120)]
    out = []
    for index, plan in enumerate(plans):
        contact = json.loads(json.dumps(GOOD_CONTACT))
        contact["id"] = f"essai-{index}"
        for name in plan:
            CONTACT_MUTATIONS[name](contact)
        out.append(("+".join(plan) or "bon", contact))
    return out


def contact_answers(tmp_path: Path, contacts: list[dict]) -> list[dict]:
    """[{text, errors}]: the directory file the editor writes with each contact, and the form's messages."""
    rules = tmp_path / "formes-annuaire.json"
    audiences = list(yaml_load(CONTENT / "data" / "taxonomies.yaml")["audiences"])
    rules.write_text(json.dumps(form_rules.form_rules({}, None, None, (), (), (), audiences, fact_base.load(None))),
                     encoding="utf-8")
    data = tmp_path / "contacts.json"
    data.write_text(json.dumps(contacts, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run(["node", str(RUNNER), str(Path(core.__file__).parent / "static" / "editeur.js"),
                           str(js_yaml(Path(DEFAULTS["ADMIN_CMS_DIST"]))), str(rules), "contactErrors",
                           str(data)], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def yaml_load(path: Path):
    import yaml
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def contact_check_messages(tmp_path: Path, texts: list[str]) -> list[list[str]]:
    """The messages of plugins/contacts' loader (what make check runs on content/data/contacts.yaml)
    for each contact, all in one file (beside the real taxonomies.yaml)."""
    from plugins.contacts import ContactsError, load_contacts
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(CONTENT / "data" / "taxonomies.yaml", folder / "taxonomies.yaml")
    starts, lines, text = [], 1, ""
    for block in texts:
        starts.append(lines)
        text += block + "\n"
        lines += block.count("\n") + 1
    (folder / "contacts.yaml").write_text(text, encoding="utf-8")
    found: list[list[str]] = [[] for _ in texts]
    try:
        load_contacts(folder / "contacts.yaml", facts=fact_base.load(None))
    except ContactsError as exc:
        import bisect
        for issue in exc.issues:
            found[bisect.bisect_right(starts, issue.line) - 1].append(issue.message)
    return found


@pytest.fixture(scope="module")
def contact_differential(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("annuaire")
    named = make_contacts()
    answers = contact_answers(tmp, [c for _, c in named])
    checked = contact_check_messages(tmp, [a["text"] for a in answers])
    return [(name, a["errors"], c) for (name, _), a, c in zip(named, answers, checked)]


def test_the_directory_form_accepts_only_what_make_check_accepts_with_its_messages(contact_differential):
    assert len(contact_differential) > 150 and contact_differential[0] == ("bon", [], [])
    assert sum(1 for _, form, _ in contact_differential if form) > 100
    missed = [(name, check) for name, form, check in contact_differential if not form and check]
    assert missed == []
    wrong = [(name, sorted(set(form) - set(check)), check) for name, form, check in contact_differential
             if set(form) - set(check)]
    assert wrong == []


def test_the_form_reads_pathological_bodies_in_linear_time(tmp_path):
    """The form's scanner is bounded: bodies that make naive patterns quadratic (unclosed comments,
    unmatched backtick runs, tags never closed, fences) are read in well under a second each."""
    import time
    bodies = ["<!--" * 40_000, "".join("a" + "`" * (i % 40 + 1) for i in range(40_000)), "<b " * 40_000,
              "```\n" * 20_000, "![" * 900 + "](" * 40_000, "<script>" + "x" * 200_000, "- " * 30_000]
    entries = [{**GOOD, "body": body} for body in bodies]
    start = time.monotonic()
    answers = form_answers(tmp_path, entries)
    assert len(answers) == len(bodies)
    assert time.monotonic() - start < 15  # Node's start and formes.json included


def test_the_directory_form_refuses_an_id_used_twice_with_the_line_make_check_gives(tmp_path):
    """The whole directory (the real contacts, then a new one reusing an id): the form's messages
    for the file it writes are those of plugins/contacts' loader (the duplicate's line included)."""
    import yaml as pyyaml

    from plugins.contacts import ContactsError, load_contacts
    real = pyyaml.safe_load((CONTENT / "data" / "contacts.yaml").read_text(encoding="utf-8"))
    first = real[0]["id"]
    data = {"_entete": "# Annuaire\n", "contacts": [*real, {**GOOD_CONTACT, "id": first}]}
    rules = tmp_path / "formes.json"
    audiences = list(yaml_load(CONTENT / "data" / "taxonomies.yaml")["audiences"])
    rules.write_text(json.dumps(form_rules.form_rules({}, None, None, (), (), (), audiences, fact_base.load(None))),
                     encoding="utf-8")
    (tmp_path / "annuaire.json").write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    done = subprocess.run(["node", str(RUNNER), str(Path(core.__file__).parent / "static" / "editeur.js"),
                           str(js_yaml(Path(DEFAULTS["ADMIN_CMS_DIST"]))), str(rules), "annuaireErrors",
                           str(tmp_path / "annuaire.json")], capture_output=True, text=True, timeout=60, check=True)
    answer = json.loads(done.stdout)
    (tmp_path / "data").mkdir()
    shutil.copy(CONTENT / "data" / "taxonomies.yaml", tmp_path / "data" / "taxonomies.yaml")
    (tmp_path / "data" / "contacts.yaml").write_text(answer["text"], encoding="utf-8")
    with pytest.raises(ContactsError) as refused:
        load_contacts(tmp_path / "data" / "contacts.yaml", facts=fact_base.load(None))
    expected = [issue.message for issue in refused.value.issues]
    assert answer["errors"] and sorted(answer["errors"]) == sorted(expected), (answer["errors"], expected)
    assert any(f"« {first} » en double (déjà utilisé ligne " in m for m in answer["errors"])
