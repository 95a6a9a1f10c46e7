"""Search quality: run queries through the real JavaScript engine (node), measure recall@k, MRR,
help shown for distress and « Vouliez-vous dire » suggestions.

The queries go through theme/static/js/search/analyzer.js and search.js with lunr 2.3.9 from
node_modules/ (the same code the browser runs, lunr.min.js being its minified build), over the
files a build wrote into output/search/. Used by tests/plugins/test_search_wiring.py and
tests/plugins/test_search_quality.py, and by ``make bench`` (tools/search_bench/bench.py).

Query sets (tests/):
- ``search_quality.yaml`` and ``search_quality_hard.yaml``: ``{q, expected}``; a query is a hit
  at rank r when one of the expected URLs is the r-th result (the first one counts);
- persona sets of issue 21 (``search_quality/``), the same format, each split once into halves by
  tools/search_bench/split_personas.py. The tuning sets (``PERSONAS_TUNING``, « personas-ajustement »)
  are both halves of the first set (its frozen half is retired: it was read about 16 times in
  aggregate while tuning, so it is tuning data now) and the tuning half of the second set
  ``personas_v2.yaml``. The frozen set (``PERSONAS_FROZEN``, « personas-gele ») is the frozen half of
  the second set only: measured, never tuned on; its misses are never printed or written, only
  its figures;
- ``search_quality/distress.yaml`` and ``distress_v2.yaml``: ``{q, contacts}``: the engine's help
  (``result.help``, the contacts a query in distress shows before any result) must hold every id
  of ``contacts``, and no suggestion may be offered;
- ``search_quality/no_rewrite.yaml``: ``{q}``: correct French, never « corrected »: no suggestion.

The help and the suggestion are read from the engine when it offers them (``result.help``,
``engine.suggest(text, result, docs)`` with the documents of the first ten results, as the page
does); otherwise the figure is ``None`` (« n/a » in the tables).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
JS_DIR = ROOT / "theme" / "static" / "js" / "search"
QUALITY_FILE = ROOT / "tests" / "search_quality.yaml"
HARD_FILE = ROOT / "tests" / "search_quality_hard.yaml"  # issue 15: what a worried reader types
SETS_DIR = ROOT / "tests" / "search_quality"                # issue 21
PERSONAS_V1_TUNING = SETS_DIR / "personas_tuning.yaml"
# Retired frozen half of the first persona set: measured, hence read, about 16 times in aggregate
# while the engine was tuned, so it is no longer held out and counts as tuning data.
PERSONAS_V1_RETIRED = SETS_DIR / "personas_frozen.yaml"
PERSONAS_V2_TUNING = SETS_DIR / "personas_v2_tuning.yaml"
PERSONAS_TUNING = (PERSONAS_V1_TUNING, PERSONAS_V1_RETIRED, PERSONAS_V2_TUNING)  # « personas-ajustement »
PERSONAS_FROZEN = SETS_DIR / "personas_v2_frozen.yaml"      # « personas-gele »: never tune on it
DISTRESS_FILE = SETS_DIR / "distress.yaml"
DISTRESS_V2_FILE = SETS_DIR / "distress_v2.yaml"            # written before any run, like personas_v2
DISTRESS_FILES = (DISTRESS_FILE, DISTRESS_V2_FILE)
# Held out: written before the distress matcher was reworked on the two sets above, never tuned on;
# measured as one figure, its misses are never kept (like the frozen personas half).
DISTRESS_FROZEN_FILE = SETS_DIR / "distress_v3.yaml"
NO_REWRITE_FILE = SETS_DIR / "no_rewrite.yaml"
SUGGEST_DOCS = 10  # the page asks for a suggestion with the documents of its first page (10)

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
  const warnings = [];
  console.warn = (...a) => warnings.push(a.join(' '));
  const fetched = [];
  const engine = E.createEngine({
    lunr, analyzer: A, manifestUrl: 'file://' + path.join(job.dir, 'manifest.json'),
    fetchJSON: (u) => { fetched.push(u); return fs.promises.readFile(new URL(u), 'utf8').then(JSON.parse); },
  });
  const out = { results: [], warnings };
  for (const q of job.queries) {
    fetched.length = 0;
    const r = await engine.search(q);
    const n = Math.max(job.k, job.suggestDocs);
    const refs = r.results.slice(0, n).map((x) => x.ref);
    const docs = refs.length ? await engine.getDocs(refs) : [];
    // Help and suggestion only when this engine offers them (null: not measurable).
    const help = Array.isArray(r.help) ? r.help.map((h) => String(h && h.id)) : null;
    let suggestion = null;
    if (typeof engine.suggest === 'function') {
      suggestion = String(engine.suggest(q, r, docs.slice(0, job.suggestDocs)) || '');
    }
    out.results.push({ q, total: r.total, error: r.error, message: r.message || '',
      urls: docs.slice(0, job.k).map((d) => (d ? d.url : null)), help, suggestion,
      files: fetched.map((u) => path.basename(new URL(u).pathname)) });
  }
  process.stdout.write(JSON.stringify(out));
});
"""


def node_executable() -> str:
    return shutil.which("node") or "/usr/bin/node"


