"""Display values of the help directory: what the templates show, computed once in Python.

- card_view(): everything the contact-card macro (theme/templates/macros/contact_card.html) displays;
- help_block(): the « Besoin d’aide ? » numbers (setting HELP_BLOCK_CONTACTS);
- aide_page(): the /aide/ page (sections, no-JavaScript listing by département, filter options,
  JSON-LD, open-data schema);
- search_documents(): the contacts as documents for the site search.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from .export import SCHEMA_DOC, anchor, to_jsonld_graph
from .model import Contact, Phone
from .page import area_label, group_by_departement, group_for_page

from plugins.escaping.markup import json_for_script
from plugins.escaping.urls import mailto_url
from plugins.common.dates import date_fr  # the site's French dates (« 1er mai 2024 »)
from plugins.common.downloads import Download  # the one download link (macros/download.html)

EXTERNAL_REL = "noopener noreferrer external"
AIDE_URL = "/aide/"


def host_label(url: str) -> str:
    """« allo119.gouv.fr » for https://www.allo119.gouv.fr/… : what a reader can recognise."""
    host = urlsplit(url).hostname or url
    return host[4:] if host.startswith("www.") else host


def _phone_action(phone: Phone, sms: bool = False) -> dict:
    if sms:
        return {"kind": "sms", "href": phone.sms_href, "text": f"Envoyer un SMS au {phone.display}",
                "display": phone.display, "icon": "fr-icon-message-2-line"}
    return {"kind": "tel", "href": phone.href, "text": f"Appeler le {phone.display}",
            "display": phone.display, "icon": "fr-icon-phone-line"}


def _same(text: str) -> str:
    return text


def card_view(contact: Contact, departements: Iterable[tuple[str, str]] = (), siteurl: str = "",
              fix: Callable[[str], str] = _same) -> dict:
    """Everything the card macro displays, in display order. No HTML here: the macro writes it.
    `fix`: applied to the French texts of the directory (the site's typography, plugins/typography)."""
    actions = []
    if contact.phone:
        actions.append(_phone_action(contact.phone))
    if contact.sms:
        actions.append(_phone_action(contact.sms, sms=True))
    if contact.form:
        actions.append({"kind": "form", "href": contact.form, "text": "Remplir le formulaire en ligne",
                        "icon": "", "rel": EXTERNAL_REL, "context": contact.name})
    # Other ways of reaching the contact: one line each (label, then a link if there is one).
    ways, plain = [], []
    for channel in contact.channels:
        if channel.phone:
            ways.append({"label": fix(channel.label), "href": channel.phone.href, "text": channel.phone.display,
                         "rel": None})
        elif channel.url:
            ways.append({"label": fix(channel.label), "href": channel.url, "text": host_label(channel.url),
                         "rel": EXTERNAL_REL})
        else:
            plain.append(fix(channel.label))
    if plain:  # ways without a number or address (fax, visio…): one line
        ways.insert(0, {"label": "Aussi\u00a0: " + "\u202f; ".join(plain), "href": None, "text": None, "rel": None})
    if contact.email:
        ways.append({"label": "Courriel", "href": mailto_url(contact.email), "text": contact.email,
                     "rel": None})
    if contact.website and not any(w["href"] == contact.website for w in ways):
        ways.append({"label": "Site internet", "href": contact.website, "text": host_label(contact.website),
                     "rel": EXTERNAL_REL})
    facts = []
    if contact.hours:
        facts.append(("Horaires", fix(contact.hours)))
    if contact.cost:
        facts.append(("Coût", fix(contact.cost)))
    if contact.address:
        facts.append(("Adresse", fix(contact.address)))
    badges = [contact.kind_label]
    if contact.recommended_by_miviludes:
        badges.append("Recommandée par la Miviludes")
    return {
        "id": contact.id,
        "anchor": anchor(contact),
        "name": fix(contact.name),
        "description": fix(contact.description),
        "kind": contact.kind,
        "badges": badges,
        "area": area_label(contact, departements) or "Zone d’intervention non précisée",
        "area_attr": contact.area_attr,
        "actions": actions,  # the main ways: call, SMS, online form (buttons)
        "ways": ways,
        "facts": facts,
        "verified": date_fr(contact.verified),
        "verified_iso": contact.verified.isoformat(),
        "url": siteurl + AIDE_URL + "#" + anchor(contact),
    }


