"""Pure core of the web editor at /admin/ (Decap CMS): its config.yml, page and security policy.

The configuration is generated from the front-matter contract of plugins/content_schema (one source
of truth): every field of the JSON Schema becomes a Decap field, with its required flag, its pattern,
and the controlled lists of content/data/taxonomies.yaml and content/data/contacts.yaml. Nothing here
reads a file: the wiring (plugins/admin_cms/__init__.py) passes the data in.
"""
from __future__ import annotations

import html
import json

from plugins.content_schema.schema import DATE_PATTERN, SLUG_PATTERN, build_schema

# Content folders (collections of the editor), with their French labels, in menu order.
COLLECTIONS = (
    ("fiches", "Fiches", "Fiche"),
    ("prevention", "Guides de prévention", "Guide de prévention"),
    ("rapports", "Rapports", "Rapport"),
    ("pages", "Pages", "Page"),
)
MEDIA_FOLDER = "content/pdfs"        # uploads (PDF attachments), from the repository root
PUBLIC_FOLDER = "pdfs"               # written in `attachments[].file`: « pdfs/rapport-2021.pdf »
FORMAT = "miviludes-md"  # registered by static/editeur.js: plugins/content_schema/canonical.py's form
COMMIT_MESSAGES = {
    "create": "Nouvelle page {{collection}} « {{slug}} »",
    "update": "Modification de {{collection}} « {{slug}} »",
    "delete": "Suppression de {{collection}} « {{slug}} »",
    "uploadMedia": "Dépôt du fichier « {{path}} »",
    "deleteMedia": "Suppression du fichier « {{path}} »",
    "openAuthoring": "{{message}}",
}
LOCAL_BACKEND_URL = "http://127.0.0.1:8081/api/v1"  # decap-server (`make editer`); 127.0.0.1, not localhost

# Fields of the schema that the editor does not show, and why (tests check this list is exact).
NOT_EDITED = {
    "slug": "l’adresse d’une page vient du nom de son fichier, fixé à la création à partir du titre",
}
# Fields offered in some collections only.
ONLY_IN = {
    "period": {"rapports"},
    "template": {"pages"},
}

LABELS = {
    "title": ("Titre", "Une question ou une phrase courte, comme un lecteur la chercherait."),
    "summary": ("Résumé", "Une ou deux phrases simples : affiché dans les listes et les résultats de recherche."),
    "date": ("Date de publication", "Format AAAA-MM-JJ."),
    "updated": ("Date de mise à jour", "À remplir quand le contenu change ; pas avant la date de publication."),
    "review_by": ("À revérifier avant le", "Date à laquelle relire la page et ses sources (un an en général)."),
    "template": ("Gabarit", "Laisser vide : gabarit par défaut."),
    "themes": ("Thèmes", "Choisissez dans la liste (content/data/taxonomies.yaml)."),
    "audiences": ("Publics", "Choisissez dans la liste (content/data/taxonomies.yaml)."),
    "sources": ("Sources", "Chaque fait de la page vient d’une source de la base de faits."),
    "legal_refs": ("Références juridiques", "Par exemple « Code pénal, article 223-15-2 »."),
    "related": ("Pages liées", "Pages existantes du site proposées en fin de page."),
    "contacts": ("Où s’adresser ?", "Contacts de l’annuaire (content/data/contacts.yaml)."),
    "attachments": ("Documents PDF", "Fichiers PDF déposés dans content/pdfs/."),
    "draft": ("Page masquée", "Activé : la page reste hors du site, même une fois l’entrée publiée."),
    "period": ("Période couverte", "Années du rapport : « 2022-2024 » ou « 2021 »."),
}
SUB_LABELS = {
    "title": "Titre", "url": "Adresse (https://…)", "page": "Ou page de ce site (au lieu d’une adresse)",
    "file": "Fichier PDF", "lang": "Langue (code, par exemple en)", "size": "Taille", "pages": "Nombre de pages",
}
PATTERN_MESSAGES = {
    "title": "écrivez un texte, sans balise HTML",
    "summary": "écrivez un texte, sans balise HTML",
    "url": "adresse complète commençant par https://, sans espace",
    "period": "années sous la forme 2022-2024 ou 2021",
    "template": "nom de gabarit en minuscules, sans « .html »",
}

