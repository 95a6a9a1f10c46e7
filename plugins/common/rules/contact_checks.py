"""Pure core: the checks of one entry of content/data/contacts.yaml (schema, phones, texts, addresses,
sources, departement and commune), each mistake handed to `add(line, message)` in French.

Used by core.load_contacts, which reads the file and collects the mistakes of every entry.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable

import yaml
from jsonschema import Draft202012Validator

from plugins.escaping.text import number_problem, strings_in, text_problem
from plugins.escaping.urls import UrlError, mailto_url, url_problem

from . import geo
from .contacts import CONTACT_SCHEMA, DEPARTEMENT_RE, EMAIL_RE, PHONE_NUMBER_RE, URL_RE, field_help

_VALIDATOR = Draft202012Validator(CONTACT_SCHEMA)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def suggest(value: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {match[0]} » ?)" if match else ""


def _yaml_kind(value) -> str:
    if isinstance(value, bool):
        return "un booléen (true/false)"
    if isinstance(value, (int, float)):
        return "un nombre"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un bloc de champs"
    if value is None:
        return "une valeur vide"
    return type(value).__name__


_EXPECTED = {"string": "un texte", "array": "une liste", "object": "un bloc de champs",
             "boolean": "true ou false", "integer": "un nombre", "number": "un nombre"}


class Entry:
    """One YAML mapping node with its line numbers."""

    def __init__(self, node: yaml.Node):
        self.node = node
        self.line = node.start_mark.line + 1

    def node_at(self, path: Iterable, key: bool = False) -> yaml.Node:
        node = self.node
        parts = list(path)
        for i, part in enumerate(parts):
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(part):
                        node = key_node if key and i == len(parts) - 1 else value_node
                        break
                else:
                    return node
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                return node
        return node

    def line_at(self, path: Iterable, key: bool = False) -> int:
        return self.node_at(path, key).start_mark.line + 1


def _dotted(path: Iterable) -> str:
    return ".".join(str(p) for p in path if not isinstance(p, int))


def _schema_issue(err, entry: Entry, add) -> None:
    """Translate one jsonschema error into French issue(s)."""
    path = list(err.absolute_path)
    name = _dotted(path)
    last = name.rsplit(".", 1)[-1] if name else ""
    value = err.instance
    hint = field_help(name)
    v = err.validator

    if v == "required":
        for missing in err.validator_value:
            if isinstance(value, dict) and missing not in value:
                full = f"{name}.{missing}" if name else missing
                if full == "source":
                    msg = ("source manquante : ajoutez « source: https://… », l’adresse de la page qui "
                           "confirme ces informations (celle que donne la base de faits).")
                elif full == "verified":
                    msg = ("date de vérification manquante : ajoutez « verified: AAAA-MM-JJ », la date à "
                           "laquelle ces informations ont été vérifiées.")
                else:
                    msg = f"champ obligatoire « {full} » manquant : ajoutez-le ({field_help(full)})."
                add(entry.line_at(path, key=True), msg)
    elif v == "additionalProperties":
        allowed = list(err.schema.get("properties", {}))
        for extra in value:
            if extra in allowed:
                continue
            where = f"{name}.{extra}" if name else extra
            add(entry.line_at(path + [extra], key=True),
                f"champ inconnu « {where} »{suggest(extra, allowed)} : corrigez son nom ou "
                f"supprimez-le ; champs possibles : {', '.join(allowed)}.")
    elif v == "enum":
        choices = [str(c) for c in err.validator_value]
        add(entry.line_at(path),
            f"valeur « {value} » hors liste pour « {name} »{suggest(value, choices)} : "
            f"choisissez parmi {', '.join(choices)}.")
    elif v == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        exp = " ou ".join(_EXPECTED.get(e, e) for e in expected)
        msg = f"« {name or 'contact'} » est {_yaml_kind(value)} alors qu’il faut {exp}"
        if "string" in expected and isinstance(value, (int, float)) and not isinstance(value, bool):
            if path and isinstance(path[-1], int):
                shown = f"{value:02d}" if last == "area" and isinstance(value, int) else value
                example = f"{last}: [\"{shown}\"]"
            else:
                example = f"{last}: \"{value}\""
            msg += f" : mettez la valeur entre guillemets ({example})"
            if last == "e164" and not str(value).startswith("+") and len(str(value)) > 6:
                msg += ", sans oublier le « + » du format international"
        if hint:
            msg += f". Attendu : {hint}."
        else:
            msg += "."
        add(entry.line_at(path), msg)
    elif v == "pattern":
        if last == "e164":
            msg = (f"numéro de téléphone mal formé « {value} » dans « {name} » : écrivez un numéro long "
                   f"au format international sans espace (\"+33800005696\" pour 0 800 005 696) ou un "
                   f"numéro court de 2 à 6 chiffres (\"17\", \"116006\").")
        elif last == "verified":
            msg = (f"date invalide « {value} » pour « verified » : écrivez-la au format AAAA-MM-JJ "
                   f"(verified: 2026-11-28).")
        elif last in ("website", "form", "url", "source"):
            msg = (f"adresse web invalide « {value} » pour « {name} » : écrivez l’adresse complète, "
                   f"commençant par https:// et sans espace.")
        elif last == "email":
            msg = f"adresse électronique invalide « {value} » : écrivez-la sous la forme nom@domaine.fr."
        elif last == "id":
            msg = (f"identifiant invalide « {value} » : utilisez des minuscules, des chiffres et des "
                   f"tirets, comme dans docs/architecture.md.")
        elif last == "area" and not (path and isinstance(path[-1], int)):
            msg = (f"zone invalide « {value} » pour « area » : écrivez « national » ou une liste de "
                   f"codes de département (area: [\"13\"]).")
        elif last == "area":
            msg = _unknown_departement(value)
        else:
            msg = f"valeur « {value} » mal écrite pour « {name} » : {hint}."
        add(entry.line_at(path), msg)
    elif v in ("minLength", "minItems"):
        add(entry.line_at(path), f"« {name} » est vide : {hint or 'donnez une valeur'}.")
    else:  # not expected with the current schema; keep jsonschema's text as a last resort
        add(entry.line_at(path), f"« {name or 'contact'} » : {err.message}.")


def _unknown_departement(code, known: Iterable[str] = ()) -> str:
    code = str(code)
    suggestion = ""
    known = list(known)
    if code.isdigit() and len(code) == 1:
        suggestion = f" (vouliez-vous dire « 0{code} » ?)"
    elif code.upper() != code and (code.upper() in known
                                   or (not known and re.match(DEPARTEMENT_RE, code.upper()))):
        suggestion = f" (vouliez-vous dire « {code.upper()} » ?)"
    return (f"code de département inconnu « {code} » dans « area »{suggestion} : utilisez un code "
            f"officiel entre guillemets (01 à 95, 2A, 2B, 971 à 976), par exemple area: [\"13\"].")


def _check_phone(raw, name: str, entry: Entry, path: list, add) -> None:
    if not isinstance(raw, dict):
        return
    e164, display = raw.get("e164"), raw.get("display")
    if not isinstance(e164, str) or not isinstance(display, str) or not re.match(PHONE_NUMBER_RE, e164):
        return
    if text_problem(display) or _TAG.search(display):
        return  # reported once, by _check_texts_and_urls
    problem = number_problem(display)
    if problem or not _DISPLAY.match(display):
        add(entry.line_at(path + ["display"]),
            f"numéro affiché « {name}.display » refusé : " + (problem or "seuls les chiffres, les espaces, "
            "« + », « . » et « - » entre deux chiffres sont acceptés, par exemple \"0 800 005 696\"") + ".")
        return
    if e164.startswith("+33") and (len(e164) != 12 or e164[3] == "0"):
        add(entry.line_at(path + ["e164"]),
            f"numéro de téléphone mal formé « {e164} » dans « {name}.e164 » : un numéro français "
            f"s’écrit « +33 » suivi des 9 chiffres sans le 0 initial (0 800 005 696 → \"+33800005696\").")
        return
    wanted = {_digits(e164)}
    if e164.startswith("+33"):
        wanted.add("0" + e164[3:])
    if _digits(display) not in wanted:
        add(entry.line_at(path + ["display"]),
            f"le numéro affiché « {display} » ne correspond pas au numéro composé « {e164} » "
            f"(« {name} ») : corrigez l’un des deux pour qu’ils aient les mêmes chiffres.")


# Fields holding a web address (https:// only), checked and re-serialized by plugins/escaping/urls.py.
URL_FIELDS = ("website", "form", "source", "url")
_TAG = re.compile(r"<[A-Za-z/!?]")
# Texts published in /aide/contacts.csv that a spreadsheet would run as a formula if they began with
# one of these characters (numbers and addresses have their own rules).
# A displayed number: digits and separators only (what a reader reads is what is dialled).
_DISPLAY = re.compile(r"^\+?[0-9]+(?:[ .\u00a0\u202f-]?[0-9]+)*$")
_FORMULA_SAFE_FIELDS = ("name", "description", "address", "hours", "cost", "commune", "label")
_FORMULA_STARTS = ("=", "+", "-", "@")



def _check_texts_and_urls(raw: dict, entry: Entry, add) -> None:
    """Texts without invisible characters or tags; addresses accepted by the one URL module. Only
    values that passed the schema's pattern are checked here (one mistake, one message)."""
    for path, text in strings_in(raw):
        name = next((p for p in reversed(path) if isinstance(p, str)), "")
        where = _dotted(path)
        if name in URL_FIELDS:
            problem = url_problem(text) if re.match(URL_RE, text) else ""
            if problem:
                add(entry.line_at(list(path)), f"adresse « {text} » refusée dans « {where} » : {problem}")
        elif name == "email":
            if re.match(EMAIL_RE, text):
                try:
                    mailto_url(text)
                except UrlError as exc:
                    add(entry.line_at(list(path)), f"« {where} » : {exc}")
        elif text_problem(text):
            add(entry.line_at(list(path)), f"« {where} » {text_problem(text)}.")
        elif _TAG.search(text):
            add(entry.line_at(list(path)), f"« {where} » contient une balise HTML : écrivez du texte "
                                            "simple, sans « < » ni balise.")
        elif name in _FORMULA_SAFE_FIELDS and text.lstrip()[:1] in _FORMULA_STARTS:
            add(entry.line_at(list(path)), f"« {where} » commence par « {text.lstrip()[0]} » : un tableur "
                                            "lirait cette valeur de l’annuaire CSV comme une formule ; "
                                            "commencez le texte par un mot.")


