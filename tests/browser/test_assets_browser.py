"""The purged stylesheet styles every element exactly like the full one (plugins/assets).

Each page is loaded twice in Chromium: with the built (purged, fingerprinted) stylesheet, then
with that request answered by the unpurged stylesheet (the whole DSFR bundle + site.css + print.css).
The computed style of every element and of its ::before/::after must be the same, at phone and
desktop widths, menu closed and open, light and dark. url() values are compared as url(): the
purged sheet inlines icons as data: URIs.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_pages import settled

ROOT = Path(__file__).resolve().parents[2]

# The computed styles of every element, fast: the longhand property names are the same for every
# element (custom properties excepted, skipped), so they are read once and each element gives its
# values only (joined by U+001F); a style string met again is sent as its index in `styles`.
COMPUTED = """() => {
  const skip = new Set(['transition', 'transition-duration', 'animation', 'animation-name', 'will-change']);
  const names = Array.from(getComputedStyle(document.documentElement))
    .filter((name) => !name.startsWith('--') && !skip.has(name));
  const styles = [];
  const seen = new Map();
  const index = (text) => {
    let i = seen.get(text);
    if (i === undefined) { i = styles.length; styles.push(text); seen.set(text, i); }
    return i;
  };
  const one = (el, pseudo) => {
    const s = getComputedStyle(el, pseudo);
    if (pseudo && (s.content === 'none' || s.content === 'normal')) return index('');
    return index(names.map((name) => s.getPropertyValue(name)).join('\\u001f'));
  };
  const rows = [];
  document.querySelectorAll('body *').forEach((el, i) => {
    const id = el.tagName + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined ? '.' + el.className.trim().replace(/\\s+/g, '.') : '') + '@' + i;
    rows.push([id, one(el, null), one(el, '::before'), one(el, '::after')]);
  });
  return { names, styles, rows };
}"""


def full_stylesheet(site: Path) -> str:
    """What css/site.bundle.css is before the purge (see ASSETS_BUNDLES in pelicanconf.py).

    Fonts point to the published (fingerprinted) files, so both sheets lay text out alike."""
    dsfr = (ROOT / ".vendor" / "vendor" / "dsfr" / "dsfr.bundle.min.css").read_text(encoding="utf-8")

    def published(match: re.Match) -> str:
        ref = match.group(1)
        if ref.startswith("fonts/"):
            stem = Path(ref).stem
            found = sorted((site / "theme" / "vendor" / "dsfr" / "fonts").glob(f"{stem}.*.woff2"))
            if found:
                return f"url(/{found[0].relative_to(site).as_posix()})"
        return f"url(/theme/vendor/dsfr/{ref})"
    dsfr = re.sub(r"url\((?!data:)([^)'\"]+)\)", published, dsfr)
    site = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    printing = (ROOT / "theme" / "static" / "css" / "print.css").read_text(encoding="utf-8")
    return f"{dsfr}\n{site}\n@media print{{{printing}}}\n"


def normalise(measured: dict) -> tuple[list[str], list[list[str]]]:
    """(property names, rows [element id, its style, ::before, ::after]) with url() values as url()."""
    texts = [re.sub(r'url\([^)]*\)|url\("[^"]*"\)', "url()", text) for text in measured["styles"]]
    return measured["names"], [[row[0], *(texts[i] for i in row[1:])] for row in measured["rows"]]


def styles(page, url: str, site: Path | None, states) -> dict:
    """Computed styles of the page in each state (name -> action run before measuring)."""
    page.unroute("**/*")
    if site is not None:
        css = full_stylesheet(site)
        page.route(re.compile(r".*/theme/css/site\.bundle\.[0-9a-f]{8}\.css$"),
                   lambda route: route.fulfill(status=200, content_type="text/css", body=css))
    page.goto(url, wait_until="load")  # every style sheet, font face and image requested by then
    page.evaluate("document.fonts.ready.then(() => true)")
    page.mouse.move(0, 0)
    out = {}
    for name, action in states:
        if action:
            action(page)
            settled(page)  # the transitions the action started are over
        out[name] = normalise(page.evaluate(COMPUTED))
    return out


def open_menu(page):
    page.locator("#bouton-menu").focus()
    page.keyboard.press("Enter")


def dark(page):
    page.evaluate("document.documentElement.setAttribute('data-fr-theme', 'dark')")


def first_fiche(site: Path) -> str:
    return "/" + sorted((site / "fiches").glob("*/index.html"))[0].parent.relative_to(site).as_posix() + "/"


@pytest.mark.parametrize("width,states", [
    (375, [("fermé", None), ("menu ouvert", open_menu)]),
    (1280, [("clair", None), ("sombre", dark)]),
], ids=["mobile", "desktop"])
def test_purged_css_styles_every_element_like_the_full_css(browser, served_site, real_site, width, states):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    page = context.new_page()
    try:
        for path in ("/", first_fiche(real_site), "/aide/", "/recherche/"):
            purged = styles(page, served_site + path, None, states)
            full = styles(page, served_site + path, real_site, states)
            for state, _ in states:
                (names, rows), (full_names, full_rows) = purged[state], full[state]
                assert names == full_names and len(names) > 100, (path, state)
                assert len(rows) == len(full_rows), (path, state)
                for a, b in zip(rows, full_rows):
                    if a != b:
                        diff = [(x, y) for x, y in zip(a[1:], b[1:]) if x != y][0]
                        da = dict(zip(names, diff[0].split("\x1f"))) if diff[0] else {}
                        db = dict(zip(names, diff[1].split("\x1f"))) if diff[1] else {}
                        props = {k: (da.get(k), db.get(k)) for k in set(da) | set(db) if da.get(k) != db.get(k)}
                        pytest.fail(f"{path} ({width}px, {state}) {a[0]} : styles différents après la purge "
                                    f"(purgé, complet) : {json.dumps(props, ensure_ascii=False)[:600]}")
    finally:
        context.close()
