"""The fact base as the content checks read it (plugins/fact_base.py): source addresses, penalty
tiers, where the file is found. Its rules on content are tested in test_content_rules.py and
test_contacts.py."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from plugins import fact_base

SAMPLE = """# Facts
## 1. The Miviludes
- Decree. [doctrine.fr/l/texts/decrets/JORFTEXT000000234077; ash.tm.fr/hebdo/2288]
- Official site: www.miviludes.interieur.gouv.fr. Former site: www.derives-sectes.gouv.fr. [mairesdefrance.com/m/article/print.php?id=1770; seed]
- Full report (PDF): http://www.derives-sectes.gouv.fr/sites/default/files/Rapport.pdf [seed]

| Year | Figure | Source |
|---|---|---|
| 2015 | 2 160 | lexisveille.fr/explosion-des-signalements; lessordelasecurite.org |
| 2016 | 2 300 | prefectures-regions.gouv.fr/ile-de-france/Region-et-institutions/Derives-sectaires OFF |

## 4. Law
- Abuse (art. 223-15-2 code pénal), per service-public.fr fiche F35140 [OFF]: 3 years and €375,000; 5 years and €750,000 as leader; 7 years and €1,000,000 as a gang. **CHECK** the current wording of the article: cite the penalties as above.
  - New offence (art. 223-15-3 code pénal): 3 years and €375,000; 5 years and €750,000 online. (The 7-year tier: **CHECK**.) [banquedesterritoires.fr/les-derives-sectaires]
  - New offence (art. 223-1-2 code pénal): 1 year and €30,000. (Penalty when followed by effect: **CHECK**.) [schwartz-associes.fr]
- 116 006: victimes@france-victimes.fr. [service-public.fr/particuliers/vosdroits/F35140 OFF]
"""


@pytest.fixture(scope="module")
def index() -> fact_base.FactIndex:
    return fact_base.parse(SAMPLE)


def test_precise_pages_by_site_without_www_and_in_file_order(index):
    assert index.pages["ash.tm.fr"] == ("https://ash.tm.fr/hebdo/2288",)
    assert index.pages["mairesdefrance.com"] == ("https://mairesdefrance.com/m/article/print.php?id=1770",)
    assert index.pages["derives-sectes.gouv.fr"] == (
        "http://www.derives-sectes.gouv.fr/sites/default/files/Rapport.pdf",)  # its own scheme kept
    assert index.pages["service-public.fr"] == ("https://service-public.fr/particuliers/vosdroits/F35140",)


def test_sites_given_as_a_domain_only(index):
    assert index.domains == {"lessordelasecurite.org", "schwartz-associes.fr", "miviludes.interieur.gouv.fr"}
    assert "france-victimes.fr" not in index.domains and "france-victimes.fr" not in index.pages  # an e-mail


def test_penalty_tiers_without_check_and_the_articles_with_a_checked_heavier_penalty(index):
    assert index.tiers == {"223-15-2": {3, 5, 7}, "223-15-3": {3, 5}, "223-1-2": {1}}
    assert index.uncertain == {"223-15-3", "223-1-2"}  # 223-15-2: its wording is CHECK, not a penalty
    assert index.highest_tier("223-15-2") == 7 and index.highest_tier("223-4") is None


@pytest.mark.parametrize("url, expected", [
    ("https://ash.tm.fr", ("https://ash.tm.fr/hebdo/2288",)),
    ("https://www.ash.tm.fr/", ("https://ash.tm.fr/hebdo/2288",)),
    ("https://prefectures-regions.gouv.fr/ile-de-france",  # a folder above the page: the portal's home
     ("https://prefectures-regions.gouv.fr/ile-de-france/Region-et-institutions/Derives-sectaires",)),
    ("https://prefectures-regions.gouv.fr/ile-de-france/Region-et-institutions/Derives-sectaires", ()),
    ("https://www.service-public.fr/particuliers/vosdroits/F31654", ()),  # another page of the site
    ("https://ash.tm.fr/?page=2", ()),
    ("https://lessordelasecurite.org", ()),  # the fact base gives no page of it
    ("https://exemple.fr/", ()),
    ("https://[", ()),
])
def test_precise_pages_of_a_home_page_or_a_folder(index, url, expected):
    assert index.precise_pages(url) == expected


def test_located_by_setting_then_environment_then_beside_the_repository(tmp_path, monkeypatch):
    setting, env, repo = tmp_path / "setting", tmp_path / "env", tmp_path / "a" / "repo"
    for folder in (setting, env, tmp_path / "a" / "shared"):
        folder.mkdir(parents=True)
        (folder / "facts.md").write_text(f"- [{folder.name}.fr/page]\n", encoding="utf-8")
    monkeypatch.setattr(fact_base, "ROOT", repo)
    monkeypatch.setenv("FACT_BASE_DIR", str(env))
    assert fact_base.locate(setting) == setting / "facts.md"
    assert set(fact_base.load(setting).pages) == {"setting.fr"}
    assert fact_base.locate(None) == env / "facts.md"
    monkeypatch.delenv("FACT_BASE_DIR")
    assert fact_base.locate(None) == tmp_path / "a" / "shared" / "facts.md"


def test_absent_fact_base_is_none(tmp_path, monkeypatch):
    monkeypatch.setattr(fact_base, "ROOT", tmp_path / "x" / "repo")
    monkeypatch.delenv("FACT_BASE_DIR", raising=False)
    assert fact_base.locate(tmp_path) is None and fact_base.load(tmp_path) is None
