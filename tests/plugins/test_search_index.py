"""Tests of plugins/search_index (index builder, sharded assets) and of the browser side
(theme/static/js/search/) run with node (lunr.js 2.3.9 + lunr-languages from node_modules/); the
UI runs in headless Chromium in tests/browser/test_search_ui.py. Synthetic French documents only,
nothing downloaded.

Run: .venv/bin/python -m pytest tests/plugins/test_search_index.py -q
"""
from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from plugins.search_index import analyzer, indexer
from plugins.search_index import build_index, write_search_assets

NODE = shutil.which("node") or "/usr/bin/node"
NODE_MODULES = ROOT / "node_modules"
JS_DIR = ROOT / "theme" / "static" / "js" / "search"

DOCS = [
    {"id": "emprise", "url": "/fiches/emprise/", "type": "fiche",
     "title": "L’emprise mentale : reconnaître les signes",
     "summary": "Comprendre l’emprise d’un gourou et les mécanismes de la dérive sectaire.",
     "headings": ["Les signes d’alerte", "Que faire ?"], "themes": ["emprise", "Santé"],
     "body": "L’emprise est au cœur de toute dérive sectaire. Le gourou isole la victime de sa "
             "famille et de ses amis. Les proches remarquent des ruptures brutales."},
    {"id": "signaler", "url": "/fiches/signaler/", "type": "fiche",
     "title": "Signaler une dérive sectaire",
     "summary": "Comment signaler une situation préoccupante à la Miviludes.",
     "headings": ["Qui peut signaler ?"], "themes": ["signalement"],
     "body": "Vous pouvez signaler une situation. En cas d’urgence, appelez le 17. Pour un enfant "
             "en danger, appelez le 119."},
    {"id": "violences", "url": "/aide/#3919", "type": "contact",
     "title": "Violences Femmes Info",
     "summary": "Le 3919 écoute les femmes victimes de violences, 24 heures sur 24.",
     "headings": [], "themes": [], "body": "Numéro gratuit et anonyme : 3919."},
    {"id": "france-victimes", "url": "/aide/#116006", "type": "contact",
     "title": "France Victimes",
     "summary": "Aide aux victimes d’infractions, 7 jours sur 7.",
     "headings": [], "themes": ["victimes"], "body": "Appelez le 116\u00a0006, numéro gratuit."},
    {"id": "numeros-utiles", "url": "/numeros-utiles/", "type": "page",
     "title": "Numéros utiles", "summary": "Les numéros d’aide.",
     "headings": ["Victimes"], "themes": [], "body": "Aide aux victimes : 116006. Police : 17."},
    {"id": "rapport-2021", "url": "/rapports/rapport-2021/", "type": "rapport",
     "title": "Rapport d’activité 2021",
     "summary": "Bilan des signalements reçus en 2021.",
     "headings": ["Le cadre juridique"], "themes": ["justice"],
     "body": "L’article 223-15-2 du Code pénal réprime l’abus de faiblesse par "
             "emprisonnement et amende. Les signalements ont augmenté."},
    {"id": "sante-soins", "url": "/prevention/sante-soins/", "type": "prevention",
     "title": "Santé : les pratiques de soins non conventionnelles",
     "summary": "Des thérapeutes promettent des guérisons miracles.",
     "headings": ["Les médecines dites naturelles"], "themes": ["sante"],
     "body": "Une sage-femme ou un médecin peut vous conseiller. Méfiez-vous des thérapeutes "
             "qui demandent d’arrêter un traitement."},
    {"id": "jeunes", "url": "/prevention/jeunes/", "type": "prevention",
     "title": "Protéger les jeunes en ligne",
     "summary": "Les réseaux sociaux et les manipulations en ligne.",
     "headings": ["Parler avec les adolescents"], "themes": ["jeunes"],
     "body": "Les adolescents sont mieux protégés quand ils en parlent. <b>Astuce</b> : "
             "restez à l’écoute."},
    {"id": "guide-pdf", "url": "/pdfs/guide.pdf", "type": "pdf",
     "title": "Guide pratique <dérives>",
     "summary": "Le guide à télécharger sur les dérives thérapeutiques.",
     "headings": [], "themes": [], "body": "Ce guide présente les dérives thérapeutiques."},
]
IDS = sorted(d["id"] for d in DOCS)  # ref i is the i-th id in sorted order

