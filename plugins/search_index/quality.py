"""Search quality: run queries through the real JavaScript engine (node), measure recall@k and MRR.

The queries go through theme/static/js/search/analyzer.js and search.js with lunr 2.3.9 from
node_modules/ (the same code the browser runs, lunr.min.js being its minified build), over the
files a build wrote into output/search/. Used by tests/plugins/test_search_wiring.py (recall@5
of tests/search_quality.yaml) and by ``make bench`` (bench.py).

A case is ``{"q": "derive sectaire", "expected": ["/fiches/derive-sectaire/", ...]}``: the query
is a hit at rank r when one of the expected URLs is the r-th result (the first one counts).
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
    const refs = r.results.slice(0, job.k).map((x) => x.ref);
    const docs = refs.length ? await engine.getDocs(refs) : [];
    out.results.push({ q, total: r.total, error: r.error, message: r.message || '',
      urls: docs.map((d) => (d ? d.url : null)),
      files: fetched.map((u) => path.basename(new URL(u).pathname)) });
  }
  process.stdout.write(JSON.stringify(out));
});
"""


def node_executable() -> str:
    return shutil.which("node") or "/usr/bin/node"


def run_queries(search_dir, queries: list[str], k: int = 10) -> list[dict]:
    """[{q, total, error, message, urls (top k, rank order), files}] for each query, by the JS
    engine; `files`: the search files it fetched (a fresh engine for the first query only: then
    what that query adds)."""
    payload = json.dumps({"dir": str(Path(search_dir).resolve()), "queries": list(queries), "k": k})
    proc = subprocess.run([node_executable(), "-e", RUNNER, str(NODE_MODULES), str(JS_DIR)],
                          input=payload, capture_output=True, text=True, encoding="utf-8",
                          timeout=120, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"node a échoué : {proc.stderr[-2000:]}")
    data = json.loads(proc.stdout)
    if data["warnings"]:
        raise RuntimeError("avertissements de lunr : " + "; ".join(data["warnings"][:5]))
    return data["results"]


def load_cases(path=QUALITY_FILE) -> list[dict]:
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    cases = []
    for entry in data["queries"]:
        expected = entry["expected"]
        cases.append({"q": str(entry["q"]), "expected": [expected] if isinstance(expected, str) else list(expected),
                      "note": entry.get("note", "")})
    return cases


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


def measure(search_dir, path=QUALITY_FILE, k: int = 5) -> dict:
    cases = load_cases(path)
    return evaluate(cases, run_queries(search_dir, [c["q"] for c in cases], k=max(k, 10)), k)
