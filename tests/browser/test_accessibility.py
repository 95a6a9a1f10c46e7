"""RGAA 4.1 / WCAG 2.1 AA in real Chromium: axe-core on every template, light and dark; reflow at
320 px, at 200 % zoom and with 200 % text.

axe-core comes from node_modules (npm, pinned in package-lock.json) and is injected into the page;
the RGAAv4 tag also runs axe's RGAA best practices (landmarks, skip link).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from site_pages import guard_requests, inject_axe, require, search_ready, template_pages

ROOT = Path(__file__).resolve().parents[2]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "RGAAv4"]

# (test id, template name in site_pages.template_pages, state to reach before the audit)
AUDITS = [
    ("accueil", "accueil", None),
    ("rubrique", "rubrique", None),
    ("fiche", "fiche", None),
    ("guide", "guide", None),
    ("rapport", "rapport", None),
    ("aide", "aide", None),
    ("aide-filtree", "aide", "filter"),
    ("recherche-resultats", "recherche", "results"),
    ("recherche-aucun-resultat", "recherche", "no-results"),
    ("plan-du-site", "plan-du-site", None),
    ("404", "404", None),
    ("signaler", "signaler", None),
    ("accessibilite", "accessibilite", None),
    ("mentions-legales", "mentions-legales", None),
    ("donnees-personnelles", "donnees-personnelles", None),
    ("gestion-des-cookies", "gestion-des-cookies", None),
    ("naviguer-en-securite", "naviguer-en-securite", None),
    ("menu-mobile-ouvert", "accueil", "menu"),
    ("parametres-affichage-ouverts", "accueil", "display"),
]


@pytest.fixture(scope="module", params=["light", "dark"])
def scheme_page(request, browser):
    """One page per colour scheme, reused by all audits of that scheme (the site follows the
    system scheme until the reader chooses one)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR",
                                  color_scheme=request.param)
    foreign: list[str] = []
    guard_requests(context, foreign)
    pg = context.new_page()
    pg.scheme = request.param
    pg.foreign = foreign
    yield pg
    context.close()


def open_page(pg, url: str) -> None:
    pg.set_viewport_size({"width": 1280, "height": 900})
    pg.goto(url, wait_until="load")
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'"
                         " && document.documentElement.hasAttribute('data-fr-theme')")


def run_search(pg, query: str, expect_results: bool) -> None:
    field = pg.locator("main input[type=search]").first
    field.fill(query)
    field.press("Enter")
    if expect_results:
        pg.locator("main [data-search-results] a").first.wait_for(state="visible")
    else:
        pg.wait_for_function("(document.querySelector('main [data-search-results] [role=status]') || {})"
                             ".textContent?.startsWith('Aucun résultat')")


VISIBLE_CONTACTS_JS = ("[...document.querySelectorAll('main [data-area]')]"
                      ".filter(e => e.offsetParent !== null).length")


def filter_directory(pg) -> None:
    """Use the first filter control of /aide/ (a select, or a postcode field)."""
    control = pg.locator("main select, main input:not([type=search]):not([type=hidden])").first
    if control.count() == 0:
        pytest.skip("page /aide/ sans champ de filtre (à réactiver quand le filtre existe)")
    before = pg.evaluate(VISIBLE_CONTACTS_JS)
    if control.evaluate("el => el.tagName") == "SELECT":
        values = control.evaluate("el => [...el.options].map(o => o.value).filter(Boolean)")
        control.select_option(values[0])
    else:
        control.fill("69003")
        control.press("Enter")
    pg.wait_for_function(f"{VISIBLE_CONTACTS_JS} !== {before}")


def reach_state(pg, state: str | None, site: Path) -> None:
    if state in ("results", "no-results"):
        if not search_ready(site):
            pytest.skip("recherche absente : /recherche/ ne charge pas de script de recherche "
                        "(à réactiver quand la recherche existe)")
        run_search(pg, "emprise" if state == "results" else "xqzwvk", expect_results=state == "results")
    elif state == "filter":
        filter_directory(pg)
    elif state == "menu":  # opened by keyboard: a mouse left over the button would audit a hover state
        pg.set_viewport_size({"width": 375, "height": 800})
        pg.locator("#bouton-menu").focus()
        pg.keyboard.press("Enter")
        pg.locator("#modal-menu .fr-nav__link").first.wait_for(state="visible")
    elif state == "display":
        pg.locator("footer button[aria-controls='fr-theme-modal']").focus()
        pg.keyboard.press("Enter")
        pg.locator("#fr-theme-modal .fr-radio-group").first.wait_for(state="visible")


def settle(pg) -> None:
    """Wait for CSS transitions (DSFR modals fade in) to end: axe measures the colours on screen."""
    pg.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def axe_violations(pg) -> list[str]:
    settle(pg)
    inject_axe(pg)
    result = pg.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                 .then(r => r.violations.map(v => ({id: v.id, help: v.help,
                        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary)})))""",
        AXE_TAGS)
    return [f"{v['id']} ({v['help']}):\n    " + "\n    ".join(v["nodes"]) for v in result]


@pytest.mark.parametrize("audit_id,template,state", AUDITS, ids=[a[0] for a in AUDITS])
def test_axe_reports_no_violation(scheme_page, served_site, real_site, audit_id, template, state):
    path = require(template_pages(real_site)[template], template)
    open_page(scheme_page, served_site + path)
    expected_theme = "dark" if scheme_page.scheme == "dark" else "light"
    assert scheme_page.evaluate("document.documentElement.getAttribute('data-fr-theme')") == expected_theme
    reach_state(scheme_page, state, real_site)
    violations = axe_violations(scheme_page)
    assert violations == [], f"{path} ({scheme_page.scheme}, {audit_id}) :\n" + "\n".join(violations)
    assert scheme_page.foreign == []


# Reflow (WCAG 1.4.10, RGAA 10.11) and text resizing (WCAG 1.4.4, RGAA 10.4): no horizontal
# scrolling at 320 CSS px, at 200 % zoom of a 1280 px window (640 CSS px), nor with the browser's
# default text size doubled (32 px instead of 16 px, as the reader's browser setting would do).
# Each page is loaded once and measured in the three situations (the layout follows live).
REFLOW_CASES = [
    ("320 px", {"width": 320, "height": 640}, 16),
    ("zoom 200 %", {"width": 640, "height": 450}, 16),
    ("texte 200 %", {"width": 1280, "height": 900}, 32),
]
OVERFLOW_JS = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const culprits = [];
  if (root.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width && box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
        culprits.push((el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))
                      + ' right=' + Math.round(box.right));
      }
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 8)};
}"""


def test_nothing_overflows_horizontally(browser, served_site, real_site):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    guard_requests(context, [])
    pg = context.new_page()
    cdp = context.new_cdp_session(pg)  # Chromium's own « taille de police » setting, not a CSS override
    problems = []
    for name, path in template_pages(real_site).items():
        if path is None:
            continue
        pg.goto(served_site + path, wait_until="load")
        pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")
        for case, viewport, font_size in REFLOW_CASES:
            pg.set_viewport_size(viewport)
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": font_size, "fixed": font_size}})
            pg.wait_for_function("size => parseFloat(getComputedStyle(document.documentElement).fontSize) === size",
                                 arg=font_size)
            measure = pg.evaluate(OVERFLOW_JS)
            if measure["scrollWidth"] > measure["clientWidth"]:
                problems.append(f"{path} ({case}) : largeur {measure['scrollWidth']} > {measure['clientWidth']} "
                                f"({', '.join(measure['culprits'])})")
    context.close()
    assert problems == [], "défilement horizontal :\n" + "\n".join(problems)
