"""Open-data exports (JSON, CSV) and schema.org JSON-LD of the help directory."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping

from .model import Channel, Contact, Phone
from plugins.common.rules.contacts import CHANNEL_KINDS, KINDS

# CSV columns, in their fixed order, with their French description (shown on the page and in the
# documentation of the data set). The JSON export uses the same names (nested where noted).
SCHEMA_DOC: list[tuple[str, str]] = [
    ("id", "Identifiant stable du contact (ne change pas d’une version à l’autre)."),
    ("name", "Nom du service, de la ligne ou de l’association."),
    ("kind", "Type de contact : " + ", ".join(KINDS) + "."),
    ("kind_label", "Type de contact, en clair."),
    ("description", "À qui s’adresse ce contact et pour quoi faire, en langage simple."),
    ("phone", "Numéro à composer : numéro court tel quel (17, 116006) ou numéro long au format "
              "international E.164 (+33…). Vide s’il n’y a pas de numéro publié."),
    ("phone_display", "Le même numéro, écrit à la française (0 800 005 696, 116 006)."),
    ("phone_href", "Lien d’appel correspondant (tel:17, tel:+33800005696)."),
    ("sms", "Numéro auquel envoyer un SMS (même format que phone)."),
    ("sms_display", "Le numéro SMS écrit à la française."),
    ("channels", "Autres moyens de contact, séparés par « | » : type, libellé, puis adresse ou numéro "
                 "entre crochets s’il y en a un (types : " + ", ".join(CHANNEL_KINDS) + ")."),
    ("email", "Adresse électronique."),
    ("website", "Site internet."),
    ("form", "Formulaire en ligne."),
    ("address", "Adresse postale."),
    ("hours", "Horaires d’ouverture."),
    ("cost", "Coût de l’appel ou du service."),
    ("area", "Zone couverte : « national », codes de département séparés par des espaces, ou vide "
             "si la zone n’est pas précisée par nos sources."),
    ("commune", "Commune où l’association est basée, si elle est connue."),
    ("audiences", "Publics concernés (identifiants), séparés par des espaces."),
    ("recommended_by_miviludes", "« true » si l’association fait partie de celles recommandées par "
                                 "la Miviludes, sinon « false »."),
    ("sources", "Adresses des pages qui confirment ces informations, séparées par des espaces."),
    ("verified", "Date à laquelle ces informations ont été vérifiées (AAAA-MM-JJ)."),
]
COLUMNS = [name for name, _ in SCHEMA_DOC]


def _phone_dict(phone: Phone | None) -> dict | None:
    if phone is None:
        return None
    return {"e164": phone.e164, "display": phone.display, "href": phone.href}


def contact_to_dict(contact: Contact) -> dict:
    """JSON-ready dict; keys in the order of COLUMNS (phone and sms nested, lists as lists)."""
    area = contact.area
    return {
        "id": contact.id,
        "name": contact.name,
        "kind": contact.kind,
        "kind_label": contact.kind_label,
        "description": contact.description,
        "phone": _phone_dict(contact.phone),
        "sms": _phone_dict(contact.sms),
        "channels": [
            {"kind": c.kind, "kind_label": c.kind_label, "label": c.label, "url": c.url,
             "phone": _phone_dict(c.phone)}
            for c in contact.channels
        ],
        "email": contact.email,
        "website": contact.website,
        "form": contact.form,
        "address": contact.address,
        "hours": contact.hours,
        "cost": contact.cost,
        "area": list(area) if isinstance(area, tuple) else area,
        "commune": contact.commune,
        "audiences": list(contact.audiences),
        "recommended_by_miviludes": contact.recommended_by_miviludes,
        "sources": list(contact.sources),
        "verified": contact.verified.isoformat(),
    }


def _phone_from(data: Mapping | None) -> Phone | None:
    return Phone(data["e164"], data["display"]) if data else None


def contact_from_dict(data: Mapping) -> Contact:
    """Inverse of contact_to_dict (line numbers are not exported)."""
    area = data.get("area")
    return Contact(
        id=data["id"], name=data["name"], kind=data["kind"], description=data["description"],
        sources=tuple(data["sources"]), verified=dt.date.fromisoformat(data["verified"]),
        phone=_phone_from(data.get("phone")), sms=_phone_from(data.get("sms")),
        channels=tuple(Channel(c["kind"], c["label"], c.get("url"), _phone_from(c.get("phone")))
                       for c in data.get("channels") or ()),
        email=data.get("email"), website=data.get("website"), form=data.get("form"),
        address=data.get("address"), hours=data.get("hours"), cost=data.get("cost"),
        area=tuple(area) if isinstance(area, list) else area, commune=data.get("commune"),
        audiences=tuple(data.get("audiences") or ()),
        recommended_by_miviludes=bool(data.get("recommended_by_miviludes")),
    )


def to_json(contacts: Iterable[Contact]) -> str:
    """Open-data JSON: a list of contact_to_dict objects, UTF-8 (not escaped), ends with a newline."""
    return json.dumps([contact_to_dict(c) for c in contacts], ensure_ascii=False, indent=2) + "\n"


def contacts_from_json(text: str) -> list[Contact]:
    return [contact_from_dict(d) for d in json.loads(text)]


def _channel_text(channel: Channel) -> str:
    text = f"{channel.kind} : {channel.label}"
    target = channel.url or (channel.phone.e164 if channel.phone else None)
    return f"{text} [{target}]" if target else text


def contact_to_row(contact: Contact) -> dict[str, str]:
    """One CSV row: every column of COLUMNS as text ("" when empty)."""
    area = contact.area
    row = {
        "id": contact.id,
        "name": contact.name,
        "kind": contact.kind,
        "kind_label": contact.kind_label,
        "description": contact.description,
        "phone": contact.phone.e164 if contact.phone else "",
        "phone_display": contact.phone.display if contact.phone else "",
        "phone_href": contact.phone.href if contact.phone else "",
        "sms": contact.sms.e164 if contact.sms else "",
        "sms_display": contact.sms.display if contact.sms else "",
        "channels": " | ".join(_channel_text(c) for c in contact.channels),
        "email": contact.email or "",
        "website": contact.website or "",
        "form": contact.form or "",
        "address": contact.address or "",
        "hours": contact.hours or "",
        "cost": contact.cost or "",
        "area": " ".join(area) if isinstance(area, tuple) else (area or ""),
        "commune": contact.commune or "",
        "audiences": " ".join(contact.audiences),
        "recommended_by_miviludes": "true" if contact.recommended_by_miviludes else "false",
        "sources": " ".join(contact.sources),
        "verified": contact.verified.isoformat(),
    }
    assert list(row) == COLUMNS
    return row


# What makes a spreadsheet read a cell as a formula (OWASP « CSV injection »), after any leading
# space or control character a spreadsheet would skip; full-width forms included.
_FORMULA_STARTS = "=+-@\t\r\n|%\uff1d\uff0b\uff0d\uff20"
_PLAIN_NUMBER = re.compile(r"^\+?[0-9]+$")  # an E.164 number (+33800005696): read as a number, inert


def csv_cell(value: str) -> str:
    """A cell neutralised whatever its column: a value a spreadsheet would read as a formula gets
    a leading apostrophe (shown as text); plain numbers and texts are unchanged."""
    text = "" if value is None else str(value)
    head = text.lstrip(" \u00a0\x00\x0b\x0c")
    if head[:1] and head[0] in _FORMULA_STARTS and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def to_csv(contacts: Iterable[Contact]) -> str:
    """Open-data CSV (RFC 4180: comma, double quotes, CRLF), header = COLUMNS, UTF-8 text, every
    cell through :func:`csv_cell`. Write it with encoding="utf-8" and newline="" (the text already
    holds the CRLF)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for contact in contacts:
        writer.writerow({key: csv_cell(value) for key, value in contact_to_row(contact).items()})
    return buffer.getvalue()


