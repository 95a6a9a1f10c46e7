"""Pagefind (pip package pagefind_bin) on the same HTML: indexing time, index size, bytes and time to
the first result of the same query, and its answers to the quality sets."""
from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

from search_bench import quality
from search_bench.config import PAGEFIND_VERSION, QUALITY_SETS, TYPICAL_QUERY
from search_bench.ours import _fetched, _fetched_brotli, _sizes, _track

PAGEFIND_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><script type="module">
window.topUrls = async (queries, k) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const out = [];
  for (const q of queries) {
    const search = await pagefind.search(q);
    const data = await Promise.all(search.results.slice(0, k).map((r) => r.data()));
    out.push(data.map((d) => d.url));
  }
  return out;
};
window.firstResult = async (q) => {
  const t0 = performance.now();
  const pagefind = await import('/pagefind/pagefind.js');
  const search = await pagefind.search(q);
  const first = search.results.length ? await search.results[0].data() : null;
  return {ms: performance.now() - t0, count: search.results.length, first: first && first.url};
};
</script></body></html>"""


# ---------------------------------------------------------------- sizes

# ---------------------------------------------------------------- Pagefind


def pagefind_executable() -> tuple[str | None, str]:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None, (f"paquet pagefind_bin absent (make bench l’installe : pip install "
                      f"pagefind_bin=={PAGEFIND_VERSION})")
    try:
        return str(get_executable()), ""
    except Exception as exc:  # noqa: BLE001 - reported, never fatal
        return None, f"exécutable Pagefind introuvable : {exc}"


def measure_pagefind(browser, site: Path, work: Path) -> dict:
    """Index a copy of the site with Pagefind, then measure its first result in Chromium."""
    import static_server

    exe, reason = pagefind_executable()
    if exe is None:
        return {"skipped": reason}
    copy = work / "pagefind-site"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("search"))
    start = time.perf_counter()
    proc = subprocess.run([exe, "--site", str(copy)], capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        return {"skipped": f"Pagefind a échoué : {(proc.stderr or proc.stdout)[-500:]}"}
    files = [p for p in (copy / "pagefind").rglob("*") if p.is_file()]
    raw, gz, br = _sizes(files)
    (copy / "pagefind-bench.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    server, url = static_server.start(copy)
    try:
        context = browser.new_context(viewport={"width": 412, "height": 823}, locale="fr-FR")
        page = context.new_page()
        tracked = _track(page)
        page.goto(url + "/pagefind-bench.html", wait_until="networkidle")
        tracked["on"] = True
        first = page.evaluate(f"window.firstResult({json.dumps(TYPICAL_QUERY)})")
        page.wait_for_load_state("networkidle")
        tracked["on"] = False
        bytes_first, requests, paths = _fetched(copy, tracked["urls"])
        quality_pf = {}
        for name, path in QUALITY_SETS:
            cases = quality.load_cases(path)
            urls = page.evaluate("([qs, k]) => window.topUrls(qs, k)", [[c["q"] for c in cases], 10])
            results = [{"urls": [_pagefind_url(u, c["expected"]) for u in us]} for c, us in zip(cases, urls)]
            quality_pf[name] = {k: v for k, v in quality.evaluate(cases, results, 5).items() if k != "misses"}
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"index_s": elapsed, "files": len(files), "raw": raw, "gzip": gz, "brotli": br,
            "bytes_first": bytes_first, "bytes_first_br": _fetched_brotli(copy, tracked["urls"]),
            "requests_first": requests, "first_ms": first["ms"],
            "first_url": first["first"], "results": first["count"], "files_first": paths,
            "quality": quality_pf}


def _pagefind_url(url: str, expected: list[str]) -> str:
    """Pagefind indexes pages, not the contact anchors of /aide/: its /aide/ counts as the
    expected anchor."""
    url = (url or "").replace("index.html", "")
    for candidate in expected:
        if candidate.split("#")[0] == url:
            return candidate
    return url