RUNNER = r"""
const fs = require('fs'), path = require('path');
const [nm, js] = process.argv.slice(-2);
const lunr = require(path.join(nm, 'lunr'));
require(path.join(nm, 'lunr-languages', 'lunr.stemmer.support.js'))(lunr);
require(path.join(nm, 'lunr-languages', 'lunr.fr.js'))(lunr);
const A = require(path.join(js, 'analyzer.js'));
const E = require(path.join(js, 'search.js'));
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', async () => {
  const job = JSON.parse(input);
  const fetched = [];
  const warnings = [];
  console.warn = (...a) => warnings.push(a.join(' '));
  E.settings.eagerBytes = job.eagerBytes;
  const engine = E.createEngine({
    lunr, analyzer: A, manifestUrl: 'file://' + path.join(job.dir, 'manifest.json'),
    fetchJSON: (u) => { fetched.push(path.basename(new URL(u).pathname)); return fs.promises.readFile(new URL(u), 'utf8').then(JSON.parse); },
  });
  const out = { fetchedAtStart: fetched.slice(), queries: [], hostile: [], warnings };
  for (const q of job.queries) {
    const before = fetched.length;
    const r = await engine.search(q.q, { types: q.types || [] });
    out.queries.push({ q: q.q, total: r.total, refs: r.results.map((x) => x.ref),
      exact: r.results.map((x) => x.exact), terms: r.results.map((x) => x.terms), partial: r.partial,
      error: r.error, message: r.message || '', counts: r.counts, fetched: fetched.slice(before) });
  }
  // Strings JSON cannot carry well: lone surrogates, NUL, objects.
  const extra = ['\ud800', 'a\udc00b', '\u0000', '\u0000emprise', { toString() { throw new Error('x'); } },
    null, undefined, 42, ['emprise'], { a: 1 }, Symbol('s')];
  for (const h of job.hostile.concat(extra)) {
    let res;
    try {
      const r = await engine.search(h);
      res = { ok: Array.isArray(r.results) && Number.isInteger(r.total) && !r.error, error: r.message || '' };
    } catch (e) {
      res = { ok: false, error: 'threw ' + e };
    }
    out.hostile.push(res);
  }
  out.docs = await engine.getDocs(['0', String(job.count - 1)]);
  process.stdout.write(JSON.stringify(out));
});
"""


