"""Every page of the real site is valid HTML for the Nu Html Checker (RGAA 8.2): zero errors.

vnu.jar comes from the npm package vnu-jar (devDependency, package-lock.json) and runs on the system
Java (`make test` installs it when missing). One JVM checks all pages at once.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(real_site):
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java est requis pour le validateur HTML : « make test » l’installe (default-jre-headless).")
    assert VNU.is_file(), "vnu.jar absent : lancez « npm ci »."
    pages = sorted(str(p) for p in real_site.rglob("*.html"))
    assert pages
    run = subprocess.run([java, "-Xss2m", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                         capture_output=True, text=True, timeout=600)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [f"{re.sub(r'^file:/*', '/', m.get('url', '')).replace(str(real_site.resolve()) + '/', '')}:{m.get('lastLine', '?')}: {m.get('message')}"
              f"  « {m.get('extract', '').strip()[:100]} »"
              for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    assert errors == [], f"{len(errors)} erreur(s) HTML :\n" + "\n".join(errors[:60])


# The DOM after scripts (RGAA 8.2 applies to the page as the reader gets it): every page of the audit
# sample once its scripts ran, plus the states scripts create (header panel open with results and a
# suggestion, /recherche/ filtered, /aide/ filtered), serialized from Chromium and checked by vnu.
SCRIPTED_STATES = {
    # name: (page, [(action, condition the action is over: waited for, never a fixed delay), …])
    "panneau-entete": ("/", [("""() => {
        const f = document.getElementById('recherche-entete-input'); f.focus(); f.value = 'emprize';
        f.dispatchEvent(new Event('input', {bubbles: true}));
    }""", """() => {
        const box = document.getElementById('recherche-entete-resultats');
        return !!box.querySelector('li a') && !box.hasAttribute('aria-busy');
    }""")]),
    "recherche-filtree": ("/recherche/", [("""() => {
        const f = document.getElementById('recherche-page-input'); f.focus(); f.value = 'dérive';
        f.dispatchEvent(new Event('input', {bubbles: true}));
    }""", """() => {
        const box = document.getElementById('recherche-resultats');
        return box.querySelectorAll('fieldset input[type=radio]').length > 1 && !box.hasAttribute('aria-busy');
    }"""), ("""() => {
        const radio = document.querySelectorAll('#recherche-resultats fieldset input[type=radio]')[1];
        window.__filtre = radio.value;
        radio.click();
    }""", """() => {
        const badges = [...document.querySelectorAll('#recherche-resultats .mvl-search__badge')];
        return badges.length > 0 && badges.every((b) => b.classList.contains('mvl-search__badge--' + window.__filtre));
    }""")]),
    "aide-filtree": ("/aide/", [("""() => {
        const s = document.getElementById('aide-departement'); s.value = '69';
        s.dispatchEvent(new Event('change', {bubbles: true}));
    }""", """() => document.getElementById('aide-resultat').textContent.includes(' pour ')""")]),
}


@pytest.mark.browser
def test_dom_after_scripts_is_valid_html(real_site, served_site, browser, tmp_path):
    from site_pages import audit_pages

    java = shutil.which("java")
    if java is None:
        pytest.fail("Java est requis pour le validateur HTML : « make test » l’installe (default-jre-headless).")
    assert VNU.is_file(), "vnu.jar absent : lancez « npm ci »."
    jobs = [(f"echantillon-{i}", url, []) for i, (_, url) in enumerate(audit_pages())]
    jobs += [(name, url, steps) for name, (url, steps) in SCRIPTED_STATES.items()]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    files = []
    try:
        page = context.new_page()
        for name, url, steps in jobs:
            page.goto(served_site + url, wait_until="load")
            page.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")
            page.locator("#recherche-entete-input").focus()  # the search UI sets its ARIA on first focus
            page.locator("body").press("Tab")
            for action, done in steps:
                page.evaluate(action)
                page.wait_for_function(done, timeout=30_000)
            html = page.evaluate("() => '<!DOCTYPE html>\\n' + document.documentElement.outerHTML")
            path = tmp_path / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            files.append(str(path))
    finally:
        context.close()
    assert any("role=\"combobox\"" in Path(f).read_text(encoding="utf-8") for f in files), "scripts non exécutés"
    run = subprocess.run([java, "-Xss2m", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True, timeout=600)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')}  « {m.get('extract', '').strip()[:100]} »"
              for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    assert errors == [], f"{len(errors)} erreur(s) HTML après scripts :\n" + "\n".join(errors[:60])
