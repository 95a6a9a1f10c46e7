"""Pure core of the web editor at /admin/ (Decap CMS): its config.yml, page and security policy.

The configuration is generated from the front-matter contract of plugins/content_schema (one source
of truth): every field of the JSON Schema becomes a Decap field, with its required flag, its pattern,
and the controlled lists of content/data/taxonomies.yaml and content/data/contacts.yaml. Nothing here
reads a file: the wiring (plugins/admin_cms/__init__.py) passes the data in.
"""
from __future__ import annotations

import html
import json

from plugins.common.rules.schema import DATE_PATTERN, build_schema

from .data_forms import CONTACT_RELATION, LISTS, _options, annuaire_collection  # noqa: F401 - re-exported

# Content folders (collections of the editor), with their French labels, in menu order.
COLLECTIONS = (
    ("fiches", "Fiches", "Fiche"),
    ("prevention", "Guides de prévention", "Guide de prévention"),
    ("rapports", "Rapports", "Rapport"),
    ("pages", "Pages", "Page"),
)
MEDIA_FOLDER = "content/pdfs"        # uploads (PDF attachments), from the repository root
PUBLIC_FOLDER = "pdfs"               # written in `attachments[].file`: « pdfs/rapport-2021.pdf »
FORMAT = "miviludes-md"  # registered by static/editeur.js: plugins/common/rules/canonical.py's form
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
<script src="regles.js"></script>
<script src="editeur.js"></script>
</body>
</html>
"""