def help_block(contacts: Iterable[Contact], ids: Iterable[str]) -> tuple[list[dict], list[str]]:
    """« Besoin d’aide ? » entries for the given ids, in that order: (entries, unknown ids).

    An entry: display ("17"), tel (what is dialled), href ("tel:17", or "sms:114" for a contact
    reached by SMS only), kind ("tel" or "sms"), label (the contact's name, from contacts.yaml).
    """
    by_id = {c.id: c for c in contacts}
    entries, unknown = [], []
    for cid in ids:
        contact = by_id.get(str(cid))
        if contact is None:
            unknown.append(str(cid))
            continue
        phone, kind = (contact.phone, "tel") if contact.phone else (contact.sms, "sms")
        if phone is None:
            unknown.append(str(cid))
            continue
        entries.append({"id": contact.id, "display": phone.display, "tel": phone.e164,
                        "href": phone.href if kind == "tel" else phone.sms_href, "kind": kind,
                        "label": contact.name})
    return entries, unknown


def jsonld_text(data: dict):
    """JSON for a <script type="application/ld+json"> element (markup made by plugins/escaping: no
    text in the data can close the element)."""
    return json_for_script(data)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def size_fr(size: int) -> str:
    """« 812 octets », « 9,3 ko », « 1,2 Mo » (French decimal comma, 1 ko = 1 000 octets)."""
    if size < 1000:
        return f"{size} octets"
    for unit, factor in (("ko", 1000), ("Mo", 1000 ** 2)):
        value = size / factor
        if value < 1000 or unit == "Mo":
            text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else f"{value:.0f}"
            return f"{text.replace('.', ',')}\u00a0{unit}"
    return f"{size} octets"


def download_links(files: Iterable[tuple[str, str, int]], siteurl: str = "") -> list[Download]:
    """Download links (macros/download.html) for [(format, path under the site, size in bytes)]."""
    titles = {"csv": "Télécharger l’annuaire au format CSV (tableur)",
              "json": "Télécharger l’annuaire au format JSON"}
    return [Download(title=titles.get(fmt, f"Télécharger l’annuaire ({fmt.upper()})"), href=f"{siteurl}/{path}",
                     detail=f"{fmt.upper()} – {size_fr(size)}", local=True)
            for fmt, path, size in files]


def aide_page(contacts: list[Contact], departements: list[tuple[str, str]], siteurl: str = "",
              downloads: Iterable[Download] = (), fix: Callable[[str], str] = _same) -> dict:
    """Everything the /aide/ template displays."""
    views = {c.id: card_view(c, departements, siteurl, fix) for c in contacts}
    page_url = siteurl + AIDE_URL
    sections = [{"id": s.id, "title": s.title, "intro": s.intro,
                 "cards": [views[c.id] for c in s.contacts]} for s in group_for_page(contacts)]
    by_dep = []
    for s in group_by_departement(contacts, departements):
        entries = []
        for c in s.contacts:
            phone = c.phone or c.sms
            entries.append({"name": fix(c.name), "url": "#" + anchor(c),
                            "phone": ({"href": phone.href if c.phone else phone.sms_href,
                                       "display": phone.display, "sms": c.phone is None}
                                      if phone else None)})
        by_dep.append({"id": s.id, "title": s.title, "entries": entries})
    return {
        "title": "Trouver de l’aide",
        "breadcrumbs": [("Accueil", "/"), ("Trouver de l’aide", None)],
        "sections": sections,
        "by_departement": by_dep,
        "departement_options": [{"value": code, "label": f"{code} – {name}"} for code, name in departements],
        "total": len(contacts),
        "total_label": _count(len(contacts), "contact", "contacts"),
        "jsonld": jsonld_text(to_jsonld_graph(contacts, departements, page_url)),
        "schema_rows": [[name, text] for name, text in SCHEMA_DOC],
        "downloads": list(downloads),
        "verified": max((c.verified for c in contacts), default=None),
    }


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def search_documents(contacts: Iterable[Contact]) -> list[dict]:
    """The contacts as documents for the site search (one per contact, linking to its card on /aide/).

    Keys: id ("contact-119"), url ("/aide/#contact-119"), type ("contact"), title (name),
    summary (description), body (name, description, then each number as written and as digits,
    so that « 116 006 » and « 116006 » both find France Victimes).
    """
    docs = []
    for contact in contacts:
        numbers = []
        for phone in [contact.phone, contact.sms] + [c.phone for c in contact.channels]:
            if phone is not None:
                numbers += [phone.display, _digits(phone.display)]
                if phone.e164.startswith("+33"):
                    numbers.append("0" + phone.e164[3:])
        seen, unique = set(), []
        for n in numbers:
            if n not in seen:
                seen.add(n)
                unique.append(n)
        docs.append({
            "id": anchor(contact),
            "url": AIDE_URL + "#" + anchor(contact),
            "type": "contact",
            "title": contact.name,
            "summary": contact.description,
            "body": " ".join([contact.name, contact.description] + unique),
        })
    return docs
