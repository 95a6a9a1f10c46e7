"""/aide/ « Trouver de l’aide » in real Chromium: filter by département or postcode, keyboard only,
without JavaScript, axe-core (WCAG 2.1 AA), 320 px wide and print. Five page loads in all."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from site_pages import inject_axe
CARDS = ".aide-section [data-area]"


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        CARDS, "cards => cards.filter(c => c.offsetParent !== null).map(c => c.id.replace('contact-', ''))")


def announced_count(page) -> int:
    match = re.search(r"(\d+) contacts? affichés?", page.locator("#aide-resultat").inner_text())
    assert match, page.locator("#aide-resultat").inner_text()
    return int(match.group(1))


def local_ids(page) -> set[str]:
    """Cards with a département area (not national, not unstated)."""
    return set(page.eval_on_selector_all(
        CARDS, "cards => cards.filter(c => c.dataset.area && c.dataset.area !== 'national')"
               ".map(c => c.id.replace('contact-', ''))"))


def open_aide(page, served_site):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served_site + "/aide/")
    page.locator("#aide-filtre").wait_for(state="visible")
    return requests


def test_filter_by_departement_then_postcode_then_clear(page, served_site):
    requests = open_aide(page, served_site)
    total = page.locator(CARDS).count()
    assert total >= 16 and len(visible_ids(page)) == total
    assert "gemppi" in local_ids(page)
    assert not [u for u in requests if "codes-postaux" in u], "la table des codes postaux ne doit être chargée qu’à la saisie"

    page.select_option("#aide-departement", "69")
    shown = visible_ids(page)
    assert "17" in shown and "119" in shown and "gemppi" not in shown
    assert len(shown) == total - len(local_ids(page))
    assert announced_count(page) == len(shown)
    assert "69 – Rhône" in page.locator("#aide-resultat").inner_text()

    page.fill("#aide-code-postal", "13001")
    page.wait_for_function("document.getElementById('aide-resultat').textContent.includes('13001')")
    shown = visible_ids(page)
    assert "gemppi" in shown and "17" in shown
    assert announced_count(page) == len(shown)
    assert page.input_value("#aide-departement") == "13"
    assert [u for u in requests if u.endswith("/aide/codes-postaux.json")]

    page.fill("#aide-code-postal", "69003")
    page.wait_for_function("document.getElementById('aide-resultat').textContent.includes('69003')")
    assert "gemppi" not in visible_ids(page)
    assert page.input_value("#aide-departement") == "69"

    page.fill("#aide-code-postal", "99999")
    page.locator("#aide-code-postal-messages .fr-message--error").wait_for()
    assert page.get_attribute("#aide-code-postal", "aria-invalid") == "true"

    page.get_by_role("button", name="Effacer le filtre").click()
    assert len(visible_ids(page)) == total
    assert "Filtre effacé" in page.locator("#aide-resultat").inner_text()
    assert announced_count(page) == total
    assert page.input_value("#aide-code-postal") == "" and page.input_value("#aide-departement") == ""

    # Privacy: nothing in the address, in storage or in cookies; no request to another host.
    assert page.url == served_site + "/aide/"
    stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert not re.search(r"13001|69003|99999|aide|departement", stored), stored
    assert page.context.cookies() == []
    assert [u for u in requests if not u.startswith(served_site)] == []
    assert page.console_errors == []


def test_keyboard_only(page, served_site):
    open_aide(page, served_site)
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "aide-departement":
            break
    else:
        pytest.fail("la liste « Votre département » n’est pas atteignable au clavier")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.input_value("#aide-departement") == "02"
    assert "02 – Aisne" in page.locator("#aide-resultat").inner_text()
    assert "gemppi" not in visible_ids(page)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "aide-code-postal"
    page.keyboard.type("13001")
    page.wait_for_function("document.getElementById('aide-resultat').textContent.includes('13001')")
    assert "gemppi" in visible_ids(page)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "aide-effacer"
    page.keyboard.press("Enter")
    assert "Filtre effacé" in page.locator("#aide-resultat").inner_text()
    assert page.console_errors == []


def test_without_javascript_everything_is_listed_by_departement(browser, served_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(served_site + "/aide/")
        assert not page.locator("#aide-filtre").is_visible()
        cards = page.locator(CARDS)
        assert cards.count() >= 16
        assert all(cards.nth(i).is_visible() for i in range(cards.count()))
        listing = page.locator("#par-departement")
        assert listing.is_visible()
        assert listing.locator("#partout-en-france").is_visible()
        heading = listing.locator("#departement-13")
        assert heading.is_visible() and "Bouches-du-Rhône (13)" in heading.inner_text()
        assert listing.locator("a[href='#contact-gemppi']").is_visible()
    finally:
        context.close()


def test_axe_core_finds_no_wcag21aa_violation(page, served_site):
    open_aide(page, served_site)
    inject_axe(page)
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})")
    violations = [f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
                  for v in result["violations"]]
    assert violations == []


def test_320px_wide_and_print(page, served_site):
    page.set_viewport_size({"width": 320, "height": 800})
    open_aide(page, served_site)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.select_option("#aide-departement", "13")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.emulate_media(media="print")
    assert not page.locator("#aide-filtre").is_visible()
    assert not page.locator("#par-departement").is_visible()
    assert not page.locator("#donnees-ouvertes").is_visible()
    assert page.locator("#contact-17").is_visible()
    assert page.console_errors == []