def run_node(directory: Path, queries, hostile=(), eager_bytes=0):
    payload = json.dumps({"dir": str(directory), "queries": queries, "hostile": list(hostile),
                          "count": len(DOCS), "eagerBytes": eager_bytes})
    proc = subprocess.run([NODE, "-e", RUNNER, str(NODE_MODULES), str(JS_DIR)], input=payload,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def ids(refs):
    return [IDS[int(r)] for r in refs]


@pytest.fixture(scope="module")
def assets(tmp_path_factory):
    out = tmp_path_factory.mktemp("search")
    # Small shards: the queries below must work across several of them.
    manifest = write_search_assets(DOCS, out, shard_bytes=1500, store_bytes=600)
    return out, manifest


QUERIES = [
    {"q": "derive sectaire"}, {"q": "dérives sectaires"}, {"q": "DÉRIVE SECTAIRE"},
    {"q": "victime"}, {"q": "signalé"}, {"q": "signalements"}, {"q": "protéger"},
    {"q": "sectiare"}, {"q": "gourrou"}, {"q": "therapeute"},
    {"q": "manipulatoins"}, {"q": "signalemnets"}, {"q": "emprisonnemnet"}, {"q": "emprisonnement"},
    {"q": "emp"}, {"q": "emprise"}, {"q": "emprise "},
    {"q": "3919"}, {"q": "116006"}, {"q": "116 006"}, {"q": "116\u00a0006"}, {"q": "116 0"},
    {"q": "223-15-2"}, {"q": "article 223-15-2"}, {"q": "223 15 2"},
    {"q": "l’emprise"}, {"q": "l'emprise"}, {"q": "sage-femme"},
    {"q": "derives", "types": ["pdf"]}, {"q": "emprise xyzzy"}, {"q": "les"}, {"q": ""},
]
# Words typed letter by letter (search as you type): (word, its page), every prefix of 5+ letters.
TYPED_WORDS = [("emprisonnement", "rapport-2021"), ("signalements", "signaler"),
               ("manipulations", "jeunes")]
QUERIES += [{"q": word[:n]} for word, _ in TYPED_WORDS for n in range(5, len(word) + 1)]
QUERIES += [{"q": "derive signaleme"}, {"q": "signalqwz"}, {"q": "emprisonnemxt"}]


@pytest.fixture(scope="module")
def node_results(assets):
    out, _ = assets
    return {r["q"] + "|" + ",".join(q.get("types", [])): r
            for q, r in zip(QUERIES, run_node(out, QUERIES, hostile_strings())["queries"])}


def result(node_results, q, types=()):
    r = node_results[q + "|" + ",".join(types)]
    assert r["error"] is False, r["message"]
    return r


def hostile_strings():
    specials = ":~^+-*\"'`\\/(){}[]<>!?&|=%$#@;,.\u2019\u00ab\u00bb"
    out = []
    for c in specials:
        out += [c, c * 3, f"emprise{c}", f"{c}emprise", f"emprise{c}2", f"title{c}emprise",
                f"{c}derive {c}sectaire{c}"]
    out += ["emprise~1", "emprise^10", "+emprise -secte", "emp*", "*", "**", "~", "^", ":", "title:",
            "\"dérive sectaire", "\"", "'\"'\"", "a" * 2000, "dérive " * 400, "😀" * 1000,
            "👩‍👩‍👧🇫🇷", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            "javascript:alert(1)", "__proto__", "constructor", "hasOwnProperty", "toString",
            "prototype", "__proto__ constructor", "1" * 2000, "1 " * 1000, "1-" * 600,
            "\u202e\u200b\ufeff", "\t\n\r", "   ", "emprise\u0000", "e\u0301" * 300, "ﬁ" * 100,
            " ".join("anticonstitutionnellemen" + c for c in "abcdefghij")]  # 10 long typo words
    rng = random.Random(7)
    alphabet = specials + "ab é😀1 "
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(150)]
    return out


# ---------------------------------------------------------------- Python side


def _weights(index) -> dict:
    """{(term, field, ref): weight} of an index: from the field vectors (lunr.py's serialization)
    or from the postings' metadata (ours: the weight is the metadata, no field vectors)."""
    out = {}
    if index["fieldVectors"]:
        by_index = {p["_index"]: t for t, p in index["invertedIndex"]}
        for key, elements in index["fieldVectors"]:
            field, ref = key.split("/")
            for i in range(0, len(elements), 2):
                out[(by_index[elements[i]], field, ref)] = elements[i + 1]
    else:
        for term, posting in index["invertedIndex"]:
            for field in index["fields"]:
                for ref, weight in posting[field].items():
                    out[(term, field, ref)] = weight
    return out


def test_build_index_matches_lunr_py():
    """The hand-written serialization holds exactly what lunr.py's Builder computes (the BM25
    weights of its field vectors, written as the postings' metadata)."""
    ours, store = build_index(DOCS)
    reference = indexer.build_index_with_lunr_py(DOCS)

    def normalize(index):
        postings = {t: {f: sorted(p[f]) for f in index["fields"]} for t, p in index["invertedIndex"]}
        return index["fields"], index["pipeline"], postings

    assert ours["fieldVectors"] == []
    assert normalize(ours) == normalize(reference)
    # Weights written with indexer.WEIGHT_DECIMALS decimals (lunr.py keeps 3).
    mine, theirs = _weights(ours), _weights(reference)
    assert mine.keys() == theirs.keys()
    tolerance = 0.5 * 10 ** -indexer.WEIGHT_DECIMALS + 1e-3
    assert [k for k in mine if abs(mine[k] - theirs[k]) > tolerance] == []
    assert [t for t, _ in ours["invertedIndex"]] == sorted(t for t, _ in ours["invertedIndex"])
    assert ours["version"] == "2.3.9"
    assert [s["url"] for s in store] == [d["url"] for d in sorted(DOCS, key=lambda d: d["id"])]


