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
- issue 21, tests/search_quality/: recall@5 and MRR of the persona set's tuning half and frozen
  half, each beside Pagefind; for the distress set, the share of queries whose help (shown before
  any result) holds the expected numbers and the share with no « Vouliez-vous dire »; the share of
  correct French words never rewritten. « n/a » when the engine offers no help or no suggestion.
  The misses of the tuning half are printed with --misses; those of the frozen half never are;
- Pagefind 1.5.2 (pip package pagefind_bin, a self-contained binary) on the same HTML: indexing
  time, index size, bytes fetched and time until the first result of the same query. Skipped, with
  the reason printed, when the package is not installed (`make bench` installs it).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT, ROOT / "tools"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from search_bench import quality  # noqa: E402

QUALITY_SETS = (("courant", quality.QUALITY_FILE), ("difficile", quality.HARD_FILE),
                ("personas-ajustement", quality.PERSONAS_TUNING), ("personas-gele", quality.PERSONAS_FROZEN))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TYPICAL_QUERY = "derive sectaire"
# A query whose first word the index does not hold: the dictionary guard's filter is fetched too.
MISS_QUERY = "envie de partir du groupe"
PAGEFIND_VERSION = "1.5.2"
SYNTHETIC_COUNT = int(os.environ.get("BENCH_COUNT", 1000))
REPEATS = 5
# Sites also measured for bytes to the first result and p95 only (issue 21: ≤ 1/3 of Pagefind's).
BYTES_COUNTS = tuple(int(n) for n in os.environ.get("BENCH_BYTES_COUNTS", "3000,10000").split(",") if n.strip())

# In the page: focus the field, submit the query, resolve with the time to the first result link.
FIRST_RESULT = """async (q) => {
  const input = document.querySelector('input[data-search-page]');
  const box = document.getElementById(input.getAttribute('aria-controls'));
  const t0 = performance.now();
  const found = new Promise((resolve) => {
    const check = () => { if (box.querySelector('.mvl-search__list a')) { observer.disconnect(); resolve(); } };
    const observer = new MutationObserver(check);
    observer.observe(box, {childList: true, subtree: true});
    check();
  });
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
  await Promise.race([found, new Promise((_, reject) => setTimeout(
    () => reject(new Error('pas de résultat en 60 s : ' + box.textContent.slice(0, 200))), 60000))]);
  return {ms: performance.now() - t0, first: box.querySelector('.mvl-search__list a').getAttribute('href')};
}"""

# In the page, scripts loaded: a fresh engine (files from the HTTP cache), then timed queries.
ENGINE_TIMES = """async ([queries, repeats]) => {
  const ns = window.MiviludesSearch;
  const input = document.querySelector('input[data-search-page]');
  const t0 = performance.now();
  const engine = ns.engine.createEngine({manifestUrl: input.getAttribute('data-search-manifest'),
                                         lunr: window.lunr, analyzer: ns.analyzer});
  await engine.search(queries[0]);
  const load = performance.now() - t0;
  const times = [];
  for (let r = 0; r < repeats; r++) {
    for (const q of queries) {
      const t = performance.now();
      const res = await engine.search(q);
      await engine.getDocs(res.results.slice(0, 10).map((x) => x.ref));
      times.push(performance.now() - t);
    }
  }
  return {load, times};
}"""

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


def _sizes(paths: list[Path]) -> tuple[int, int, int]:
    import measure

    raw = gz = br = 0
    for path in paths:
        r, g, b = measure.compressed_sizes(path)
        raw, gz, br = raw + r, gz + g, br + b
    return raw, gz, br


def index_sizes(search_dir: Path) -> dict:
    manifest = json.loads((search_dir / "manifest.json").read_text(encoding="utf-8"))
    files = [search_dir / "manifest.json"] + [search_dir / s["file"] for s in manifest["shards"]] + \
        [search_dir / s["file"] for s in manifest["store"]]
    raw, gz, br = _sizes(files)
    return {"docs": manifest["docCount"], "shards": len(manifest["shards"]), "store": len(manifest["store"]),
            "raw": raw, "gzip": gz, "brotli": br}


