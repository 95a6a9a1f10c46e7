"""Client-side search of the site: pure core (French analyzer, lunr index builder, sharded assets)
and its Pelican wiring.

Core: indexer.py (sharding, manifest: ``write_search_assets(documents, out_dir)``), analyzer.py
(French pipeline, identical in theme/static/js/search/analyzer.js; its letter tables and stop
words in charmap.py, its stems from snowballstemmer in stemmer.py), documents.py (HTML -> plain
text documents). Browser side: theme/static/js/search/ (analyzer.js, search.js, ui.js).

Wiring (register()): once every article and page is read (``all_generators_finalized``), the
plugin remembers them; once the site is written (``finalized``, before the asset pipeline and the
compression), it writes ``<output>/SEARCH_OUTPUT_DIR/`` (manifest.json, index.<hash>.json,
store.<hash>.json) from:

- every published article and page (type from ``item.content_type``: fiche, prevention, rapport,
  page), except the utility pages of ``SEARCH_EXCLUDE`` (slugs: the search page itself; the site
  map is indexed, its body being one sentence, so « plan du site » or « liste des pages » finds it:
  its list of titles comes from the template and is not indexed);
- the pages written by other generators listed in ``SEARCH_EXTRA_PAGES`` (``/aide/``: its title,
  description and section titles);
- the documents other plugins offer in ``context["SEARCH_DOCUMENTS"]``: a list of ``(kind,
  producer)`` pairs they append when the build starts, ``producer()`` returning search documents
  when the index is written (this plugin imports none of them): the help contacts (plugins/contacts,
  kind ``"contacts"``, url ``/aide/#contact-<id>``) and one document per page of every local PDF
  (plugins/pdf_links, kind ``"pdf"``, url ``/pdfs/<name>.pdf#page=N``; left out when
  ``SEARCH_PDFS`` is false; a PDF page without summary gets the start of its text).

Output is deterministic (documents sorted by id, content-hashed names). Any failure is logged as
an error (in French), which fails the strict build.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from plugins import forked
from plugins.common import settings as typed
from plugins.site_url import site_path, under_site

from . import lexicon
from .analyzer import (ANALYZER_ID, STEM_LABEL, STOP_LABEL, analyze, analyze_query, config,
                       register_lunr_pipeline, tokenize, word_terms)
from .documents import content_document, html_text, pdf_summary, written_page_document
from .indexer import (FIELD_BOOSTS, FIELDS, MANIFEST_NAME, TYPES, build_index,
                      build_index_with_lunr_py, write_search_assets)

__all__ = [
    "ANALYZER_ID", "DEFAULTS", "SearchIndex", "FIELD_BOOSTS", "FIELDS", "MANIFEST_NAME", "STEM_LABEL", "STOP_LABEL",
    "TYPES", "analyze", "analyze_query", "build_index", "build_index_with_lunr_py", "collect_documents",
    "config", "content_document", "html_text", "register", "register_lunr_pipeline", "tokenize",
    "word_terms", "write_search_assets", "written_page_document",
]

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class SearchIndex:
    """Settings of plugins/search_index (SEARCH_<FIELD>), defaults here only."""
    output_dir: str = "search"                      # output/search/manifest.json
    exclude: tuple = ("recherche",)  # slugs of utility pages left out
    extra_pages: tuple = ("aide/",)                 # written pages (not articles/pages) indexed
    pdfs: bool = True                               # one document per page of local PDFs
    shard_bytes: int = 20_000
    store_bytes: int = 8_000
    synonyms: str = "data/synonymes.yaml"           # editors' synonym groups, in PATH (content/)
    distress: str = "data/detresse.yaml"            # help shown first for a query in distress
    parallel_min: int = 200                         # documents from which the index is written by a fork
    lexicon_cache: str | None = None                # folder keeping the French filters (lexicon.load_cached)

    @classmethod
    def read(cls, settings) -> SearchIndex:
        return typed.read(cls, settings, "SEARCH")


DEFAULTS = typed.defaults_of(SearchIndex, "SEARCH")  # read by plugins/content_guard (addresses written)
CONTENT_TYPES = ("fiche", "prevention", "rapport", "page")
# Context list of (kind, producer) pairs other plugins fill (see the module docstring).
OFFERED_DOCUMENTS = "SEARCH_DOCUMENTS"

_STATE: dict = {}


def item_document(item) -> dict:
    """The search document of a Pelican article or page (decorated by plugins/site_structure)."""
    content_type = getattr(item, "content_type", None) or "page"
    if content_type not in CONTENT_TYPES:
        content_type = "page"
    return content_document(
        url="/" + item.url,
        content_type=content_type,
        title=item.title,
        summary=getattr(item, "summary_text", None) or item.metadata.get("summary", ""),
        content_html=item.content,
        themes=getattr(item, "theme_labels", None) or [],
        extra_body=item.metadata.get("legal_refs") or [],
    )


def extra_page_documents(settings, output_path) -> list[dict]:
    """Documents of the pages written by other generators (SEARCH_EXTRA_PAGES), read from the output."""
    docs = []
    for url in SearchIndex.read(settings).extra_pages:
        path = Path(output_path) / url.strip("/") / "index.html"
        if path.is_file():
            doc = written_page_document(path.read_text(encoding="utf-8"), "/" + url.strip("/") + "/")
            if doc is not None:
                docs.append(doc)
    return docs


def collect_documents(items, settings, context, output_path, extra_docs=None) -> list[dict]:
    """Every search document of the site (see the module docstring), sorted by id."""
    wanted = SearchIndex.read(settings)
    excluded = set(wanted.exclude)
    docs = [item_document(item) for item in items
            if getattr(item, "status", "published") == "published" and item.slug not in excluded]
    docs += extra_page_documents(settings, output_path) if extra_docs is None else extra_docs
    for kind, producer in (context or {}).get(OFFERED_DOCUMENTS) or []:
        if kind == "pdf" and not wanted.pdfs:
            continue
        for doc in producer():
            if kind == "pdf":
                doc = {**doc, "summary": doc.get("summary") or pdf_summary(doc.get("body", ""))}
            docs.append(doc)
    return sorted(docs, key=lambda d: d["id"])


def synonym_groups(settings) -> list[list[str]]:
    """The synonym groups of SEARCH_SYNONYMS; each mistake is logged as an error
    (``fichier:ligne: message``): the build and `make check` both fail on it."""
    from .related import load_synonyms

    name = SearchIndex.read(settings).synonyms
    if not name:
        return []
    path = Path(settings["PATH"]) / name
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        shown = str(path)
    groups, errors = load_synonyms(path, shown)
    for message in errors:
        logger.error("%s", message)
    return groups


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def distress_help(settings, phone_entries) -> dict:
    """The compiled SEARCH_DISTRESS file (manifest key ``help``: distress.compile_help); each
    mistake is logged as an error (``fichier:ligne: message``): the build and `make check` fail."""
    from .distress import compile_help, load_distress

    name = SearchIndex.read(settings).distress
    if not name:
        return {}
    phone_entries = dict(phone_entries or {})
    reachable = set(phone_entries) if phone_entries else None
    situations, errors = load_distress(Path(settings["PATH"]) / name, _shown(Path(settings["PATH"]) / name),
                                       reachable)
    for message in errors:
        logger.error("%s", message)
    return compile_help(situations, phone_entries) if situations and phone_entries else {}


def remember(generators):
    """all_generators_finalized: keep the articles, pages and context for `write_index`; on a large
    site, start the forked writer now, while Pelican writes the pages."""
    items, context, settings, output_path = [], None, None, None
    for gen in generators:
        items += list(getattr(gen, "articles", []) or [])
        items += list(getattr(gen, "pages", []) or [])
        context = getattr(gen, "context", context)
        settings, output_path = gen.settings, gen.output_path
    abandon_writer()
    _STATE.clear()
    _STATE.update(items=items, context=context,
                  synonyms=synonym_groups(settings) if settings is not None else [],
                  help=distress_help(settings, (context or {}).get("CONTACT_PHONE_ENTRIES")) if settings is not None else {})
    if settings is not None and _parallel(settings, len(items)):
        _start_writer(dict(_STATE), settings, Path(output_path) / SearchIndex.read(settings).output_dir)


def _remove_stale(folder: Path, manifest: dict, manifest_name: str) -> None:
    """A reused output folder keeps no shard or store chunk of an earlier build."""
    keep = {manifest_name} | {s["file"] for s in manifest["shards"]} | {s["file"] for s in manifest["store"]}
    keep |= {f["file"] for f in manifest.get("french", {}).values()}
    for path in folder.glob("*.json"):
        if path.name not in keep and (path.name.startswith(("index.", "store.", "index-", "store-", "fr."))):
            path.unlink()


def _write(state: dict, settings, out: Path, extra_docs) -> list[tuple[str, int, str]]:
    """Build and write the search assets; returns the log records instead of logging them.
    `extra_docs`: the documents of SEARCH_EXTRA_PAGES, or a function that returns them (called once
    the other documents are ready: the forked writer starts before those pages are written)."""
    try:
        lexicon.load_cached(SearchIndex.read(settings).lexicon_cache)
        docs = collect_documents(state.get("items", []), settings, state.get("context"), out.parent, [])
        docs = sorted(docs + list(extra_docs() if callable(extra_docs) else extra_docs), key=lambda d: d["id"])
        # Result links follow SITEURL (a preview under a sub-path); ids stay site paths.
        base = site_path(settings.get("SITEURL", ""))
        docs = [{**doc, "url": under_site(base, doc["url"])} for doc in docs] if base else docs
        manifest = write_search_assets(docs, out, shard_bytes=SearchIndex.read(settings).shard_bytes,
                                       store_bytes=SearchIndex.read(settings).store_bytes,
                                       synonyms=state.get("synonyms") or [], help=state.get("help") or None)
        _remove_stale(out, manifest, MANIFEST_NAME)
    except Exception as exc:  # any failure fails the strict build, with a message for the editor
        return [(__name__, logging.ERROR, f"plugins/search_index:1: l’index de recherche n’a pas pu être "
                 f"écrit dans {out} : {exc}")]
    return [(__name__, logging.INFO, f"Recherche : {manifest['docCount']} documents indexés, "
             f"{len(manifest['shards'])} fichier(s) d’index, {len(manifest['store'])} fichier(s) d’affichage.")]


def _replay(records) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


def _parallel(settings, count: int) -> bool:
    """A forked writer for SEARCH_PARALLEL_MIN documents or more, when there is another core."""
    return forked.available() and count >= int(SearchIndex.read(settings).parallel_min)


_CHILD: dict = {}  # the forked writer of the current build: {"job": ForkedJob}
STATS = {"forked": 0}  # writers forked in this process (tests)
_FAILURE = "plugins/search_index:1: l’index de recherche n’a pas pu être écrit"


def _start_writer(state: dict, settings, out: Path) -> None:
    """Fork the writer now; it gets the documents of the written pages at `finalized`."""
    _CHILD["job"] = forked.ForkedJob(lambda receive: _write(state, settings, out, receive), _FAILURE)
    STATS["forked"] += 1


def join_writer(*_args) -> None:
    """Wait for the forked writer (before anything reads output/search/: compression, _headers)."""
    job = _CHILD.pop("job", None)
    if job is not None:
        job.join()


def abandon_writer(*_args) -> None:
    """A writer left by a build that stopped early: stopped and reaped, its messages dropped."""
    job = _CHILD.pop("job", None)
    if job is not None:
        job.abandon()


def write_index(pelican):
    """finalized: write the search assets into the output folder.

    On a large site (SEARCH_PARALLEL_MIN documents or more, and more than one core) the index is
    built by a process forked at `all_generators_finalized`, while Pelican writes the pages and the
    asset pipeline runs; it only gets here the documents of the pages written by other generators,
    and is joined at `minify`, before anything reads output/search/.
    """
    state = dict(_STATE)
    _STATE.clear()
    settings = pelican.settings
    out = Path(pelican.output_path) / SearchIndex.read(settings).output_dir
    try:  # read now: the asset pipeline rewrites the pages while a forked writer runs
        extra = extra_page_documents(settings, pelican.output_path)
    except Exception as exc:  # noqa: BLE001
        abandon_writer()
        logger.error("plugins/search_index:1: l’index de recherche n’a pas pu être écrit dans %s : %s", out, exc)
        return
    if "job" in _CHILD:
        _CHILD["job"].send(extra)
        return
    _replay(_write(state, settings, out, extra))


def register():
    from pelican import signals

    import blinker
    from pelican.plugins import granular_signals

    granular_signals.register()
    signals.initialized.connect(abandon_writer)  # a build stopped early leaves no writer behind
    signals.all_generators_finalized.connect(remember)
    signals.finalized.connect(write_index)
    blinker.signal("minify").connect(join_writer)  # after `optimize`, before `compress` and `deploy`
    blinker.signal("deploy").connect(join_writer)
