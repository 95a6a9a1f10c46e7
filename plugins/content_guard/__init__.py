"""What content/ may hold, checked before anything reads a file (issue 13). Wiring only; core.py.

At `initialized` (before any generator exists):
- symbolic links and special files anywhere under content/ stop the build at once, each named
  in French (nothing under content/ has been read yet); so do data files (content/data/*.yaml)
  that are too large or hold YAML anchors, aliases or tags (other plugins load them next);
- files outside the allow-list of published types (core.PUBLISHED_TYPES: PDFs in content/pdfs/,
  raster images in content/images/; pages are .md of their section, data YAML), badly named
  folders and sub-folders of sections are reported and never published (the generators do not
  see them); every PDF left is opened and checked like an attachment, even
  when no page links to it (plugins/pdfinspect: encryption, damage, page sizes, active content,
  polyglots, inline images, text operators, metadata);
- a content folder without any page, and (REFUSE_EMPTY_SECTIONS, on in publishconf.py) a
  section folder without any page, are refused;
- the addresses and templates reserved by the site (plugins/theme_files.py, derived
  from settings, plugins' DEFAULTS and the theme) are stored in the settings for the reader
  (plugins/content_schema): CONTENT_RESERVED_SLUGS, CONTENT_RESERVED_TEMPLATES, and which templates
  show an article and which a page (CONTENT_TEMPLATE_KINDS, read from the theme);

For every page (`content_object_init`), each `{static}`/`{attach}` link target must be a file the
allow-list publishes: anything else (a script, an HTML page, an SVG, a page's source, a data
file, a file outside content/) is refused at the link's line and hidden from the static
generator, which would otherwise copy it to output/. The body a page renders is bounded relative
to its source (MAX_GROWTH): a few kilobytes of Markdown never make megabytes of HTML.

Must be the first plugin: its checks run before any other plugin reads content/data/.
"""
from __future__ import annotations

import html as html_lib
import logging
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from pelican import signals

from plugins import pdfinspect, theme_files
from plugins.common import settings as typed
from plugins.escaping.text import bidi_control_at

from . import core

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContentGuard:
    """Settings of plugins/content_guard (their own names). It also writes settings for the reader
    (CONTENT_RESERVED_*, CONTENT_TEMPLATE_KINDS, CONTENT_GUARD_REFUSED): outputs, not settings."""
    refuse_empty_sections: bool = False  # production (publishconf.py): an empty section fails

    @classmethod
    def read(cls, settings) -> ContentGuard:
        return typed.read(cls, settings, "")


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
    kinds = theme_files.template_kinds(theme_files.theme_folder(settings))
    settings["CONTENT_TEMPLATE_KINDS"] = {kind: sorted(names) for kind, names in kinds.items()}
    if not root.is_dir():
        return
    found = core.scan(root, settings.get("IGNORE_FILES", []))
    _REFUSED[str(root.resolve())] = found.refused  # a new set per build
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
    from plugins.common.yaml_text import yaml_feature_problem  # noqa: PLC0415
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
    # The shared inspector (plugins/pdfinspect, not a plugin): one memo for the whole build.
    for rel in pdfs:
        try:
            pdfinspect.inspect_cached(root / rel)
        except pdfinspect.PdfError as exc:
            logger.error("%s:1: %s", _display(settings, rel), exc)


def _check_sections(settings, found: core.Scan) -> None:
    folders = list(settings.get("ARTICLE_PATHS", [])) + list(settings.get("PAGE_PATHS", []))
    if not any(found.markdown.get(f, 0) for f in folders):
        logger.error("%s:1: le dossier de contenu ne contient aucune page (.md) : le site serait vide ; "
                     "vérifiez le chemin du dossier (réglage PATH) et que les fichiers .md sont dans %s.",
                     _display(settings, "."), ", ".join(f"content/{f}/" for f in folders))
        return
    if ContentGuard.read(settings).refuse_empty_sections:
        for folder, section in (settings.get("SECTIONS") or {}).items():
            if not found.markdown.get(folder, 0):
                label = section.get("label", folder) if isinstance(section, dict) else folder
                logger.error("%s:1: la rubrique « %s » ne contient aucune page : le menu mènerait à une "
                             "page vide ; ajoutez au moins une page .md dans ce dossier.",
                             _display(settings, folder), label)


_REFUSED: dict[str, set[str]] = {}  # content root -> paths under it that no generator may read


def is_refused(rel: str, refused: set[str]) -> bool:
    """`rel` (under content/) is refused, or lies in a refused folder."""
    parts = os.path.normpath(rel).split(os.sep)
    return any(os.path.join(*parts[:i]) in refused for i in range(1, len(parts) + 1))


def hide_refused(generator) -> None:
    """The generators never list a refused file (links, non-PDFs of content/pdfs/)."""
    refused = _REFUSED.setdefault(str(Path(generator.path).resolve()), set())  # filled by check_page too
    original = generator.get_files

    def get_files(paths, exclude=None, extensions=None):
        return {f for f in original(paths, exclude=exclude, extensions=extensions) if not is_refused(f, refused)}

    generator.get_files = get_files