# Security policy of /admin/ only (the public pages keep the site's strict policy). Decap CMS checks
# its configuration with compiled validators ('unsafe-eval'), styles itself at run time (inline
# styles) and keeps uploads as blob: URLs (shown, then read back to be sent). It talks to the forge's API (production) or to
# decap-server on 127.0.0.1 (`make editer`, never in production).
FORGE_API = "https://api.github.com"
ADMIN_POLICY = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'unsafe-eval'")),
    ("style-src", ("'self'", "'unsafe-inline'")),
    ("img-src", ("'self'", "data:", "blob:")),
    ("font-src", ("'self'", "data:")),
    ("connect-src", ("'self'", "blob:", FORGE_API)),  # blob: an upload is read back before it is sent
    ("media-src", ("'self'", "blob:")),
    ("object-src", ("'none'",)),
    ("base-uri", ("'none'",)),
    ("form-action", ("'self'",)),
    ("frame-ancestors", ("'none'",)),
)
# Sign-in opens the forge's OAuth window, which answers through window.opener: a same-origin opener
# policy would cut that link on /admin/.
ADMIN_OPENER_POLICY = "same-origin-allow-popups"


# Directives a <meta http-equiv> policy cannot carry (browsers ignore them there): headers only.
HEADER_ONLY_DIRECTIVES = ("frame-ancestors", "report-uri", "sandbox")


def _origin(url: str) -> str:
    from urllib.parse import urlsplit
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def admin_csp(local_backend: bool | str = False, meta: bool = False) -> str:
    """Content-Security-Policy of /admin/; `local_backend`: also allow decap-server (development;
    a URL string: that one); `meta`: the policy of the page's <meta http-equiv> (no header-only part)."""
    parts = []
    for directive, sources in ADMIN_POLICY:
        if meta and directive in HEADER_ONLY_DIRECTIVES:
            continue
        sources = list(sources)
        if directive == "connect-src" and local_backend:
            url = local_backend if isinstance(local_backend, str) else LOCAL_BACKEND_URL
            sources.append(_origin(url) or _origin(LOCAL_BACKEND_URL))
        parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


def admin_headers(local_backend: bool = False) -> dict[str, str]:
    """Headers of /admin/ that differ from the rest of the site."""
    return {"Content-Security-Policy": admin_csp(local_backend),
            "Cross-Origin-Opener-Policy": ADMIN_OPENER_POLICY}


# Sign-in in production (issue 20). GitHub OAuth apps have no narrower scope than `public_repo` (write
# access to the editor's public repositories; `repo` would add every private one): the smallest that
# lets Decap open pull requests on a public repository. A private repository needs "repo".
AUTH_SCOPES = ("public_repo", "repo")
DEFAULT_AUTH_SCOPE = "public_repo"
# Hosts that cannot send headers (they ignore `_headers`): no frame protection, so no /admin/ there
# (clickjacking of « Publier »). Names for MIVILUDES_HEBERGEUR.
HOSTS_WITHOUT_HEADERS = frozenset({"github-pages", "gitlab-pages"})
KNOWN_HOSTS = HOSTS_WITHOUT_HEADERS | {"nginx", "netlify", "cloudflare-pages", "cdn"}


def production_backend(backend: dict, oauth_url: str, scope: str = DEFAULT_AUTH_SCOPE) -> tuple[dict, list[str]]:
    """(Decap `backend` block of production, problems as French messages). Without an OAuth address,
    Decap would sign in through a third-party broker (api.netlify.com): refused."""
    problems = []
    out = dict(backend)
    url = (oauth_url or "").strip().rstrip("/")
    if not url:
        problems.append("MIVILUDES_OAUTH_URL manquante : sans elle, l’éditeur en ligne se connecterait par un "
                        "service tiers (api.netlify.com) — donnez l’adresse https:// du service d’authentification "
                        "du ministère (CONTRIBUTING.md, « Se connecter en production »).")
    elif not url.startswith("https://") or _origin(url) == "":
        problems.append(f"MIVILUDES_OAUTH_URL « {url} » n’est pas une adresse https:// — donnez l’adresse "
                        "https:// du service d’authentification.")
    else:
        out["base_url"] = url  # Decap opens base_url/auth (auth_endpoint) in its sign-in window
    if scope not in AUTH_SCOPES:
        problems.append(f"portée d’autorisation « {scope} » inconnue — écrivez public_repo (dépôt public) ou repo.")
    else:
        out["auth_scope"] = scope
    out["squash_merges"] = True  # the ruleset of main allows squash merges only (linear history)
    return out, problems


