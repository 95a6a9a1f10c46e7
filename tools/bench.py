"""`make bench`: performance figures, printed as tables (measured, never asserted here).

1. Build times (wall clock and CPU, each build in its own process, PDF=0): the real site and
   N synthetic fiches (tools/synthetic.py, default 1,000), full (cold caches) then incremental
   (one fiche edited, warm content cache), beside bare Pelican (no plugin, default theme) on the
   same synthetic fiches.
2. Weight of the production build (publishconf.py): sizes of the theme files and of a fiche,
   first and repeat visit of a fiche in Chromium (bytes really transferred, requests).
3. Search figures, from tools/search_bench/bench.py (`bench_search(output_dir)`): speed and bytes
   beside Pagefind, and quality (recall@5/MRR of every set, persona halves of issue 21, distress
   help, no rewriting of correct French).
4. Lighthouse 12 (mobile) on the home page, a fiche, /aide/ and /recherche/: median of --runs.

    python tools/bench.py [--count 1000] [--runs 3] [--no-lighthouse] [--lighthouse-only]
Figures are also written to bench-results/bench.json (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from repo_root import ROOT  # the repository root, importable

import measure
import static_server
import synthetic

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_PAGES = [("Accueil", "/"), ("Fiche", None), ("Aide", "/aide/"), ("Recherche", "/recherche/")]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

BARE_SETTINGS = """\
AUTHOR = "Bench"
SITENAME = "Pelican nu"
SITEURL = ""
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
PLUGINS = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha1"
"""


# ---------------------------------------------------------------- timing helpers

def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds of the child processes, return code, stderr tail)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, (proc.stderr or "")[-2000:]


def strict_build(settings: str, output: Path, overrides: dict) -> tuple[float, float]:
    code = ("import json, sys; import build; "
            f"errors = build.build({settings!r}, __import__('pathlib').Path({str(output)!r}), "
            f"json.loads({json.dumps(json.dumps(overrides))})); "
            "print('\\n'.join(errors), file=sys.stderr); build.finish(1 if errors else 0)")
    wall, cpu, rc, err = timed([sys.executable, "-c", code], {"PDF": "0", "PYTHONPATH": "tools"})
    if rc != 0:
        raise SystemExit(f"bench : la construction ({settings}, {output}) échoue :\n{err}")
    return wall, cpu


def bare_build(content: Path, output: Path, settings_file: Path) -> tuple[float, float]:
    wall, cpu, rc, err = timed([sys.executable, "-m", "pelican", str(content), "-s", str(settings_file),
                                "-o", str(output), "-q"])
    if rc != 0:
        raise SystemExit(f"bench : Pelican nu échoue :\n{err}")
    return wall, cpu


def edit_one_fiche(content: Path) -> Path:
    fiche = sorted((content / "fiches").glob("*.md"))[0]
    with fiche.open("a", encoding="utf-8") as fh:
        fh.write(f"\nParagraphe ajouté pour mesurer une reconstruction ({time.time_ns()}).\n")
    return fiche


def fmt_time(pair: tuple[float, float]) -> str:
    wall, cpu = pair
    return f"{wall:6.1f} s (CPU {cpu:5.1f} s)"


def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    out = [f"\n{title}", line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)


# ---------------------------------------------------------------- 1. build times

def bench_builds(work: Path, count: int, source: Path) -> dict:
    results = {}
    # Real site, development settings (what `make html` / `make serve` do).
    real = work / "real"
    shutil.copytree(source, real / "content")
    overrides = {"PATH": str(real / "content"), "CONTENT_CACHE_DIR": str(work / "cache-real"),
                 "ASSETS_CACHE_PATH": str(work / "assets-real"), "PRINTABLE_PDFS": False}
    full = strict_build("pelicanconf.py", real / "out", overrides)
    noop = strict_build("pelicanconf.py", real / "out", overrides)
    edit_one_fiche(real / "content")
    incr = strict_build("pelicanconf.py", real / "out", overrides)
    pages = len(list((real / "out").rglob("*.html")))
    results["real"] = {"pages": pages, "full": full, "noop": noop, "incremental": incr}
    # Real site, production settings (minified HTML, .br/.gz).
    pub = strict_build("publishconf.py", real / "pub", {**overrides, "CONTENT_CACHE_DIR": str(work / "cache-pub")})
    results["real_publish"] = {"full": pub}
    # Synthetic fiches with every plugin.
    syn = work / "synthetic"
    content = synthetic.generate(syn, count, source=source)
    overrides = {"PATH": str(content), "CONTENT_CACHE_DIR": str(work / "cache-syn"),
                 "ASSETS_CACHE_PATH": str(work / "assets-syn"), "PRINTABLE_PDFS": False}
    full = strict_build("pelicanconf.py", syn / "out", overrides)
    edit_one_fiche(content)
    incr = strict_build("pelicanconf.py", syn / "out", overrides)
    results["synthetic"] = {"pages": len(list((syn / "out").rglob("*.html"))), "full": full, "incremental": incr}
    # Bare Pelican on the same fiches.
    bare = work / "bare"
    bare_content = synthetic.generate(bare, count, pelican_format=True)
    settings_file = bare / "bare.py"
    settings_file.write_text(BARE_SETTINGS + f"CACHE_PATH = {str(bare / 'cache')!r}\n", encoding="utf-8")
    full = bare_build(bare_content, bare / "out", settings_file)
    edit_one_fiche(bare_content)
    incr = bare_build(bare_content, bare / "out", settings_file)
    results["bare"] = {"pages": len(list((bare / "out").rglob("*.html"))), "full": full, "incremental": incr}
    results["publish_output"] = str(real / "pub")
    return results


def print_builds(r: dict, count: int) -> None:
    rows = [
        [f"Site réel ({r['real']['pages']} pages HTML), make html", fmt_time(r["real"]["full"]),
         fmt_time(r["real"]["incremental"]), fmt_time(r["real"]["noop"])],
        ["Site réel, make publish (HTML minifié, .br/.gz)", fmt_time(r["real_publish"]["full"]), "", ""],
        [f"{count} fiches synthétiques ({r['synthetic']['pages']} pages), make html",
         fmt_time(r["synthetic"]["full"]), fmt_time(r["synthetic"]["incremental"]), ""],
        [f"Pelican nu, mêmes {count} fiches ({r['bare']['pages']} pages)", fmt_time(r["bare"]["full"]),
         fmt_time(r["bare"]["incremental"]), ""],
    ]
    print(table("Temps de construction (processus neuf, PDF=0 ; temps écoulé et CPU)",
                ["Construction", "complète (caches vides)", "1 fiche modifiée", "sans changement"], rows))
    full, bare = r["synthetic"]["full"][0], r["bare"]["full"][0]
    full_cpu, bare_cpu = r["synthetic"]["full"][1], r["bare"]["full"][1]
    incr = r["synthetic"]["incremental"][0]
    print(f"\nRapport à Pelican nu ({count} fiches) : construction complète ×{full / bare:.2f} en temps écoulé, "
          f"×{full_cpu / bare_cpu:.2f} en CPU (objectif ≤ ×1,3 à 1 000 fiches, ≤ ×1,15 à 10 000) ; après 1 fiche "
          f"modifiée : {incr / full:.0%} de la construction complète "
          f"(site réel : {r['real']['incremental'][0] / r['real']['full'][0]:.0%}).")
    print("Lecture des fichiers en parallèle (un processus par cœur, à partir de 200 fichiers ; Pelican nu : "
          "un seul processus, d’où le rapport CPU) ; DSFR analysé et filtres de mots français (wordfreq) "
          "calculés une fois à l’installation (tools/vendor.py).")


# ---------------------------------------------------------------- 2. weight

def first_fiche(output: Path) -> str:
    fiches = sorted(p for p in (output / "fiches").glob("*/index.html"))
    return "/" + fiches[0].parent.relative_to(output).as_posix() + "/"


def bench_weight(work: Path, source: Path) -> tuple[dict, Path, object, str, object]:
    """Production build served on 127.0.0.1; returns figures and the running server."""
    server, url = static_server.reserve()
    out = work / "published"
    overrides = {"SITEURL": url, "FEED_DOMAIN": url, "PRINTABLE_PDFS": False, "PATH": str(source),
                 "CONTENT_CACHE_DIR": str(work / "cache-weight")}
    strict_build("publishconf.py", out, overrides)
    stats = static_server.Stats()
    static_server.serve_reserved(server, out, stats)
    theme = out / "theme"
    files = []
    for path in sorted(theme.rglob("*")):
        if path.is_file() and path.suffix not in (".gz", ".br"):
            files.append((path.relative_to(out).as_posix(), *measure.compressed_sizes(path)))
    fiche = first_fiche(out)
    html = measure.compressed_sizes(out / fiche.strip("/") / "index.html")
    figures = {"files": files, "fiche": fiche, "fiche_html": html}
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 412, "height": 823}, locale="fr-FR")
        first = measure.visit(context, stats, url + fiche)
        second_fiche = sorted((out / "fiches").glob("*/index.html"))[-1].parent.name
        repeat = measure.visit(context, stats, f"{url}/fiches/{second_fiche}/")
        browser.close()
    figures["first"] = {"bytes": first.transferred, "requests": len(first.requests),
                        "before_load": len(first.requests_before_load)}
    figures["repeat"] = {"bytes": repeat.transferred, "requests": len(repeat.served)}
    return figures, out, server, url, stats


def print_weight(w: dict) -> None:
    rows = [[name, f"{raw / 1024:7.1f}", f"{gz / 1024:6.1f}", f"{br / 1024:6.1f}"] for name, raw, gz, br in w["files"]
            if not name.startswith("theme/vendor/lunr/")]
    raw, gz, br = w["fiche_html"]
    rows.append([f"HTML de la fiche {w['fiche']}", f"{raw / 1024:7.1f}", f"{gz / 1024:6.1f}", f"{br / 1024:6.1f}"])
    print(table("Poids des fichiers (Kio)", ["Fichier", "brut", "gzip", "brotli"], rows))
    rows = [["Première visite (tout compris)", f"{w['first']['bytes'] / 1024:.1f} Kio",
             f"{w['first']['before_load']} avant « load », {w['first']['requests']} en tout", "≤ 200 Kio, ≤ 10"],
            ["Visite suivante (autre fiche)", f"{w['repeat']['bytes'] / 1024:.1f} Kio",
             f"{w['repeat']['requests']} servie(s)", "≤ 20 Kio"]]
    print(table(f"Une fiche dans Chromium, serveur local type production ({w['fiche']})",
                ["Visite", "transféré", "requêtes", "budget"], rows))


# ---------------------------------------------------------------- 3. search

def bench_search_hook(output: Path, synthetic_output: Path | None = None) -> None:
    module_path = ROOT / "tools" / "search_bench" / "bench.py"
    if not module_path.is_file():
        print("\nRecherche : tools/search_bench/bench.py absent, pas de mesure.")
        return
    from search_bench import bench as module  # tools/ is on the import path (above)
    rows = module.bench_search(output, synthetic_output)  # synthetic: the site built by bench_builds
    if rows:  # a list of (label, value) rows, or None when the function prints its own table
        print(table("Recherche", ["Mesure", "Valeur"], [[str(a), str(b)] for a, b in rows]))


# ---------------------------------------------------------------- 4. Lighthouse

def lighthouse(url: str, report: Path) -> dict:
    if not LIGHTHOUSE.is_file():
        raise SystemExit("bench : lighthouse absent de node_modules (npm ci).")
    cmd = ["node", str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}",
           "--only-categories=" + ",".join(CATEGORIES), "--form-factor=mobile",
           "--chrome-flags=" + " ".join(CHROMIUM_ARGS), "--quiet", "--no-enable-error-reporting"]
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "CHROME_PATH": CHROMIUM},
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not report.is_file():
        raise SystemExit(f"bench : Lighthouse échoue sur {url} :\n{proc.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failing = sorted(a["id"] for a in data["audits"].values()
                     if a.get("score") is not None and a["score"] < 1
                     and a.get("scoreDisplayMode") in ("binary", "metricSavings")
                     and a["id"] not in ("unused-css-rules", "unused-javascript"))
    metrics = data["audits"]["metrics"]["details"]["items"][0]
    return {"scores": scores, "failing": failing, "fcp": metrics.get("firstContentfulPaint"),
            "lcp": metrics.get("largestContentfulPaint"), "tbt": metrics.get("totalBlockingTime"),
            "cls": metrics.get("cumulativeLayoutShift")}


def bench_lighthouse(url: str, output: Path, runs: int, work: Path) -> list[dict]:
    results = []
    for label, path in LIGHTHOUSE_PAGES:
        path = path or first_fiche(output)
        runs_data = [lighthouse(url + path, work / f"lh-{label}-{i}.json") for i in range(runs)]
        median = {c: statistics.median(r["scores"][c] for r in runs_data) for c in CATEGORIES}
        results.append({"page": label, "path": path, "median": median, "runs": runs_data})
    return results


def print_lighthouse(results: list[dict], runs: int) -> None:
    rows = []
    for r in results:
        m = r["median"]
        last = r["runs"][-1]
        failing = sorted({a for run in r["runs"] for a in run["failing"]})
        rows.append([f"{r['page']} ({r['path']})", f"{m['performance']:.0f}", f"{m['accessibility']:.0f}",
                     f"{m['best-practices']:.0f}", f"{m['seo']:.0f}",
                     f"{last['fcp'] / 1000:.1f} s / {last['lcp'] / 1000:.1f} s / {last['tbt']:.0f} ms",
                     ", ".join(failing) or "—"])
    print(table(f"Lighthouse 12.2.3, mobile, médiane de {runs} passage(s) (objectif : ≥ 95 / 100 / 100 / 100)",
                ["Page", "Perf.", "Access.", "Bonnes pr.", "SEO", "FCP / LCP / TBT", "Audits en échec"], rows))


# ---------------------------------------------------------------- main

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Mesures de performance du site (imprimées en tableaux).")
    parser.add_argument("--count", type=int, default=int(os.environ.get("BENCH_COUNT", 1000)))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("LH_RUNS", 3)))
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-only", action="store_true")
    parser.add_argument("--content", default=str(ROOT / "content"), help="dossier du contenu (défaut : content/)")
    args = parser.parse_args(argv)
    source = Path(args.content).resolve()
    os.chdir(ROOT)
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        if not args.lighthouse_only:
            print(f"Constructions (site réel, {args.count} fiches synthétiques, Pelican nu)… quelques minutes.",
                  flush=True)
            results["builds"] = bench_builds(work, args.count, source)
            print_builds(results["builds"], args.count)
        weight, output, server, url, _ = bench_weight(work, source)
        try:
            if not args.lighthouse_only:
                results["weight"] = weight
                print_weight(weight)
                bench_search_hook(output, work / "synthetic" / "out")
            if not args.no_lighthouse:
                print(f"\nLighthouse sur {url} ({args.runs} passage(s) par page)…", flush=True)
                results["lighthouse"] = bench_lighthouse(url, output, args.runs, work)
                print_lighthouse(results["lighthouse"], args.runs)
        finally:
            server.shutdown()
            server.server_close()
    dest = ROOT / "bench-results"
    dest.mkdir(exist_ok=True)
    (dest / "bench.json").write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"\nRésultats détaillés : {(dest / 'bench.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