def _check_sources(raw: dict, entry: Entry, add, facts) -> None:
    """A source that is a site's home page (or a folder above a page) where the fact base gives
    the precise page (same rule as the pages' sources, plugins/content_schema/rules.py)."""
    if facts is None:
        return
    source = raw.get("source")
    sources = [(["source"], source)] if isinstance(source, str) else (
        [(["source", i], url) for i, url in enumerate(source)] if isinstance(source, list) else [])
    for where, url in sources:
        precise = facts.precise_pages(url) if isinstance(url, str) else ()
        if precise:
            choice = precise[0] if len(precise) == 1 else "l’une de celles-ci : " + ", ".join(precise)
            add(entry.line_at(where), f"la source {url} est la page d’accueil d’un site alors que la base "
                                      f"de faits donne l’adresse précise de la page : remplacez-la par {choice}.")


def duplicate_id_message(cid: str, first_line: int) -> str:
    """An id already used by a contact above (line `first_line` of the file)."""
    return (f"identifiant « {cid} » en double (déjà utilisé ligne {first_line}) : chaque "
            f"contact doit avoir un identifiant unique ; supprimez ou renommez l’un des deux.")


def check_entry(raw: dict, entry: Entry, add, ctx: dict) -> None:
    errors = sorted(_VALIDATOR.iter_errors(raw), key=lambda e: [str(p) for p in e.absolute_path])
    for err in errors:
        _schema_issue(err, entry, add)
    _check_texts_and_urls(raw, entry, add)
    _check_sources(raw, entry, add, ctx.get("facts"))

    for key in ("phone", "sms"):
        _check_phone(raw.get(key), key, entry, [key], add)
    if isinstance(raw.get("channels"), list):
        for i, channel in enumerate(raw["channels"]):
            if isinstance(channel, dict):
                _check_phone(channel.get("phone"), "channels.phone", entry, ["channels", i, "phone"], add)

    verified = raw.get("verified")
    if isinstance(verified, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", verified):
        try:
            dt.date.fromisoformat(verified)
        except ValueError:
            add(entry.line_at(["verified"]),
                f"date invalide « {verified} » pour « verified » : ce jour n’existe pas ; écrivez une "
                f"date réelle au format AAAA-MM-JJ (verified: 2026-11-28).")

    area = raw.get("area")
    known = ctx["departement_codes"]
    if isinstance(area, list):
        for i, code in enumerate(area):
            if isinstance(code, str) and re.match(DEPARTEMENT_RE, code) and code not in known:
                add(entry.line_at(["area", i]), _unknown_departement(code, known))
    commune = raw.get("commune")
    if isinstance(commune, str) and commune.strip():
        found = geo.find_commune(commune, ctx["communes"]())
        if not found:
            add(entry.line_at(["commune"]),
                f"commune inconnue « {commune} » : écrivez son nom exact (« Marseille ») ou son code "
                f"INSEE entre guillemets (\"13055\"), tels que dans le Code officiel géographique.")
        elif len(found) > 1:
            codes = ", ".join(f"\"{c['code']}\" ({c['departement']})" for c in found)
            add(entry.line_at(["commune"]),
                f"commune ambiguë « {commune} » : plusieurs communes portent ce nom ; écrivez son code "
                f"INSEE entre guillemets, parmi {codes}.")
        else:
            dep = found[0]["departement"]
            ctx["commune_departement"][entry.line] = dep
            if isinstance(area, list) and all(isinstance(c, str) for c in area) and dep not in area:
                add(entry.line_at(["area"]),
                    f"la commune « {commune} » est dans le département {dep}, absent de « area » : "
                    f"supprimez « area » (il est alors déduit de la commune) ou ajoutez \"{dep}\".")

    audiences = raw.get("audiences")
    allowed = ctx["audiences"]
    if allowed is not None and isinstance(audiences, list):
        for i, audience in enumerate(audiences):
            if isinstance(audience, str) and audience not in allowed:
                add(entry.line_at(["audiences", i]),
                    f"public inconnu « {audience} » dans « audiences »{suggest(audience, allowed)} : "
                    f"utilisez un identifiant de content/data/taxonomies.yaml ({', '.join(allowed)}).")

    kind = raw.get("kind")
    if kind in ("urgence", "ecoute-nationale") and "phone" not in raw and "sms" not in raw:
        add(entry.line,
            f"un contact de type « {kind} » doit avoir un numéro : ajoutez « phone » (ou « sms »), "
            f"avec un numéro publié dans la base de faits.")
    if kind == "signalement" and "form" not in raw:
        add(entry.line, "un contact de type « signalement » doit avoir un formulaire : ajoutez "
                        "« form: https://… », l’adresse du formulaire en ligne.")
