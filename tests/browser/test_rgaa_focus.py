"""RGAA 7.3 and 12.x on the search UI of the real site, keyboard only, in Chromium: a script never
drops the focus to <body> (filter radios, « Afficher plus de résultats », on /recherche/ and in the
header panel), Down Arrow enters the header panel, the « Vouliez-vous dire » button is named by its
action (11.9), the panel's count is written after the panel is shown (7.5), and the « Menu » and
« Recherche » skip links reach a control below 992 px (12.7). Each test is cited by the grid.
"""
from __future__ import annotations

import json

import pytest

from site_pages import guard_requests

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}
FOCUS = """() => { const a = document.activeElement;
  return a ? {tag: a.tagName.toLowerCase(), type: a.type || '', id: a.id, checked: !!a.checked,
              text: (a.labels && a.labels[0] ? a.labels[0].textContent : a.textContent).trim(),
              href: a.getAttribute('href') || ''} : null; }"""
# Where the page's search field and its results live; the header panel is the same UI.
WHERE = {
    "page": ("/recherche/", "#recherche-page-input", "#recherche-resultats"),
    "panel": ("/", "#recherche-entete-input", "#recherche-entete-resultats"),
}


@pytest.fixture
def pg(browser):
    context = browser.new_context(viewport=WIDE, locale="fr-FR")
    foreign: list[str] = []
    guard_requests(context, foreign)
    page = context.new_page()
    yield page
    context.close()
    assert foreign == [], f"requêtes hors de 127.0.0.1 : {foreign}"


def open_search(pg, base: str, where: str, query: str = "emprise"):
    url, field_sel, results_sel = WHERE[where]
    pg.goto(base + url, wait_until="load")
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")
    field = pg.locator(field_sel)
    field.focus()
    field.type(query)
    # Enter searches at once (no debounce left pending): aria-busy is set before the key press
    # returns, so waiting for it to go means the whole query is drawn.
    field.press("Enter")
    drawn(pg, results_sel, "box.querySelector('li a') !== null")
    return field, pg.locator(results_sel)


def drawn(pg, results_sel: str, condition: str = "true") -> None:
    """Wait until the search widget has drawn (no aria-busy on its results box: set from a query, a
    filter or « Afficher plus » until every result is in the list) and `condition` holds (JS, with
    `box` the results box)."""
    pg.wait_for_function(f"""() => {{ const box = document.querySelector({json.dumps(results_sel)});
      return !!box && !box.hasAttribute('aria-busy') && ({condition}); }}""")


def focused(pg) -> dict:
    return pg.evaluate(FOCUS) or {}


def tab_to(pg, predicate, limit: int = 40) -> dict:
    for _ in range(limit):
        pg.keyboard.press("Tab")
        info = focused(pg)
        if predicate(info):
            return info
    raise AssertionError(f"focus jamais atteint ; dernier : {focused(pg)}")


@pytest.mark.parametrize("where", ["page", "panel"])
def test_filter_radio_keeps_focus(pg, served_site, where):
    _, results = open_search(pg, served_site, where)
    results.locator("fieldset input[type=radio]").first.wait_for()
    start = tab_to(pg, lambda f: f.get("type") == "radio")
    assert start["checked"] and start["text"].startswith("Tous"), start
    before = results.locator("ol.mvl-search__list > li").count()
    pg.keyboard.press("ArrowRight")
    # Filtered: the status says « … sur N » and the list is drawn again.
    drawn(pg, WHERE[where][2], "/ sur \\d/.test(box.querySelector('[role=status]').textContent)"
          " && box.querySelector('ol.mvl-search__list > li') !== null")
    after = focused(pg)
    assert after.get("type") == "radio" and after["checked"], f"focus perdu après le filtre : {after}"
    assert not after["text"].startswith("Tous"), after
    status = results.locator("[role=status]").inner_text()
    assert "sur" in status, status  # the list is filtered: « n résultats (Type) sur N »
    assert results.locator("ol.mvl-search__list > li").count() <= before
    # Back to « Tous »: focus still on the checked radio.
    pg.keyboard.press("ArrowLeft")
    drawn(pg, WHERE[where][2], "!/ sur \\d/.test(box.querySelector('[role=status]').textContent)")
    back = focused(pg)
    assert back.get("type") == "radio" and back["checked"] and back["text"].startswith("Tous"), back


