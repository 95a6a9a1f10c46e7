"""Pure helpers of plugins/site_structure: French dates, breadcrumbs, date block."""
from __future__ import annotations

import datetime as dt

from plugins.site_structure import core


def test_date_fr_uses_french_months_and_first_day_ordinal():
    assert core.date_fr(dt.date(2026, 11, 28)) == "28\u00a0novembre 2026"
    assert core.date_fr(dt.date(2024, 5, 1)) == "1er\u00a0mai 2024"
    assert core.date_fr(dt.date(2025, 8, 5)) == "5\u00a0août 2025"
    assert core.date_fr(None) == ""


def test_breadcrumbs_end_with_the_current_page_without_link():
    section = {"label": "Fiches pratiques"}
    assert core.breadcrumbs(section, "/fiches/", "L’emprise") == [
        ("Accueil", "/"), ("Fiches pratiques", "/fiches/"), ("L’emprise", None)]
    assert core.breadcrumbs(None, None, "À propos") == [("Accueil", "/"), ("À propos", None)]


def test_dates_block_shows_update_and_verification_only_when_relevant():
    published = dt.datetime(2026, 11, 28)
    only = core.dates_block(published, None, None)
    assert only["published"] == "28\u00a0novembre 2026" and only["published_iso"] == "2026-11-28"
    assert "updated" not in only and "verified" not in only
    assert only["last_change"] == "Publié le 28\u00a0novembre 2026"
    updated = dt.datetime(2026, 12, 3)
    full = core.dates_block(published, updated, dt.datetime(2027, 12, 1))
    assert full["updated"] == "3\u00a0décembre 2026"
    assert full["verified_iso"] == "2026-12-03"
    assert full["last_change"] == "Mis à jour le 3\u00a0décembre 2026"
    same_day = core.dates_block(published, published, None)
    assert "updated" not in same_day


def test_edit_url_points_to_the_source_file():
    assert core.edit_url("https://forge.example/repo/edit/main/", "content/fiches/emprise.md") == \
        "https://forge.example/repo/edit/main/content/fiches/emprise.md"


def test_period_end_reads_the_last_year_of_a_report_period():
    assert core.period_end("2022-2024") == 2024
    assert core.period_end("2015") == 2015
    assert core.period_end(None) is None


def test_reports_are_ordered_by_the_end_of_their_period_newest_first():
    class Item:
        def __init__(self, title, period=None, date=dt.datetime(2026, 11, 28)):
            self.title, self.date, self.metadata = title, date, ({"period": period} if period else {})
    items = [Item("B", "2013-2014"), Item("A", "2022-2024"), Item("C", "2015-2016"), Item("D", "2018-2020")]
    assert [i.title for i in sorted(items, key=core.content_order_key)] == ["A", "D", "C", "B"]
    fiches = [Item("old", date=dt.datetime(2025, 1, 1)), Item("new", date=dt.datetime(2026, 1, 1))]
    assert [i.title for i in sorted(fiches, key=core.content_order_key)] == ["new", "old"]
