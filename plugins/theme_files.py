"""What the site itself writes and what the theme holds: reserved page addresses and templates.

Not a plugin: a small shared module read by plugins/content_guard (which stores the result in the
settings at `initialized`) and by plugins/content_schema (which checks each page's slug and
template against it, also outside a Pelican run: `make check`, the web editor). It imports no plugin.
"""
from __future__ import annotations

import re
from pathlib import Path


def theme_folder(settings) -> Path:
    return Path(settings.get("THEME", "theme")) / "templates"


def theme_templates(settings) -> set[str]:
    """Names of the theme's page templates (templates/*.html, without the extension)."""
    folder = theme_folder(settings)
    return {p.stem for p in folder.glob("*.html")} if folder.is_dir() else set()


def theme_extended(settings) -> set[str]:
    """Templates other templates extend (base…): never a page's own template."""
    folder = theme_folder(settings)
    found = set()
    for path in folder.rglob("*.html") if folder.is_dir() else []:
        for name in re.findall(r"{%-?\s*extends\s+[\"']([^\"']+)\.html[\"']", path.read_text("utf-8", "replace")):
            found.add(name)
    return found


# A page's own address: letters, digits, « - », « _ », never starting with « _ » or « . » (the
# host reads `_headers`, `_redirects`, dot-files) and without « . » (robots.txt, sitemap.xml,
# 404.html…: the files the build writes at the root all have one).
SAFE_SLUG = re.compile(r"^[^\W_][\w-]*$")
_USES = {kind: re.compile(r"({[{%]-?)[^}]*?\b" + kind + r"\b") for kind in ("article", "page")}


def template_kinds(folder) -> dict[str, set[str]]:
    """{"article": templates that read `article`, "page": templates that read `page`}: a page asking
    for an article's template (or the reverse) would stop the build with « 'article' is undefined »."""
    kinds: dict[str, set[str]] = {"article": set(), "page": set()}
    folder = Path(folder)
    for path in sorted(folder.glob("*.html")) if folder.is_dir() else []:
        text = path.read_text("utf-8", "replace")
        for kind, pattern in _USES.items():
            if pattern.search(text):
                kinds[kind].add(path.stem)
    return {"article": kinds["article"] - kinds["page"], "page": kinds["page"] - kinds["article"]}


# Pelican's own pages of a template of that name (not a content page's template).
_PELICAN_TEMPLATES = {"index", "tag", "tags", "category", "categories", "author", "authors", "archives",
                      "period_archives", "article", "page"}


def reserved_slugs(settings) -> set[str]:
    """First path segments the build writes itself: a page slug among them would overwrite (or be
    overwritten by) a page of the site. Derived from the settings."""
    reserved = set(settings.get("DIRECT_TEMPLATES", []))
    reserved |= set(settings.get("ARTICLE_PATHS", [])) | set(settings.get("SECTIONS", {}) or {})
    reserved |= {p.strip("/").split("/")[0] for p in settings.get("STATIC_PATHS", [])}
    reserved.add(str(settings.get("THEME_STATIC_DIR", "theme")).strip("/").split("/")[0])
    for key, value in settings.items():
        # Pages written by plugins and Pelican (AIDE_SAVE_AS, SEARCH_OUTPUT…): their first segment.
        if isinstance(value, str) and (key.endswith("_SAVE_AS") or key.endswith(("_OUTPUT", "_OUTPUT_DIR"))) \
                and value and not key.startswith(("ARTICLE", "PAGE", "DRAFT", "CATEGORY", "TAG", "AUTHOR")) \
                and "{" not in value:
            first = value.strip("/").split("/")[0]
            if first and "." not in first:
                reserved.add(first)
    reserved |= set(settings.get("RESERVED_SLUGS", []))
    return {r for r in reserved if r}


def reserved_templates(settings, templates: set[str], extended: set[str]) -> set[str]:
    """Theme templates that are not a content page's: extended by other templates (base…),
    direct templates (index, 404), Pelican's listing templates, and templates of pages the build
    writes itself (a template named like a reserved slug, e.g. aide)."""
    reserved = set(extended) | set(settings.get("DIRECT_TEMPLATES", [])) | (_PELICAN_TEMPLATES - {"article", "page"})
    reserved |= {t for t in templates if t in reserved_slugs(settings)}
    return reserved & set(templates)
