"""JSON Schema of one entry of content/data/contacts.yaml, and the French documentation of its fields.

The schema checks the structure (types, required fields, patterns, allowed values, unknown fields).
What JSON Schema cannot check (the digits of `display` against `e164`, département codes against
the official list, real calendar dates, duplicate ids, communes) is checked in core.py.
"""
from __future__ import annotations

# Kinds of contact, in the order of the /aide/ page, with their French label.
KINDS = {
    "urgence": "Urgence",
    "ecoute-nationale": "Ligne d’écoute nationale",
    "signalement": "Informer la Miviludes",
    "association": "Association",
    "service-public": "Service public",
}

# Other ways of reaching a contact (besides `phone`, `sms`, `email`, `website`, `form`).
CHANNEL_KINDS = {
    "telephone": "Téléphone",
    "fax": "Fax",
    "visio-lsf": "Visio en langue des signes",
    "texte": "Texte",
    "appli": "Application",
    "tchat": "Tchat",
    "courrier": "Courrier",
}

# A long number in E.164 (+33…) or a French short number dialled as is (17, 112, 3919, 116006).
PHONE_NUMBER_RE = r"^(\+[1-9]\d{7,14}|\d{2,6})$"
URL_RE = r"^https://[^\s/]+\.[^\s]+$"
EMAIL_RE = r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"
DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
ID_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DEPARTEMENT_RE = r"^(\d{2}|2[AB]|97\d)$"

_PHONE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["e164", "display"],
    "properties": {
        "e164": {"type": "string", "pattern": PHONE_NUMBER_RE},
        "display": {"type": "string", "minLength": 2},
    },
}

_CHANNEL = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "label"],
    "properties": {
        "kind": {"type": "string", "enum": list(CHANNEL_KINDS)},
        "label": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": URL_RE},
        "phone": {"$ref": "#/$defs/phone"},
    },
}

_URL_OR_URLS = {
    "type": ["string", "array"],
    "pattern": URL_RE,
    "minItems": 1,
    "items": {"type": "string", "pattern": URL_RE},
}

CONTACT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://www.miviludes.interieur.gouv.fr/schemas/contact.json",
    "title": "Contact de l’annuaire d’aide (content/data/contacts.yaml)",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "kind", "description", "source", "verified"],
    "$defs": {"phone": _PHONE, "channel": _CHANNEL},
    "properties": {
        "id": {"type": "string", "pattern": ID_RE},
        "name": {"type": "string", "minLength": 1},
        "kind": {"type": "string", "enum": list(KINDS)},
        "description": {"type": "string", "minLength": 1},
        "phone": {"$ref": "#/$defs/phone"},
        "sms": {"$ref": "#/$defs/phone"},
        "channels": {"type": "array", "items": {"$ref": "#/$defs/channel"}},
        "email": {"type": "string", "pattern": EMAIL_RE},
        "website": {"type": "string", "pattern": URL_RE},
        "form": {"type": "string", "pattern": URL_RE},
        "address": {"type": "string", "minLength": 1},
        "hours": {"type": "string", "minLength": 1},
        "cost": {"type": "string", "minLength": 1},
        "area": {
            "type": ["string", "array"],
            "pattern": "^national$",
            "minItems": 1,
            "items": {"type": "string", "pattern": DEPARTEMENT_RE},
        },
        "commune": {"type": "string", "minLength": 1},
        "audiences": {"type": "array", "items": {"type": "string"}},
        "recommended_by_miviludes": {"type": "boolean"},
        "source": _URL_OR_URLS,
        "verified": {"type": "string", "pattern": DATE_RE},
    },
}

FIELDS = list(CONTACT_SCHEMA["properties"])

# How to write each field: used in the French error messages (« comment corriger »).
FIELD_HELP = {
    "id": "identifiant fixé par docs/architecture.md, en minuscules, chiffres et tirets, entre guillemets "
          "s’il ne contient que des chiffres (id: \"17\")",
    "name": "nom affiché du service ou de l’association (texte)",
    "kind": "une des valeurs : " + ", ".join(KINDS),
    "description": "une ou deux phrases simples en français",
    "phone": "un bloc avec e164 et display, par exemple phone: {e164: \"+33800005696\", display: \"0 800 005 696\"}",
    "sms": "un bloc avec e164 et display, par exemple sms: {e164: \"114\", display: \"114\"}",
    "phone.e164": "numéro long au format international sans espace, entre guillemets (\"+33800005696\" "
                  "pour 0 800 005 696), ou numéro court de 2 à 6 chiffres entre guillemets (\"17\", \"116006\")",
    "phone.display": "le numéro écrit à la française, entre guillemets (\"0 800 005 696\", \"116 006\")",
    "channels": "une liste de blocs {kind, label, url ou phone}",
    "channels.kind": "une des valeurs : " + ", ".join(CHANNEL_KINDS),
    "channels.label": "texte court en français décrivant ce moyen de contact",
    "email": "une adresse électronique (nom@domaine.fr)",
    "website": "une adresse complète commençant par https://",
    "form": "l’adresse complète du formulaire en ligne, commençant par https://",
    "url": "une adresse complète commençant par https://",
    "address": "adresse postale (texte)",
    "hours": "horaires en texte (« 24 h/24, 7 j/7 »)",
    "cost": "coût en texte (« Gratuit »)",
    "area": "« national » ou une liste de codes de département entre guillemets (area: [\"13\", \"2A\"])",
    "commune": "nom exact de la commune (« Marseille ») ou son code INSEE entre guillemets (\"13055\")",
    "audiences": "une liste d’identifiants de publics de content/data/taxonomies.yaml",
    "recommended_by_miviludes": "true ou false",
    "source": "l’adresse (https://…) de la page qui confirme ces informations, ou une liste d’adresses",
    "verified": "la date de vérification au format AAAA-MM-JJ (verified: 2026-11-28)",
}


def field_help(dotted: str) -> str:
    """Help text for a dotted field name such as `phone.e164` or `channels.kind`."""
    if dotted in FIELD_HELP:
        return FIELD_HELP[dotted]
    parts = dotted.split(".")
    if len(parts) == 2 and parts[0] in ("sms", "phone") or (len(parts) >= 2 and parts[-2] == "phone"):
        return FIELD_HELP.get("phone." + parts[-1], "")
    return FIELD_HELP.get(parts[-1], "")
