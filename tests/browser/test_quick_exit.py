"""Quick exit « Quitter le site »: on every page, always on screen, by click, skip link or Shift ×3;
hides the page at once, replaces it in the history (location.replace), comes back clean.

The neutral site is answered locally (site_pages.fake_neutral_site): no request leaves 127.0.0.1.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from site_pages import (all_pages, fake_neutral_site, guard_requests, next_frames, page_file, quick_exit_url,
                        require, template_pages)


@pytest.fixture
def qe_page(browser, real_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    foreign: list[str] = []
    guard_requests(context, foreign)
    pg = context.new_page()
    pg.foreign = foreign
    pg.exit_url = quick_exit_url(real_site)
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    yield pg
    context.close()


def load(pg, url: str) -> None:
    pg.goto(url)
    pg.wait_for_load_state("networkidle")


def page_hidden(pg) -> bool:
    return pg.evaluate("getComputedStyle(document.body).display === 'none'")


# --- In the HTML of every page ------------------------------------------------------------------

def test_neutral_site_is_a_plain_https_address(real_site):
    url = quick_exit_url(real_site)
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.hostname and not parts.query and not parts.fragment
    assert "127.0.0.1" not in url and "miviludes" not in url and "secte" not in url


def test_every_page_has_the_button_the_skip_link_and_the_script(real_site):
    url = quick_exit_url(real_site)
    missing = []
    for path in all_pages(real_site):
        html = page_file(real_site, path).read_text(encoding="utf-8")
        links = re.findall(r"<a\b[^>]*\bdata-quick-exit\b[^>]*>", html)
        button = [a for a in links if 'id="quitter-le-site"' in a]
        skip = re.search(r'<div class="fr-skiplinks">.*?data-quick-exit.*?</div>', html, re.S)
        if len(button) != 1 or not skip or len(links) != 2:
            missing.append(f"{path} : bouton ou lien d’évitement « Quitter le site » absent")
        for a in links:
            if f'href="{url}"' not in a or "noreferrer" not in a:
                missing.append(f"{path} : lien de sortie sans href neutre ou sans rel=noreferrer : {a}")
        # js/quick-exit.js is the first part of the module bundle (ASSETS_BUNDLES): no request of its own.
        bundle = re.search(r"<script\b[^>]*\bsrc=\"([^\"]*/js/site\.bundle\.[0-9a-f]{8}\.js)\"", html)
        code = real_site / urlsplit(bundle.group(1)).path.lstrip("/") if bundle else None
        if not code or not code.is_file() or "[data-quick-exit]" not in code.read_text(encoding="utf-8"):
            missing.append(f"{path} : script de sortie rapide (js/quick-exit.js dans js/site.bundle.js) non chargé")
    assert missing == []


def test_safety_page_explains_the_button(real_site):
    """« Naviguer en sécurité » says what the button does and what it cannot do."""
    page = page_file(real_site, "/naviguer-en-securite/")
    assert page.is_file(), "page /naviguer-en-securite/ absente"
    text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
    for words in ("Quitter le site", "Maj", "historique", "navigation privée"):
        assert words in text, f"/naviguer-en-securite/ ne parle pas de « {words} »"


# --- In the browser ---------------------------------------------------------------------------

def test_button_replaces_the_page_from_each_kind_of_page(qe_page, served_site, real_site):
    """The markup is checked on every page above; the behaviour on one page per layout."""
    fake_neutral_site(qe_page.context, qe_page.exit_url)
    pages = template_pages(real_site)
    for template in ("accueil", "fiche", "aide", "recherche", "404"):
        if pages[template] is None:
            continue
        qe_page.goto(served_site + "/plan-du-site/", wait_until="load")
        qe_page.goto(served_site + pages[template], wait_until="load")
        length = qe_page.evaluate("history.length")
        qe_page.locator("#quitter-le-site").click()
        qe_page.wait_for_url(qe_page.exit_url)
        # location.replace: the page left the history (no new entry), Back does not show it again.
        assert qe_page.evaluate("history.length") == length, template
        qe_page.go_back(wait_until="load")
        assert qe_page.url == served_site + "/plan-du-site/", template
    # The 404 page's own status is reported in the console.
    errors = [e for e in qe_page.console_errors if "status of 404" not in e]
    assert errors == [] and qe_page.foreign == []


def test_page_is_hidden_at_once(qe_page, served_site):
    """Hidden before the neutral site answers (204 keeps the document: we look at it meanwhile)."""
    hits: list[str] = []
    fake_neutral_site(qe_page.context, qe_page.exit_url, hits, status=204)
    load(qe_page, served_site + "/")
    assert not page_hidden(qe_page)
    qe_page.locator("#quitter-le-site").click()
    qe_page.wait_for_function("document.documentElement.classList.contains('sortie-rapide-active')")
    assert page_hidden(qe_page)
    assert len(hits) == 1


def test_restored_while_quitting_stays_hidden_and_quits_again(qe_page, served_site):
    hits: list[str] = []
    fake_neutral_site(qe_page.context, qe_page.exit_url, hits, status=204)
    load(qe_page, served_site + "/")
    qe_page.locator("#quitter-le-site").click()
    qe_page.wait_for_function("document.documentElement.classList.contains('sortie-rapide-active')")
    # What the browser sends when it restores the page from the back/forward cache.
    qe_page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    next_frames(qe_page)  # the pageshow handler has run and its style is applied
    assert page_hidden(qe_page)
    for _ in range(50):  # the second visit of the neutral site (a request the route answers)
        if len(hits) >= 2:
            break
        next_frames(qe_page)
    assert len(hits) == 2


def test_back_and_forward_return_to_a_clean_state(qe_page, served_site):
    fake_neutral_site(qe_page.context, qe_page.exit_url)
    load(qe_page, served_site + "/")
    fiche = qe_page.locator("main .fr-card a").first.get_attribute("href")
    status = qe_page.locator("[data-quick-exit-count]")
    qe_page.keyboard.press("Shift")
    qe_page.keyboard.press("Shift")
    assert "2 sur 3" in status.text_content()
    qe_page.locator(f"a[href='{fiche}']").first.click()   # leave the home page mid-count
    qe_page.wait_for_url("**" + fiche)
    qe_page.keyboard.press("Shift")
    qe_page.keyboard.press("Shift")
    qe_page.keyboard.press("Shift")
    qe_page.wait_for_url(qe_page.exit_url)
    qe_page.go_back()                                      # the fiche was replaced: back to home
    assert qe_page.url == served_site + "/"
    assert not page_hidden(qe_page)
    assert status.text_content() == ""
    qe_page.keyboard.press("Shift")                        # the count restarted from zero
    assert "1 sur 3" in status.text_content()
    assert qe_page.url == served_site + "/"
    qe_page.go_forward()
    assert qe_page.url == qe_page.exit_url
    assert qe_page.console_errors == [] and qe_page.foreign == []


def test_shift_three_times_with_a_visible_announced_count(qe_page, served_site):
    fake_neutral_site(qe_page.context, qe_page.exit_url)
    load(qe_page, served_site + "/")
    status = qe_page.locator("[data-quick-exit-count]")
    assert status.get_attribute("role") == "status" and status.text_content() == ""
    length = qe_page.evaluate("history.length")
    qe_page.keyboard.press("Shift")
    assert status.is_visible() and "1 sur 3" in status.text_content()
    qe_page.keyboard.press("Shift")
    assert status.is_visible() and "2 sur 3" in status.text_content()
    qe_page.keyboard.press("Shift")
    qe_page.wait_for_url(qe_page.exit_url)
    assert qe_page.evaluate("history.length") == length


def test_count_resets_on_another_key_on_held_shift_and_after_five_seconds(qe_page, served_site):
    fake_neutral_site(qe_page.context, qe_page.exit_url)
    qe_page.clock.install()
    load(qe_page, served_site + "/")
    status = qe_page.locator("[data-quick-exit-count]")
    # Typing capitals (Shift + letter) never adds up to an exit.
    qe_page.keyboard.press("Shift")
    qe_page.keyboard.press("Shift")
    qe_page.keyboard.press("Shift+A")
    assert status.text_content() == ""
    qe_page.keyboard.press("Shift+B")
    qe_page.keyboard.press("Shift+C")
    assert status.text_content() == "" and qe_page.url == served_site + "/"
    # Holding Shift down counts once (auto-repeat ignored).
    qe_page.keyboard.down("Shift")
    qe_page.keyboard.down("Shift")
    qe_page.keyboard.down("Shift")
    qe_page.keyboard.up("Shift")
    assert "1 sur 3" in status.text_content()
    # Five seconds without a press: back to zero.
    qe_page.clock.run_for(5001)
    assert status.text_content() == ""
    qe_page.keyboard.press("Shift")
    assert "1 sur 3" in status.text_content()
    assert qe_page.url == served_site + "/"


@pytest.mark.parametrize("width", [320, 1280])
def test_button_stays_on_screen_and_above_the_menu(qe_page, served_site, real_site, width):
    fiche = require(template_pages(real_site)["fiche"], "fiche")
    qe_page.set_viewport_size({"width": width, "height": 640})
    load(qe_page, served_site + fiche)
    button = qe_page.locator("#quitter-le-site")
    on_top = """() => { const b = document.getElementById('quitter-le-site').getBoundingClientRect();
      const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      return b.top >= 0 && b.bottom <= innerHeight && b.left >= 0 && b.right <= innerWidth
             && !!hit && !!hit.closest('#quitter-le-site'); }"""
    for position in ("0", "document.body.scrollHeight / 2", "document.body.scrollHeight"):
        qe_page.evaluate(f"window.scrollTo(0, {position})")
        assert button.is_visible() and qe_page.evaluate(on_top), f"bouton caché (défilement {position})"
    if width == 320:
        qe_page.locator("#bouton-menu").click()
        qe_page.locator("#modal-menu .fr-nav__link").first.wait_for(state="visible")
        qe_page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        assert qe_page.evaluate(on_top), "bouton caché par le menu ouvert"


def test_works_without_javascript(browser, real_site, served_site):
    context = browser.new_context(java_script_enabled=False)
    guard_requests(context, [])
    exit_url = quick_exit_url(real_site)
    fake_neutral_site(context, exit_url)
    pg = context.new_page()
    pg.goto(served_site + "/")
    pg.locator("#quitter-le-site").click()
    pg.wait_for_url(exit_url)
    context.close()