@pytest.mark.parametrize("where", ["page", "panel"])
def test_more_results_moves_focus_to_first_new_result(pg, served_site, where):
    _, results = open_search(pg, served_site, where, "dérive")
    more = results.locator("button.mvl-search__more")
    more.wait_for()
    shown = results.locator("ol.mvl-search__list > li").count()
    more.focus()
    pg.keyboard.press("Enter")
    drawn(pg, WHERE[where][2], f"box.querySelectorAll('ol.mvl-search__list > li').length > {shown}"
          " && !box.querySelector('button.mvl-search__more[aria-disabled]')")
    info = focused(pg)
    first_new = results.locator("ol.mvl-search__list > li").nth(shown).locator("a")
    assert info.get("tag") == "a", f"focus perdu après « Afficher plus » : {info}"
    assert info["href"] == first_new.get_attribute("href"), (info, first_new.get_attribute("href"))
    # The next Tab goes on through the new results, not back to the start of the page.
    pg.keyboard.press("Tab")
    nxt = focused(pg)
    assert nxt.get("href") == results.locator("ol.mvl-search__list > li").nth(shown + 1).locator("a").get_attribute("href"), nxt


def test_down_arrow_enters_the_panel(pg, served_site):
    field, results = open_search(pg, served_site, "panel")
    assert field.get_attribute("type") == "text" and field.get_attribute("role") == "combobox"
    field.press("ArrowDown")
    info = focused(pg)
    inside = pg.evaluate("() => document.getElementById('recherche-entete-resultats').contains(document.activeElement)")
    assert inside and info.get("tag") in ("a", "button", "input"), info
    pg.keyboard.press("Escape")
    assert focused(pg).get("id") == "recherche-entete-input"


@pytest.mark.parametrize("where", ["page", "panel"])
def test_suggestion_button_is_named_by_its_action(pg, served_site, where):
    _, results = open_search(pg, served_site, where, "emprize")
    button = results.locator(".mvl-search__suggest button")
    button.wait_for()
    # The visible text says the action (so the accessible name is the label in view: 2.5.3 too).
    text = button.inner_text().strip()
    assert text == "Rechercher « emprise » à la place", text
    assert pg.evaluate("(b) => b.getAttribute('aria-label')", button.element_handle()) is None
    snapshot = results.aria_snapshot()
    assert 'button "Rechercher « emprise » à la place"' in snapshot, snapshot


def test_panel_count_written_after_panel_is_shown(pg, served_site):
    pg.goto(served_site + "/", wait_until="load")
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")
    pg.evaluate("""() => {
      const panel = document.getElementById('recherche-entete-resultats');
      window.__log = [];
      new MutationObserver((records) => { for (const r of records) {
        const status = panel.querySelector('[role=status]');
        if (r.type === 'attributes' && r.target === panel && r.attributeName === 'hidden') window.__log.push(['panel', !panel.hidden, performance.now()]);
        else if (r.type !== 'attributes' && status && status.contains(r.target) && status.textContent) window.__log.push(['status', status.textContent, performance.now()]);
      } }).observe(panel, {attributes: true, childList: true, subtree: true, characterData: true});
    }""")
    field = pg.locator("#recherche-entete-input")
    for attempt in range(2):  # the second time the index is loaded: the result comes at once
        field.focus()
        field.fill("emprise")
        pg.locator("#recherche-entete-resultats li a").first.wait_for()
        # The count is written (later than the panel, on purpose): wait for it in the log.
        drawn(pg, "#recherche-entete-resultats",
              "window.__log.some((e) => e[0] === 'status' && /résultat/.test(e[1]))")
        log = pg.evaluate("window.__log")
        shown = [t for kind, value, t in log if kind == "panel" and value]
        statuses = [(value, t) for kind, value, t in log if kind == "status"]
        assert shown and statuses, log
        assert statuses[-1][1] - shown[-1] >= 200, f"compte écrit {statuses[-1][1] - shown[-1]:.0f} ms après l’ouverture"
        assert "résultat" in statuses[-1][0]
        field.press("Escape")
        pg.locator("#recherche-entete-resultats").wait_for(state="hidden")
        field.fill("")
        pg.evaluate("window.__log = []")


@pytest.mark.parametrize("label,target", [("Menu", "bouton-menu"), ("Recherche", "bouton-recherche")])
def test_skip_links_reach_a_control_below_992px(pg, served_site, label, target):
    pg.set_viewport_size({"width": 375, "height": 800})
    pg.goto(served_site + "/fiches/", wait_until="load")
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")
    link = pg.locator(".fr-skiplinks a:visible", has_text=label)
    assert link.count() == 1
    link.focus()
    pg.keyboard.press("Enter")
    pg.wait_for_function("(id) => document.activeElement && document.activeElement.id === id", arg=target)
    info = focused(pg)
    assert info.get("id") == target, info
    assert pg.locator("#" + target).is_visible()
    pg.keyboard.press("Enter")  # opens the modal that holds the menu / the search field
    modal = pg.locator("#modal-menu" if label == "Menu" else "#modal-recherche")
    pg.wait_for_function("(m) => m.classList.contains('fr-modal--opened')", arg=modal.element_handle())