def run_queries(search_dir, queries: list[str], k: int = 10) -> list[dict]:
    """[{q, total, error, message, urls (top k, rank order), help (contact ids, or None when the
    engine has no help), suggestion ('' for none, None when the engine cannot suggest), files (the
    search files it fetched: a fresh engine for the first query only, then what that query adds)}]."""
    payload = json.dumps({"dir": str(Path(search_dir).resolve()), "queries": list(queries), "k": k,
                          "suggestDocs": SUGGEST_DOCS})
    proc = subprocess.run([node_executable(), "-e", RUNNER, str(NODE_MODULES), str(JS_DIR)],
                          input=payload, capture_output=True, text=True, encoding="utf-8",
                          timeout=300, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"node a échoué : {proc.stderr[-2000:]}")
    data = json.loads(proc.stdout)
    if data["warnings"]:
        raise RuntimeError("avertissements de lunr : " + "; ".join(data["warnings"][:5]))
    return data["results"]


def _entries(path) -> list[dict]:
    """The queries of one set file, or of several (a tuple or list of paths), in order."""
    import yaml

    if isinstance(path, (tuple, list)):
        return [entry for one in path for entry in _entries(one)]
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return list(data["queries"])


def load_cases(path=QUALITY_FILE) -> list[dict]:
    cases = []
    for entry in _entries(path):
        expected = entry["expected"]
        cases.append({"q": str(entry["q"]), "expected": [expected] if isinstance(expected, str) else list(expected),
                      "note": entry.get("note", ""), "persona": entry.get("persona", "")})
    return cases


def load_distress(path=DISTRESS_FILES) -> list[dict]:
    return [{"q": str(e["q"]), "contacts": [str(c) for c in e["contacts"]]} for e in _entries(path)]


def load_no_rewrite(path=NO_REWRITE_FILE) -> list[dict]:
    return [{"q": str(e["q"])} for e in _entries(path)]


def evaluate(cases: list[dict], results: list[dict], k: int = 5) -> dict:
    """recall@k (share of queries with an expected URL in the top k), MRR (over the whole list
    returned), and the misses [(query, expected, top k)]."""
    hits, reciprocal, misses = 0, 0.0, []
    for case, result in zip(cases, results):
        rank = next((i + 1 for i, url in enumerate(result["urls"]) if url in case["expected"]), None)
        if rank is not None:
            reciprocal += 1 / rank
        if rank is not None and rank <= k:
            hits += 1
        else:
            misses.append((case["q"], case["expected"], result["urls"][:k]))
    n = len(cases) or 1
    return {"queries": len(cases), "k": k, "recall": hits / n, "mrr": reciprocal / n, "misses": misses}


def evaluate_distress(cases: list[dict], results: list[dict]) -> dict:
    """help: share of queries whose help holds every expected contact (None when the engine has no
    help); no_suggestion: share without a suggestion (None when it cannot suggest); misses
    [(query, expected contacts, help shown, suggestion)]."""
    helped = unsuggested = 0
    has_help = all(r.get("help") is not None for r in results) and bool(results)
    has_suggest = all(r.get("suggestion") is not None for r in results) and bool(results)
    misses = []
    for case, result in zip(cases, results):
        ok_help = has_help and set(case["contacts"]) <= set(result["help"])
        ok_suggest = has_suggest and not result["suggestion"]
        helped += ok_help
        unsuggested += ok_suggest
        if (has_help and not ok_help) or (has_suggest and not ok_suggest):
            misses.append((case["q"], case["contacts"], result.get("help"), result.get("suggestion")))
    n = len(cases) or 1
    return {"queries": len(cases), "help": helped / n if has_help else None,
            "no_suggestion": unsuggested / n if has_suggest else None, "misses": misses}


def evaluate_no_rewrite(cases: list[dict], results: list[dict]) -> dict:
    """passed: share of correct-French queries that get no suggestion (None when the engine cannot
    suggest); misses [(query, suggestion)]."""
    has_suggest = all(r.get("suggestion") is not None for r in results) and bool(results)
    misses = [(c["q"], r["suggestion"]) for c, r in zip(cases, results) if has_suggest and r["suggestion"]]
    n = len(cases) or 1
    return {"queries": len(cases), "passed": (len(cases) - len(misses)) / n if has_suggest else None,
            "misses": misses}


def measure(search_dir, path=QUALITY_FILE, k: int = 5) -> dict:
    cases = load_cases(path)
    return evaluate(cases, run_queries(search_dir, [c["q"] for c in cases], k=max(k, 10)), k)


def measure_issue21(search_dir, k: int = 5) -> dict:
    """The sets of issue 21 in one node run: {"tuning", "frozen"} (recall@k, MRR, misses; the
    frozen misses are dropped here so that nothing shows them), "distress", "no_rewrite".
    "tuning" is every tuning set (PERSONAS_TUNING: first set whole, second set's tuning half);
    "frozen" is the second set's frozen half only."""
    tuning, frozen = load_cases(PERSONAS_TUNING), load_cases(PERSONAS_FROZEN)
    distress, no_rewrite = load_distress(), load_no_rewrite()
    distress_frozen = load_distress(DISTRESS_FROZEN_FILE)
    groups = [tuning, frozen, distress, distress_frozen, no_rewrite]
    results = run_queries(search_dir, [c["q"] for group in groups for c in group], k=max(k, 10))
    parts, start = [], 0
    for group in groups:
        parts.append(results[start:start + len(group)])
        start += len(group)
    out = {"tuning": evaluate(tuning, parts[0], k),
           "frozen": evaluate(frozen, parts[1], k),
           "distress": evaluate_distress(distress, parts[2]),
           "distress_frozen": evaluate_distress(distress_frozen, parts[3]),
           "no_rewrite": evaluate_no_rewrite(no_rewrite, parts[4])}
    # measured, never looked at: see tests/search_quality/personas_v2_frozen.yaml and distress_v3.yaml
    out["frozen"]["misses"] = []
    out["distress_frozen"]["misses"] = []
    return out
