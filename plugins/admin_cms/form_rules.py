"""The checks of one entry that the web editor's form runs itself (formes.json, read by
static/editeur.js), each with the message `make check` prints: obtained by running the content checks
on an entry that breaks the rule, never a second hand-written list."""
from __future__ import annotations

from plugins.common.rules.schema import DATE_PATTERN
from plugins.escaping.urls import _EMAIL, _TEL_BODY

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


def _hint_split(message_of, close: str, known: str) -> tuple[str, str]:
    """(message with {valeur} and {indice}, hint with {proche}) of a message that adds a « did you
    mean » hint: found by comparing the message of a far value with the one of a close value."""
    import os.path
    far, near = message_of("\u2400"), message_of(close).replace(close, "\u2400", 1)
    head = os.path.commonprefix([far, near])
    tail = os.path.commonprefix([far[len(head):][::-1], near[len(head):][::-1]])[::-1]
    hint = near[len(head):len(near) - len(tail)] if tail else near[len(head):]
    template = head + "{indice}" + far[len(head):]
    return template.replace("\u2400", "{valeur}"), hint.replace(f"« {known} »", "« {proche} »")


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
            raise ValueError(f"a contact probe gave {found!r}: update form_rules.contact_checks")
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
        raise ValueError("the contacts' source rule changed: update form_rules.contact_checks")
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


def source_checks(facts) -> dict | None:
    """A source that is a site's home page (common/rules/sources.py, formes.json « sources »): the
    fact base's precise pages by host (with their path segments), the test of a title that names a
    page, and the messages of `make check` ({titre}, {valeur}, {choix}, {site}). None without the
    fact base (make check then skips the first rule too; the second is still exported)."""
    from urllib.parse import unquote, urlsplit

    from plugins.common.rules import sources
    from plugins.common.rules.frontmatter import parse
    from plugins.fact_base import FactIndex

    def message(title: str, url: str, index) -> str:
        text = f'---\ntitle: T\nsources:\n  - title: "{title}"\n    url: "{url}"\n---\n\nUn texte.\n'
        found = sources.source_errors(parse(text.encode("utf-8"), "essai.md"), index)
        return found[0].message if found else ""
    one = FactIndex(pages={"zzzz.fr": ("https://zzzz.fr/a/b",)})
    two = FactIndex(pages={"zzzz.fr": ("https://zzzz.fr/a/b", "https://zzzz.fr/c/d")})
    precise = message("Zzzz", "https://zzzz.fr/", one)
    several = message("Zzzz", "https://zzzz.fr/", two)
    titled = message("Zzzz, une page", "https://zzzz.fr/", None)
    unnamed = message(", une page", "https://zzzz.fr/", None)
    site = unnamed.split("(par exemple « ")[-1].split(", page d’accueil")[0] if "(par exemple « " in unnamed else ""
    if not precise or not several or not titled or message("Zzzz", "https://zzzz.fr/", None):
        raise ValueError("the source rules of common/rules/sources.py changed: update form_rules.source_checks")
    head = precise.replace("https://zzzz.fr/a/b", "\u2400")
    prefix = several.replace("https://zzzz.fr/a/b, https://zzzz.fr/c/d", "\u2400")
    if head.count("\u2400") != 1 or prefix.count("\u2400") != 1 or head.split("\u2400")[0] != prefix.split(
            "\u2400")[0][:len(head.split("\u2400")[0])]:
        raise ValueError("the precise-page message changed: update form_rules.source_checks")
    pages = {}
    if facts is not None:
        for host, found in facts.pages.items():
            pages[host] = [[page, [s for s in unquote(urlsplit(page).path).split("/") if s]] for page in found]
    return {
        "pages": pages,
        "precise": head.replace("« Zzzz »", "« {titre} »").replace("(https://zzzz.fr/)", "({valeur})").replace("\u2400", "{choix}"),
        "several": prefix.split("\u2400")[0][len(head.split("\u2400")[0]):],
        "titled": titled.replace("« Zzzz, une page »", "« {titre} »").replace("(https://zzzz.fr/)", "({valeur})")
                        .replace("« Zzzz, page", "« {site}, page"),
        "page_title": sources._PAGE_TITLE.pattern, "unnamed_site": site,
    }


def penalty_checks(facts) -> dict | None:
    """« jusqu’à N ans » in the summary and the body (common/rules/penalties.py, formes.json
    « penalties »): the fact base's highest tier per article, the articles with a heavier tier marked
    CHECK, the patterns (JavaScript's \\b and \\w made Unicode) and the messages of `make check`
    ({trouve}, {article}, {max}, {annees}). None without the fact base (make check skips it too)."""
    from plugins.common.rules import penalties
    from plugins.common.rules.frontmatter import parse
    from plugins.fact_base import FactIndex
    if facts is None:
        return None

    def message(index) -> str:
        text = "---\ntitle: T\nsummary: \"Puni jusqu’à 7 ans (article 999-99).\"\n---\n\nUn texte.\n"
        found = penalties.penalty_errors(parse(text.encode("utf-8"), "essai.md"), index)
        return found[0].message if len(found) == 1 else ""
    wrong = message(FactIndex(tiers={"999-99": frozenset({7, 11})}))
    unsure = message(FactIndex(tiers={"999-99": frozenset({7})}, uncertain=frozenset({"999-99"})))
    if not wrong or not unsure or message(FactIndex(tiers={"999-99": frozenset({7})})):
        raise ValueError("the penalty rule of common/rules/penalties.py changed: update form_rules.penalty_checks")

    def template(text: str) -> str:
        return (text.replace("jusqu’à 7 ans", "{trouve}").replace("999-99", "{article}")
                .replace("jusqu’à 11 ans", "jusqu’à {max} ans").replace("de 11 ans", "de {max} ans")
                .replace("« 7 ans dans", "« {annees} ans dans"))
    return {"up_to": js_word_bounds(penalties._UP_TO.pattern),
            "article": penalties._ARTICLE_NUMBER.pattern.replace(r"[\w-]", r"[\p{L}\p{N}_-]"),
            "highest": {article: max(years) for article, years in facts.tiers.items() if years},
            "uncertain": sorted(facts.uncertain), "wrong": template(wrong), "unsure": template(unsure)}