_STATIC_LINK = re.compile(r"""(?:href|src)\s*=\s*["']?(?:\{(?:static|attach)\}|\|(?:static|attach)\|)([^"'\s>]*)""")
MAX_GROWTH, GROWTH_ALLOWANCE = 20, 200_000  # body HTML <= 20 × its source + 200 kB


def _source_line(source_path: str, needle: str) -> int:
    try:
        text = Path(source_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 1
    index = text.find(needle) if needle else -1
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def static_target(root: Path, source_path: str, written: str) -> str | None:
    """The path under content/ a `{static}` link leads to (None: outside content/)."""
    path = unquote(written.partition("#")[0].partition("?")[0])
    if path.startswith("/"):
        target = posixpath.normpath(path.lstrip("/"))
    else:
        try:
            base = Path(source_path).resolve().parent.relative_to(root.resolve()).as_posix()
        except ValueError:
            return None
        target = posixpath.normpath(posixpath.join(base, path))
    return None if target in (".", "") else target


def check_page(instance) -> None:
    """`{static}` link targets on the allow-list; body size bounded by its source's. The refused
    targets are listed in CONTENT_GUARD_REFUSED (plugins/content_links says nothing more of them)."""
    source = getattr(instance, "source_path", None)
    content = getattr(instance, "_content", None)
    if not source or not content or not isinstance(content, str) or type(instance).__name__ == "Static":
        return
    settings = instance.settings
    root = Path(settings["PATH"])
    rel_source = os.path.relpath(source, os.getcwd())
    refused = _REFUSED.setdefault(str(root.resolve()), set())
    for written in dict.fromkeys(_STATIC_LINK.findall(content)):
        target = static_target(root, source, html_lib.unescape(written))
        if target is None:
            continue  # the folder itself: plugins/content_links names it
        if target.startswith(".."):
            problem = "ce lien mène hors du dossier de contenu : liez un fichier de content/pdfs/ ou content/images/."
        elif target in refused:
            problem = "ce fichier est refusé (voir son propre message) et ne sera pas publié."
        else:
            problem = core.published_problem(target)
            if problem is None and not (root / target).is_file():
                continue  # a missing file: plugins/content_links names it
        if problem:
            if not target.startswith(".."):
                refused.add(target)
            listed = settings.setdefault("CONTENT_GUARD_REFUSED", [])
            if target not in listed:
                listed.append(target)
            needle = html_lib.unescape(written).split("#")[0]
            logger.error("%s:%d: lien vers « %s » : %s", rel_source, _source_line(source, needle),
                         needle[:80], problem)
    _check_body_text(source, rel_source)
    try:
        source_bytes = os.path.getsize(source)
    except OSError:
        return
    size = len(content.encode("utf-8"))
    if size > MAX_GROWTH * source_bytes + GROWTH_ALLOWANCE:
        logger.error("%s:1: le texte de cette page produit %d ko de HTML pour %d ko de Markdown (au plus %d fois "
                     "plus) : une mise en forme imbriquée ou répétée (liens de référence, emphases) se "
                     "démultiplie ; simplifiez la mise en forme.", rel_source, size // 1000,
                     max(1, source_bytes // 1000), MAX_GROWTH)


def _publishable(rel: str, refused: set[str]) -> bool:
    rel = os.path.normpath(rel)
    return not (rel.startswith("..") or is_refused(rel, refused) or core.published_problem(rel) is not None)


def prune_static_links(generator) -> None:
    """After the pages are read, before the static generator reads `static_links`: a refused target
    (outside content/ included) is never opened nor copied."""
    links = generator.context.get("static_links")
    if links:
        refused = _REFUSED.get(str(Path(generator.path).resolve()), set())
        for rel in [link for link in links if not _publishable(link, refused)]:
            links.discard(rel)


def drop_refused(generator) -> None:
    """Pelican's static generator copies every `{static}` link target without listing it through
    `get_files`: the refused ones are taken out of its list before anything is copied."""
    root = Path(generator.path)
    refused = _REFUSED.get(str(root.resolve()), set())
    kept = []
    for static in generator.staticfiles:
        rel = os.path.normpath(os.path.relpath(static.source_path, root))
        if not _publishable(rel, refused):
            generator.context.get("static_content", {}).pop(rel.replace(os.sep, "/"), None)
            continue
        kept.append(static)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept  # what generate_output copies


def _check_body_text(source: str, rel_source: str) -> None:
    """The text rule on the body too (the front matter's fields are checked by content_schema): a
    Bidi_Control character would show a number or a name in another order than it is read."""
    try:
        text = Path(source).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return
    start = 0
    if text.startswith("---"):
        end = re.search(r"\n(?:---|\.\.\.)[ \t]*(?:\n|$)", text[3:])
        start = end.end() + 3 if end else 0
    index = bidi_control_at(text[start:])
    if index >= 0:
        index += start
        logger.error("%s:%d: le texte contient un caractère invisible qui change le sens d’écriture (U+%04X) : "
                     "retapez ce passage au clavier au lieu de le copier-coller.", rel_source,
                     text.count("\n", 0, index) + 1, ord(text[index]))


def register():
    signals.initialized.connect(check)
    signals.generator_init.connect(hide_refused)
    signals.article_generator_finalized.connect(prune_static_links)
    signals.page_generator_finalized.connect(prune_static_links)
    signals.static_generator_finalized.connect(drop_refused)
    signals.content_object_init.connect(check_page)
