"""The checks of one entry that the web editor's form runs itself (formes.json, read by
static/editeur.js), each with the message `make check` prints: obtained by running the content checks
on an entry that breaks the rule, never a second hand-written list."""
from __future__ import annotations

from plugins.content_schema.schema import DATE_PATTERN

from .core import COLLECTIONS

# Checks of one entry that the form runs itself where no save check answers (the editor on the
# forge, in production): each rule is a test on one field and the message `make check` prints for it,
# obtained by running the content checks (plugins/content_schema.validate) on an entry that breaks
# the rule — never a second hand-written list of messages. (field path, test, bad value, found text).
_FORM_PROBES = (
    ("title", {"must": r"\S"}, "   ", None),
    ("summary", {"must": r"\S"}, "   ", None),
    ("sources.*.title", {"must": r"\S"}, "   ", None),
    ("title", {"never": r"<[A-Za-z/!?]"}, "<b>Titre</b>", None),
    ("summary", {"never": r"<[A-Za-z/!?]"}, "<b>Résumé</b>", None),
    ("sources.*.title", {"never": r"<[A-Za-z/!?]"}, "<b>Source</b>", None),
    ("sources.*.url", {"never": r"^\s*javascript:"}, "javascript:alert(1)", None),
    ("sources.*.url", {"must": r"^(https?://|\s*javascript:)"}, "exemple.fr/page", None),
    ("sources.*.url", {"never": r"^https?://\S*\s"}, "https://exemple.fr/une page", None),
    ("title", {"never": "PLACEHOLDER"}, "Titre TODO", "TODO"),
    ("summary", {"never": "PLACEHOLDER"}, "Résumé TODO.", "TODO"),
    ("body", {"never": "PLACEHOLDER"}, "Un texte.\n\nTODO : finir.", "TODO"),
)


def js_word_bounds(pattern: str) -> str:
    """A Python pattern's `\\b` as JavaScript must write it: JavaScript's `\\b` knows ASCII letters only
    (« à compléter » would not match), so each becomes a look-around on Unicode letters and digits."""
    import re
    word = r"[\p{L}\p{N}_]"
    pattern = re.sub(r"\\b(?=[\[\w])", lambda _m: f"(?<!{word})", pattern)
    return pattern.replace(r"\b", f"(?!{word})")


def form_checks() -> list[dict]:
    """[{field, must|never, flags, max, message}] for static/editeur.js (formes.json « checks »)."""
    from plugins.content_schema.canonical import canonical_text
    from plugins.content_schema.frontmatter import parse
    from plugins.content_schema.schema import PLACEHOLDER_WORDS, build_schema, validate

    def messages(meta: dict, body: str = "Un texte.") -> list[str]:
        doc = parse(canonical_text(meta, body).encode("utf-8"), "essai.md")
        return [str(e.message) for e in validate(doc)]

    base = {"title": "Titre d’essai", "summary": "Un résumé.", "date": "2026-11-28"}
    checks = []

    def probe(path: str, test: dict, bad: str, found: str | None) -> None:
        meta, body = dict(base), "Un texte."
        top, _, sub = path.partition(".*.")
        if top == "body":
            body = bad
        elif sub:
            item = {"title": "Une source", "url": "https://exemple.fr/page"}
            item[sub] = bad
            meta[top] = [item]
        else:
            meta[top] = bad
        new = [m for m in messages(meta, body) if m not in messages(base)]
        if not new:
            raise ValueError(f"no check refuses {path}={bad!r}")
        text = new[0].replace("n° 1", "n° {n}")
        if found:
            text = text.replace(f"« {found} »", "« {trouve} »")
        text = text.replace(bad.strip(), "{valeur}") if bad.strip() else text
        rule = {"field": path, "message": text}
        for key, pattern in test.items():
            if pattern == "PLACEHOLDER":
                rule.update({key: js_word_bounds(PLACEHOLDER_WORDS.pattern), "flags": "iu"})
            else:
                rule[key] = pattern
        checks.append(rule)

    for args in _FORM_PROBES:
        probe(*args)
    schema = build_schema()
    for name, bad in (("date", "28/11/2026"), ("updated", "28/11/2026"), ("review_by", "28/11/2026"),
                      ("period", "2022 à 2024")):  # patterns of the schema
        probe(name, {"must": schema["properties"][name]["pattern"]}, bad, None)
    for name in ("title", "summary"):  # lengths: from the schema, with the message of make check
        limit = schema["properties"][name]["maxLength"]
        probe(name, {"must": r"^[\s\S]{0,%d}$" % limit}, "a" * (limit + 1), None)
    return checks


def form_rules(contacts: dict, verify_url: str | None = None, preview_css: str | None = None,
               contact_order=()) -> dict:
    """formes.json, read by static/editeur.js: the canonical form's field order (from the schema),
    the contacts of the [[contact:ID]] component, the folders, and the local check's address."""
    from plugins.content_schema import canonical
    from plugins.content_schema.schema import DATE_FIELDS
    return {"order": list(canonical.ORDER), "sub_order": {k: list(v) for k, v in canonical.SUB_ORDER.items()},
            "date_fields": list(DATE_FIELDS), "date_pattern": DATE_PATTERN,
            "contacts": {str(k): str(v) for k, v in contacts.items()},
            "folders": {name: f"content/{name}" for name, _, _ in COLLECTIONS},
            "contact_order": ["_commentaire", *contact_order], "checks": form_checks(),
            "verify_url": verify_url, "preview_css": preview_css}
