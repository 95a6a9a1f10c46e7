"""Keyboard-only journeys in real Chromium (RGAA 12.7, 12.13, 10.7): skip link, mobile menu, search,
help-directory filter, quick exit; the focus is visible at every stop."""
from __future__ import annotations

import pytest

from site_pages import fake_neutral_site, guard_requests, quick_exit_url, require, search_ready, template_pages

FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    id: el.id, tag: el.tagName.toLowerCase(), text: (el.textContent || el.value || '').trim().slice(0, 40),
    href: el.getAttribute('href'),
    // DSFR draws the ring on the element, or on its ::before covering a card/tile (fr-enlarge-link).
    outline: [style, getComputedStyle(el, '::before'), getComputedStyle(el, '::after')]
      .filter(s => s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1)
      .map(s => s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor).join(' ; '),
    shadow: style.boxShadow !== 'none' ? style.boxShadow : '',
    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && parseFloat(style.opacity) > 0,
    inViewport: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    focusVisible: el.matches(':focus-visible'),
  };
}"""


@pytest.fixture
def kb_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    foreign: list[str] = []
    guard_requests(context, foreign)
    pg = context.new_page()
    pg.foreign = foreign
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()


def load(pg, url: str) -> None:
    pg.goto(url)
    pg.wait_for_load_state("networkidle")
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")


def focused(pg) -> dict | None:
    return pg.evaluate(FOCUS_JS)


def tab_until(pg, predicate, limit: int = 80, key: str = "Tab") -> dict:
    for _ in range(limit):
        pg.keyboard.press(key)
        info = focused(pg)
        if info and predicate(info):
            return info
    raise AssertionError(f"élément jamais atteint au clavier en {limit} tabulations")


@pytest.mark.parametrize("template", ["accueil", "fiche", "aide", "recherche", "404"])
def test_focus_is_always_visible(kb_page, served_site, real_site, template):
    """Every Tab stop of the page, in order, shows a focus ring and is on screen."""
    path = require(template_pages(real_site)[template], template)
    load(kb_page, served_site + path)
    problems, seen = [], []
    for _ in range(250):
        kb_page.keyboard.press("Tab")
        info = focused(kb_page)
        if info is None:
            break
        key = (info["id"], info["tag"], info["text"], info["href"])
        if seen and key == seen[0]:
            break
        seen.append(key)
        label = f"{info['tag']}#{info['id']} « {info['text']} »"
        if not (info["outline"] or info["shadow"]):
            problems.append(f"{label} : pas d’indicateur de focus visible")
        if not info["visible"] or not info["inViewport"]:
            problems.append(f"{label} : reçoit le focus sans être visible à l’écran")
    assert len(seen) > 10, "trop peu d’éléments atteints au clavier"
    assert problems == [], f"{path} :\n" + "\n".join(problems)


def test_skip_link_leads_to_content(kb_page, served_site, real_site):
    path = require(template_pages(real_site)["fiche"], "fiche")
    load(kb_page, served_site + path)
    kb_page.keyboard.press("Tab")
    info = focused(kb_page)
    assert info["text"] == "Contenu" and info["href"] == "#contenu"
    assert info["visible"] and info["inViewport"] and info["outline"]
    kb_page.keyboard.press("Enter")
    assert kb_page.evaluate("document.activeElement.id") == "contenu"
    # The next Tab stop is inside the main content, not back in the header.
    kb_page.keyboard.press("Tab")
    assert kb_page.evaluate("document.getElementById('contenu').contains(document.activeElement)")
    assert kb_page.console_errors == []


def test_mobile_menu_by_keyboard(kb_page, served_site):
    kb_page.set_viewport_size({"width": 375, "height": 800})
    load(kb_page, served_site + "/")
    tab_until(kb_page, lambda i: i["id"] == "bouton-menu")
    kb_page.keyboard.press("Enter")
    kb_page.locator("#modal-menu .fr-nav__link").first.wait_for(state="visible")
    info = tab_until(kb_page, lambda i: i["tag"] == "a" and i["href"] == "/fiches/", limit=20)
    assert info["visible"] and info["inViewport"] and info["outline"]
    # Focus stays in the open menu (DSFR focus trap) and Escape closes it, back on the menu button.
    kb_page.keyboard.press("Escape")
    kb_page.locator("#modal-menu .fr-nav__link").first.wait_for(state="hidden")
    assert kb_page.evaluate("document.activeElement.id") == "bouton-menu"
    # Enter on a menu link follows it.
    kb_page.keyboard.press("Enter")
    kb_page.locator("#modal-menu .fr-nav__link").first.wait_for(state="visible")
    tab_until(kb_page, lambda i: i["tag"] == "a" and i["href"] == "/fiches/", limit=20)
    kb_page.keyboard.press("Enter")
    kb_page.wait_for_url("**/fiches/")
    assert kb_page.console_errors == [] and kb_page.foreign == []


def test_search_and_open_a_result_by_keyboard(kb_page, served_site, real_site):
    if not search_ready(real_site):
        pytest.skip("recherche absente : /recherche/ ne charge pas de script de recherche "
                    "(à réactiver quand la recherche existe)")
    load(kb_page, served_site + "/recherche/")
    tab_until(kb_page, lambda i: i["tag"] == "input" and kb_page.evaluate(
        "document.activeElement.type === 'search' && document.getElementById('contenu').contains(document.activeElement)"))
    kb_page.keyboard.type("emprise")
    kb_page.keyboard.press("Enter")
    kb_page.locator("main [data-search-results] a").first.wait_for(state="visible")
    first = kb_page.locator("main [data-search-results] a").first.get_attribute("href")
    info = tab_until(kb_page, lambda i: i["tag"] == "a" and kb_page.evaluate(
        "document.querySelector('main [data-search-results]').contains(document.activeElement)"), limit=30)
    assert info["href"] == first and info["outline"]
    kb_page.keyboard.press("Enter")
    kb_page.wait_for_url(served_site + first)
    assert "?" not in kb_page.url, "la requête ne doit jamais apparaître dans l’adresse"
    assert kb_page.console_errors == [] and kb_page.foreign == []


def test_filter_the_help_directory_by_keyboard(kb_page, served_site, real_site):
    path = require(template_pages(real_site)["aide"], "aide")
    load(kb_page, served_site + path)
    control = kb_page.locator("main select, main input:not([type=search]):not([type=hidden])").first
    if control.count() == 0:
        pytest.skip("page /aide/ sans champ de filtre (à réactiver quand le filtre existe)")
    control_id = control.get_attribute("id")
    assert control_id, "le champ de filtre doit avoir un id (et un label associé)"
    tab_until(kb_page, lambda i: i["id"] == control_id, limit=120)
    visible_before = kb_page.locator("main .fr-card:visible, main [data-area]:visible").count()
    if control.evaluate("el => el.tagName") == "SELECT":
        kb_page.keyboard.press("ArrowDown")
        kb_page.keyboard.press("Enter")
    else:
        kb_page.keyboard.type("69003")
        kb_page.keyboard.press("Enter")
    kb_page.wait_for_function(
        "before => document.querySelectorAll('main .fr-card, main [data-area]').length === 0 ||"
        " [...document.querySelectorAll('main .fr-card, main [data-area]')]"
        "   .filter(e => e.offsetParent !== null).length !== before", arg=visible_before)
    # A filter never takes the reader away from the page, and the query stays out of the address.
    assert kb_page.url.split("?")[0].endswith(path) and "69003" not in kb_page.url
    assert kb_page.console_errors == [] and kb_page.foreign == []


def test_quick_exit_by_keyboard_from_the_skip_links(kb_page, served_site, real_site):
    exit_url = quick_exit_url(real_site)
    fake_neutral_site(kb_page.context, exit_url)
    load(kb_page, served_site + "/")
    kb_page.keyboard.press("Tab")
    kb_page.keyboard.press("Tab")
    info = focused(kb_page)
    assert info["text"] == "Quitter le site" and info["visible"] and info["outline"]
    length = kb_page.evaluate("history.length")
    kb_page.keyboard.press("Enter")
    kb_page.wait_for_url(exit_url)
    assert kb_page.evaluate("history.length") == length
