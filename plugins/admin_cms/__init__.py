"""Web editor at /admin/ (Decap CMS): writes output/admin/ at the end of the build when ADMIN_CMS is on.

Off by default (`make html` stays light: Decap CMS is its own npm package in admin/, installed by
`make admin-deps`); `make editer` (tools/serve.py) and `make publish` turn it on. The pure core
(plugins/admin_cms/core.py) makes config.yml from the content schema; this module reads the content
folder (controlled lists, contacts, existing pages) and copies Decap's prebuilt files.

Settings: ADMIN_CMS (False), ADMIN_CMS_DIST (admin/node_modules/decap-cms/dist), ADMIN_BACKEND
(Decap `backend` block of production), ADMIN_LOCAL_BACKEND (True: config for decap-server on
127.0.0.1, used by Decap only when /admin/ is opened on 127.0.0.1).
Production (publishconf.py, issue 20): ADMIN_PRODUCTION (False) makes a missing or non-https
ADMIN_OAUTH_URL a build error and sets the minimal ADMIN_AUTH_SCOPE; ADMIN_HOST (the host's name,
MIVILUDES_HEBERGEUR) keeps /admin/ off hosts that cannot send frame protection; ADMIN_OWN_ORIGIN_URL
(MIVILUDES_ADMIN_URL) writes the editor alone into ADMIN_OWN_ORIGIN_OUTPUT (output-admin/) with its
own `_headers`, for its own origin: the sign-in token is then never stored on the public site's origin.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from plugins.common import settings as typed

from . import core, form_rules

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class AdminCms:
    """Settings of plugins/admin_cms (ADMIN_<FIELD>)."""
    cms: bool = False                    # ADMIN_CMS: write /admin/ (make editer, make publish)
    cms_dist: str = str(ROOT / "admin" / "node_modules" / "decap-cms" / "dist")
    backend: dict = field(default_factory=lambda: {"name": "github", "repo": "miviludes/site", "branch": "main"})
    local_backend: bool = True
    production: bool = False             # ADMIN_PRODUCTION (publishconf.py): OAuth address required
    oauth_url: str = ""
    auth_scope: str = core.DEFAULT_AUTH_SCOPE
    host: str = ""                       # MIVILUDES_HEBERGEUR: hosts without frame protection get no /admin/
    own_origin_url: str = ""             # MIVILUDES_ADMIN_URL: the editor on its own origin
    own_origin_output: str = str(ROOT / "output-admin")
    verify_url: str | None = None        # ADMIN_VERIFY_URL: make editer's save check (tools/serve.py)

    @classmethod
    def read(cls, settings) -> AdminCms:
        return typed.read(cls, settings, "ADMIN")


DEFAULTS = typed.defaults_of(AdminCms, "ADMIN")
STATIC = Path(__file__).resolve().parent / "static"
MAX_FRONT_MATTER_BYTES = 1_000_000  # a content file larger than this is not offered in `related`


def read_contacts(path: Path) -> dict[str, str]:
    """{id: "Nom (id)"} of content/data/contacts.yaml (the contacts plugin checks the file itself)."""
    import yaml

    from plugins.common.yaml_text import Loader
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    out = {}
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), (str, int)):
            cid = str(entry["id"])
            name = entry.get("name") if isinstance(entry.get("name"), str) else cid
            out[cid] = f"{name} ({cid})"
    return out


def read_pages(content: Path, folders=None, drafts: bool = False) -> dict[str, str]:
    """{slug: title} of the published content files (choices of `related`), sorted by title
    (`drafts`: of the drafts instead)."""
    from plugins.common.rules.frontmatter import ContentError, parse
    folders = folders or [name for name, _, _ in core.COLLECTIONS]
    pages = {}
    for folder in folders:
        base = content / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.glob("*.md")):
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FRONT_MATTER_BYTES:
                continue
            try:
                doc = parse(path.read_bytes(), str(path))
            except (ContentError, OSError, ValueError):
                continue
            meta = doc.metadata if isinstance(doc.metadata, dict) else {}
            if (meta.get("draft") is True) != drafts or not isinstance(meta.get("title"), str):
                continue
            pages[path.stem] = f"{meta['title']} ({folder}/{path.stem})"
    return dict(sorted(pages.items(), key=lambda kv: kv[1].casefold()))


def make_config(content: Path, backend: dict, local_backend: bool = True) -> dict:
    from plugins.common.data import TAXONOMY_FILE
    from plugins.common.rules.schema import load_taxonomies
    taxonomies = load_taxonomies(content / TAXONOMY_FILE)
    contacts = read_contacts(content / "data" / "contacts.yaml")
    return core.build_config(taxonomies, contacts, read_pages(content), backend, local_backend,
                             annuaire=annuaire(taxonomies))


def annuaire(taxonomies: dict) -> dict:
    """The directory's collection, from the contact schema of plugins/contacts (its public schema
    module: the same JSON Schema `make check` validates each contact with)."""
    from plugins.common.rules import contacts as contact_schema
    return core.annuaire_collection(contact_schema.CONTACT_SCHEMA, contact_schema.field_help,
                                    {**contact_schema.KINDS, **contact_schema.CHANNEL_KINDS},
                                    taxonomies.get("audiences", {}))


def decap_files(dist: Path) -> list[Path]:
    """decap-cms.js and every chunk it loads (*.decap-cms.js), without source maps."""
    main = dist / "decap-cms.js"
    if not main.is_file():
        return []
    return [main] + sorted(p for p in dist.glob("*.decap-cms.js") if p.name != main.name)


def js_yaml(dist: Path) -> Path:
    """js-yaml's browser build (a dependency of Decap CMS, in admin/node_modules): read by editeur.js."""
    for base in (dist.parents[1], ROOT / "admin" / "node_modules"):
        path = base / "js-yaml" / "dist" / "js-yaml.min.js"
        if path.is_file():
            return path
    raise FileNotFoundError("js-yaml.min.js")


