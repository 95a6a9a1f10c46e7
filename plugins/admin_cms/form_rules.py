"""The checks of one entry that the web editor's form runs itself (formes.json, read by
static/editeur.js), each with the message `make check` prints: obtained by running the content checks
on an entry that breaks the rule, never a second hand-written list."""
from __future__ import annotations

from plugins.common.rules.schema import DATE_PATTERN
from plugins.escaping.urls import _EMAIL, _TEL_BODY

from .core import COLLECTIONS
from .form_contact_rules import contact_checks
from .form_fact_rules import penalty_checks, source_checks
from .form_probes import _hint_split, js_word_bounds  # noqa: F401 - js_word_bounds: used by tests too

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


def form_checks() -> list[dict]:
    """[{field, must|never, flags, max, message}] for static/editeur.js (formes.json « checks »)."""
    from plugins.common.rules.canonical import canonical_text
    from plugins.common.rules.frontmatter import parse
    from plugins.common.rules.schema import PLACEHOLDER_WORDS, build_schema, validate

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
    for name in ("date", "updated", "review_by"):  # a day that exists (make check reads the date)
        probe(name, {"real_date": True}, "2026-02-30", None)
        checks[-1]["message"] = checks[-1]["message"].replace("'{valeur}'", "{valeur_repr}")
    for name in ("title", "summary"):  # lengths: from the schema, with the message of make check
        limit = schema["properties"][name]["maxLength"]
        probe(name, {"must": r"^[\s\S]{0,%d}$" % limit}, "a" * (limit + 1), None)
    return checks


def _entry_messages(meta: dict, body: str = "Un texte.") -> list[str]:
    """The messages of the content checks of `make check` (plugins/content_schema) for one entry."""
    from plugins.common.rules.canonical import canonical_text
    from plugins.common.rules.frontmatter import parse
    from plugins.common.rules.schema import validate
    doc = parse(canonical_text(meta, body).encode("utf-8"), "essai.md")
    return [str(e.message) for e in validate(doc)]


# Dates of one entry that must not come before another (later, earlier): each pair is exported only
# when the content checks refuse it (« updated » or « review_by » before « date »).
_DATE_PAIRS = (("updated", "date"), ("review_by", "date"))


def date_order_checks() -> list[dict]:
    """[{field, not_before, message}]: the message has {valeur} (the field) and {avant} (the other)."""
    base = {"title": "Titre d’essai", "summary": "Un résumé.", "date": "2026-11-28"}
    out = []
    for later, earlier in _DATE_PAIRS:
        meta = {**base, earlier: "2026-11-28", later: "2026-11-01"}
        new = [m for m in _entry_messages(meta) if m not in _entry_messages(base)]
        if new:
            out.append({"field": later, "not_before": earlier,
                        "message": new[0].replace("2026-11-01", "{valeur}").replace("2026-11-28", "{avant}")})
    return out


def reference_checks(contact_ids: list[str], pages: list[str], drafts: list[str]) -> dict:
    """Known pages and contacts (formes.json « references »), with the messages of the real checks:
    plugins/site_structure (`related`, a source's `page`) and plugins/contacts (`contacts`, the
    body's [[contact:ID]]). The lists are the site's at build time."""
    from plugins.common.rules import references
    from plugins.common.rules.references import unresolved_message
    pages_rules = []
    for path, field in (("related", "« related »"),
                        ("sources.*.page", "« sources » (élément n° 1, champ « page »)")):
        pages_rules.append({
            "field": path,
            "unknown": unresolved_message(field, "\u2400", False).replace("\u2400", "{valeur}")
                                                               .replace("n° 1", "n° {n}"),
            "draft": unresolved_message(field, "\u2400", True).replace("\u2400", "{valeur}")
                                                             .replace("n° 1", "n° {n}")})
    known = [str(c) for c in contact_ids]
    contact = {"field": "contacts", "inline": references.INLINE_RE.pattern, "known": known,
               "empty": references.unknown_id_message("", known)}
    if known:
        contact["message"], contact["hint"] = _hint_split(
            lambda cid: references.unknown_id_message(cid, known), known[0] + "x", known[0])
    else:
        contact["message"], contact["hint"] = references.unknown_id_message("{valeur}", known), ""
    return {"pages": sorted(pages), "drafts": sorted(drafts), "page_fields": pages_rules,
            "contacts": contact}


