"""Our search measured in headless Chromium: index sizes, bytes and requests to the first result,
cold and slowed-down times, p50/p95 of a query, the help of the distress queries on /recherche/."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

from search_bench import quality
from search_bench.config import MISS_QUERY, REPEATS, ROOT, TYPICAL_QUERY

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


