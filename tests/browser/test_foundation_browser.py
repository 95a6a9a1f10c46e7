"""Home page in real Chromium: no console error, dark scheme persists, mobile menu opens."""
from __future__ import annotations


def test_home_renders_without_console_error(page, served_site):
    page.goto(served_site + "/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()
    assert page.console_errors == []


def test_dark_scheme_is_applied_and_persists_across_pages(page, served_site):
    page.goto(served_site + "/")
    page.wait_for_load_state("networkidle")
    page.locator("footer button[aria-controls='fr-theme-modal']").click()
    page.locator("label[for='fr-radios-theme-dark']").click()
    page.wait_for_function("document.documentElement.getAttribute('data-fr-theme') === 'dark'")
    page.goto(served_site + "/plan-du-site/")
    # Applied before first paint by js/scheme.js: check right after the document is parsed.
    page.wait_for_load_state("domcontentloaded")
    assert page.evaluate("document.documentElement.getAttribute('data-fr-theme')") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    assert page.console_errors == []


def test_mobile_menu_opens_at_375px(page, served_site):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(served_site + "/")
    page.wait_for_load_state("networkidle")
    nav_link = page.locator("#modal-menu .fr-nav__link").first
    assert not nav_link.is_visible()
    page.locator("#bouton-menu").click()
    nav_link.wait_for(state="visible")
    assert page.locator("#bouton-menu").get_attribute("data-fr-opened") == "true" or nav_link.is_visible()
    assert page.console_errors == []