def admin_placement(host: str, admin_url: str) -> str:
    """Where /admin/ goes: "own-origin" (its own folder, for its own origin: MIVILUDES_ADMIN_URL),
    "site" (output/admin/), or "none" (the host cannot protect it from framing)."""
    if (admin_url or "").strip():
        return "own-origin"
    if (host or "").strip().lower() in HOSTS_WITHOUT_HEADERS:
        return "none"
    return "site"


def own_origin_headers() -> str:
    """`_headers` of the editor served alone on its own origin (every header the site sends)."""
    headers = {"Content-Security-Policy": admin_csp(), "Cross-Origin-Opener-Policy": ADMIN_OPENER_POLICY,
               "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
               "Cross-Origin-Resource-Policy": "same-origin",
               "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
               "Cache-Control": "no-cache"}
    return ("# Generated by plugins/admin_cms: the web editor on its own origin.\n/*\n"
            + "".join(f"  {name}: {value}\n" for name, value in headers.items()))


def _options(choices: dict) -> list[dict]:
    return [{"label": str(label), "value": str(value)} for value, label in choices.items()]


def _field(name: str, spec: dict, required: bool, choices: dict, nested: bool = False) -> dict:
    """One Decap field from one JSON Schema property (`nested`: a field of a list item)."""
    label, hint = (SUB_LABELS.get(name, name), "") if nested else LABELS.get(name, (name, ""))
    field: dict = {"name": name, "label": label, "required": required}
    if hint:
        field["hint"] = hint
    kind = spec.get("type")
    if name == "contacts" and not nested:  # the directory itself: a new contact is selectable at once
        field.update(CONTACT_RELATION, multiple=True)
    elif name in choices:  # controlled list: taxonomies, existing pages
        field.update(widget="select", multiple=kind == "array", options=_options(choices[name]))
    elif kind == "array" and spec.get("items", {}).get("type") == "object":
        item = spec["items"]
        needed = set(item.get("required", ()))
        field.update(widget="list", collapsed=False,
                     fields=[_field(sub, sub_spec, sub in needed,
                                    {sub: choices[f"{name}.{sub}"]} if f"{name}.{sub}" in choices else {},
                                    nested=True)
                             for sub, sub_spec in item.get("properties", {}).items()])
        field["summary"] = "{{fields.title}}"
    elif kind == "array":
        field.update(widget="list", field={"name": "item", "label": label, "widget": "string"})
    elif kind == "boolean":
        field.update(widget="boolean", default=False)
    elif spec.get("pattern") == DATE_PATTERN:
        # A text field, not Decap's date picker: the picker shows the browser's format (mm/dd/yyyy in an
        # English browser) and English buttons; the file holds AAAA-MM-JJ, checked like make check.
        field.update(widget="string", pattern=[DATE_PATTERN,
                                               "date sous la forme AAAA-MM-JJ, par exemple 2026-11-28"])
    elif name == "file":
        field.update(widget="file", choose_url=False)
    elif name == "summary":
        field.update(widget="text")
    else:
        field["widget"] = "string"
    pattern = spec.get("pattern")
    if pattern and field["widget"] == "string" and name in PATTERN_MESSAGES and "pattern" not in field:
        field["pattern"] = [pattern, PATTERN_MESSAGES[name]]
    return field


