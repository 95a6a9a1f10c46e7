"""What content/ may hold, checked before anything reads a file (issue 13). Wiring only; core.py.

At `initialized` (before any generator exists):
- symbolic links and special files anywhere under content/ stop the build at once, each named
  in French (nothing under content/ has been read yet); so do data files (content/data/*.yaml)
  that are too large or hold YAML anchors, aliases or tags (other plugins load them next);
- files of content/pdfs/ that are not PDFs are reported and never published (the static
  generator does not see them); every PDF left is opened and checked like an attachment, even
  when no page links to it (plugins/pdf_links: encryption, damage, page sizes);
- a content folder without any page, and (REFUSE_EMPTY_SECTIONS, on in publishconf.py) a
  section folder without any page, are refused;
- the addresses and templates reserved by the site (plugins/theme_files.py, derived
  from settings, plugins' DEFAULTS and the theme) are stored in the settings for the reader
  (plugins/content_schema): CONTENT_RESERVED_SLUGS, CONTENT_RESERVED_TEMPLATES.

Must be the first plugin: its checks run before any other plugin reads content/data/.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals

from plugins import theme_files

from . import core

logger = logging.getLogger(__name__)


class ContentRefused(Exception):
    """Raised after the French messages are logged: the build stops before reading content."""


def _display(settings, rel: str) -> str:
    return os.path.relpath(os.path.join(settings["PATH"], rel), os.getcwd())


def effective_settings(pelican) -> dict:
    merged: dict = {}
    for module in getattr(pelican, "plugins", []) or []:
        defaults = getattr(module, "DEFAULTS", None)
        if isinstance(defaults, dict):
            merged.update(defaults)
    merged.update(pelican.settings)
    return merged


def check(pelican) -> None:
    settings = pelican.settings
    root = Path(settings["PATH"])
    templates = theme_files.theme_templates(settings)
    merged = effective_settings(pelican)
    settings["CONTENT_RESERVED_SLUGS"] = sorted(theme_files.reserved_slugs(merged))
    settings["CONTENT_RESERVED_TEMPLATES"] = sorted(theme_files.reserved_templates(
        merged, templates, theme_files.theme_extended(settings)))
    if not root.is_dir():
        return
    found = core.scan(root, settings.get("IGNORE_FILES", []))
    _REFUSED[str(root.resolve())] = found.refused
    # Shared through the settings: content_inventory leaves these files out, they were reported here.
    settings["CONTENT_GUARD_REFUSED"] = sorted(found.refused)
    for rel, message in found.fatal:
        logger.error("%s:1: %s", _display(settings, rel), message)
    data_problems = _check_data_files(settings, root, found)
    if found.fatal or data_problems:
        raise ContentRefused("liens symboliques ou fichiers spéciaux dans le dossier de contenu")
    for rel, message in found.problems:
        logger.error("%s:1: %s", _display(settings, rel), message)
    _check_pdfs(settings, root, found.pdfs)
    _check_sections(settings, found)


def _check_data_files(settings, root: Path, found: core.Scan) -> int:
    """content/data/*.yaml: read by several plugins right after this one, so checked first (size,
    anchors, aliases, tags: an alias bomb would exhaust memory in whichever plugin loads it)."""
    from plugins.content_schema.frontmatter import yaml_feature_problem  # noqa: PLC0415
    count = 0
    for rel in found.data:
        path = root / rel
        size = path.stat().st_size
        if size > core.MAX_DATA_BYTES:
            logger.error("%s:1: fichier de données trop long (%d ko, au plus %d ko) : vérifiez son contenu.",
                         _display(settings, rel), size // 1000, core.MAX_DATA_BYTES // 1000)
            count += 1
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # reported with its line by the plugin that reads the file
        problem = yaml_feature_problem(text)
        if problem:
            logger.error("%s:%d: %s", _display(settings, rel), problem[0] + 1, problem[1])
            count += 1
    return count


def _check_pdfs(settings, root: Path, pdfs: list[str]) -> None:
    from plugins import pdf_links  # noqa: PLC0415 - one memo of inspected PDFs for the whole build
    for rel in pdfs:
        try:
            pdf_links.inspect_cached(root / rel)
        except pdf_links.core.PdfError as exc:
            logger.error("%s:1: %s", _display(settings, rel), exc)


def _check_sections(settings, found: core.Scan) -> None:
    folders = list(settings.get("ARTICLE_PATHS", [])) + list(settings.get("PAGE_PATHS", []))
    if not any(found.markdown.get(f, 0) for f in folders):
        logger.error("%s:1: le dossier de contenu ne contient aucune page (.md) : le site serait vide ; "
                     "vérifiez le chemin du dossier (réglage PATH) et que les fichiers .md sont dans %s.",
                     _display(settings, "."), ", ".join(f"content/{f}/" for f in folders))
        return
    if settings.get("REFUSE_EMPTY_SECTIONS"):
        for folder, section in (settings.get("SECTIONS") or {}).items():
            if not found.markdown.get(folder, 0):
                label = section.get("label", folder) if isinstance(section, dict) else folder
                logger.error("%s:1: la rubrique « %s » ne contient aucune page : le menu mènerait à une "
                             "page vide ; ajoutez au moins une page .md dans ce dossier.",
                             _display(settings, folder), label)


_REFUSED: dict[str, set[str]] = {}  # content root -> paths under it that no generator may read


def hide_refused(generator) -> None:
    """The generators never list a refused file (links, non-PDFs of content/pdfs/)."""
    refused = _REFUSED.get(str(Path(generator.path).resolve()))
    if not refused:
        return
    original = generator.get_files

    def get_files(paths, exclude=None, extensions=None):
        return {f for f in original(paths, exclude=exclude, extensions=extensions)
                if os.path.normpath(f) not in refused}

    generator.get_files = get_files


def register():
    signals.initialized.connect(check)
    signals.generator_init.connect(hide_refused)