def test_lunr_py_loads_our_index():
    from lunr.index import Index

    analyzer.register_lunr_pipeline()
    ours, _ = build_index(DOCS)
    index = Index.load(ours)
    assert str(IDS.index("emprise")) in index.inverted_index["empris"]["title"]


def test_write_search_assets_manifest_and_shards(assets):
    out, manifest = assets
    full, store = build_index(DOCS)
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert manifest["format"] == 1 and manifest["lunr"] == "2.3.9"
    assert manifest["analyzer"] == analyzer.config()
    assert manifest["docCount"] == len(DOCS)
    assert [manifest["types"][int(c)] for c in manifest["docTypes"]] == [s["type"] for s in store]
    shards = manifest["shards"]
    assert len(shards) > 3 and shards[0]["from"] == ""
    assert [s["from"] for s in shards] == sorted({s["from"] for s in shards})
    full_weights = _weights(full)
    full_terms = [t for t, _ in full["invertedIndex"]]
    seen_terms = []
    for i, shard in enumerate(shards):
        data = (out / shard["file"]).read_bytes()
        assert shard["file"] == f"index.{hashlib.sha256(data).hexdigest()[:12]}.json"
        assert shard["bytes"] == len(data)
        raw = json.loads(data)
        assert "invertedIndex" not in raw and raw["postings"]  # written compact
        index = indexer.expand_shard(raw)
        assert index["fields"] == list(indexer.FIELDS) and index["fieldVectors"] == []
        terms = [t for t, _ in index["invertedIndex"]]
        assert terms == sorted(terms) and len(terms) == shard["terms"]
        upper = shards[i + 1]["from"] if i + 1 < len(shards) else None
        assert all(shard["from"] <= t and (upper is None or t < upper) for t in terms)
        seen_terms += terms
        # Each shard holds, for its terms, exactly the weights of the unsharded index.
        assert _weights(index) == {k: w for k, w in full_weights.items() if k[0] in set(terms)}
    assert seen_terms == sorted(full_terms)
    chunks = manifest["store"]
    assert chunks[0]["from"] == 0 and chunks[-1]["to"] == len(DOCS) and len(chunks) > 1
    docs = []
    for a, b in zip(chunks, chunks[1:] + [None]):
        if b:
            assert a["to"] == b["from"]
        data = (out / a["file"]).read_bytes()
        assert a["file"] == f"store.{hashlib.sha256(data).hexdigest()[:12]}.json"
        chunk = json.loads(data)
        assert chunk["from"] == a["from"]
        docs += chunk["docs"]
    assert docs == store