def markup_checks() -> dict:
    """Markup of the body that plugins/content_sanitize refuses (formes.json « markup »): its
    allow-list of tags and attributes, and the messages its checker gives on probe HTML. The form
    reads raw tags in the Markdown text; `make check` reads the HTML that Markdown makes (what
    Markdown itself produces is allowed, except a level-1 title « # »)."""
    from plugins.common.rules import markup as sanitize

    def message(html: str) -> str:
        problems = sanitize.find_problems(html)
        return problems[0][1] if problems else ""
    # Tags with a message of their own, and tags the HTML5 parser drops in a body (no message).
    special = sorted(sanitize.REMOVED_WITH_CONTENT | {"h1", "form", "input", "button", "select", "textarea",
                                                      "html", "head", "body"})
    tags = {tag: message(f"<{tag}>x</{tag}>") for tag in special}
    return {"allowed": {tag: sorted(attrs | sanitize.GLOBAL_ATTRIBUTES) for tag, attrs in sanitize.ALLOWED.items()},
            "tags": {tag: text for tag, text in tags.items() if text},
            "ignored": sorted(tag for tag, text in tags.items() if not text),
            "other_tag": message("<zzzz>x</zzzz>").replace("zzzz", "{balise}"),
            "handler": message('<p onzzzz="x">x</p>').replace("onzzzz", "{attribut}"),
            "style": message('<p style="x">x</p>'),
            "attribute": message('<p zzzz="x">x</p>').replace("zzzz", "{attribut}").replace("<p>", "<{balise}>"),
            "h1_markdown": r"^#(?!#)", "heading_skip": _heading_skip(message), "schemes": _scheme_messages(),
            "removed_with_content": sorted(sanitize.REMOVED_WITH_CONTENT),
            "no_alt": message('<img src="zzzz.png">').replace("zzzz.png", "{valeur}"),
            "nesting": _nesting(), "template_headings": _template_headings()}


def _nesting() -> dict:
    """The body's nesting limits of `make check` (content_schema.render.nesting_problem): checked
    before the Markdown conversion, so a body over them gets that one message and no other of its markup."""
    from plugins.common.rules import nesting as render
    from plugins.common.rules.frontmatter import parse

    def message(body: str) -> str:
        problem = render.nesting_problem(parse(("---\ntitle: T\n---\n\n" + body).encode("utf-8"), "essai.md"))
        return problem.message if problem else ""
    deep, brackets = message("> " * (render.MAX_NESTING + 1) + "x"), message("[" * (render.MAX_BRACKETS + 1))
    if not deep or not brackets or message("> > - x"):
        raise ValueError("the nesting rule of content_schema.render changed: update form_rules._nesting")
    return {"max": render.MAX_NESTING, "max_brackets": render.MAX_BRACKETS, "prefix": render._PREFIX.pattern,
            "marker": r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])", "message": deep, "brackets_message": brackets}


def _template_headings() -> dict:
    """Headings the page template writes itself (content_schema.rules.TEMPLATE_HEADINGS): their folded
    text -> field, and the message of `make check` ({texte}, {champ})."""
    from plugins.common.rules import headings as rules
    from plugins.common.rules.frontmatter import parse
    doc = parse("---\ntitle: T\n---\n\n## Zzzz Sources\n".encode("utf-8"), "essai.md")
    headings = dict(rules.TEMPLATE_HEADINGS)
    doc.body = "## Sources\n"
    found = [e.message for e in rules.template_heading_errors(doc)]
    if len(found) != 1:
        raise ValueError("the template-heading rule of content_schema.rules changed: update form_rules")
    return {"folded": headings, "heading": rules._HEADING.pattern, "fence": rules._FENCE.pattern,
            "message": found[0].replace("« Sources »", "« {texte} »").replace("« sources »", "« {champ} »")}


