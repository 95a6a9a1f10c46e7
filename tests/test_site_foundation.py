"""The real site builds, every page has the DSFR frame, mandatory pages exist, assets are local."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

MANDATORY = ["index.html", "404.html", "accessibilite/index.html", "mentions-legales/index.html",
             "donnees-personnelles/index.html", "gestion-des-cookies/index.html",
             "plan-du-site/index.html", "fiches/index.html", "prevention/index.html",
             "rapports/index.html", "recherche/index.html", "aide/index.html", "a-propos/index.html"]


class Assets(HTMLParser):
    """Collects URLs the browser would fetch on its own (not plain navigation links)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.urls.append(a["href"])
        if tag == "use" and a.get("href"):
            self.urls.append(a["href"])


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_real_site_has_every_mandatory_page(real_site):
    missing = [p for p in MANDATORY if not (real_site / p).is_file()]
    assert missing == []


@pytest.mark.parametrize("needle", [
    'class="fr-skiplinks"', 'href="#contenu"', 'href="#navigation-principale"',
    'href="#recherche-entete-input"', 'href="#pied-de-page"', 'class="fr-header"',
    'République<br>française', 'class="fr-footer"', "Accessibilité : ",  # state: tests/plugins/test_accessibility_audit.py
    "mentions légales</a>", 'id="fr-theme-modal"', 'data-search-input'])
def test_every_page_has_the_dsfr_frame(real_site, needle):
    pages = html_pages(real_site)
    assert len(pages) >= 10
    without = [str(p.relative_to(real_site)) for p in pages if needle not in p.read_text(encoding="utf-8")]
    assert without == []


def test_every_page_is_in_french_and_loads_only_local_assets(real_site):
    for path in html_pages(real_site):
        parser = Assets()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.html_lang == "fr", path
        remote = [u for u in parser.urls if re.match(r"^(https?:)?//", u)]
        assert remote == [], f"{path}: ressources externes {remote}"


def test_css_refers_only_to_local_files(real_site):
    for css in real_site.rglob("*.css"):
        for ref in re.findall(r"url\(['\"]?([^)'\"]+)", css.read_text(encoding="utf-8")):
            assert not re.match(r"^(https?:)?//", ref), f"{css}: {ref}"


def test_main_navigation_lists_the_five_sections(real_site):
    html = (real_site / "index.html").read_text(encoding="utf-8")
    for label in ["Comprendre", "Se protéger", "Trouver de l’aide", "Rapports et publications", "À propos"]:
        assert f">{label}</a>" in html


def test_urls_are_french_and_end_with_a_slash(real_site):
    fiches = sorted((real_site / "fiches").glob("*/index.html"))
    assert fiches, "aucune fiche publiée"
    html = (real_site / "fiches" / "index.html").read_text(encoding="utf-8")
    for fiche in fiches:
        assert f'href="/fiches/{fiche.parent.name}/"' in html


def test_site_map_lists_every_content_page(real_site):
    plan = (real_site / "plan-du-site" / "index.html").read_text(encoding="utf-8")
    for section in ("fiches", "prevention", "rapports"):
        for page in (real_site / section).glob("*/index.html"):
            assert f'href="/{section}/{page.parent.name}/"' in plan


def test_failed_build_keeps_previous_output_untouched(fixture_site, tmp_path):
    good = {"fiches/a.md": "---\ntitle: A\nsummary: Résumé.\ndate: 2026-11-28\n---\nTexte.\n"}
    errors, out, _ = fixture_site(good)
    assert errors == []
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (tmp_path / "content" / "fiches" / "b.md").write_text("---\ntitle: B\n---\nTexte.\n", encoding="utf-8")
    errors, out, _ = fixture_site({})
    assert errors, "un fichier invalide doit faire échouer la construction"
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob("output.tmp-*")), "le dossier temporaire doit être supprimé"


def test_report_listing_is_newest_period_first(real_site):
    html = (real_site / "rapports" / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'href="/rapports/([^"/]+)/"', html)
    assert order[:4] == ["rapport-2022-2024", "rapport-2018-2020", "chiffres-2015-2016", "rapport-2013-2014"]
