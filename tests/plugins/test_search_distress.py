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
DISTRESS_SET = ROOT / "tests" / "search_quality" / "distress.yaml"   # persona set (issue 21)
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
]
ORDINARY = ["emprise mentale", "la fin de l'emprise", "rapport 2022", "dérive sectaire santé",
            "naturopathe jeûne", "comment reconnaître un gourou", "mon fils est dans une secte"]

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
    for entry in _load_set(DISTRESS_SET):
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
