"""Reads Markdown files with YAML front matter and fails the build on editors' mistakes.

Wiring only: parsing in frontmatter.py, the contract in schema.py, rendering in render.py (pure,
tested in tests/plugins/test_content_schema.py), editorial rules and recommendations in rules.py
(tests/plugins/test_content_rules.py). Every mistake is logged as `path:line: message en français`
*before* the reader raises; Pelican's own « Could not process » line that follows is then dropped by
tools/build.py and tools/check.py (one mistake, one message). Recommendations never become log
records: they travel in the metadata (ADVICE_KEY) to plugins/recommendations.py. Only Markdown is
read: other text formats (.rst, .html) are disabled, and plugins/content_inventory reports them.

Settings (pelicanconf.py): MARKDOWN (as Pelican), CONTENT_TAXONOMIES (default
content/data/taxonomies.yaml under PATH), FACT_BASE_DIR (the fact base's folder, default: the
FACT_BASE_DIR environment variable, else shared/ beside the repository; plugins/fact_base.py).
"""
from __future__ import annotations

import logging
import os
import re

from pelican import signals
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime, slugify

from plugins import fact_base, theme_files
from plugins import recommendations as advice
from plugins.common.data import taxonomies_path
from plugins.common.record import RECORD_KEY
from plugins.escaping.urls import web_url

from . import prefetch, rules
from plugins.common.rules.frontmatter import ContentError, Document, as_date, parse
from .render import render
from plugins.common.rules.schema import DATE_FIELDS, URL_FIELDS, load_taxonomies, validate

logger = logging.getLogger(__name__)

DISABLED_FORMATS = ("rst", "html", "htm")
# Metadata key carrying a file's recommendations (tuples, so they survive Pelican's content cache and
# the prefetch workers) until `collect_recommendations` hands them to plugins/recommendations.
ADVICE_KEY = "content_recommendations"


def _relpath(path: str) -> str:
    return os.path.relpath(path, os.getcwd())


def reserved_for(settings, templates) -> tuple[set[str], set[str]]:
    """(reserved slugs, reserved templates): from plugins/content_guard (set at `initialized`),
    else derived here from the settings alone (tools that read files without a Pelican run)."""
    slugs = settings.get("CONTENT_RESERVED_SLUGS")
    names = settings.get("CONTENT_RESERVED_TEMPLATES")
    if slugs is None:
        slugs = theme_files.reserved_slugs(settings)
    if names is None:
        names = theme_files.reserved_templates(settings, templates, theme_files.theme_extended(settings))
    return set(slugs), set(names)


