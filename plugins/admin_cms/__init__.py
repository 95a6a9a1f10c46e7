"""Web editor at /admin/ (Decap CMS): writes output/admin/ at the end of the build when ADMIN_CMS is on.

Off by default (`make html` stays light: Decap CMS is its own npm package in admin/, installed by
`make admin-deps`); `make editer` (tools/serve.py) and `make publish` turn it on. The pure core
(plugins/admin_cms/core.py) makes config.yml from the content schema; this module reads the content
folder (controlled lists, contacts, existing pages) and copies Decap's prebuilt files.

Settings: ADMIN_CMS (False), ADMIN_CMS_DIST (admin/node_modules/decap-cms/dist), ADMIN_BACKEND
(Decap `backend` block of production), ADMIN_LOCAL_BACKEND (True: config for decap-server on
127.0.0.1, used by Decap only when /admin/ is opened on 127.0.0.1).
"""
from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

from . import core

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = {
    "ADMIN_CMS": False,
    "ADMIN_CMS_DIST": str(ROOT / "admin" / "node_modules" / "decap-cms" / "dist"),
    "ADMIN_BACKEND": {"name": "github", "repo": "miviludes/site", "branch": "main"},
    "ADMIN_LOCAL_BACKEND": True,
    "ADMIN_VERIFY_URL": None,
}
STATIC = Path(__file__).resolve().parent / "static"
MAX_FRONT_MATTER_BYTES = 1_000_000  # a content file larger than this is not offered in `related`


def _setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def read_contacts(path: Path) -> dict[str, str]:
    """{id: "Nom (id)"} of content/data/contacts.yaml (the contacts plugin checks the file itself)."""
    import yaml

    from plugins.content_schema.frontmatter import Loader
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


def read_pages(content: Path, folders=None) -> dict[str, str]:
    """{slug: title} of the published content files (choices of `related`), sorted by title."""
    from plugins.content_schema.frontmatter import ContentError, parse
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
            if meta.get("draft") is True or not isinstance(meta.get("title"), str):
                continue
            pages[path.stem] = f"{meta['title']} ({folder}/{path.stem})"
    return dict(sorted(pages.items(), key=lambda kv: kv[1].casefold()))


def make_config(content: Path, backend: dict, local_backend: bool = True) -> dict:
    from plugins.content_schema.schema import TAXONOMY_FILE, load_taxonomies
    taxonomies = load_taxonomies(content / TAXONOMY_FILE)
    contacts = read_contacts(content / "data" / "contacts.yaml")
    return core.build_config(taxonomies, contacts, read_pages(content), backend, local_backend)


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


def write_admin(output: Path, content: Path, backend: dict, dist: Path, local_backend: bool = True,
                verify_url: str | None = None) -> None:
    """Write output/admin/: index.html, config.yml and Decap's files. Raises FileNotFoundError when
    Decap CMS is not installed."""
    files = decap_files(dist)
    if not files:
        raise FileNotFoundError(dist / "decap-cms.js")
    target = output / "admin"
    target.mkdir(parents=True, exist_ok=True)
    (target / "index.html").write_text(core.index_html(), encoding="utf-8")
    (target / "config.yml").write_text(core.to_yaml(make_config(content, backend, local_backend)),
                                       encoding="utf-8")
    for path in files:
        shutil.copyfile(path, target / path.name)
    shutil.copyfile(STATIC / "editeur.js", target / "editeur.js")
    shutil.copyfile(js_yaml(dist), target / "js-yaml.min.js")
    css = sorted((output / "theme" / "css").glob("site.bundle*.css"))
    preview_css = f"../theme/css/{css[-1].name}" if css else None
    rules = core.form_rules(read_contacts(content / "data" / "contacts.yaml"), verify_url, preview_css)
    (target / "formes.json").write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")


def _finalized(pelican) -> None:
    settings = pelican.settings
    if not _setting(settings, "ADMIN_CMS"):
        return
    dist = Path(_setting(settings, "ADMIN_CMS_DIST"))
    try:
        write_admin(Path(pelican.output_path), Path(settings["PATH"]), _setting(settings, "ADMIN_BACKEND"),
                    dist, _setting(settings, "ADMIN_LOCAL_BACKEND"), _setting(settings, "ADMIN_VERIFY_URL"))
    except FileNotFoundError:
        logger.error("%s:1: l’éditeur en ligne (/admin/) n’est pas installé : lancez « make admin-deps » "
                     "(ou construisez sans lui : ADMIN_CMS=0).", os.path.relpath(dist / "decap-cms.js"))
    except Exception as exc:  # noqa: BLE001 - reported as a build error with its file
        logger.error("content/data:1: configuration de l’éditeur en ligne impossible : %s", exc)


def register():
    from pelican import signals
    signals.finalized.connect(_finalized)