def test_output_is_deterministic(tmp_path):
    first = write_search_assets(DOCS, tmp_path / "a", shard_bytes=1500)
    shuffled = DOCS[:]
    random.Random(3).shuffle(shuffled)
    second = write_search_assets(shuffled, tmp_path / "b", shard_bytes=1500)
    assert first == second
    files_a = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    files_b = {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert files_a == files_b
    assert build_index(DOCS) == build_index(shuffled)


def test_invalid_documents_are_rejected():
    with pytest.raises(ValueError, match="type"):
        build_index([{**DOCS[0], "type": "blog"}])
    with pytest.raises(ValueError, match="double"):
        build_index([DOCS[0], DOCS[0]])


def test_empty_site(tmp_path):
    manifest = write_search_assets([], tmp_path)
    assert manifest["docCount"] == 0 and manifest["shards"] == [] and manifest["store"] == []


# ---------------------------------------------------------------- lunr.js (node)


def test_nothing_fetched_before_a_query_then_only_needed_shards(assets):
    out, manifest = assets

    def shard_of(term):
        return next(s["file"] for s in reversed(manifest["shards"]) if s["from"] <= term)

    data = run_node(out, [{"q": "3919"}, {"q": "3919"}])
    assert data["fetchedAtStart"] == []
    first, again = data["queries"]
    assert first["fetched"] == ["manifest.json", shard_of("3919")]
    assert again["fetched"] == []
    # A prefix loads the shards of its range only; "sect" lives beyond the first shards.
    prefix = run_node(out, [{"q": "sect"}])["queries"][0]
    expected = {s["file"] for i, s in enumerate(manifest["shards"])
                if s["from"] < "sect\uffff" and (i + 1 == len(manifest["shards"])
                                                  or manifest["shards"][i + 1]["from"] > "sect")}
    assert prefix["fetched"][0] == "manifest.json" and set(prefix["fetched"][1:]) == expected
    assert len(expected) < len(manifest["shards"]) / 2
    # A small index is fetched whole by the first query (no hint of the query in server logs).
    eager = run_node(out, [{"q": "3919"}], eager_bytes=10**6)["queries"][0]
    assert sorted(eager["fetched"]) == sorted(["manifest.json"] + [s["file"] for s in manifest["shards"]])


EXPAND_RUNNER = r"""
const fs = require('fs'), path = require('path');
const [nm, js, dir] = process.argv.slice(-3);
const lunr = require(path.join(nm, 'lunr'));
require(path.join(nm, 'lunr-languages', 'lunr.stemmer.support.js'))(lunr);
require(path.join(nm, 'lunr-languages', 'lunr.fr.js'))(lunr);
const A = require(path.join(js, 'analyzer.js'));
const E = require(path.join(js, 'search.js'));
E.settings.eagerBytes = 1e9;  // the first query loads every shard
const loaded = {};
const engine = E.createEngine({
  lunr, analyzer: A, manifestUrl: 'file://' + path.join(dir, 'manifest.json'),
  fetchJSON: (u) => fs.promises.readFile(new URL(u), 'utf8').then(JSON.parse).then((data) => {
    loaded[path.basename(new URL(u).pathname)] = data; return data; }),
});
engine.search('emprise').then(() => {
  const out = {};
  Object.keys(loaded).filter((n) => n.startsWith('index.')).forEach((n) => { out[n] = loaded[n].invertedIndex; });
  process.stdout.write(JSON.stringify(out));
});
"""


def test_browser_expands_compact_shards_as_python(assets):
    # search.js expandShard and indexer.expand_shard give lunr.Index.load the same postings.
    out, manifest = assets
    proc = subprocess.run([NODE, "-e", EXPAND_RUNNER, str(NODE_MODULES), str(JS_DIR), str(out)],
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    js = json.loads(proc.stdout)
    assert sorted(js) == sorted(s["file"] for s in manifest["shards"])
    for name, inverted in js.items():
        python = indexer.expand_shard(json.loads((out / name).read_text(encoding="utf-8")))
        assert inverted == python["invertedIndex"] and inverted


def test_no_lunr_warning(assets):
    out, _ = assets
    assert run_node(out, [{"q": "emprise"}])["warnings"] == []


def test_accents_plurals_and_case_are_ignored(node_results):
    expected = ["emprise", "signaler"]
    for q in ("derive sectaire", "dérives sectaires", "DÉRIVE SECTAIRE"):
        r = result(node_results, q)
        assert sorted(ids(r["refs"][:2])) == expected, q
        assert all(r["exact"][:2])


def test_conjugations_and_inflections(node_results):
    assert set(ids(result(node_results, "victime")["refs"])) >= {"emprise", "violences", "france-victimes",
                                                                 "numeros-utiles"}
    assert "signaler" in ids(result(node_results, "signalé")["refs"])
    # Pages with the word itself first; related words (families) may follow.
    assert set(ids(result(node_results, "signalements")["refs"][:2])) == {"rapport-2021", "signaler"}
    assert ids(result(node_results, "protéger")["refs"]) == ["jeunes"]
    assert ids(result(node_results, "therapeute")["refs"])[0] in {"sante-soins", "guide-pdf"}


def test_typos(node_results):
    r = result(node_results, "sectiare")
    assert set(ids(r["refs"])) == {"emprise", "signaler"} and not any(r["exact"])
    assert "emprise" in ids(result(node_results, "gourrou")["refs"])


def test_typos_in_the_ending(node_results):
    # The typo changes what the stemmer strips ("manipulatoins" keeps its ending, "manipulations"
    # stems to "manipul"): found through the stems of the words at edit distance 1 of the query.
    for q, expected in (("manipulatoins", {"jeunes"}), ("signalemnets", {"rapport-2021", "signaler"}),
                        ("emprisonnemnet", {"rapport-2021"})):
        r = result(node_results, q)
        assert set(ids(r["refs"])) == expected and not any(r["exact"]), q
    # The exact word still ranks its page first, as an exact match.
    r = result(node_results, "emprisonnement")
    assert ids(r["refs"])[0] == "rapport-2021" and r["exact"][0]


def assert_fetches_only_the_shards_of_its_first_letters(out, manifest, q: str) -> set[str]:
    """The query loads the manifest, then only the shards whose term range holds its first two
    letters (and, for a word with no exact match, the dictionary guard's filter of its first letter)."""
    head = q[:2]
    expected = {s["file"] for i, s in enumerate(manifest["shards"])
                if s["from"] < head + "\uffff" and (i + 1 == len(manifest["shards"])
                                                   or manifest["shards"][i + 1]["from"] > head)}
    fetched = run_node(out, [{"q": q}])["queries"][0]["fetched"]
    guard = {manifest["french"][q[0]]["file"]} if q[0] in manifest.get("french", {}) else set()
    assert fetched[0] == "manifest.json" and set(fetched[1:]) - guard == expected, q
    assert {f for f in fetched if f.startswith("fr.")} <= guard, q
    return expected


def test_typos_in_the_ending_fetch_no_extra_shard(assets):
    # The stems of the edit variants keep the word's first two letters: they live in the shards
    # the fuzzy matching on stems already loads (finished words: no prefix range).
    out, manifest = assets
    for q in ("manipulatoins ", "signalemnets ", "emprisonnemnet "):
        expected = assert_fetches_only_the_shards_of_its_first_letters(out, manifest, q)
        assert len(expected) < len(manifest["shards"]), q


def test_prefix_and_exact_first(node_results):
    assert "emprise" in ids(result(node_results, "emp")["refs"])
    r = result(node_results, "emprise")  # still being typed: prefix matches "emprisonnement" too
    assert ids(r["refs"])[0] == "emprise" and r["exact"][0]
    assert "rapport-2021" in ids(r["refs"]) and not r["exact"][ids(r["refs"]).index("rapport-2021")]
    assert "rapport-2021" not in ids(result(node_results, "emprise ")["refs"])  # finished word


def test_words_typed_past_their_stem(node_results):
    # "emprisonneme": the index holds "emprison", no index term starts with the typed word; the
    # stems of its completions ("emprisonnement") match, as non-exact matches.
    for word, page in TYPED_WORDS:
        full = result(node_results, word)
        assert ids(full["refs"])[0] == page and full["exact"][0], word
        for n in range(5, len(word)):
            r = result(node_results, word[:n])
            assert page in ids(r["refs"])[:3], word[:n]
    for q, expected in (("emprisonneme", {"rapport-2021"}), ("signaleme", {"signaler", "rapport-2021"})):
        r = result(node_results, q)
        assert set(ids(r["refs"])) == expected and not any(r["exact"]), q
    r = result(node_results, "derive signaleme")
    # The page with both words first; pages with one word follow (missing words tolerated).
    assert ids(r["refs"])[0] == "signaler" and not r["partial"]
    # A word that no ending completes finds nothing through them.
    assert result(node_results, "signalqwz")["total"] == 0
    # ... but two letters off a word of the index is a typo (issue 15), found as a non-exact match.
    r = result(node_results, "emprisonnemxt")
    assert ids(r["refs"]) == ["rapport-2021"] and not any(r["exact"])


def test_words_typed_past_their_stem_fetch_no_extra_shard(assets):
    # The stems of the completions keep the word's first two letters: the shards the typos load.
    out, manifest = assets
    for q in ("emprisonneme", "signaleme"):
        assert_fetches_only_the_shards_of_its_first_letters(out, manifest, q)


def test_numbers(node_results):
    assert ids(result(node_results, "3919")["refs"]) == ["violences"]
    for q in ("116006", "116 006", "116\u00a0006", "116 0"):
        assert set(ids(result(node_results, q)["refs"])) == {"france-victimes", "numeros-utiles"}, q


def test_article_numbers(node_results):
    for q in ("223-15-2", "article 223-15-2", "223 15 2"):
        assert ids(result(node_results, q)["refs"]) == ["rapport-2021"], q


def test_elisions_and_hyphens(node_results):
    assert ids(result(node_results, "l’emprise")["refs"]) == ids(result(node_results, "l'emprise")["refs"])
    assert ids(result(node_results, "l’emprise")["refs"])[0] == "emprise"
    # The only page with both words first; pages with one of them follow (missing words tolerated).
    assert ids(result(node_results, "sage-femme")["refs"])[0] == "sante-soins"
    assert ids(result(node_results, "sage-femme")["refs"]).count("sante-soins") == 1


def test_type_filter_partial_and_empty(node_results):
    r = result(node_results, "derives", ("pdf",))
    assert ids(r["refs"]) == ["guide-pdf"] and r["counts"]["fiche"] == 2
    r = result(node_results, "emprise xyzzy")
    assert r["partial"] is True and ids(r["refs"])[0] == "emprise"
    assert result(node_results, "les")["total"] >= 0
    assert result(node_results, "")["total"] == 0


def test_hostile_input_never_throws(assets):
    out, _ = assets
    data = run_node(out, [], hostile_strings())
    assert len(data["hostile"]) > 300
    assert [h for h in data["hostile"] if not h["ok"]] == []
    assert data["fetchedAtStart"] == []
    assert data["docs"][0]["url"] == "/fiches/emprise/"


def test_documents_offered_by_other_plugins_arrive_through_the_context_list():
    # plugins/contacts and plugins/pdf_links append (kind, producer) to context["SEARCH_DOCUMENTS"];
    # the index calls the producers when it is written and imports neither plugin.
    from plugins.search_index import OFFERED_DOCUMENTS, collect_documents
    calls = []

    def contacts():
        calls.append("contacts")
        return [{"id": "/aide/#contact-119", "url": "/aide/#contact-119", "type": "contact",
                 "title": "Allô enfance en danger", "summary": "Le 119.", "body": ""}]

    def pdfs():
        calls.append("pdf")
        return [{"id": "/pdfs/g.pdf#page=1", "url": "/pdfs/g.pdf#page=1", "type": "pdf",
                 "title": "Guide – page 1", "body": "Un texte de la première page."}]

    context = {OFFERED_DOCUMENTS: [("pdf", pdfs), ("contacts", contacts)]}
    docs = collect_documents([], {"PATH": "content"}, context, "output", extra_docs=[])
    assert [d["id"] for d in docs] == ["/aide/#contact-119", "/pdfs/g.pdf#page=1"]
    assert docs[1]["summary"] == "Un texte de la première page."  # a PDF page's summary: its text
    assert docs[0]["summary"] == "Le 119."
    calls.clear()
    docs = collect_documents([], {"PATH": "content", "SEARCH_PDFS": False}, context, "output", extra_docs=[])
    assert [d["id"] for d in docs] == ["/aide/#contact-119"] and calls == ["contacts"]  # never extracted
    assert collect_documents([], {"PATH": "content"}, {}, "output", extra_docs=[]) == []


def test_search_index_imports_no_other_plugin():
    import ast
    for path in (ROOT / "plugins" / "search_index").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(("plugins.contacts", "plugins.pdf_links")), (path.name, name)
