"""The pages' own CSP <meta> tag, enforced (issue 20: hosts that ignore `_headers`, such as GitHub
Pages, still give readers the policy). The shared test browser bypasses CSP for the tests' own tooling
(tests/conftest.py); here a browser of its own enforces it, the site served by the plain static test
server, which sends no security header: only the <meta> policy applies."""
from __future__ import annotations

from site_pages import all_pages, launch_isolated

VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
}, true);
"""


def _page(browser):
    isolated = launch_isolated(browser)
    context = isolated.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.add_init_script(VIOLATIONS)
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return isolated, pg


def test_every_page_works_under_its_meta_policy_alone(browser, served_site, real_site):
    isolated, pg = _page(browser)
    try:
        problems = []
        for path in all_pages(real_site):
            pg.errors.clear()
            response = pg.goto(served_site + path, wait_until="load")
            assert "content-security-policy" not in (response.headers if response else {})  # meta only
            has_meta = pg.evaluate("!!document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')")
            violations = pg.evaluate("window.__cspViolations")
            if not has_meta or violations or pg.errors:
                problems.append((path, has_meta, violations, pg.errors[:3]))
        assert problems == []
    finally:
        isolated.close()


def test_search_answers_under_the_meta_policy(browser, served_site, real_site):
    isolated, pg = _page(browser)
    try:
        pg.goto(served_site + "/recherche/", wait_until="load")
        field = pg.locator("#recherche-page-input")
        field.fill("emprise mentale")
        pg.wait_for_function("() => document.querySelectorAll('#recherche-resultats a[href*=\"/fiches/\"]').length > 0")
        assert pg.evaluate("window.__cspViolations") == [] and pg.errors == []
    finally:
        isolated.close()