def write_admin(output: Path, content: Path, backend: dict, dist: Path, local_backend: bool | str = True, *,
                own_origin: bool = False, verify_url: str | None = None) -> None:
    """Write output/admin/ (`own_origin`: the folder `output` itself, with its `_headers`): index.html,
    config.yml and Decap's files. Raises FileNotFoundError when Decap CMS is not installed."""
    files = decap_files(dist)
    if not files:
        raise FileNotFoundError(dist / "decap-cms.js")
    target = output if own_origin else output / "admin"
    target.mkdir(parents=True, exist_ok=True)
    if own_origin:
        (target / "_headers").write_text(core.own_origin_headers(), encoding="utf-8")
    (target / "index.html").write_text(core.index_html(local_backend=local_backend), encoding="utf-8")
    config = make_config(content, backend, local_backend)
    if verify_url:
        # Retiring a page (« Supprimer l’entrée publiée ») commits its deletion on the main branch at
        # once: offered only by `make editer`, whose save check refuses it while another page still
        # lists the page (static/editeur.js); in production a page is retired by a pull request.
        for collection in config["collections"]:
            if "folder" in collection:
                collection["delete"] = True
    (target / "config.yml").write_text(core.to_yaml(config), encoding="utf-8")
    for path in files:
        shutil.copyfile(path, target / path.name)
    for name in ("regles.js", "editeur.js"):
        shutil.copyfile(STATIC / name, target / name)
    shutil.copyfile(js_yaml(dist), target / "js-yaml.min.js")
    css = sorted((output / "theme" / "css").glob("site.bundle*.css"))
    preview_css = f"../theme/css/{css[-1].name}" if css else None
    from plugins.common.rules.contacts import FIELDS as contact_order
    from plugins.common.data import TAXONOMY_FILE
    from plugins.common.rules.schema import load_taxonomies
    from plugins import fact_base  # a shared module: the fact base's precise pages for the form
    audiences = list(load_taxonomies(content / TAXONOMY_FILE).get("audiences", {}))
    rules = form_rules.form_rules(read_contacts(content / "data" / "contacts.yaml"), verify_url, preview_css,
                                  contact_order, read_pages(content), read_pages(content, drafts=True), audiences,
                                  fact_base.load(None))
    (target / "formes.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")


def _finalized(pelican) -> None:
    settings = pelican.settings
    admin = AdminCms.read(settings)
    if not admin.cms:
        return
    dist = Path(admin.cms_dist)
    backend = admin.backend
    if admin.production:
        backend, problems = core.production_backend(backend, admin.oauth_url, admin.auth_scope)
        for problem in problems:
            logger.error("publishconf.py:1: éditeur en ligne : %s", problem)
        if problems:
            return
    placement = core.admin_placement(admin.host, admin.own_origin_url)
    if placement == "none":
        logger.info("éditeur en ligne non publié : l’hébergeur « %s » ne peut pas interdire l’affichage de "
                    "/admin/ dans un cadre (MIVILUDES_ADMIN_URL : le servir depuis sa propre origine).",
                    admin.host)
        return
    output = Path(pelican.output_path)
    if placement == "own-origin":
        output = Path(admin.own_origin_output)
    try:
        write_admin(output, Path(settings["PATH"]), backend, dist, admin.local_backend,
                    own_origin=placement == "own-origin", verify_url=admin.verify_url)
    except FileNotFoundError:
        logger.error("%s:1: l’éditeur en ligne (/admin/) n’est pas installé : lancez « make admin-deps » "
                     "(ou construisez sans lui : ADMIN_CMS=0).", os.path.relpath(dist / "decap-cms.js"))
    except Exception as exc:  # noqa: BLE001 - reported as a build error with its file
        logger.error("content/data:1: configuration de l’éditeur en ligne impossible : %s", exc)


def register():
    from pelican import signals
    signals.finalized.connect(_finalized)