def collection_fields(collection: str, schema: dict, choices: dict) -> list[dict]:
    """Decap fields of one collection: the schema's properties, in schema order, then the body."""
    required = set(schema.get("required", ()))
    fields = []
    for name, spec in schema["properties"].items():
        if name in NOT_EDITED or collection not in ONLY_IN.get(name, {collection}):
            continue
        fields.append(_field(name, spec, name in required, choices))
    fields.append({"name": "body", "label": "Texte", "widget": "markdown",
                   "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote",
                               "bulleted-list", "numbered-list"],
                   # Markdown as written first (one changed sentence = one changed line); the rich
                   # text mode re-writes the whole text in its own style when used.
                   "editor_components": ["contact"], "modes": ["raw", "rich_text"],
                   "hint": "Titres de niveau 2 (##) pour les parties ; pas de HTML ; une carte de "
                           "contact s’écrit seule sur sa ligne : [[contact:3114]]."})
    return fields


def build_config(taxonomies: dict, contacts: dict, pages: dict, backend: dict,
                 local_backend: bool | str = True, annuaire: dict | None = None) -> dict:
    """The Decap CMS configuration (the content of admin/config.yml).

    taxonomies: {"themes": {id: label}, "audiences": {id: label}}; contacts: {id: name};
    pages: {slug: title} of the existing pages (choices of `related` and of `sources[].page`); backend: Decap `backend`
    block of production (forge, repository, branch, OAuth base_url).
    """
    schema = build_schema(taxonomies)
    choices = {"themes": taxonomies.get("themes", {}), "audiences": taxonomies.get("audiences", {}),
               "contacts": contacts, "related": pages, "sources.page": pages}
    config: dict = {
        "backend": {**backend, "commit_messages": COMMIT_MESSAGES},
        "publish_mode": "editorial_workflow",
        "locale": "fr",
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "show_preview_links": False,
        "search": False,
        "collections": [],
    }
    if local_backend:  # used by Decap only when /admin/ is opened on 127.0.0.1 or localhost
        url = local_backend if isinstance(local_backend, str) else LOCAL_BACKEND_URL
        config["local_backend"] = {"url": url, "allowed_hosts": ["127.0.0.1", "localhost"]}
    for name, label, singular in COLLECTIONS:
        config["collections"].append({
            "name": name, "label": label, "label_singular": singular,
            "folder": f"content/{name}", "create": True, "delete": False,
            "extension": "md", "format": FORMAT,
            "slug": "{{slug}}", "identifier_field": "title", "summary": "{{title}}",
            "sortable_fields": ["title", "date"],
            "fields": collection_fields(name, schema, choices),
        })
    config["collections"].append(LISTS)
    if annuaire:
        config["collections"].append(annuaire)
    return config


_SLUG_ID = {"name": "id", "label": "Identifiant (minuscules et tirets, ne change plus ensuite)", "widget": "string",
            "pattern": [SLUG_PATTERN, "minuscules sans accent, chiffres et tirets, par exemple grand-public"]}
_LABEL = {"name": "label", "label": "Libellé affiché sur le site", "widget": "string"}
_HEADER = {"name": "_entete", "label": "Commentaire du fichier", "widget": "hidden"}
# The lists editors own (content/data/): themes and audiences, synonym groups. Format
# « miviludes-listes » (static/editeur.js) keeps each file's comments and style.
LISTS = {
    "name": "listes", "label": "Listes du site", "label_singular": "Liste", "format": "miviludes-listes",
    "extension": "yaml", "delete": False, "editor": {"preview": False},
    "files": [
        {"name": "taxonomies", "label": "Thèmes et publics", "file": "content/data/taxonomies.yaml",
         "fields": [_HEADER,
                    {"name": "themes", "label": "Thèmes", "widget": "list", "summary": "{{fields.label}}",
                     "collapsed": True, "fields": [_SLUG_ID, _LABEL]},
                    {"name": "audiences", "label": "Publics", "widget": "list", "summary": "{{fields.label}}",
                     "collapsed": True, "fields": [_SLUG_ID, _LABEL]}]},
        {"name": "synonymes", "label": "Synonymes de la recherche", "file": "content/data/synonymes.yaml",
         "fields": [_HEADER,
                    {"name": "groupes", "label": "Groupes de synonymes", "widget": "list",
                     "hint": "Un groupe : des mots de même sens, séparés par des virgules (voir CONTRIBUTING.md).",
                     "field": {"name": "mots", "label": "Mots du groupe", "widget": "list"}}]},
    ],
}


