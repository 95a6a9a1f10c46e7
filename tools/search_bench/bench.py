"""`make bench` figures of the site search (called by tools/bench.py; never by `make test`).

``bench_search(output_dir, synthetic_output=None)`` prints one table, for the built site and for
a site of 1,000 synthetic fiches (tools/synthetic.py; built here when ``synthetic_output`` is not
given), and writes them to bench-results/search.json:

- size of the index (manifest + index shards + display chunks): raw, gzip, brotli;
- in headless Chromium against tools/static_server.py on 127.0.0.1 (the one tools/bench.py runs
  for a production build): bytes fetched from the focus on the /recherche/ field to the first
  result of a typical query (gzip size of each file requested: what deploy/nginx.conf
  sends), requests, time to the first result (cold; and with
  the CPU slowed down 4×, like an entry-level phone), index load time (manifest + shards parsed,
  from the HTTP cache), p50/p95 time of a query (engine + display data), all with the real engine;
- recall@5 and MRR of tests/search_quality.yaml and of the hard set tests/search_quality_hard.yaml
  (issue 15: everyday words, families, synonyms, typos, sound-alikes, questions)
  (tools/search_bench/quality.py, node), and of Pagefind on the same queries and HTML (a hit
  when a result is an expected URL, or the page of an expected ``/aide/#contact-…`` anchor);
- issue 21, tests/search_quality/: recall@5 and MRR of the persona tuning sets (first set whole,
  its frozen half being retired; second set's tuning half) and of the frozen half of the second
  set, each beside Pagefind; for the distress set, the share of queries whose help (shown before
  any result) holds the expected numbers and the share with no « Vouliez-vous dire »; the share of
  correct French words never rewritten. « n/a » when the engine offers no help or no suggestion.
  The misses of the tuning sets are printed with --misses; those of the frozen half never are;
- Pagefind 1.5.2 (pip package pagefind_bin, a self-contained binary) on the same HTML: indexing
  time, index size, bytes fetched and time until the first result of the same query. Skipped, with
  the reason printed, when the package is not installed (`make bench` installs it).

One module per concern: config.py (browser, queries, sizes), synthetic_site.py (the synthetic site
built here), ours.py (our search measured in Chromium), pagefind.py (Pagefind on the same HTML),
tables.py (the French tables and misses), quality.py (recall@5 and MRR under node); this module
puts them together (`bench_search`, `quality_only`, the command line).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT, ROOT / "tools"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

# The concerns' modules (their names stay reachable here: tools/bench.py, tests).
from search_bench import quality  # noqa: E402
from search_bench.config import BYTES_COUNTS, CHROMIUM, CHROMIUM_ARGS, SYNTHETIC_COUNT  # noqa: E402
from search_bench.ours import contact_hrefs, index_sizes, measure_distress_page, measure_ours  # noqa: E402,F401
from search_bench.pagefind import measure_pagefind  # noqa: E402
from search_bench.tables import issue21_rows, print_issue21_misses  # noqa: E402
from search_bench.synthetic_site import build_synthetic  # noqa: E402,F401
from search_bench.tables import _kib, _rows, _table  # noqa: E402,F401

# ---------------------------------------------------------------- everything


def measure_site(browser, site: Path, work: Path) -> dict:
    cases = quality.load_cases()
    figures = {"index": index_sizes(site / "search")}
    figures["quality"] = {k: v for k, v in quality.measure(site / "search").items() if k != "misses"}
    figures["quality_hard"] = {k: v for k, v in quality.measure(site / "search", quality.HARD_FILE).items()
                               if k != "misses"}
    figures["issue21"] = quality.measure_issue21(site / "search")
    figures["ours"] = measure_ours(browser, site, [c["q"] for c in cases])
    figures["distress_page"] = measure_distress_page(browser, site)
    figures["pagefind"] = measure_pagefind(browser, site, work)
    return figures


def quality_only(output_dir, misses: bool = False) -> list[tuple[str, dict]]:
    """The quality figures alone (node, no Chromium, no Pagefind), for the built site: fast
    enough to run after each change of the engine (`python tools/search_bench/bench.py --quality`)."""
    site = Path(output_dir)
    figures = {"quality": {k: v for k, v in quality.measure(site / "search").items() if k != "misses"},
               "quality_hard": {k: v for k, v in quality.measure(site / "search", quality.HARD_FILE).items()
                                if k != "misses"},
               "issue21": quality.measure_issue21(site / "search")}
    results = [(str(site), figures)]

    def row(title, fn):
        try:
            return [title, fn(figures)]
        except (KeyError, TypeError):
            return [title, "—"]
    rows = [row("Qualité : recall@5 / MRR (tests/search_quality.yaml)",
                lambda f: f"{f['quality']['recall']:.2f} / {f['quality']['mrr']:.2f}"),
            row("Qualité, jeu difficile : recall@5 / MRR",
                lambda f: f"{f['quality_hard']['recall']:.2f} / {f['quality_hard']['mrr']:.2f}")]
    rows += [r for r in issue21_rows(row) if "Pagefind" not in r[0] and "page /recherche/" not in r[0]]
    print(_table(f"Qualité de la recherche ({site}, moteur JavaScript sous node)", ["Mesure", "Valeur"], rows))
    if misses:
        print_issue21_misses(results)
    return results



def _bytes_at_sizes(work: Path) -> list[tuple[int, dict]]:
    """Bytes to the first result (ours and Pagefind's) and our p95 query time at BYTES_COUNTS
    synthetic fiches (each site built here; BENCH_BYTES_COUNTS="" skips them)."""
    from playwright.sync_api import sync_playwright

    out = []
    for count in BYTES_COUNTS:
        print(f"Recherche : construction de {count} fiches synthétiques (octets, p95)…", flush=True)
        site = build_synthetic(work / f"n{count}", count)
        if site is None:
            continue
        queries = [c["q"] for c in quality.load_cases()]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                ours = measure_ours(browser, site, queries)
                pagefind = measure_pagefind(browser, site, work / f"n{count}")
            finally:
                browser.close()
        out.append((count, {"ours": ours, "pagefind": pagefind}))
        shutil.rmtree(work / f"n{count}", ignore_errors=True)
    return out


def bench_search(output_dir, synthetic_output=None, misses: bool = False) -> None:
    """Measure and print the search figures (see the module docstring). Returns None."""
    from playwright.sync_api import sync_playwright

    output_dir = Path(output_dir)
    if not (output_dir / "search" / "manifest.json").is_file():
        print(f"\nRecherche : {output_dir}/search/manifest.json absent, pas de mesure.")
        return None
    results: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        work = Path(tmp)
        sites = [("Site réel", output_dir)]
        synthetic_site = Path(synthetic_output) if synthetic_output else None
        if synthetic_site is None or not (synthetic_site / "search" / "manifest.json").is_file():
            print(f"Recherche : construction de {SYNTHETIC_COUNT} fiches synthétiques…", flush=True)
            synthetic_site = build_synthetic(work)
        if synthetic_site is not None:
            count = len(list((synthetic_site / "fiches").glob("synthetique-*")))
            sites.append((f"Site réel + {count} fiches synthétiques", synthetic_site))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for label, site in sites:
                    results.append((label, measure_site(browser, site, work)))
            finally:
                browser.close()
        extra = _bytes_at_sizes(work)
    header, rows = _rows(results)
    print(_table("Recherche (moteur du site dans Chromium sans interface ; Pagefind sur le même HTML)",
                 header, rows))
    if extra:
        print(_table("Recherche : octets avant le 1er résultat (gzip) et requête p95 selon le nombre de fiches",
                     ["Fiches synthétiques", "Nous gzip (brotli)", "Pagefind gzip (brotli)",
                      "Nous / Pagefind (≤ 1/3)", "Requête p95 (Chromium)"],
                     [[str(n), f"{_kib(f['ours']['bytes_first'])} ({_kib(f['ours']['bytes_first_br'])})",
                       f["pagefind"].get("skipped") or
                       f"{_kib(f['pagefind']['bytes_first'])} ({_kib(f['pagefind']['bytes_first_br'])})",
                       "" if "skipped" in f["pagefind"] else
                       f"{f['ours']['bytes_first'] / f['pagefind']['bytes_first']:.2f}",
                       f"{f['ours']['p95_ms']:.1f} ms"] for n, f in extra]))
    for label, figures in results:
        ours = figures["ours"]
        print(f"  {label} : fichiers chargés pour le 1er résultat : "
              f"{', '.join(Path(p).name for p in ours['files_first'])}")
    if misses or os.environ.get("BENCH_MISSES"):
        print_issue21_misses(results)
    dest = ROOT / "bench-results"
    dest.mkdir(exist_ok=True)
    dump = dict(results)
    dump.update({f"{n} fiches (octets)": f for n, f in extra})
    (dest / "search.json").write_text(json.dumps(dump, indent=1, ensure_ascii=False), encoding="utf-8")
    return None


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Mesures de la recherche (tableaux, jamais des tests).")
    parser.add_argument("output", nargs="?", default=str(ROOT / "output"), help="site construit (défaut : output/)")
    parser.add_argument("synthetic", nargs="?", default=None, help="site synthétique déjà construit")
    parser.add_argument("--quality", action="store_true",
                        help="qualité seule (node : pas de Chromium, pas de Pagefind, pas de site synthétique)")
    parser.add_argument("--misses", action="store_true",
                        help="lister les requêtes manquées (moitié d’ajustement, détresse, mots corrects ; "
                             "jamais la moitié gelée)")
    args = parser.parse_args(argv)
    if args.quality:
        quality_only(args.output, args.misses)
    else:
        bench_search(args.output, args.synthetic, args.misses)
    return 0


if __name__ == "__main__":  # python tools/search_bench/bench.py [output/ [synthetic-output/]] [--quality] [--misses]
    sys.exit(main())