def rows_from_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def anchor(contact: Contact) -> str:
    """HTML id of a contact's card on /aide/ (also used as JSON-LD @id fragment)."""
    return f"contact-{contact.id}"


def _area_served(contact: Contact, names: Mapping[str, str]):
    if contact.area == "national":
        return {"@type": "Country", "name": "France"}
    if isinstance(contact.area, tuple):
        return [{"@type": "AdministrativeArea", "name": names.get(code, code), "identifier": code}
                for code in contact.area]
    return None


def to_jsonld(contact: Contact, departements: Iterable[tuple[str, str]] | None = None,
              page_url: str | None = None) -> dict:
    """schema.org JSON-LD dict (with @context) for one contact.

    - urgence, ecoute-nationale: a ContactPoint (the line itself; its operator is not claimed);
    - signalement: the Miviludes as GovernmentOrganization, with the form as its ContactPoint;
    - service-public: a GovernmentOrganization; association: an NGO (schema.org type).
    `page_url` (absolute URL of /aide/) adds "@id": page_url + "#contact-<id>".
    """
    names = dict(departements or ())
    point: dict = {"@type": "ContactPoint", "name": contact.name, "description": contact.description,
                   "contactType": contact.kind_label}
    if contact.phone:
        point["telephone"] = contact.phone.e164
    if contact.email:
        point["email"] = contact.email
    url = contact.form or contact.website
    if url:
        point["url"] = url
    # Hours are free text; schema.org wants OpeningHoursSpecification: not exported here.
    options = []
    if contact.cost and contact.cost.lower().startswith("gratuit"):
        options.append("TollFree")
    if any(c.kind in ("visio-lsf", "texte") for c in contact.channels):
        options.append("HearingImpairedSupported")
    if options:
        point["contactOption"] = options if len(options) > 1 else options[0]
    area = _area_served(contact, names)
    if area is not None:
        point["areaServed"] = area

    if contact.kind in ("urgence", "ecoute-nationale"):
        data = point
    elif contact.kind == "signalement":
        data = {"@type": "GovernmentOrganization", "name": "Miviludes", "contactPoint": point}
        if contact.website:
            data["url"] = contact.website
    else:
        data = {"@type": "NGO" if contact.kind == "association" else "GovernmentOrganization",
                "name": contact.name, "description": contact.description}
        if contact.website:
            data["url"] = contact.website
        if contact.phone:
            data["telephone"] = contact.phone.e164
        if contact.email:
            data["email"] = contact.email
        if contact.address:
            data["address"] = contact.address
        if area is not None:
            data["areaServed"] = area
        if contact.phone or contact.email or contact.form:
            data["contactPoint"] = {k: v for k, v in point.items() if k not in ("name", "description")}
    out = {"@context": "https://schema.org"}
    if page_url:
        out["@id"] = f"{page_url}#{anchor(contact)}"
    out.update(data)
    return out


def to_jsonld_graph(contacts: Iterable[Contact], departements=None, page_url: str | None = None) -> dict:
    """One JSON-LD document for the whole /aide/ page: {"@context", "@graph": [...]}."""
    graph = []
    for contact in contacts:
        item = to_jsonld(contact, departements, page_url)
        item.pop("@context")
        graph.append(item)
    return {"@context": "https://schema.org", "@graph": graph}
