"""A real report page (/rapports/<slug>/) in headless Chromium: axe-core finds no WCAG 2.1 AA
violation, the download link says « PDF », and the browser's own printing keeps only the content."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from site_pages import inject_axe
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]


def report_url(site: Path) -> str:
    """URL of the first report page that offers a PDF download (else the first report page)."""
    pages = sorted((site / "rapports").glob("*/index.html"))
    assert pages, "aucune page de rapport dans le site construit (content/rapports/)"
    for page in pages:
        if "fr-link--download" in page.read_text(encoding="utf-8"):
            return f"/rapports/{page.parent.name}/"
    return f"/rapports/{pages[0].parent.name}/"


@pytest.fixture
def report_page(page, served_site, real_site):
    foreign = []

    def guard(route):  # nothing may leave 127.0.0.1
        if route.request.url.startswith((served_site, "data:", "blob:", "about:")):
            route.fallback()
        else:
            foreign.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(served_site + report_url(real_site))
    page.wait_for_load_state("networkidle")
    page.foreign = foreign
    return page


def test_report_page_has_no_axe_violation(report_page):
    report_page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    inject_axe(report_page)
    violations = report_page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                 .then(r => r.violations.map(v => v.id + ' (' + v.help + ') : '
                       + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')))""",
        AXE_TAGS)
    assert violations == []
    assert report_page.console_errors == []
    assert report_page.foreign == []


def test_report_download_link_says_pdf_with_its_detail(report_page):
    section = report_page.locator("section[aria-labelledby='telechargements']")
    assert section.count() == 1, ("aucun rapport ne propose de PDF à télécharger : ajoutez un "
                                  "« attachments: » à un fichier de content/rapports/")
    assert section.locator("h2").inner_text() == "Télécharger"
    link = section.locator("a.fr-link--download").first
    text = " ".join(link.inner_text().split())
    assert "PDF" in text
    detail = link.locator(".fr-link__detail").inner_text()
    assert re.match(r"^PDF( – .+)?$", detail.replace("\u00a0", " "))


def test_printing_keeps_the_content_only(report_page):
    report_page.emulate_media(media="print")
    for selector in (".fr-header", ".fr-footer", ".fr-breadcrumb", ".sortie-rapide", ".fr-search-bar",
                     ".proposer-modification", "#fr-theme-modal"):
        for element in report_page.locator(selector).all():
            assert not element.is_visible(), f"{selector} ne doit pas être imprimé"
    assert report_page.locator("main h1").is_visible()
    external = report_page.locator("main .corps a[href^='http'], main .sources a[href^='http']").first
    if external.count():
        after = external.evaluate("a => getComputedStyle(a, '::after').content")
        assert external.get_attribute("href") in after, "l’adresse d’un lien externe doit être imprimée"
    column = report_page.locator("main article > div").first
    assert column.bounding_box()["width"] >= report_page.locator("main").bounding_box()["width"] * 0.9
