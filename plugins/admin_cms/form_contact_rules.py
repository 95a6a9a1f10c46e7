"""The checks of one contact of the help directory for the production form (formes.json « contact »),
each message obtained by running the directory's checks on a contact that breaks the rule."""
from __future__ import annotations

from .form_probes import _hint_split


# A contact of content/data/contacts.yaml that every check accepts: the probes below break one field.
_GOOD_CONTACT = {"id": "essai", "name": "Essai", "kind": "association", "description": "Une association.",
                 "phone": {"e164": "+33100000000", "display": "01 00 00 00 00"},
                 "source": ["https://exemple.fr/page"], "verified": "2026-11-28"}
# Fields with a pattern (dotted path, « * »: each item of a list) and a value that breaks it.
_CONTACT_PATTERNS = (("id", "Zz Zz"), ("email", "zz zz"), ("website", "zz zz"), ("form", "zz zz"),
                     ("verified", "zz zz"), ("phone.e164", "zz zz"), ("sms.e164", "zz zz"),
                     ("source", "zz zz"), ("source.*", "zz zz"), ("channels.*.url", "zz zz"),
                     ("channels.*.phone.e164", "zz zz"))


def contact_checks(audiences=None) -> dict:
    """The checks of one contact (formes.json « contact »), for the production form: each test comes
    from the directory's schema (plugins/common/rules/contacts.py) and each message from running its
    checks (contact_checks.check_entry) on a contact that breaks the rule. Not exported: communes
    (the official list is large), the fact base's precise pages, duplicate ids (the file's lines)."""
    import json as _json

    import yaml

    from plugins.common.rules import contact_checks as cc
    from plugins.common.rules import contacts as schema
    from plugins.common.rules import geo
    codes = sorted({d[0] if isinstance(d, (tuple, list)) else str(d) for d in geo.departements()})

    def messages(raw: dict, facts=None) -> list[str]:
        out: list[str] = []
        node = yaml.compose(_json.dumps(raw, ensure_ascii=False))
        ctx = {"departement_codes": set(codes), "communes": lambda: [], "commune_departement": {},
               "audiences": list(audiences) if audiences is not None else None, "facts": facts}
        cc.check_entry(raw, cc.Entry(node), lambda _line, message: out.append(message), ctx)
        return out

    def with_value(path: str, value) -> dict:
        raw = _json.loads(_json.dumps(_GOOD_CONTACT))
        parts, here = path.split("."), raw
        for i, part in enumerate(parts[:-1]):
            nxt = parts[i + 1]
            if part == "*":
                continue
            if nxt == "*":
                here[part] = [{} if i + 2 < len(parts) else None]
                if i + 2 < len(parts):
                    here = here[part][0]
                    here.update({"kind": "texte", "label": "Essai"})
                    if parts[i + 2] == "phone":
                        here["phone"] = {"e164": "+33100000000", "display": "01 00 00 00 00"}
                continue
            here = here.setdefault(part, {"e164": "+33100000000", "display": "01 00 00 00 00"}
                                   if part in ("phone", "sms") else {})
        last = parts[-1]
        if last == "*":
            raw[parts[0]] = [value]
        else:
            here[last] = value
        return raw

    def only(raw: dict) -> str:
        found = messages(raw)
        if len(found) != 1:
            raise ValueError(f"a contact probe gave {found!r}: update form_contact_rules.contact_checks")
        return found[0]

    if messages(_GOOD_CONTACT):
        raise ValueError(f"the probe contact is refused: {messages(_GOOD_CONTACT)}")
    patterns = []
    props = schema.CONTACT_SCHEMA["properties"]
    for path, bad in _CONTACT_PATTERNS:
        top = props[path.split(".")[0]]
        regex = {"id": schema.ID_RE, "email": schema.EMAIL_RE, "verified": schema.DATE_RE}.get(path) or (
            schema.PHONE_NUMBER_RE if path.endswith("e164") else schema.URL_RE)
        patterns.append({"field": path, "must": regex, "message": only(with_value(path, bad)).replace(bad, "{valeur}")})
        del top
    required = {name: only({k: v for k, v in _GOOD_CONTACT.items() if k != name})
                for name in schema.CONTACT_SCHEMA["required"]}
    enums = {}
    for path, choices, close, known in (("kind", list(schema.KINDS), "associatio", "association"),
                                        ("channels.*.kind", list(schema.CHANNEL_KINDS), "tchatt", "tchat")):
        template, hint = _hint_split(lambda v, p=path: only(with_value(p, v)), close, known)
        enums[path] = {"choices": choices, "message": template, "hint": hint}
    # Kinds that need a number, or a form: the kinds whose contact without one is refused.
    no_phone = {**{k: v for k, v in _GOOD_CONTACT.items() if k != "phone"}, "form": "https://exemple.fr/f"}
    needs_phone = {"kinds": [k for k in schema.KINDS if messages({**no_phone, "kind": k})],
                   "message": only({**no_phone, "kind": "urgence"}).replace("« urgence »", "« {kind} »")}
    needs_form = {"kinds": [k for k in schema.KINDS if messages({**_GOOD_CONTACT, "kind": k})],
                  "message": only({**_GOOD_CONTACT, "kind": "signalement"})}
    # A source that is a site's home page where the fact base gives the precise page (the pages of
    # formes.json « sources »): {valeur}, {choix} (one page, or « sources.several » and the list).
    from plugins.fact_base import FactIndex
    home = {**_GOOD_CONTACT, "source": ["https://zzzz.fr/"]}
    precise_one = messages(home, FactIndex(pages={"zzzz.fr": ("https://zzzz.fr/a/b",)}))
    if len(precise_one) != 1:
        raise ValueError("the contacts' source rule changed: update form_contact_rules.contact_checks")
    source_precise = precise_one[0].replace("https://zzzz.fr/a/b", "{choix}").replace("https://zzzz.fr/", "{valeur}")
    area_far = only(with_value("area", ["zz"]))
    area_hint = only(with_value("area", ["2a"])).replace(area_far.replace("zz", "2a").split(" :")[0], "")
    return {
        "codes": codes, "audiences": list(audiences) if audiences is not None else None,
        "patterns": patterns, "required": required, "enums": enums,
        "area_string": only(with_value("area", "zz zz")).replace("zz zz", "{valeur}"),
        "departement": area_far.replace("« zz »", "« {valeur} »", 1).replace(" :", "{indice} :", 1),
        "departement_hint": area_hint.split(" :")[0].replace("« 2A »", "« {proche} »"),
        "departement_re": schema.DEPARTEMENT_RE,
        "tag": only(with_value("name", "<b>Essai</b>")).replace("« name »", "« {champ} »"),
        "formula": only(with_value("name", "=Essai")).replace("« name »", "« {champ} »").replace("« = »", "« {signe} »"),
        "formula_fields": list(cc._FORMULA_SAFE_FIELDS), "formula_starts": list(cc._FORMULA_STARTS),
        "url_fields": list(cc.URL_FIELDS), "tag_re": cc._TAG.pattern,
        "display_re": cc._DISPLAY.pattern, "phone_re": schema.PHONE_NUMBER_RE,
        "display": only(with_value("phone", {"e164": "+33100000000", "display": "01 00 x0"})).replace("« phone.display »", "« {champ}.display »"),
        "french_length": only(with_value("phone", {"e164": "+3310000000", "display": "01 00 00 00 0"}))
                         .replace("+3310000000", "{valeur}").replace("« phone.e164 »", "« {champ}.e164 »"),
        "mismatch": only(with_value("phone", {"e164": "+33100000000", "display": "01 00 00 00 01"}))
                    .replace("01 00 00 00 01", "{affiche}").replace("+33100000000", "{valeur}").replace("« phone »", "« {champ} »"),
        "verified_real": only(with_value("verified", "2026-02-30")).replace("2026-02-30", "{valeur}"),
        "audience": _hint_split(lambda v: only(with_value("audiences", [v])), (audiences or ["x"])[0] + "x",
                                (audiences or ["x"])[0]) if audiences else None,
        "needs_phone": needs_phone, "needs_form": needs_form, "source_precise": source_precise,
        "duplicate": cc.duplicate_id_message("\u2400", 999_999).replace("\u2400", "{valeur}").replace("999999", "{ligne}"),
    }
