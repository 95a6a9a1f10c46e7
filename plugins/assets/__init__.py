"""Theme assets: the `asset` Jinja filter, then (once the site is written) purge, minify, fingerprint.

Templates write `{{ 'css/site.css'|asset }}`; the filter checks that the file exists and returns
its plain URL; after the whole site is written, pipeline.run() gives every referenced theme file
its content hash in its name and rewrites the references (HTML and url() in stylesheets).

Settings (the dataclass `Assets`, defaults there only; the site's values in pelicanconf.py):
ASSETS_BUNDLES, ASSETS_FINGERPRINT, ASSETS_MINIFY, ASSETS_PURGE, ASSETS_INLINE_DIRS, ASSETS_PRUNE_DIRS,
ASSETS_KEEP_CLASSES, ASSETS_PREFIXED_SCRIPTS, ASSETS_CACHE_PATH, ASSETS_VENDOR_CACHE_PATH, ASSETS_IGNORE_DIRS;
ASSETS_PRELOAD_FONTS (theme paths of the fonts preloaded by base.html).
The pipeline runs on the `optimize` signal of pelican-granular-signals (after `finalized`, before
`minify`, `compress` and `deploy`). Pure parts: css.py (parse, purge, custom properties, icons),
usage.py (classes and font faces the site uses), bundles.py (concatenated theme files), cache.py
(what is remembered between builds), options.py, and fingerprint.py (hashed names, reference
rewriting); pipeline.py works on an output folder.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import blinker
from pelican import signals
from pelican.plugins import granular_signals

from plugins.common import settings as typed

from .pipeline import Options, run

logger = logging.getLogger(__name__)


def asset_url(siteurl: str, theme_dir: str, path: str) -> str:
    return f"{siteurl}/{theme_dir}/{path.lstrip('/')}"


def theme_sources(settings) -> list[Path]:
    """Folders whose contents Pelican copies into output/<THEME_STATIC_DIR>/."""
    theme = Path(settings.get("THEME", ""))
    out = []
    for entry in settings.get("THEME_STATIC_PATHS", ["static"]):
        path = Path(entry)
        out.append(path if path.is_absolute() else theme / path)
    return out


def make_filter(settings):
    siteurl = settings.get("SITEURL", "")
    theme_dir = settings.get("THEME_STATIC_DIR", "theme")
    sources = theme_sources(settings)
    bundles = set(Assets.read(settings).bundles)
    checked: set[str] = set(bundles)

    def asset(path: str) -> str:
        rel = str(path).lstrip("/")
        if rel not in checked:
            checked.add(rel)
            if any((src / rel).is_file() for src in sources):
                return asset_url(siteurl, theme_dir, rel)
            logger.error("theme/templates: le filtre « asset » cite « %s », absent de theme/static/ "
                         "et de .vendor/ : corrigez le chemin (ou lancez tools/vendor.py).", rel)
        return asset_url(siteurl, theme_dir, rel)
    return asset


def add_filter(generator):
    generator.env.filters["asset"] = make_filter(generator.settings)


@dataclass(frozen=True)
class Assets:
    """Settings of plugins/assets (ASSETS_<FIELD>), defaults here only (the pipeline's Options)."""
    bundles: dict = field(default_factory=dict)        # bundle path -> parts
    purge: tuple = Options.purge                       # stylesheets purged of unused classes
    inline_dirs: tuple = Options.inline_dirs           # icons inlined in the stylesheets
    prune_dirs: tuple = Options.prune_dirs             # folders whose unused files are removed
    keep_classes: tuple = ()                           # classes never purged
    prefixed_scripts: tuple = Options.prefixed_scripts  # scripts building class names from a prefix
    minify: bool = True
    fingerprint: bool = True
    cache_path: str | None = None                      # remembered between builds (None: nothing)
    vendor_cache_path: str | None = None               # vendored stylesheets parsed by tools/vendor.py
    ignore_dirs: tuple = ()                            # top-level output folders never read

    @classmethod
    def read(cls, settings) -> Assets:
        return typed.read(cls, settings, "ASSETS")


def options(settings) -> Options:
    s = Assets.read(settings)
    return Options(
        siteurl=settings.get("SITEURL", ""),
        theme_dir=settings.get("THEME_STATIC_DIR", "theme"),
        bundles=dict(s.bundles),
        purge=tuple(s.purge),
        inline_dirs=tuple(s.inline_dirs),
        prune_dirs=tuple(s.prune_dirs),
        keep_classes=tuple(s.keep_classes),
        prefixed_scripts=tuple(s.prefixed_scripts),
        minify=s.minify,
        fingerprint=s.fingerprint,
        cache_dir=Path(s.cache_path) if s.cache_path else None,
        vendor_cache_dir=Path(s.vendor_cache_path) if s.vendor_cache_path else None,
        ignore_dirs=tuple(s.ignore_dirs),
    )


def optimize(pelican):
    result = run(Path(pelican.output_path), options(pelican.settings))
    for message in result.errors:
        logger.error("%s", message)
    logger.debug("assets: %d fichiers renommés, %d supprimés", len(result.renamed), len(result.removed))


def register():
    signals.generator_init.connect(add_filter)
    granular_signals.register()  # `optimize` runs after `finalized`, before `minify` and `compress`
    blinker.signal("optimize").connect(optimize)