# « Où s’adresser ? » and the contacts of a distress situation: chosen in the directory as it is on
# the main branch (content/data/contacts.yaml, collection « annuaire »), not in a list frozen by the
# last build: a contact published a minute ago is offered.
CONTACT_RELATION = {"widget": "relation", "collection": "annuaire", "file": "contacts",
                    "value_field": "contacts.*.id", "search_fields": ["contacts.*.name", "contacts.*.id"],
                    "display_fields": ["contacts.*.name"], "options_length": 200}

CONTACT_LABELS = {
    "id": ("Identifiant", "Minuscules, chiffres et tirets (« unadfi », « 3114 ») ; ne change plus ensuite : "
                          "les pages s’y réfèrent."),
    "name": ("Nom", ""), "kind": ("Type", ""), "description": ("Description", "Une ou deux phrases simples."),
    "phone": ("Téléphone", ""), "sms": ("SMS", ""), "channels": ("Autres moyens de contact", ""),
    "email": ("Adresse électronique", ""), "website": ("Site web", ""), "form": ("Formulaire en ligne", ""),
    "address": ("Adresse postale", ""), "hours": ("Horaires", ""), "cost": ("Coût", ""),
    "area": ("Zone", "« national », ou codes de département séparés par des virgules (« 13, 84 ») ; "
                     "vide : zone non précisée par nos sources."),
    "commune": ("Commune", "Nom exact ou code INSEE ; le département en est déduit."),
    "audiences": ("Publics", ""), "recommended_by_miviludes": ("Recommandé par la Miviludes", ""),
    "source": ("Sources", "Adresses https:// des pages (base de faits) qui confirment ces informations."),
    "verified": ("Vérifié le", "Format AAAA-MM-JJ."),
    "e164": ("Numéro composé", ""), "display": ("Numéro affiché", "Écriture française : « 0 800 005 696 »."),
    "label": ("Libellé", ""), "url": ("Adresse (https://…)", ""),
}
AREA_PATTERN = r"^\s*(national|(\d{2}|2[AB]|97\d)([ ,;]+(\d{2}|2[AB]|97\d))*)\s*$"


def _contact_field(name: str, spec: dict, required: bool, schema: dict, help_of, labels: dict,
                   audiences: dict, prefix: str = "") -> dict:
    """One Decap field of the directory's form, from the contact JSON Schema (plugins/contacts)."""
    label, hint = CONTACT_LABELS.get(name, (name, ""))
    field: dict = {"name": name, "label": label, "required": required}
    dotted = prefix + name
    rule = help_of(dotted) if help_of else ""
    if hint or rule:
        field["hint"] = hint or rule
    ref = spec.get("$ref", "")
    if ref:
        spec = schema["$defs"][ref.rsplit("/", 1)[-1]]
    if "enum" in spec:
        field.update(widget="select", options=[{"label": str(labels.get(v, v)), "value": v} for v in spec["enum"]])
    elif spec.get("type") == "object":
        needed = set(spec.get("required", ()))
        field.update(widget="object", collapsed=False, summary="{{fields.display}}{{fields.label}}",
                     fields=[_contact_field(sub, sub_spec, sub in needed and required, schema, help_of,
                                            labels, audiences, dotted + ".")
                             for sub, sub_spec in spec["properties"].items()])
    elif spec.get("type") == "array" and "$ref" in spec.get("items", {}):
        item = schema["$defs"][spec["items"]["$ref"].rsplit("/", 1)[-1]]
        needed = set(item.get("required", ()))
        field.update(widget="list", collapsed=False, summary="{{fields.label}}",
                     fields=[_contact_field(sub, sub_spec, sub in needed, schema, help_of, labels, audiences,
                                            dotted + ".")
                             for sub, sub_spec in item["properties"].items()])
    elif name == "audiences":
        field.update(widget="select", multiple=True, options=_options(audiences))
    elif name == "area":
        field.update(widget="string", pattern=[AREA_PATTERN, help_of("area") if help_of else "national"])
    elif spec.get("type") == ["string", "array"]:  # source: one address per item
        item_pattern = spec.get("items", {}).get("pattern")
        field.update(widget="list", field={"name": "adresse", "label": label, "widget": "string",
                                           **({"pattern": [item_pattern, rule]} if item_pattern else {})})
    elif spec.get("type") == "boolean":
        field.update(widget="boolean", default=False)
    elif name == "description":
        field["widget"] = "text"
    else:
        field["widget"] = "string"
        if spec.get("pattern"):
            field["pattern"] = [spec["pattern"], rule or "forme refusée"]
    return field