def _heading_skip(message) -> dict:
    """The skipped-heading-level message of content_sanitize as a template ({niveau}, {precedent},
    {attendu}) and the level a body starts from (checked: an <h3> first is a skip from level 1)."""
    text = message("<h2>a</h2><h5>b</h5>")
    if "niveau 5" not in text or "un niveau 2" not in text or "« ### »" not in text \
            or "un niveau 1" not in message("<h3>a</h3>") or message("<h2>a</h2>"):
        raise ValueError("the heading rule of content_sanitize changed: update form_rules._heading_skip")
    return {"start": 1, "message": text.replace("niveau 5", "niveau {niveau}").replace(
        "un niveau 2", "un niveau {precedent}").replace("« ### »", "« {attendu} »")}


def _scheme_messages() -> dict:
    """Link schemes of the body (Markdown links, href/src of raw tags) that content_sanitize refuses:
    {"code": [schemes], "allowed": [schemes], "code_message", "other_message"} ({valeur}: the
    address as written, cut as make check cuts it, to 40 characters)."""
    from plugins.common.rules import markup as sanitize
    code = sorted(s for s in ("javascript", "vbscript", "data")
                  if sanitize.url_problem("a", "href", f"{s}:x") and "code" in sanitize.url_problem("a", "href", f"{s}:x")[1])
    return {"code": code, "allowed": sorted(sanitize.URL_SCHEMES), "attributes": sorted(sanitize.URL_ATTRIBUTES),
            "code_message": sanitize.url_problem("a", "href", "javascript:x")[1].replace("javascript:x", "{valeur}"),
            "other_message": sanitize.url_problem("a", "href", "zzzz:x")[1].replace("zzzz:x", "{valeur}"),
            "remote_image": sanitize.url_problem("img", "src", "https://zzzz.fr/x.png")[1]
                                    .replace("https://zzzz.fr/x.png", "{valeur}"),
            "tel_body": _TEL_BODY.pattern, "email": _EMAIL.pattern,
            "tel_message": sanitize.url_problem("a", "href", "tel:zzzz")[1].replace("tel:zzzz", "{valeur}"),
            "mailto_message": sanitize.url_problem("a", "href", "mailto:zzzz")[1].replace("mailto:zzzz", "{valeur}")}


def form_rules(contacts: dict, verify_url: str | None = None, preview_css: str | None = None,
               contact_order=(), pages=(), drafts=(), audiences=None, facts=None) -> dict:
    """formes.json, read by static/editeur.js: the canonical form's field order (from the schema),
    the contacts of the [[contact:ID]] component, the folders, and the local check's address."""
    from plugins.common.rules import canonical
    from plugins.common.rules.schema import DATE_FIELDS
    return {"order": list(canonical.ORDER), "sub_order": {k: list(v) for k, v in canonical.SUB_ORDER.items()},
            "date_fields": list(DATE_FIELDS), "date_pattern": DATE_PATTERN,
            "contacts": {str(k): str(v) for k, v in contacts.items()},
            "folders": {name: f"content/{name}" for name, _, _ in COLLECTIONS},
            "contact_order": ["_commentaire", *contact_order], "checks": form_checks(),
            "date_order": date_order_checks(), "references": reference_checks(list(contacts), list(pages),
                                                                              list(drafts)),
            "markup": markup_checks(), "contact": contact_checks(audiences), "sources": source_checks(facts),
            "penalties": penalty_checks(facts),
            "verify_url": verify_url, "preview_css": preview_css}