def _fetched(site: Path, urls: list[str]) -> tuple[int, int, list[str]]:
    """(gzip bytes, requests, paths) of the files the page requested: what the production server
    sends, whichever local server answered (deploy/nginx.conf: gzip_static, the .gz files `make
    publish` writes, no brotli module; a file that gzip does not shrink, as Pagefind's own
    pre-gzipped files, counts as it is)."""
    paths = [urlparse(u).path for u in urls if u.startswith(("http://", "https://"))]
    files = [site / p.lstrip("/") for p in paths if (site / p.lstrip("/")).is_file()]
    return _sizes(files)[1], len(paths), paths


def _fetched_brotli(site: Path, urls: list[str]) -> int:
    """The same files' brotli bytes (a server that serves the .br files `make publish` writes)."""
    paths = [urlparse(u).path for u in urls if u.startswith(("http://", "https://"))]
    return _sizes([site / p.lstrip("/") for p in paths if (site / p.lstrip("/")).is_file()])[2]


def _track(page) -> dict:
    """Records the URLs the page requests while `state["on"]` is true."""
    state = {"on": False, "urls": []}
    page.on("request", lambda r: state["on"] and state["urls"].append(r.url))
    return state


def _site_origin(site: Path) -> str | None:
    """The origin written in the pages (absolute SITEURL of a production build), if any."""
    html = (site / "recherche" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-search-manifest=["\']?(https?://[^/"\'\s>]+)/', html)  # quotes: minified or not
    return match.group(1) if match else None


# ---------------------------------------------------------------- our search in Chromium


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure_ours(browser, site: Path, queries: list[str]) -> dict:
    """A production build names its own origin in its URLs (SITEURL: the server tools/bench.py
    runs): the page is then opened there, fetch() being same-origin only; otherwise on a server
    started here."""
    import static_server

    server, url = None, _site_origin(site)
    if url is None:
        server, url = static_server.start(site)
    try:
        out = {}
        for throttle in (1, 4):
            context = browser.new_context(viewport={"width": 412, "height": 823}, locale="fr-FR")
            page = context.new_page()
            if throttle > 1:
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            tracked = _track(page)
            page.goto(url + "/recherche/", wait_until="networkidle")
            tracked["on"] = True
            first = page.evaluate(FIRST_RESULT, TYPICAL_QUERY)
            page.wait_for_load_state("networkidle")
            tracked["on"] = False
            if throttle == 1:  # then a query with a miss, on the same page (what it adds)
                first_urls = list(tracked["urls"])
                before = len(tracked["urls"])
                tracked["on"] = True
                page.evaluate(FIRST_RESULT, MISS_QUERY)
                page.wait_for_load_state("networkidle")
                tracked["on"] = False
                out["bytes_miss"] = _fetched(site, tracked["urls"][before:])[0]
            if throttle == 1:
                br, requests, paths = _fetched(site, first_urls)
                timing = page.evaluate(ENGINE_TIMES, [queries, REPEATS])
                out.update(bytes_first=br, bytes_first_br=_fetched_brotli(site, first_urls),
                           requests_first=requests, files_first=paths,
                           first_ms=first["ms"], first_url=first["first"], load_ms=timing["load"],
                           p50_ms=_percentile(timing["times"], .5), p95_ms=_percentile(timing["times"], .95),
                           timed_queries=len(timing["times"]))
            else:
                out["first_ms_cpu4"] = first["ms"]
            context.close()
        return out
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()


# ---------------------------------------------------------------- distress in the page

# In /recherche/: type a query, wait for the page to answer (status line, then the first result
# or a settled empty answer), and look at what a visitor sees: the tel:/sms: links shown before the
# first result (the « nothing found » block, the same for every query, does not count) and
# whether a « Vouliez-vous dire » is visible.
DISTRESS_IN_PAGE = """async ([q, wanted]) => {
  const input = document.querySelector('input[data-search-page]');
  const box = document.getElementById(input.getAttribute('aria-controls'));
  const statusText = () => { const s = box.querySelector('[role="status"]'); return s ? s.textContent.trim() : ''; };
  input.focus();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
  const t0 = performance.now();
  let last = '', since = performance.now();
  await new Promise((resolve, reject) => {
    const tick = () => {
      const text = statusText();
      if (text !== last) { last = text; since = performance.now(); }
      const listed = box.querySelector('.mvl-search__list li a');
      if (text && (listed || performance.now() - since > 400)) { resolve(); return; }
      if (performance.now() - t0 > 30000) { reject(new Error('pas de réponse en 30 s : ' + text)); return; }
      setTimeout(tick, 25);
    };
    tick();
  });
  const empty = box.querySelector('[data-search-empty]');
  const shown = (el) => !el.closest('[hidden]') && el.getClientRects().length > 0;
  const links = Array.from(box.querySelectorAll('a[href]')).filter(shown)
    .filter((a) => !(empty && empty.contains(a)));
  const first = links.findIndex((a) => a.closest('.mvl-search__list'));
  const before = (first === -1 ? links : links.slice(0, first)).map((a) => a.getAttribute('href'));
  const suggest = box.querySelector('.mvl-search__suggest');
  return {helpFirst: wanted.every((hrefs) => hrefs.some((h) => before.includes(h))),
          suggestion: !!(suggest && shown(suggest) && suggest.textContent.trim()), before};
}"""


def contact_hrefs() -> dict[str, list[str]]:
    """{contact id: the tel:/sms: links that show it} from content/data/contacts.yaml."""
    import yaml

    out = {}
    for contact in yaml.safe_load((ROOT / "content" / "data" / "contacts.yaml").read_text(encoding="utf-8")):
        hrefs = []
        for scheme, key in (("tel", "phone"), ("sms", "sms")):
            if isinstance(contact.get(key), dict) and contact[key].get("e164"):
                hrefs.append(f"{scheme}:{contact[key]['e164']}")
        for channel in contact.get("channels") or []:
            if isinstance(channel.get("phone"), dict) and channel["phone"].get("e164"):
                hrefs.append(f"tel:{channel['phone']['e164']}")
        out[str(contact["id"])] = hrefs
    return out


def measure_distress_page(browser, site: Path) -> dict:
    """Share of the distress set whose expected numbers are shown before the first result in
    /recherche/, and share with no visible suggestion (headless Chromium, the real page)."""
    import static_server

    cases, hrefs = quality.load_distress(), contact_hrefs()
    server, url = None, _site_origin(site)
    if url is None:
        server, url = static_server.start(site)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        page = context.new_page()
        first = unsuggested = 0
        misses = []
        for case in cases:
            page.goto(url + "/recherche/", wait_until="load")
            seen = page.evaluate(DISTRESS_IN_PAGE, [case["q"], [hrefs.get(c, []) for c in case["contacts"]]])
            first += seen["helpFirst"]
            unsuggested += not seen["suggestion"]
            if not seen["helpFirst"] or seen["suggestion"]:
                misses.append((case["q"], case["contacts"], seen["before"], seen["suggestion"]))
        context.close()
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    n = len(cases) or 1
    return {"queries": len(cases), "help_first": first / n, "no_suggestion": unsuggested / n, "misses": misses}


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


# ---------------------------------------------------------------- synthetic site


def build_synthetic(work: Path, count: int = SYNTHETIC_COUNT) -> Path | None:
    synthetic_tool = ROOT / "tools" / "synthetic.py"
    if not synthetic_tool.is_file():
        return None
    import build
    import synthetic

    content = synthetic.generate(work / "synthetic", count)
    out = work / "synthetic" / "out"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        errors = build.build("pelicanconf.py", out, {
            "PATH": str(content), "PRINTABLE_PDFS": False, "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False, "ASSETS_CACHE_PATH": str(work / "assets-cache")})
    finally:
        os.chdir(cwd)
    if errors:
        print("Recherche : le site synthétique ne se construit pas :\n  " + "\n  ".join(errors[:5]))
        return None
    return out


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


def _kib(n: int) -> str:
    return f"{n / 1024:.1f} Kio"


def _rows(label_sites: list[tuple[str, dict]]) -> tuple[list[str], list[list[str]]]:
    header = ["Mesure"] + [label for label, _ in label_sites]

    def row(title, fn):
        cells = []
        for _, f in label_sites:
            try:
                cells.append(fn(f))
            except (KeyError, TypeError):
                cells.append("—")
        return [title] + cells

    def pf(key, fmt):
        return lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else fmt(f["pagefind"][key])

    rows = [
        row("Documents indexés", lambda f: str(f["index"]["docs"])),
        row("Index (manifeste + parts + affichage) brut / gzip / brotli",
            lambda f: f"{_kib(f['index']['raw'])} / {_kib(f['index']['gzip'])} / {_kib(f['index']['brotli'])}"),
        row("Fichiers d’index / d’affichage", lambda f: f"{f['index']['shards']} / {f['index']['store']}"),
        row(f"Octets avant le 1er résultat (« {TYPICAL_QUERY} », gzip, scripts compris)",
            lambda f: f"{_kib(f['ours']['bytes_first'])} (brotli {_kib(f['ours']['bytes_first_br'])}) en {f['ours']['requests_first']} requêtes"),
        row(f"  puis « {MISS_QUERY} » (mot absent de l’index : filtre du dictionnaire)",
            lambda f: f"+ {_kib(f['ours']['bytes_miss'])}"),
        row("1er résultat après le focus (à froid, 127.0.0.1)", lambda f: f"{f['ours']['first_ms']:.0f} ms"),
        row("  idem, processeur ralenti 4×", lambda f: f"{f['ours']['first_ms_cpu4']:.0f} ms"),
        row("Chargement de l’index (depuis le cache HTTP)", lambda f: f"{f['ours']['load_ms']:.0f} ms"),
        row("Requête (moteur + affichage) p50 / p95",
            lambda f: f"{f['ours']['p50_ms']:.1f} / {f['ours']['p95_ms']:.1f} ms ({f['ours']['timed_queries']} requêtes)"),
        row("Qualité : recall@5 / MRR (tests/search_quality.yaml)",
            lambda f: f"{f['quality']['recall']:.2f} / {f['quality']['mrr']:.2f} ({f['quality']['queries']} requêtes)"),
        row("Qualité, jeu difficile : recall@5 / MRR (tests/search_quality_hard.yaml)",
            lambda f: f"{f['quality_hard']['recall']:.2f} / {f['quality_hard']['mrr']:.2f} "
                      f"({f['quality_hard']['queries']} requêtes)"),
        row("Pagefind : recall@5 / MRR (mêmes requêtes, jeu courant)",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{f['pagefind']['quality']['courant']['recall']:.2f} / {f['pagefind']['quality']['courant']['mrr']:.2f}"),
        row("Pagefind : recall@5 / MRR (jeu difficile)",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{f['pagefind']['quality']['difficile']['recall']:.2f} / {f['pagefind']['quality']['difficile']['mrr']:.2f}"),
    ] + issue21_rows(row) + [
        row(f"Pagefind {PAGEFIND_VERSION} : temps d’indexation", pf("index_s", lambda v: f"{v:.1f} s")),
        row("Pagefind : index brut / brotli",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{_kib(f['pagefind']['raw'])} / {_kib(f['pagefind']['brotli'])} ({f['pagefind']['files']} fichiers)"),
        row(f"Pagefind : octets avant le 1er résultat (« {TYPICAL_QUERY} »)",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{_kib(f['pagefind']['bytes_first'])} en {f['pagefind']['requests_first']} requêtes"),
        row("Pagefind : 1er résultat (à froid, 127.0.0.1)", pf("first_ms", lambda v: f"{v:.0f} ms")),
        row("Octets avant le 1er résultat : nous / Pagefind (objectif ≤ 1/3)",
            lambda f: f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
            f"{f['ours']['bytes_first'] / f['pagefind']['bytes_first']:.2f} gzip, "
            f"{f['ours']['bytes_first_br'] / f['pagefind']['bytes_first_br']:.2f} brotli"),
    ]
    return header, rows


def _rate(value) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def issue21_rows(row) -> list[list[str]]:
    """Rows of issue 21 (tests/search_quality/), `row(title, fn(figures))` giving one cell per site."""
    def personas(half):
        return lambda f: (f"{f['issue21'][half]['recall']:.2f} / {f['issue21'][half]['mrr']:.2f} "
                          f"({f['issue21'][half]['queries']} requêtes)")

    def pagefind(name):
        return lambda f: (f["pagefind"]["skipped"] if "skipped" in f["pagefind"] else
                          f"{f['pagefind']['quality'][name]['recall']:.2f} / {f['pagefind']['quality'][name]['mrr']:.2f}")

    def distress(key):
        return lambda f: f"{_rate(f['issue21']['distress'][key])} ({f['issue21']['distress']['queries']} requêtes)"

    return [
        row("Personas, moitié d’ajustement : recall@5 / MRR", personas("tuning")),
        row("Personas, moitié gelée (jamais ajustée) : recall@5 / MRR", personas("frozen")),
        row("Pagefind : personas, moitié d’ajustement", pagefind("personas-ajustement")),
        row("Pagefind : personas, moitié gelée", pagefind("personas-gele")),
        row("Détresse (moteur, node) : aide avec les numéros attendus", distress("help")),
        row("Détresse (moteur, node) : aucune suggestion « Vouliez-vous dire »", distress("no_suggestion")),
        row("Détresse, page /recherche/ (Chromium) : numéros attendus avant le 1er résultat",
            lambda f: f"{f['distress_page']['help_first']:.2f} ({f['distress_page']['queries']} requêtes)"),
        row("Détresse, page /recherche/ (Chromium) : aucune suggestion affichée",
            lambda f: f"{f['distress_page']['no_suggestion']:.2f}"),
        row("Mots français corrects jamais réécrits (aucune suggestion)",
            lambda f: f"{_rate(f['issue21']['no_rewrite']['passed'])} ({f['issue21']['no_rewrite']['queries']} requêtes)"),
    ]


def print_issue21_misses(results: list[tuple[str, dict]], frozen_too: bool = False) -> None:
    """The misses of the tuning half, of the distress set and of the no-rewrite set (never those
    of the frozen half: quality.measure_issue21 drops them)."""
    for label, figures in results:
        f = figures["issue21"]
        print(f"\n{label} — personas, moitié d’ajustement : {len(f['tuning']['misses'])} requêtes manquées")
        for q, expected, top in f["tuning"]["misses"]:
            print(f"  « {q} » attendu {', '.join(expected)} ; obtenu {', '.join(u or '?' for u in top) or 'rien'}")
        print(f"{label} — détresse : {len(f['distress']['misses'])} requêtes en défaut")
        for q, contacts, help_ids, suggestion in f["distress"]["misses"]:
            print(f"  « {q} » attendu {', '.join(contacts)} ; aide {help_ids} ; suggestion « {suggestion or ''} »")
        if "distress_page" in figures:
            print(f"{label} — détresse dans la page : {len(figures['distress_page']['misses'])} requêtes en défaut")
            for q, contacts, before, suggested in figures["distress_page"]["misses"]:
                print(f"  « {q} » attendu {', '.join(contacts)} ; liens avant le 1er résultat {before} ; "
                      f"suggestion {'affichée' if suggested else 'aucune'}")
        print(f"{label} — mots corrects réécrits : {len(f['no_rewrite']['misses'])}")
        for q, suggestion in f["no_rewrite"]["misses"]:
            print(f"  « {q} » → « {suggestion} »")


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


def _table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    out = [f"\n{title}", line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join(out + [line(r) for r in rows])


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