def reserved_errors(doc: Document, source_path: str, settings, slugs: set[str], names: set[str],
                    templates: set[str]) -> list[ContentError]:
    """A page whose address or template belongs to the site itself (issue 13)."""
    errors = []
    template = doc.metadata.get("template")
    if isinstance(template, str) and template in names:
        usable = ", ".join(sorted(templates - names)) or "page"
        errors.append(ContentError(doc.path, doc.field_lines.get("template", 1),
                                   f"le gabarit « {template} » est réservé au site (il ne montre pas le texte "
                                   f"d’une page) : choisissez parmi {usable}, ou supprimez la ligne pour le "
                                   "gabarit par défaut."))
    rel = os.path.relpath(os.path.abspath(source_path), os.path.abspath(settings.get("PATH", "content")))
    is_page = rel.split(os.sep)[0] in settings.get("PAGE_PATHS", [])
    kinds = settings.get("CONTENT_TEMPLATE_KINDS") \
        or theme_files.template_kinds(theme_files.theme_folder(settings))
    other = "article" if is_page else "page"
    if isinstance(template, str) and template not in names and template in kinds.get(other, ()):
        own = ", ".join(sorted(set(kinds.get("page" if is_page else "article", ())) - names)) or "le gabarit par défaut"
        errors.append(ContentError(doc.path, doc.field_lines.get("template", 1),
                                   f"le gabarit « {template} » montre une {'fiche' if is_page else 'page'} et non "
                                   f"une {'page' if is_page else 'fiche'} : choisissez parmi {own}, ou supprimez "
                                   "la ligne pour le gabarit par défaut."))
    if is_page:
        slug = doc.metadata.get("slug")
        line = doc.field_lines.get("slug", 1)
        if not isinstance(slug, str):
            base = os.path.splitext(os.path.basename(source_path))[0]
            slug = slugify(base, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
        if not theme_files.SAFE_SLUG.match(slug) and "slug" not in doc.metadata:  # a written slug: its pattern
            errors.append(ContentError(doc.path, line, f"l’adresse de cette page (/{slug}/) est réservée : les "
                                       "noms commençant par « _ » ou « . » ou contenant un point sont ceux des "
                                       "fichiers techniques du site (_headers, robots.txt, 404.html…) ; renommez "
                                       "le fichier avec des lettres, des chiffres et des tirets."))
        elif slug in slugs:
            # Same words as plugins/content_links' check of written pages (which this one precedes).
            errors.append(ContentError(doc.path, line, f"l’adresse de cette page (/{slug}/) est déjà celle d’une "
                                       "page du site (adresse réservée : rubrique, page produite "
                                       "automatiquement ou dossier technique) : changez son slug ou le nom "
                                       "du fichier."))
    return errors


def taxonomies_for(settings) -> dict:
    path = taxonomies_path(settings)
    return load_taxonomies(path, _relpath(str(path)))


class YamlMarkdownReader(BaseReader):
    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self._taxonomies = None
        self._templates = None

    def read(self, source_path):
        rel = _relpath(source_path)
        try:
            return self._read(source_path, rel)
        except ContentError as err:
            # Already logged when it comes from _read's list; log the single ones here.
            if not getattr(err, "logged", False):
                logger.error("%s", err, extra={"source_path": rel})
            raise
        except Exception as exc:  # an unexpected crash still names the file, in French
            if not getattr(exc, "logged", False):
                self._log_crash(rel, type(exc).__name__, exc)
            raise

    @staticmethod
    def _log_crash(rel, kind, exc):
        logger.error("%s:1: ce fichier n’a pas pu être lu (%s : %s) : vérifiez sa mise en forme ; "
                     "si l’erreur persiste, signalez-la à l’équipe technique.", rel, kind, exc,
                     extra={"source_path": rel})

    def prepare(self):
        if self._taxonomies is None:
            self._taxonomies = taxonomies_for(self.settings)
            self._templates = theme_files.theme_templates(self.settings)
            self._reserved = reserved_for(self.settings, self._templates)
            self._facts = fact_base.load(self.settings.get("FACT_BASE_DIR"))

    def compute(self, source_path):
        """(HTML, metadata, sorted errors) of a file; pure (no log): also run in prefetch workers."""
        rel = _relpath(source_path)
        with open(source_path, "rb") as fh:
            raw = fh.read()
        try:
            doc = parse(raw, rel)
        except ContentError as err:
            return None, None, [err]
        self.prepare()
        doc.body = rules.normalize_pasted(doc.body)  # pasted from a word processor: accepted as is
        for name in ("title", "summary"):
            if isinstance(doc.metadata.get(name), str):
                doc.metadata[name] = rules.normalize_pasted(doc.metadata[name])
        errors = validate(doc, self._taxonomies, self._templates or None)
        errors += self._slug_errors(doc, source_path)
        errors += rules.rule_errors(doc, self._facts)
        errors += reserved_errors(doc, source_path, self.settings, *self._reserved,
                                  set(self._templates or ()))
        content, problems = render(doc, self.settings["MARKDOWN"])
        errors = sorted(errors + problems, key=lambda e: e.line)
        if errors:
            return content, None, errors
        metadata = self._metadata(doc)
        section, stem = self._section_and_stem(source_path)
        metadata[ADVICE_KEY] = [(r.path, r.line, r.message)
                                for r in rules.recommendations(doc, section, stem, self._facts)]
        return content, metadata, errors

    def _section_and_stem(self, source_path):
        """(content folder of the file: fiches, pages…; file name without extension)."""
        root = os.path.abspath(self.settings.get("PATH", "content"))
        rel = os.path.relpath(os.path.abspath(source_path), root)
        return rel.replace(os.sep, "/").split("/", 1)[0], os.path.splitext(os.path.basename(source_path))[0]

    def _read(self, source_path, rel):
        prepared = prefetch.take(source_path)
        if prepared is None:
            content, metadata, errors = self.compute(source_path)
        elif prepared[0] == "exception":
            kind, message = prepared[1]
            self._log_crash(rel, kind, message)
            crash = RuntimeError(f"{rel}: {kind}: {message}")
            crash.logged = True
            raise crash
        else:
            content, metadata, raw_errors = prepared[1]
            errors = [ContentError(*e) for e in raw_errors]
        if errors:
            for err in errors:
                # `source_path`: the file whose reading this explains (the message may name another
                # file, e.g. a broken content/data/taxonomies.yaml), so that Pelican's « Could not
                # process » line that follows is dropped (tools/build.py: french_records).
                logger.error("%s", err, extra={"source_path": rel})
                err.logged = True
            raise errors[0]
        return content, metadata

    def _slug_errors(self, doc: Document, source_path: str) -> list[ContentError]:
        if "slug" in doc.metadata:
            return []
        base = os.path.splitext(os.path.basename(source_path))[0]
        derived = slugify(base, regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
        if derived:
            return []
        return [ContentError(doc.path, 1, f"impossible de tirer une adresse du nom de fichier « {base} » : "
                             "renommez le fichier avec des lettres ou des chiffres (par exemple "
                             "« ma-fiche.md ») ou ajoutez « slug: ma-fiche » dans l’en-tête.")]

    def _metadata(self, doc: Document) -> dict:
        meta = {}
        for name, value in doc.metadata.items():
            if name in DATE_FIELDS:
                day = as_date(value)
                value = SafeDatetime(day.year, day.month, day.day)
                meta[name] = value
                if name == "updated":
                    meta["modified"] = value
                continue
            if name in ("title", "slug", "template"):
                meta[name] = self.process_metadata(name, str(value))
            elif name == "draft":
                meta[name] = bool(value)
                if value:
                    meta["status"] = "draft"
            elif name == "summary":
                meta[name] = re.sub(r"[ \t\n]+", " ", str(value)).strip()
            elif name == "sources" and isinstance(value, list):
                # Addresses as re-serialized by the one URL module (checked by validate()).
                # A `page` source keeps its slug: plugins/site_structure resolves it into its own
                # value (`item.source_links`), with the line of each from the record.
                meta[name] = [{**source, "url": web_url(source["url"], allow_http=URL_FIELDS[("sources", "url")])}
                              if "url" in source else dict(source) for source in value]
            else:
                meta[name] = value
        # The page's record (plugins/common/record.py): its fields and their lines, for every plugin.
        meta[RECORD_KEY] = doc
        return meta


def collect_recommendations(generators):
    """Every content object read without error hands its recommendations to the shared channel."""
    for gen in generators:
        for name in ("articles", "translations", "hidden_articles", "drafts", "pages", "hidden_pages",
                     "draft_pages"):
            for item in getattr(gen, name, []) or []:
                for path, line, message in item.metadata.get(ADVICE_KEY) or ():
                    advice.add(advice.Recommendation(path, line, message))


def prefetch_articles(generator):
    prefetch.prefetch(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES", YamlMarkdownReader)


def prefetch_pages(generator):
    prefetch.prefetch(generator, "PAGE_PATHS", "PAGE_EXCLUDES", YamlMarkdownReader)


def configure_readers(readers):
    for ext in YamlMarkdownReader.file_extensions:
        readers.reader_classes[ext] = YamlMarkdownReader
    for ext in DISABLED_FORMATS:  # one content format only: Markdown with YAML front matter
        readers.reader_classes[ext] = None


def register():
    signals.readers_init.connect(configure_readers)
    signals.initialized.connect(prefetch.reset)
    signals.initialized.connect(advice.reset)
    signals.all_generators_finalized.connect(collect_recommendations)
    signals.article_generator_init.connect(prefetch_articles)
    signals.page_generator_init.connect(prefetch_pages)
