"""Issue 21: a query in distress or danger shows the help numbers first, never a suggestion.

content/data/detresse.yaml (plugins/search_index/distress.py) is checked like the other data
files, compiled into the search manifest (``help``), and matched identically by Python
(``help_for``) and by the JavaScript engine (``helpFor``, run with node on the real site).

Run: .venv/bin/python -m pytest tests/plugins/test_search_distress.py -q -p no:xdist
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from plugins.contacts import help_block, load_contacts
from plugins.search_index import distress
from search_bench.quality import JS_DIR, NODE_MODULES, node_executable

ROOT = Path(__file__).resolve().parents[2]
DISTRESS_FILE = ROOT / "content" / "data" / "detresse.yaml"
CONTACTS_FILE = ROOT / "content" / "data" / "contacts.yaml"
DISTRESS_SETS = [ROOT / "tests" / "search_quality" / name             # persona sets (issue 21)
                 for name in ("distress.yaml", "distress_v2.yaml")]
NO_REWRITE_SET = ROOT / "tests" / "search_quality" / "no_rewrite.yaml"

# Our own cases: (query, contact ids that must come first). The persona set, when present, is
# used as well (distress_cases()).
OWN_CASES = [
    ("j'ai envie de mourir", ["3114"]),
    ("j ai envie de mourrir depuis que j ai quitte le groupe", ["3114"]),
    ("je veux en finir", ["3114"]),
    ("idees noires apres ma sortie de la communaute", ["3114"]),
    ("suicidaire", ["3114"]),
    ("mon fils parle de se suicider", ["3114"]),
    ("mon enfant est en danger dans la secte", ["119"]),
    ("mon mari violent m'empeche de partir", ["3919"]),
    ("je suis enfermée et il me menace", ["17"]),
    ("on m'empêche de sortir de la communauté", ["17"]),
    # « ensembles »: a word of each named list, anywhere (words nobody listed together)
    ("mon neveu de 9 ans reçoit des gifles", ["119", "17"]),
    ("notre bébé se fait secouer par un adepte", ["119", "17"]),
    ("mon compagnon me cogne quand je ne prie pas", ["3919", "17"]),
    ("ils gardent mon passeport à la ferme", ["17"]),
    ("je me brûle la peau avec des cigarettes", ["3114"]),
    ("il a ingurgité des somnifères", ["15"]),
    ("des membres m'insultent sur tiktok", ["116006"]),
    ("comment alerter les gendarmes en cachette", ["114"]),
    # a verb in the third person plural the stemmer keeps whole
    ("ils me séquestrent", ["17"]),
    # an elided little word is the whole one (« privé d’école » holds « privé de »)
    ("des enfants privés d'école dans la communauté", ["119"]),
    # sound-alike spellings (« suissider », « batu »)
    ("je veux me suissider", ["3114"]),
    ("mon fils de 8 ans est batu", ["119", "17"]),
]
ORDINARY = ["emprise mentale", "la fin de l'emprise", "rapport 2022", "dérive sectaire santé",
            "naturopathe jeûne", "comment reconnaître un gourou", "mon fils est dans une secte",
            # one list of an ensemble is not enough; a number out of the range is no child
            "mon fils a coupé les ponts avec toute la famille", "ma fille de 25 ans est dans un groupe",
            "un élève parle sans arrêt d'un gourou", "le groupe a pris tout mon argent",
            "comment parler à mon enfant sans le braquer", "mon mari passe ses soirées sur internet",
            # French words one typo away from a trigger are not taken for it (« claque », « étranglé »)
            "chaque jour des méthodes étranges", "ce que je tape dans la recherche",
            "appuyer sur la touche maj pour quitter", "est ce que ce site me suit",
            "j'ai pris du poisson au dîner"]   # « poisson » sounds like « poison »: a French word

RUNNER = r"""
const fs = require('fs'), path = require('path');
const [nm, js] = process.argv.slice(-2);
const lunr = require(path.join(nm, 'lunr', 'lunr.js'));
const A = require(path.join(js, 'analyzer.js'));
const E = require(path.join(js, 'search.js'));
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', async () => {
  const job = JSON.parse(input);
  const engine = E.createEngine({
    lunr, analyzer: A, manifestUrl: 'file://' + path.join(job.dir, 'manifest.json'),
    fetchJSON: (u) => fs.promises.readFile(new URL(u), 'utf8').then(JSON.parse),
  });
  const out = [];
  for (const q of job.queries) {
    const r = await engine.search(q);
    const refs = r.results.slice(0, 10).map((x) => x.ref);
    const docs = refs.length ? await engine.getDocs(refs) : [];
    out.push({ q, help: r.help.map((h) => h.id), hrefs: r.help.map((h) => h.href),
               helpDirect: engine.help(q).map((h) => h.id), suggestion: engine.suggest(q, r, docs),
               error: r.error });
  }
  process.stdout.write(JSON.stringify(out));
});
"""


def run_engine(search_dir: Path, queries: list[str]) -> list[dict]:
    payload = json.dumps({"dir": str(Path(search_dir).resolve()), "queries": queries})
    proc = subprocess.run([node_executable(), "-e", RUNNER, str(NODE_MODULES), str(JS_DIR)], input=payload,
                          capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def _load_set(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("queries", data) if isinstance(data, dict) else data


def distress_cases() -> list[tuple[str, list[str]]]:
    """(query, ids that must be among the first shown numbers): ours, then the persona set."""
    cases = list(OWN_CASES)
    for entry in [e for path in DISTRESS_SETS for e in _load_set(path)]:
        ids = entry.get("contacts") or entry.get("expected_contacts") or entry.get("numbers") or []
        cases.append((str(entry["q"]), [str(i) for i in ([ids] if isinstance(ids, (str, int)) else ids)]))
    return cases


@pytest.fixture(scope="module")
def compiled():
    situations, errors = distress.load_distress(DISTRESS_FILE, reachable={
        c.id for c in load_contacts(CONTACTS_FILE) if c.phone or c.sms})
    assert errors == []
    contacts = load_contacts(CONTACTS_FILE)
    entries, _ = help_block(contacts, [c.id for c in contacts])
    return distress.compile_help(situations, {e["id"]: e for e in entries})


def test_the_distress_file_is_valid_and_its_numbers_come_from_contacts_yaml(compiled):
    contacts = {c.id: c for c in load_contacts(CONTACTS_FILE)}
    assert len(compiled["situations"]) >= 4
    for cid, entry in compiled["contacts"].items():
        phone = contacts[cid].phone or contacts[cid].sms
        assert entry["display"] == phone.display and entry["href"] in (phone.href, phone.sms_href)
    shown = {c for s in compiled["situations"] for c in s["contacts"]}
    assert {"3114", "119", "3919", "17"} <= shown


@pytest.mark.parametrize("text, line, words", [
    ("situations:\n  - titre: A\n    mots: [suicide]\n    contacts: ['9999']\n", 4, "inconnu"),
    ("situations:\n  - titre: A\n    mots: [le, suicide]\n    contacts: ['3114']\n", 3, "mots ignorés"),
    ("situations:\n  - titre: A\n    mots: [suicide, suicidé]\n    contacts: ['3114']\n", 3, "deux fois"),
    ("situations:\n  - titre: A\n    contacts: ['3114']\n", 2, "pas de « mots »"),
    ("situations:\n  - titre: A\n    mots: suicide\n    contacts: ['3114']\n", 3, "liste non vide"),
    ("situations:\n  - titre: A\n    mots: [suicide]\n    contacts: ['3114']\n    numero: '0600'\n", 5,
     "clé inconnue"),
    ("situation:\n  - titre: A\n", 1, "clé inconnue"),
    ("situations: [\n", 2, "mal formé"),
])
def test_distress_file_mistakes_are_reported_in_french_with_their_line(tmp_path, text, line, words):
    path = tmp_path / "detresse.yaml"
    path.write_text(text, encoding="utf-8")
    _situations, errors = distress.load_distress(path, "content/data/detresse.yaml", reachable={"3114", "17"})
    assert errors and errors[0].startswith(f"content/data/detresse.yaml:{line}: "), errors
    assert words in errors[0] and " — " in errors[0]


LISTS = "listes:\n  - nom: enfant\n    mots: [fils, \"de 0-17 ans\"]\n  - nom: violence\n    mots: [gifle]\n"


@pytest.mark.parametrize("text, line, words", [
    (LISTS + "situations:\n  - titre: A\n    ensembles: [enfant + coups]\n    contacts: ['119']\n", 8,
     "« coups » n’est pas le nom d’une liste"),
    (LISTS + "situations:\n  - titre: A\n    ensembles: [enfant]\n    contacts: ['119']\n", 4,
     "n’est utilisée par aucune situation"),
    (LISTS + "situations:\n  - titre: A\n    contacts: ['119']\n", 7, "ni d’« ensembles »"),
    (LISTS + "situations:\n  - titre: A\n    ensembles: [enfant + violence, violence + enfant]\n"
     "    contacts: ['119']\n", 8, "deux fois"),
    (LISTS.replace("de 0-17 ans", "de 17-0 ans") + "situations:\n  - titre: A\n"
     "    ensembles: [enfant + violence]\n    contacts: ['119']\n", 3, "le plus petit"),
    (LISTS.replace("nom: violence", "nom: Violence !") + "situations:\n  - titre: A\n"
     "    ensembles: [enfant]\n    contacts: ['119']\n", 4, "nom de liste"),
    (LISTS.replace("nom: violence", "nom: enfant") + "situations:\n  - titre: A\n"
     "    ensembles: [enfant]\n    contacts: ['119']\n", 4, "existe déjà"),
    (LISTS.replace("    mots: [gifle]\n", "") + "situations:\n  - titre: A\n"
     "    ensembles: [enfant]\n    contacts: ['119']\n", 4, "pas de « mots »"),
    (LISTS + "situations:\n  - titre: A\n    mots: [fils giflé]\n    ensembles: [enfant + violence]\n"
     "    contacts: ['119']\n", 8, "déjà reconnu par l’ensemble « enfant + violence »"),
    (LISTS.replace("[gifle]", "[gifle, gifles]") + "situations:\n  - titre: A\n    ensembles: [enfant + violence]\n"
     "    contacts: ['119']\n", 5, "« gifles » est déjà reconnu grâce à « gifle »"),
    ("listes: [gifle]\nsituations:\n  - titre: A\n    mots: [suicide]\n    contacts: ['3114']\n", 1,
     "une liste s’écrit"),
])
def test_word_list_mistakes_are_reported_in_french_with_their_line(tmp_path, text, line, words):
    path = tmp_path / "detresse.yaml"
    path.write_text(text, encoding="utf-8")
    _situations, errors = distress.load_distress(path, "content/data/detresse.yaml", reachable={"119", "3114"})
    assert errors and errors[0].startswith(f"content/data/detresse.yaml:{line}: "), errors
    assert words in errors[0] and " — " in errors[0]


def test_an_ensemble_needs_a_word_of_each_list_and_a_range_matches_numbers_within_it(tmp_path):
    path = tmp_path / "detresse.yaml"
    path.write_text(LISTS + "situations:\n  - titre: A\n    ensembles: [enfant + violence]\n"
                    "    contacts: ['119']\n", encoding="utf-8")
    situations, errors = distress.load_distress(path, reachable={"119"})
    assert errors == []
    compiled = distress.compile_help(situations, {"119": {"id": "119", "display": "119", "href": "tel:119",
                                                          "label": "Allô"}})
    assert compiled["lists"] == [["fils", "de 0-17 ans"], ["gifle"]]
    assert distress.trigger_words("de 0-17 ans") == [["de", []], [0, 17], ["ans", ["an"]]]
    assert compiled["situations"][0]["ensembles"] == [[0, 1]]
    assert distress.help_for("des gifles à mon fils", compiled) == ["119"]
    assert distress.help_for("une gifle à une fille de 7 ans", compiled) == ["119"]
    assert distress.help_for("une gifle à une fille de 27 ans", compiled) == []
    assert distress.help_for("mon fils", compiled) == [] and distress.help_for("une gifle", compiled) == []


def test_a_trigger_one_typo_from_a_common_french_word_is_matched_by_its_forms_only(compiled):
    words = distress.french_folds()
    assert "chaque" in words and "mourrir" not in words   # a misspelling is rare in French
    assert distress.needs_exact("claque", ["claqu"], words) and distress.needs_exact("etrangle", ["etrangl"], words)
    assert not distress.needs_exact("mourir", ["mour"], words) and not distress.needs_exact("suicider", ["suicid"], words)
    assert distress.sound("menasse") == distress.sound("menace") and distress.sound("batu") == distress.sound("battu")
    assert distress.needs_exact("poison", ["poison"], words)   # « poisson » sounds the same
    assert distress.trigger_words("=claque mourir") == [["claque", ["claqu"], 1], ["mourir", ["mour"]]]
    assert distress.help_for("mon copain me met des claques", compiled)[:2] == ["3919", "17"]
    assert distress.help_for("il m'a étranglée", compiled) and distress.help_for("je veux mourrir", compiled)
    assert distress.help_for("appeler france victimes depuis l'étranger", compiled) == ["116006"]


def test_a_plural_verb_is_also_read_as_its_singular():
    assert "sequestr" in distress.word_family("séquestrent") and "frapp" in distress.word_family("frappent")
    assert distress.word_family("ans") == ["an"] and distress.word_family("ment") == ["ment"]


def test_a_wrong_distress_file_fails_the_build(fixture_site):
    errors, _out, _content = fixture_site({"data/detresse.yaml": (
        "situations:\n  - titre: A\n    mots: [suicide]\n    contacts: ['0612345678']\n")})
    assert any("detresse.yaml:4: " in e and "inconnu" in e for e in errors), errors


@pytest.mark.parametrize("query, ids", OWN_CASES)
def test_python_matching_of_our_cases(compiled, query, ids):
    got = distress.help_for(query, compiled)
    assert got[:len(ids)] == ids or (ids and ids[0] in got[:3]), got
    if not ids:
        assert "3114" not in got


@pytest.mark.parametrize("query", ORDINARY)
def test_ordinary_queries_show_no_help(compiled, query):
    assert distress.help_for(query, compiled) == []


def test_one_typo_is_a_damerau_distance_of_one():
    assert distress._one_typo("mourrir", "mourir") and distress._one_typo("suicdie", "suicide")
    assert distress._one_typo("suiside", "suicide") and not distress._one_typo("mourrire", "mourir")


def test_every_distress_query_shows_its_numbers_first_and_gets_no_suggestion(real_site, compiled):
    """Over the real site, with the JS engine: the numbers expected come first (help is shown
    before any result by ui.js), the same as Python's, and no « Vouliez-vous dire »."""
    cases = distress_cases()
    results = run_engine(real_site / "search", [q for q, _ids in cases] + ORDINARY)
    failures = []
    for (query, ids), r in zip(cases, results):
        python = distress.help_for(query, compiled)
        if r["help"] != python or r["helpDirect"] != python:
            failures.append(f"parité : {query!r} JS {r['help']} Python {python}")
        if ids and not set(ids) <= set(r["help"]):
            failures.append(f"numéros : {query!r} attend {ids}, obtient {r['help']}")
        if ids and r["suggestion"]:
            failures.append(f"suggestion : {query!r} -> {r['suggestion']!r}")
        if any(not h.startswith(("tel:", "sms:")) for h in r["hrefs"]) or r["error"]:
            failures.append(f"liens : {query!r} {r['hrefs']}")
    for r in results[len(cases):]:
        if r["help"]:
            failures.append(f"aide inutile : {r['q']!r} -> {r['help']}")
    assert not failures, "\n".join(failures)