def annuaire_collection(contact_schema: dict, help_of=None, labels: dict | None = None,
                        audiences: dict | None = None) -> dict:
    """Collection « annuaire »: content/data/contacts.yaml (add, edit, retire a contact) and
    content/data/detresse.yaml (distress situations of the search → contacts), both checked before
    each save by the checks of `make check` (tools/serve.py). The contact fields come from the
    contact JSON Schema of plugins/contacts (passed in: `contact_schema`, its field help `help_of`)."""
    required = set(contact_schema.get("required", ()))
    fields = [{"name": "_commentaire", "label": "Commentaire", "widget": "hidden", "required": False}]
    fields += [_contact_field(name, spec, name in required, contact_schema, help_of, labels or {},
                              audiences or {})
               for name, spec in contact_schema["properties"].items()]
    return {
        "name": "annuaire", "label": "Annuaire d’aide", "label_singular": "Annuaire",
        "format": "miviludes-annuaire", "extension": "yaml", "delete": False, "editor": {"preview": False},
        "files": [
            {"name": "contacts", "label": "Contacts de l’annuaire (« Où s’adresser ? », page /aide/)",
             "file": "content/data/contacts.yaml",
             "fields": [_HEADER,
                        {"name": "contacts", "label": "Contacts", "label_singular": "contact",
                         "widget": "list", "collapsed": True, "summary": "{{fields.name}} ({{fields.id}})",
                         "hint": "Retirer un contact : le supprimer de la liste (refusé tant qu’une page "
                                 "ou la recherche s’y réfère).",
                         "fields": fields}]},
            {"name": "detresse", "label": "Aide immédiate de la recherche (détresse)",
             "file": "content/data/detresse.yaml",
             "fields": [_HEADER,
                        {"name": "situations", "label": "Situations", "label_singular": "situation",
                         "widget": "list", "collapsed": True, "summary": "{{fields.titre}}",
                         "fields": [
                             {"name": "titre", "label": "Titre", "widget": "string"},
                             {"name": "mots", "label": "Mots et expressions",
                              "hint": "Séparés par des virgules ; pas besoin des pluriels ni des accents.",
                              "widget": "list"},
                             {"name": "contacts", "label": "Contacts à afficher en premier",
                              "hint": "Contacts joignables par téléphone ou SMS.", **CONTACT_RELATION,
                              "multiple": True}]}]},
        ],
    }


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


def to_yaml(config: dict) -> str:
    """config.yml text (JSON is valid YAML 1.2: no YAML quoting rule to get wrong)."""
    return ("# Generated from plugins/content_schema by plugins/admin_cms: do not edit.\n"
            + json.dumps(config, ensure_ascii=False, indent=1) + "\n")


def index_html(title: str = "Modifier le site", local_backend: bool | str = False) -> str:
    """The /admin/ page: no inline code, nothing from another host, not indexed; its policy also in a
    <meta http-equiv> for hosts that send no header (frame protection needs the header: see
    admin_placement)."""
    csp = html.escape(admin_csp(local_backend, meta=True))
    return f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>{html.escape(title)}</title>
<link rel="cms-config-url" type="text/yaml" href="config.yml">
</head>
<body>
<script src="decap-cms.js"></script>
<script src="js-yaml.min.js"></script>
<script src="editeur.js"></script>
</body>
</html>
"""
