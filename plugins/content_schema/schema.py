"""Pure core: the front-matter contract, defined once as a JSON Schema, and its French messages.

`validate(doc, taxonomies)` returns every mistake of one file as ContentError (path, line, message):
the editor sees all of them at once, each on its own line. The controlled lists (themes,
audiences) come from content/data/taxonomies.yaml, loaded by `load_taxonomies`.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from plugins.common.data import TAXONOMY_FILE  # data/taxonomies.yaml under PATH
from plugins.escaping.text import strings_in, text_problem
from plugins.escaping.urls import url_problem

from .frontmatter import ContentError, Document, Loader, as_date

REQUIRED = ("title", "summary", "date")
DATE_FIELDS = ("date", "updated", "review_by")
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TAXONOMIES = ("themes", "audiences")
# Lengths shown whole in lists and search results (the longest real ones: 65 and 269 characters).
MAX_TITLE = 150
MAX_SUMMARY = 400

# Example of each field, shown in error messages (« par exemple … »).
EXAMPLES = {
    "title": "title: \"Qu’est-ce que l’emprise ?\"",
    "summary": "summary: \"Une ou deux phrases simples qui résument la page.\"",
    "date": "date: 2026-11-28",
    "updated": "updated: 2026-11-28",
    "review_by": "review_by: 2027-11-28",
    "slug": "slug: emprise",
    "template": "template: page",
    "themes": "themes: [emprise, sante]",
    "audiences": "audiences: [familles, jeunes]",
    "sources": "sources: puis, en dessous, « - title: \"Titre de la source\" » et « url: \"https://…\" » "
               "(ou « page: rapport-2013-2014 » pour une page de ce site)",
    "legal_refs": "legal_refs: [\"Code pénal, article 223-15-2\"]",
    "related": "related: [emprise, indicateurs]",
    "contacts": "contacts: [\"119\", \"unadfi\"]",
    "attachments": "attachments: puis, en dessous, « - title: \"Rapport 2021\" » et « file: pdfs/rapport-2021.pdf »",
    "draft": "draft: true",
    "period": "period: \"2022-2024\"",
}

TYPE_FR = {"string": "un texte", "array": "une liste", "object": "un bloc de champs",
           "boolean": "true ou false", "integer": "un nombre entier", "number": "un nombre"}

# Sentences written by `make new` in place of the real text: a file still containing one of them is
# unfinished and cannot be published.
PLACEHOLDER_BODIES = {
    "fiches": "Rédigez ici le texte de la fiche.",
    "prevention": "Rédigez ici le texte du guide de prévention.",
    "rapports": "Rédigez ici la synthèse du rapport.",
    "pages": "Rédigez ici le texte de la page.",
}
PLACEHOLDER_SUMMARY = "Résumez ici la page en une ou deux phrases simples."
PLACEHOLDERS = tuple(PLACEHOLDER_BODIES.values()) + (PLACEHOLDER_SUMMARY,)
# The example source of `make new`'s template and of the messages: copied as is, it is not a source.
PLACEHOLDER_SOURCE_TITLE = "Titre de la source"
_ELLIPSIS_URL = re.compile(r"…|\.\.\.")
# Words that mark an unfinished text (same list as tests/test_content_facts.py).
PLACEHOLDER_WORDS = re.compile(
    r"\bTODO\b|\bXXX\b|\bFIXME\b|lorem\s+ipsum|\b[AÀaà]\s+COMPL[EÉeé]TER\b", re.IGNORECASE)

_TEXT = {"type": "string", "pattern": r"\S", "not": {"type": "string", "pattern": r"<[A-Za-z/!?]"}}
_DATE = {"type": "string", "pattern": DATE_PATTERN, "format": "date"}
_SLUG = {"type": "string", "pattern": SLUG_PATTERN}
_URL = {"type": "string"}  # checked and re-serialized by plugins/escaping/urls.py (see text_and_url_errors)
# Fields holding an address, and whether the rule accepts http:// (sources: some official documents are
# only published at an http address).
URL_FIELDS = {("sources", "url"): True}


def build_schema(taxonomies: dict | None = None) -> dict:
    """The JSON Schema of the front matter; controlled lists filled from `taxonomies`."""
    taxonomies = taxonomies or {}

    def controlled(name):
        ids = sorted(taxonomies.get(name, {}) or {})
        return {"type": "array", "uniqueItems": True,
                "items": {"type": "string", "enum": ids}}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": list(REQUIRED),
        "additionalProperties": False,
        "properties": {
            "title": {**_TEXT, "maxLength": MAX_TITLE},
            "summary": {**_TEXT, "maxLength": MAX_SUMMARY},
            "date": _DATE,
            "updated": _DATE,
            "review_by": _DATE,
            "slug": _SLUG,
            "template": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$"},
            "themes": controlled("themes"),
            "audiences": controlled("audiences"),
            # A source is an external address (`url`) or a page of this site (`page`: its slug,
            # resolved like `related` by plugins/site_structure), never both.
            "sources": {"type": "array", "items": {
                "type": "object", "required": ["title"], "additionalProperties": False,
                "properties": {"title": _TEXT, "url": _URL, "page": _SLUG},
                "oneOf": [{"required": ["url"]}, {"required": ["page"]}]}},
            "legal_refs": {"type": "array", "items": _TEXT},
            "related": {"type": "array", "uniqueItems": True, "items": _SLUG},
            "contacts": {"type": "array", "uniqueItems": True,
                         "items": {"type": ["string", "integer"]}},
            "attachments": {"type": "array", "items": {
                "type": "object", "required": ["title"], "additionalProperties": False,
                "properties": {"title": _TEXT, "file": {"type": "string"}, "url": {"type": "string"},
                               "lang": {"type": "string"}, "size": {"type": ["string", "number"]},
                               "pages": {"type": ["integer", "string"]}}}},
            "draft": {"type": "boolean"},
            # Years covered by a report summary (« 2022-2024 »): orders /rapports/ newest first.
            "period": {"type": "string", "pattern": r"^(19|20)\d\d(-(19|20)\d\d)?$"},
        },
    }


FIELDS = tuple(build_schema()["properties"])


def _suggest(value: str, choices) -> str:
    close = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


def _where(path: tuple) -> str:
    """« sources » n° 2, champ « url » — how an editor finds a nested value."""
    if not path:
        return "l’en-tête"
    text = f"« {path[0]} »"
    if len(path) >= 2 and isinstance(path[1], int):
        text += f" (élément n° {path[1] + 1}"
        if len(path) >= 3:
            text += f", champ « {path[2]} »"
        text += ")"
    return text


def _messages(err, doc: Document, taxonomies: dict) -> list[tuple[tuple, str]]:
    """French message(s) for one jsonschema error: [(path, message)]."""
    path = tuple(err.absolute_path)
    field = next((p for p in reversed(path) if isinstance(p, str)), None)
    top = path[0] if path else None
    example = EXAMPLES.get(top, "")
    kind = err.validator
    value = err.instance

    if kind == "required":
        missing = [name for name in err.validator_value if name not in (value or {})]
        if not path:
            return [((), f"champ obligatoire « {name} » manquant : ajoutez « {EXAMPLES[name]} » dans "
                     "l’en-tête.") for name in missing]
        return [(path, f"{_where(path)} : il manque le champ « {name} » ; par exemple {example}.")
                for name in missing]
    if kind == "additionalProperties":
        known = list(err.schema.get("properties", {}))
        unknown = [k for k in value if k not in known]
        out = []
        for key in unknown:
            hint = _suggest(key, known)
            where = "" if not path else f" dans {_where(path)}"
            out.append((path + (key,), f"champ inconnu « {key} »{where}{hint} : corrigez son nom ou "
                        f"supprimez-le ; champs possibles : {', '.join(known)}."))
        return out
    if top in DATE_FIELDS:
        return [(path, f"date invalide pour « {top} » ({value!r}) : écrivez une date qui existe sous la "
                 "forme AAAA-MM-JJ, par exemple 2026-11-28.")]
    if kind == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        wanted = " ou ".join(TYPE_FR.get(t, t) for t in expected)
        hint = " ; mettez la valeur entre guillemets" if "string" in expected else ""
        return [(path, f"{_where(path)} doit être {wanted}{hint} : par exemple {example}.")]
    if kind == "enum" and top in TAXONOMIES:
        known = sorted(taxonomies.get(top, {}) or {})
        label = "thème" if top == "themes" else "public"
        return [(path, f"« {value} » n’est pas un {label} connu{_suggest(value, known)} : choisissez "
                 f"parmi {', '.join(known)} (liste dans content/{TAXONOMY_FILE}, à compléter si "
                 "besoin).")]
    if kind == "not":
        return [(path, f"{_where(path)} contient une balise HTML : écrivez du texte simple, sans « < » "
                 "ni balise.")]
    if kind == "oneOf" and top == "sources" and isinstance(value, dict):
        if "url" in value and "page" in value:
            return [(path, f"{_where(path)} a à la fois « url » et « page » : gardez « url » pour une "
                     "source publiée ailleurs, ou « page » pour une page de ce site, pas les deux.")]
        return [(path, f"{_where(path)} : il manque l’adresse de la source ; ajoutez « url: \"https://…\" » "
                 "(l’adresse précise de la page citée) ou « page: » suivi du slug d’une page de ce site, "
                 "par exemple « page: rapport-2013-2014 ».")]
    if kind == "pattern" and field in ("slug", "page") or (kind == "pattern" and top == "related"):
        return [(path, f"{_where(path)} : « {value} » n’est pas un slug valide ; un slug s’écrit en "
                 "minuscules sans accent ni espace, avec des tirets, par exemple « sortir-d-un-groupe ».")]
    if kind == "pattern" and field == "template":
        return [(path, f"gabarit « {value} » invalide : écrivez le nom d’un gabarit de theme/templates/ "
                 "sans « .html », par exemple « template: page ».")]
    if kind == "pattern" and top == "period":
        return [(path, f"« period » : « {value} » n’est pas une période ; écrivez l’année ou les années "
                 "couvertes par le rapport, par exemple period: \"2022-2024\" ou period: \"2015\".")]
    if kind == "pattern":  # the \S pattern of texts
        return [(path, f"{_where(path)} est vide : écrivez un texte, par exemple {example}.")]
    if kind == "minItems":
        return [(path, f"{_where(path)} est une liste vide : ajoutez au moins un élément (par exemple "
                 f"{example}) ou supprimez la ligne.")]
    if kind == "uniqueItems":
        seen, twice = set(), []
        for item in value:
            if str(item) in seen:
                twice.append(str(item))
            seen.add(str(item))
        return [(path, f"{_where(path)} cite deux fois « {', '.join(twice)} » : gardez une seule fois "
                 "chaque valeur.")]
    if kind in ("maxLength", "maxItems"):
        unit = "caractères" if kind == "maxLength" else "éléments"
        return [(path, f"{_where(path)} est trop long (au plus {err.validator_value} {unit}) : raccourcissez-le.")]
    if kind == "enum":
        choices = ", ".join(str(c) for c in err.validator_value)
        return [(path, f"{_where(path)} : « {value} » n’est pas une valeur possible{_suggest(value, err.validator_value)} ; "
                 f"choisissez parmi {choices}.")]
    # Any other case: a French message without the validator's English text.
    return [(path, f"{_where(path)} : valeur invalide ; écrivez-la comme dans cet exemple : {example}.")]


def _normalize(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.replace("'", "’").split())


_PLACEHOLDER_HINTS = ("todo", "xxx", "fixme", "lorem", "compl")


def _placeholder_word(text: str):
    """PLACEHOLDER_WORDS.search, after a cheap look for its words (the regex is slow on long texts)."""
    low = text.lower()
    if not any(hint in low for hint in _PLACEHOLDER_HINTS):
        return None
    return PLACEHOLDER_WORDS.search(text)


_NORMALIZED_PLACEHOLDERS = [(sentence, _normalize(sentence)) for sentence in PLACEHOLDERS]


def find_placeholders(doc: Document) -> list[ContentError]:
    """Unfinished text: the sentences of `make new` and the usual placeholder words."""
    errors = []
    body = _normalize(doc.body)
    for sentence, wanted in _NORMALIZED_PLACEHOLDERS:
        if wanted in body:
            raw_index = doc.body.find(sentence.split()[0] + " " + sentence.split()[1])
            line = doc.body_line_of(raw_index) if raw_index >= 0 else doc.body_line
            errors.append(ContentError(doc.path, line, f"texte provisoire « {sentence} » : remplacez cette "
                                       "phrase par le vrai texte avant de publier."))
    summary = doc.metadata.get("summary")
    if isinstance(summary, str) and _normalize(summary) in {_normalize(p) for p in PLACEHOLDERS}:
        errors.append(ContentError(doc.path, doc.line_of(("summary",)), f"résumé provisoire « {summary} » : "
                                   "écrivez dans « summary » une ou deux phrases simples qui résument "
                                   "la page."))
    for i, text in enumerate(doc.body.split("\n") if _placeholder_word(doc.body) else ()):
        match = PLACEHOLDER_WORDS.search(text)
        if match:
            errors.append(ContentError(doc.path, doc.body_line + i, f"marque de texte inachevé "
                                       f"« {match.group(0)} » : terminez le texte puis retirez cette marque."))
    errors += _placeholder_sources(doc)
    for name in ("title", "summary"):
        value = doc.metadata.get(name)
        if isinstance(value, str):
            match = _placeholder_word(value)
            if match:
                errors.append(ContentError(doc.path, doc.line_of((name,)), f"marque de texte inachevé "
                                           f"« {match.group(0)} » dans « {name} » : terminez le texte "
                                           "puis retirez cette marque."))
    return errors



def text_and_url_errors(doc: Document) -> list[tuple[int, str]]:
    """Invisible characters in any text (plugins/escaping/text.py) and addresses that the URL module
    refuses (plugins/escaping/urls.py): [(line, message)]."""
    found = []
    for path, text in strings_in(doc.metadata):
        named = tuple(p for p in path if isinstance(p, str))
        if len(named) == 2 and named in URL_FIELDS:
            if _ELLIPSIS_URL.search(text):  # an example address: one message, from _placeholder_sources
                continue
            problem = url_problem(text, allow_http=URL_FIELDS[named])
            if problem:
                found.append((doc.line_of(path), f"{_where(path)} : adresse « {text} » refusée : {problem}"))
            continue
        problem = text_problem(text)
        if problem:
            found.append((doc.line_of(path), f"{_where(path)} {problem}."))
    return found


def _placeholder_sources(doc: Document) -> list[ContentError]:
    """Example sources (« Titre de la source », https://…) left in `sources` or `attachments`."""
    errors = []
    for field in ("sources", "attachments"):
        items = doc.metadata.get(field)
        for index, item in enumerate(items if isinstance(items, list) else ()):
            if not isinstance(item, dict):
                continue
            title, url = item.get("title"), item.get("url")
            if isinstance(title, str) and _normalize(title).lower() == PLACEHOLDER_SOURCE_TITLE.lower():
                errors.append(ContentError(doc.path, doc.line_of((field, index, "title")),
                                           f"« {field} » (élément n° {index + 1}) : « {title} » est le titre "
                                           "d’exemple ; écrivez le vrai titre de la page citée, ou retirez "
                                           "l’élément."))
            if isinstance(url, str) and _ELLIPSIS_URL.search(url):
                errors.append(ContentError(doc.path, doc.line_of((field, index, "url")),
                                           f"« {field} » (élément n° {index + 1}) : « {url} » est une adresse "
                                           "d’exemple ; copiez l’adresse complète de la page citée depuis la "
                                           "barre d’adresse du navigateur, ou retirez l’élément."))
    return errors


_VALIDATORS: dict[str, Draft202012Validator] = {}


def _validator(taxonomies: dict) -> Draft202012Validator:
    """One compiled validator per set of controlled lists (not one per file)."""
    key = json.dumps(taxonomies, sort_keys=True, ensure_ascii=False)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Draft202012Validator(build_schema(taxonomies), format_checker=FormatChecker())
    return _VALIDATORS[key]


def validate(doc: Document, taxonomies: dict | None = None, templates=None) -> list[ContentError]:
    """Every front-matter mistake of `doc`, in line order. `templates`: known template names
    (None: not checked)."""
    taxonomies = taxonomies or {}
    validator = _validator(taxonomies)
    found: list[tuple[int, str]] = []
    for err in validator.iter_errors(doc.metadata):
        for path, message in _messages(err, doc, taxonomies):
            line = doc.line_of(path) if path else 1
            found.append((line, message))
    found += text_and_url_errors(doc)
    meta = doc.metadata
    published, updated = as_date(meta.get("date")), as_date(meta.get("updated"))
    if published and updated and updated < published:
        found.append((doc.line_of(("updated",)), f"« updated » ({updated.isoformat()}) est antérieure à "
                      f"« date » ({published.isoformat()}) : une mise à jour ne peut pas précéder la "
                      "publication ; corrigez l’une des deux dates."))
    template = meta.get("template")
    if templates is not None and isinstance(template, str) and re.match(r"^[a-z0-9][a-z0-9_-]*$", template) \
            and template not in templates:
        found.append((doc.line_of(("template",)), f"gabarit « {template} » introuvable"
                      f"{_suggest(template, templates)} : gabarits possibles : "
                      f"{', '.join(sorted(templates))} ; ou supprimez la ligne pour le gabarit par défaut."))
    found = list(dict.fromkeys(found))  # a date can fail both its pattern and its format
    errors = [ContentError(doc.path, line, message) for line, message in found]
    errors += find_placeholders(doc)
    return sorted(errors, key=lambda e: e.line)


def load_taxonomies(path: Path, display: str | None = None) -> dict:
    """content/data/taxonomies.yaml -> {"themes": {id: label}, "audiences": {id: label}}.

    Raises ContentError (with the file's line) when the file itself is malformed.
    """
    display = display or str(path)
    if not Path(path).is_file():
        raise ContentError(display, 1, "fichier des listes contrôlées introuvable : il doit définir "
                           "« themes: » et « audiences: » (identifiant: libellé).")
    try:
        text = Path(path).read_bytes().decode("utf-8").lstrip("\ufeff")
        data = yaml.load(text, Loader=Loader)  # noqa: S506 - SafeLoader
    except UnicodeDecodeError:
        raise ContentError(display, 1, "le fichier n’est pas encodé en UTF-8 : enregistrez-le en UTF-8.") from None
    except yaml.YAMLError as exc:
        from plugins.common.yaml_errors import explain

        line, message = explain(exc, text, first_line=1)
        raise ContentError(display, line, f"YAML invalide : {message}") from None
    if not isinstance(data, dict):
        raise ContentError(display, 1, "le fichier doit contenir « themes: » et « audiences: ».")
    out = {}
    for name in TAXONOMIES:
        entries = data.get(name)
        if not isinstance(entries, dict) or not entries:
            raise ContentError(display, 1, f"la liste « {name} » manque ou est vide : écrivez "
                               f"« {name}: » puis, en dessous et en retrait, « identifiant: \"Libellé\" ».")
        for key, label in entries.items():
            if not isinstance(key, str) or not re.match(SLUG_PATTERN, key) or not isinstance(label, str):
                raise ContentError(display, 1, f"entrée « {key} » de « {name} » invalide : l’identifiant "
                                   "s’écrit en minuscules avec des tirets et le libellé est un texte.")
            problem = text_problem(label) or ("contient une balise HTML : écrivez du texte simple, sans "
                                              "« < » ni balise" if re.search(r"<[A-Za-z/!?]", label) else "")
            if problem:  # labels are shown on the site: text only, like the front matter's texts
                rows = text.splitlines()
                start = next((i for i, row in enumerate(rows) if row.startswith(f"{name}:")), 0)
                line = next((i + 1 for i in range(start, len(rows)) if rows[i].strip().startswith(f"{key}:")), 1)
                raise ContentError(display, line, f"le libellé de « {key} » ({name}) {problem}.")
        out[name] = dict(entries)
    return out
