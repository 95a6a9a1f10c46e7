"""What the /aide/ page displays: ordered sections, and the listing by département (no JavaScript)."""
from __future__ import annotations

from collections.abc import Iterable

from plugins.common.rules.geo import departement_sort_key
from .model import Contact, Section

# Emergency numbers, in this order, at the top of the page.
EMERGENCY_ORDER = ("17", "112", "114", "15")

# (anchor, title, kinds, intro) in page order. Only facts from the fact base in the intros.
PAGE_SECTIONS = (
    ("urgences", "En cas d’urgence", ("urgence",),
     "En cas de danger immédiat, appelez les secours. Ces numéros sont gratuits."),
    ("ecoute", "Lignes d’écoute nationales", ("ecoute-nationale",), ""),
    ("informer-la-miviludes", "Informer la Miviludes", ("signalement",), ""),
    ("associations", "Associations et services", ("association", "service-public"), ""),
)


def _emergency_key(contact: Contact, position: int) -> tuple[int, int]:
    if contact.id in EMERGENCY_ORDER:
        return (EMERGENCY_ORDER.index(contact.id), position)
    return (len(EMERGENCY_ORDER), position)


def group_for_page(contacts: Iterable[Contact]) -> list[Section]:
    """Ordered sections of /aide/: emergencies (17, 112, 114, 15), national listening lines,
    « Informer la Miviludes » (forms), associations and services. Within a section: file order
    (emergencies: the fixed order above). Empty sections are left out."""
    contacts = list(contacts)
    sections = []
    for anchor, title, kinds, intro in PAGE_SECTIONS:
        members = [(i, c) for i, c in enumerate(contacts) if c.kind in kinds]
        if anchor == "urgences":
            members.sort(key=lambda item: _emergency_key(item[1], item[0]))
        if members:
            sections.append(Section(anchor, title, tuple(c for _, c in members), intro))
    return sections


def area_label(contact: Contact, departements: Iterable[tuple[str, str]] = ()) -> str:
    """« Toute la France », « Bouches-du-Rhône (13) », or "" when the area is not stated."""
    if contact.area == "national":
        return "Toute la France"
    if isinstance(contact.area, tuple):
        names = dict(departements)
        return ", ".join(f"{names.get(code, code)} ({code})" for code in contact.area)
    return ""


def group_by_departement(contacts: Iterable[Contact], departements: Iterable[tuple[str, str]]) -> list[Section]:
    """Listing for readers without JavaScript: « Partout en France » (national contacts), then one
    section per département that has local contacts (French order, anchor departement-<code>), then
    contacts whose area our sources do not state. Empty sections are left out."""
    contacts = list(contacts)
    departements = list(departements)
    names = dict(departements)
    sections = []
    national = tuple(c for c in contacts if c.area == "national")
    if national:
        sections.append(Section("partout-en-france", "Partout en France", national))
    local_codes = {code for c in contacts for code in c.departements}
    for code in sorted(local_codes, key=departement_sort_key):
        members = tuple(c for c in contacts if code in c.departements)
        sections.append(Section(f"departement-{code}", f"{names.get(code, code)} ({code})", members))
    unstated = tuple(c for c in contacts if c.area is None)
    if unstated:
        sections.append(Section("zone-non-precisee", "Zone d’intervention non précisée", unstated))
    return sections
