"""What a screen reader says on the key journeys, measured with a virtual screen reader.

@guidepup/virtual-screen-reader (npm dev dependency, its self-contained browser bundle from
node_modules, served to the page on the test's own origin) runs inside Chromium on the real site:
it follows the focus and reads live regions (role="status") as « polite: … ». The journeys are
driven with Playwright's real keyboard; each test asserts the spoken phrases, status messages
included (RGAA 7.1, 7.3, 7.5, 11.9). Cited by the grid.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_pages import guard_requests

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "node_modules" / "@guidepup" / "virtual-screen-reader" / "lib" / "esm" / "index.browser.js"
BUNDLE_PATH = "/__tests__/virtual-screen-reader.js"


@pytest.fixture
def pg(browser):
    if not BUNDLE.is_file():
        pytest.fail("@guidepup/virtual-screen-reader absent de node_modules : lancez « npm ci ».")
    body = BUNDLE.read_bytes()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    foreign: list[str] = []
    guard_requests(context, foreign)
    # The bundle is served on the site's own origin (never from another host).
    context.route(re.compile(r"^http://127\.0\.0\.1:\d+" + re.escape(BUNDLE_PATH) + "$"),
                  lambda route: route.fulfill(body=body, content_type="text/javascript"))
    page = context.new_page()
    yield page
    context.close()
    assert foreign == [], f"requêtes hors de 127.0.0.1 : {foreign}"


def start(pg, url: str) -> None:
    pg.goto(url, wait_until="load")
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")
    pg.evaluate("""async (src) => {
      window.vsr = (await import(src)).virtual;
      await window.vsr.start({container: document.body});
    }""", BUNDLE_PATH)


def spoken(pg) -> list[str]:
    return pg.evaluate("() => window.vsr.spokenPhraseLog()")


def clear(pg) -> None:
    pg.evaluate("() => window.vsr.clearSpokenPhraseLog()")


def wait_spoken(pg, pattern: str, timeout_ms: int = 15000) -> list[str]:
    """Wait until a phrase matching `pattern` is spoken; returns the log."""
    regex = re.compile(pattern)
    # Checked in the page at every frame until said (the log is read asynchronously), the same
    # pattern as a JS regular expression (the ones used here mean the same in both).
    said = pg.evaluate("""async ([re, ms]) => {
      const regex = new RegExp(re), end = performance.now() + ms;
      do {
        if ((await window.vsr.spokenPhraseLog()).some((p) => regex.test(p))) return true;
        await new Promise((r) => requestAnimationFrame(r));
      } while (performance.now() < end);
      return false;
    }""", [pattern, timeout_ms])
    if not said:
        raise AssertionError(f"jamais dit : {pattern!r}\nentendu : {spoken(pg)}")
    log = spoken(pg)
    assert any(regex.search(p) for p in log), (pattern, log)
    return log


def test_header_search_announces_field_count_and_panel(pg, served_site):
    start(pg, served_site + "/")
    pg.locator("#recherche-entete-input").focus()
    log = wait_spoken(pg, r"^combobox, Rechercher sur le site")
    assert any("has popup dialog" in p and "not expanded" in p for p in log), log
    clear(pg)
    pg.keyboard.type("emprise")
    log = wait_spoken(pg, r"^polite: \d+ résultats?\.$")
    # Down Arrow: into the results panel, announced as a dialog, then its first control.
    pg.keyboard.press("ArrowDown")
    log = wait_spoken(pg, r"^dialog, Résultats de la recherche rapide$")
    after = log[log.index("dialog, Résultats de la recherche rapide") + 1:]
    assert after and re.match(r"^(radio|link|button), ", after[0]), log
    # Escape: back to the field, the panel closed.
    clear(pg)
    pg.keyboard.press("Escape")
    log = wait_spoken(pg, r"^combobox, Rechercher sur le site")
    assert any("not expanded" in p for p in log), log


def test_results_panel_filter_and_more_are_spoken(pg, served_site):
    start(pg, served_site + "/recherche/")
    pg.locator("#recherche-page-input").focus()
    pg.keyboard.type("dérive")
    log = wait_spoken(pg, r"^polite: \d+ résultats\.$")
    total = int(re.search(r"(\d+) résultats", [p for p in log if p.startswith("polite:")][-1]).group(1))
    for _ in range(6):
        pg.keyboard.press("Tab")
        if spoken(pg)[-1].startswith("radio, Tous"):
            break
    assert spoken(pg)[-1].startswith(f"radio, Tous ({total})"), spoken(pg)
    clear(pg)
    pg.keyboard.press("ArrowRight")
    log = wait_spoken(pg, rf"^polite: \d+ résultats? \([^)]+\) sur {total}\.$")
    # The focus stayed on the radio group: the reader says the new radio, never « document ».
    assert any(p.startswith("radio, ") and not p.startswith("radio, Tous") for p in log), log
    assert "document" not in log, log
    pg.keyboard.press("ArrowLeft")
    wait_spoken(pg, rf"^polite: {total} résultats\.$")
    # « Afficher plus de résultats »: the reader lands on the eleventh result.
    button = pg.locator("#recherche-resultats button.mvl-search__more")
    eleventh = None
    button.focus()
    wait_spoken(pg, r"^button, Afficher plus de résultats$")
    clear(pg)
    pg.keyboard.press("Enter")
    pg.locator("#recherche-resultats ol.mvl-search__list > li").nth(10).wait_for()
    eleventh = pg.locator("#recherche-resultats ol.mvl-search__list > li").nth(10).locator("a").inner_text()
    log = wait_spoken(pg, r"^link, ")
    assert log[-1] == f"link, {eleventh.strip()}", log
    assert "document" not in log, log


def test_did_you_mean_is_announced_and_named_by_its_action(pg, served_site):
    start(pg, served_site + "/")
    pg.locator("#recherche-entete-input").focus()
    pg.keyboard.type("emprize")
    log = wait_spoken(pg, r"^polite: \d+ résultats?\. Vouliez-vous dire « emprise » \?$")
    clear(pg)
    pg.keyboard.press("Tab")  # the form's button
    pg.keyboard.press("Tab")  # the suggestion
    log = wait_spoken(pg, r"^button, Rechercher « emprise » à la place$")
    clear(pg)
    pg.keyboard.press("Enter")
    log = wait_spoken(pg, r"^polite: \d+ résultats?\.$")
    assert not any("Vouliez-vous dire" in p for p in log), log
    assert pg.locator("#recherche-entete-input").input_value() == "emprise"


def test_help_filter_result_is_announced(pg, served_site):
    start(pg, served_site + "/aide/")
    select = pg.locator("#aide-departement")
    select.focus()
    wait_spoken(pg, r"Votre département")
    clear(pg)
    select.select_option("69")
    log = wait_spoken(pg, r"^polite: .*Rhône")
    status = pg.locator("#aide-resultat").inner_text().strip()
    assert f"polite: {status}" in log, (status, log)
    clear(pg)
    pg.locator("#aide-effacer").click()
    wait_spoken(pg, r"^polite: Filtre effacé, ")


def test_quick_exit_is_described_and_counts_aloud(pg, served_site):
    start(pg, served_site + "/fiches/")
    pg.locator("#quitter-le-site").focus()
    log = wait_spoken(pg, r"^link, Quitter le site")
    phrase = [p for p in log if p.startswith("link, Quitter le site")][-1]
    assert "Raccourci clavier : appuyez trois fois sur la touche Maj" in phrase, phrase
    # The Shift count is a status message: each press is announced (the page leaves at the third,
    # tested by test_quick_exit.py).
    for presses in (1, 2):
        clear(pg)
        pg.keyboard.press("Shift")
        counter = pg.locator("#sortie-rapide-compteur")
        pg.wait_for_function("(n) => document.getElementById('sortie-rapide-compteur').textContent.includes(String(n))", arg=presses)
        log = wait_spoken(pg, r"^polite: ")
        assert f"polite: {counter.inner_text().strip()}" in log, log
