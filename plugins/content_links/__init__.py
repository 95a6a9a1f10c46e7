"""Internal links, anchors and addresses of content: every mistake fails the build, in French.

- two content files with the same slug (same address), or a page hiding a section index:
  reported as soon as the second file is read, before Pelican's own English warnings;
- `{filename}`, `{static}` and relative links to a missing file, a file in error or a draft:
  reported when every file is read (all_generators_finalized), before Pelican rewrites links;
- `#ancre` links (same page, other page, or site address `/fiches/x/#ancre`) and site addresses:
  checked against the pages actually written (finalized), so ids added by templates count.

Bodies are read (links as written, first) and changed (site addresses under SITEURL's sub-path,
last) by two transforms of the one body pass (plugins/common/body.py); written pages are read with
the same parser (Lexbor).

Wiring only; pure functions in core.py, relative links rewritten by extension.py.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import blinker
from pelican import signals
from pelican.contents import Article, Page
from pelican.plugins import granular_signals

from plugins import forked
from plugins.common import body as body_pass
from plugins.common.memo import PageMemo
from plugins.common import settings as typed
from plugins.site_url import site_path
from plugins.common.record import Locator, record_of

from . import core
from .extension import HeadingIdsExtension, RelativeLinksExtension

logger = logging.getLogger(__name__)

_state: dict = {}


@dataclass(frozen=True)
class ContentLinks:
    """Settings of plugins/content_links (CONTENT_LINKS_<FIELD>)."""
    parallel_min: int = 200  # written pages from which their anchors are checked by a fork

    @classmethod
    def read(cls, settings) -> ContentLinks:
        return typed.read(cls, settings, "CONTENT_LINKS")


def _rel(path: str) -> str:
    return os.path.relpath(path, os.getcwd())


def _error(path: str, line: int, message: str) -> None:
    logger.error("%s:%d: %s", path, line, message)


def reset(pelican):
    job = _state.pop("job", None)
    if job is not None:  # left by a build that stopped early
        job.abandon()
    _state.clear()
    _state.update(slugs={}, pending=[], reported=set(), links={})
    extensions = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extensions", [])
    for extension in (RelativeLinksExtension, HeadingIdsExtension):  # heading ids: the anchors
        if not any(type(e).__name__ == extension.__name__ for e in extensions):
            extensions.append(extension())


def _line_of_field(content, name: str) -> int:
    return record_of(content).line_of((name,))


def _links_of(content) -> list[str]:
    """Link URLs of a body as the editor wrote them: read by the body pass (`read_links`, before
    any transform), else (a page the pass did not see) read here."""
    key = (content.source_path, id(content))
    links = _state["links"].get(key)
    if links is None:
        links = _state["links"][key] = core.extract(content._content)[0]
    return links


def read_links(body: body_pass.Body) -> None:
    """Body pass, first transform: the links of the body as written (checked later), then the slug
    and the `{static}` targets of the page."""
    content = body.content
    if not isinstance(content, (Article, Page)) or "slugs" not in _state:
        return
    _state["links"][(content.source_path, id(content))] = core.links_and_ids(body.tree.root)[0]
    track_slug(content)
    check_static_files(content)


def move_links(body: body_pass.Body) -> None:
    """Body pass, last transform: once read (and checked from what was read), the site addresses
    of the body follow SITEURL when it has a sub-path (a preview)."""
    siteurl = body.content.settings.get("SITEURL", "") or ""
    if site_path(siteurl) and core.under_site_path(body.tree.root, siteurl):
        body.touch()


def check_static_files(content):
    """`{static}` links to a missing file: reported when the file is read, before Pelican's static
    generator warns (in English) about the same file."""
    source = content.get_relative_source_path()
    root = Path(content.settings["PATH"])
    rel, loc = None, None
    for url in _links_of(content):
        link = core.classify(url)
        if link.kind != "intrasite" or link.what not in ("static", "attach"):
            continue
        target_path = core.resolve(source, link.path)
        if (root / target_path).is_file() or target_path in content.settings.get("CONTENT_GUARD_REFUSED", ()):
            continue  # (refused: named by plugins/content_guard)
        if loc is None:
            rel, loc = _locator(content)
        _error(rel, loc.line(*core.needles(link)), _missing_message(link, target_path, root))
        _state["reported"].add(("static", rel, target_path))


def track_slug(content):
    """Two files, one address: report it at once, naming both files (sorted: stable report)."""
    entry = (content.slug, _rel(content.source_path), _line_of_field(content, "slug"))
    same = _state["slugs"].setdefault(content.slug, [])  # by slug: one look per file, not n²
    same.append(entry)
    if len(same) < 2:
        return
    for source, line, other in core.duplicates(same):
        key = (source, other)
        if key in _state["reported"]:
            continue
        _state["reported"].add(key)
        _error(source, line, f"adresse en double : « {other} » produit déjà le slug « {content.slug} » "
               "(même adresse sur le site) ; renommez l’un des deux fichiers ou ajoutez « slug: "
               "autre-nom » dans son en-tête.")


def _locator(content) -> tuple[str, Locator]:
    record = record_of(content)  # the body and its first line, as the reader read them
    return _rel(content.source_path), Locator(record.body, record.body_line)


def check_links(generators):
    """Targets of `{filename}`/`{static}` links exist and are published; plan the anchor checks."""
    if "pending" not in _state:
        return
    context = settings = None
    items, category_pages = [], {}
    for gen in generators:
        context, settings = gen.context, gen.settings
        items += list(getattr(gen, "articles", [])) + list(getattr(gen, "translations", []))
        items += list(getattr(gen, "pages", [])) + list(getattr(gen, "hidden_pages", []))
        for category, _ in getattr(gen, "categories", []) or []:
            category_pages[category.save_as] = category.slug
    if context is None:
        return
    for direct in settings.get("DIRECT_TEMPLATES", []):
        save_as = settings.get(f"{direct.upper()}_SAVE_AS", f"{direct}.html")
        if save_as:
            category_pages.setdefault(save_as, direct)
    generated = context.get("generated_content", {})
    static = context.get("static_content", {})
    content_root = Path(settings["PATH"])
    for item in sorted(items, key=lambda c: c.source_path):
        if isinstance(item, Page) and item.save_as in category_pages:
            _error(_rel(item.source_path), _line_of_field(item, "slug"),
                   f"l’adresse de cette page (/{item.url}) est déjà celle d’une page du site "
                   f"(« {category_pages[item.save_as]} ») : changez son slug ou le nom du fichier.")
        source = item.get_relative_source_path()
        links = _links_of(item)
        rel, loc = _locator(item)
        for url in links:
            link = core.classify(url)
            line = loc.line(*core.needles(link))
            if link.kind == "external" and core.UNKNOWN_INDICATOR.match(url):
                _error(rel, line, f"lien « {url} » non reconnu : pour une page du site, écrivez un lien vers "
                       "son fichier, par exemple [la fiche](emprise.md) ; pour un PDF, "
                       "[le guide](../pdfs/guide.pdf).")
            elif link.kind == "external" and core.is_relative_file(url):
                _error(rel, line, f"lien « {url} » non reconnu : pour une page du site, écrivez le lien "
                       "en Markdown vers son fichier, par exemple [la fiche](emprise.md) ; pour un autre "
                       "site, écrivez l’adresse complète en https://.")
            elif link.kind == "intrasite" and link.what in ("filename", "static", "attach"):
                target_path = core.resolve(source, link.path)
                table = generated if link.what == "filename" else static
                if link.what != "filename" and not (content_root / target_path).is_file():
                    continue  # reported when the file was read (check_static_files)
                if target_path in table or target_path in generated or target_path in static:
                    target = table.get(target_path, generated.get(target_path, static.get(target_path)))
                    if target is None:
                        continue  # the file itself is in error: its own message says why
                    if link.what == "filename" and target_path in static and target_path not in generated:
                        _error(rel, line, f"le lien vers « {link.path} » utilise {{filename}} pour un "
                               "fichier qui n’est pas une page : écrivez {static} à la place.")
                        continue
                    if getattr(target, "status", "published") == "draft":
                        _error(rel, line, f"le lien mène à « {link.path} », un brouillon (draft: true) qui "
                               "n’est pas publié : retirez le lien ou publiez la page.")
                        continue
                    if link.fragment and getattr(target, "save_as", ""):
                        _state["pending"].append((rel, line, target.save_as, link.fragment,
                                                  f"« {link.path} »"))
                    continue
                if ("static", rel, target_path) not in _state["reported"] \
                        and target_path not in settings.get("CONTENT_GUARD_REFUSED", ()):  # named there
                    _error(rel, line, _missing_message(link, target_path, content_root))
            elif link.kind == "fragment" and link.fragment:
                _state["pending"].append((rel, line, item.save_as, link.fragment, "cette page"))
            elif link.kind == "site":
                _state["pending"].append((rel, line, core.output_file(link.path), link.fragment,
                                          f"« {link.path} »"))


def _missing_message(link: core.Link, target_path: str, content_root: Path) -> str:
    written = link.path
    if (content_root / target_path).is_file():
        return (f"le fichier « {written} » existe mais n’est pas publié par le site : seuls les fichiers "
                ".md des dossiers de contenu et les PDF de content/pdfs/ le sont ; déplacez-le ou "
                "corrigez le lien.")
    if link.what == "filename":
        return (f"lien interne cassé : « {written} » n’existe pas (cherché : content/{target_path}) ; "
                "vérifiez le nom du fichier (sans accent ni espace en trop) et son dossier, par exemple "
                "[la fiche](emprise.md) ou [le guide](../prevention/familles.md).")
    return (f"fichier introuvable : « {written} » (cherché : content/{target_path}) ; ajoutez le fichier "
            "dans le dépôt ou corrigez le chemin. Pour un autre site, écrivez l’adresse complète en "
            "https://.")


def check_written(pelican):
    """Site addresses and anchors, against the pages actually written.

    The pages are read here; on a large site (CONTENT_LINKS_PARALLEL_MIN pages to look into, 200 by
    default) their anchors are then looked up by a forked process while the asset pipeline runs,
    joined at `deploy`. The pages were read first: the pipeline rewrites them in place."""
    pending = _state.get("pending")
    if not pending:
        return
    _state["pending"] = []
    output = Path(pelican.settings["OUTPUT_PATH"])
    pages: dict[str, str | None] = {}  # target -> HTML text, "" (another file), None (missing)
    for _rel_path, _line, target, _fragment, _label in pending:
        if target not in pages:
            path = output / target
            if path.is_dir():
                path = path / "index.html"
            pages[target] = (path.read_text(encoding="utf-8", errors="replace")
                             if path.is_file() and path.suffix in (".html", ".htm") else
                             ("" if path.is_file() else None))
    settings = pelican.settings
    cache = settings.get("CACHE_PATH") if settings.get("CACHE_CONTENT") else None
    work = lambda _receive=None: _written_errors(pending, pages, output, cache)  # noqa: E731
    if len(pages) >= int(ContentLinks.read(settings).parallel_min) and forked.available():
        _state["job"] = forked.ForkedJob(work, "plugins/content_links:1: les ancres des pages écrites "
                                               "n’ont pas pu être vérifiées")
        return
    for name, level, message in work():
        logging.getLogger(name).log(level, "%s", message)


def _written_errors(pending, pages: dict, output: Path, cache) -> list[tuple[str, int, str]]:
    """Log records (logger, level, `path:line: message`) of the broken addresses and anchors."""
    memo = PageMemo(cache, "content_links-ids")
    ids_of: dict[str, set[str] | None] = {}
    records = []
    for rel, line, target, fragment, label in pending:
        if target not in ids_of:
            text = pages[target]
            ids_of[target] = None if text is None else set(memo.get(text, _sorted_ids)) if text else set()
        ids = ids_of[target]
        if ids is None:
            records.append((__name__, logging.ERROR, f"{rel}:{line}: {core.missing_address_message(label)}"))
        elif fragment and fragment not in ids and (output / target).suffix in (".html", ".htm", ""):
            records.append((__name__, logging.ERROR, f"{rel}:{line}: {core.anchor_message(fragment, ids, label)}"))
    memo.save()
    return records


def join_written_check(*_args) -> None:
    job = _state.pop("job", None)
    if job is not None:
        job.join()


def _sorted_ids(html: str) -> tuple[str, ...]:
    return tuple(sorted(core.extract_ids(html)))


def check_without_output(generators, template_ids=None):
    """For `make check` (no page written): anchors against the ids of the target's text and of the
    content template; addresses inside a section against the known content."""
    pending = _state.get("pending") or []
    settings = next((g.settings for g in generators), {})
    if template_ids is None:
        template_ids = core.template_ids(Path(settings.get("THEME", "theme")) / "templates")
    by_target, sections = {}, set()
    for gen in generators:
        for name in ("articles", "translations", "pages", "hidden_pages"):
            for item in getattr(gen, name, []) or []:
                by_target[item.save_as] = item
        for category, _ in getattr(gen, "categories", []) or []:
            sections.add(category.slug)
            by_target.setdefault(category.save_as, None)
    for rel, line, target, fragment, label in pending:
        if target not in by_target:
            if target.split("/", 1)[0] in sections:
                _error(rel, line, core.missing_address_message(label))
            continue
        item = by_target[target]
        if item is not None and fragment:
            ids = core.extract(item._content)[1] | template_ids
            if fragment not in ids:
                _error(rel, line, core.anchor_message(fragment, ids, label))
    _state["pending"] = []


READ_ORDER, MOVE_ORDER = 10, 90  # body pass: first (links as written) and last (sub-path prefix)


def register():
    signals.initialized.connect(reset)
    body_pass.register_transform(READ_ORDER, "content_links:read", read_links)
    body_pass.register_transform(MOVE_ORDER, "content_links:move", move_links,
                                 lambda html: '="/' in html)
    signals.all_generators_finalized.connect(check_links)
    signals.finalized.connect(check_written)
    granular_signals.register()
    blinker.signal("deploy").connect(join_written_check)  # after the asset pipeline
