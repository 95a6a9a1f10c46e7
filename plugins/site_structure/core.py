"""Pure helpers: dates block, breadcrumbs and per-type display values."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from plugins.common.dates import date_fr  # noqa: F401 - the `date_fr` filter of the templates
from plugins.common.rules.references import unresolved_message  # noqa: F401 - shared with the editor


@dataclass(frozen=True)
class SourceLink:
    """One entry of a page's « Sources », resolved (`item.source_links`; `item.sources` stays the front
    matter's list): an external address (`url`), a page of this site (`page_url`), or a title alone."""
    title: str
    url: str = ""
    page_url: str = ""


def breadcrumbs(section: dict | None, section_url: str | None, title: str) -> list[tuple[str, str | None]]:
    """Home > section > page; the last crumb has no URL (current page)."""
    crumbs: list[tuple[str, str | None]] = [("Accueil", "/")]
    if section and section_url:
        crumbs.append((section["label"], section_url))
    crumbs.append((title, None))
    return crumbs


def edit_url(base: str, source_relpath: str) -> str:
    """Forge URL of a source file; spaces and accents of file names are percent-encoded."""
    return base.rstrip("/") + "/" + quote(source_relpath.replace("\\", "/").lstrip("/"), safe="/")


def dates_block(date, updated, review_by) -> dict:
    """Display values for « Publié le », « Mis à jour le », « Vérifiée le »."""
    block = {"published": date_fr(date), "published_iso": date.date().isoformat() if date else ""}
    if updated and (not date or updated.date() != date.date()):
        block["updated"] = date_fr(updated)
        block["updated_iso"] = updated.date().isoformat()
    if "updated" in block:
        block["last_change"] = f"Mis à jour le {block['updated']}"
    else:
        block["last_change"] = f"Publié le {block['published']}"
    if review_by:
        checked = updated or date
        block["verified"] = date_fr(checked)
        block["verified_iso"] = checked.date().isoformat() if checked else ""
    return block


def site_map(sections: dict, articles: list, pages: list) -> list[dict]:
    """Groups for the site map: one per section (in SECTIONS order), then the pages."""
    groups = []
    for key, section in sections.items():
        entries = sorted((a for a in articles if a.category.slug == key), key=lambda a: a.title.casefold())
        groups.append({"id": key, "label": section["label"], "url": f"/{key}/",
                       "entries": [{"title": a.title, "url": a.url} for a in entries]})
    groups.append({"id": "pages", "label": "Informations", "url": None,
                   "entries": [{"title": p.title, "url": p.url}
                               for p in sorted(pages, key=lambda p: p.title.casefold())]})
    return groups


def latest(articles: list, count: int) -> list:
    """Most recently updated (or published) articles, newest first, ties by title."""
    def key(a):
        # Compare calendar days: `date` is timezone-aware, `updated` comes naive from YAML.
        when = a.metadata.get("updated") or a.date
        return (when.date(), a.title)
    return sorted(articles, key=key, reverse=True)[:count]


def period_end(period: str | None) -> int | None:
    """Last year of a report period: « 2022-2024 » -> 2024, « 2015 » -> 2015."""
    if not period:
        return None
    return int(str(period).split("-")[-1])


def content_order_key(item) -> tuple:
    """ARTICLE_ORDER_BY: newest first; report summaries by the end of the period they cover."""
    end = period_end(getattr(item, "metadata", {}).get("period"))
    when = dt.date(end, 12, 31) if end else item.date.date()
    return (-when.toordinal(), item.title.casefold())
