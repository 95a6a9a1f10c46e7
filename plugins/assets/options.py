"""Options of the asset pipeline (from the settings, plugins/assets/__init__.py) and its result."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Options:
    siteurl: str = ""
    theme_dir: str = "theme"
    # bundle path -> parts (theme paths; a stylesheet part may be (path, media query)).
    bundles: dict = field(default_factory=dict)
    purge: tuple[str, ...] = ("vendor/dsfr/dsfr.bundle.min.css",)
    inline_dirs: tuple[str, ...] = ("vendor/dsfr/icons",)
    prune_dirs: tuple[str, ...] = ("vendor/dsfr/icons", "vendor/dsfr/fonts")
    keep_classes: tuple[str, ...] = ()
    # Scripts that build class names from a prefix (`ns("collapse--expanded")` in the DSFR).
    prefixed_scripts: tuple[str, ...] = ("vendor/dsfr/",)
    minify: bool = True
    fingerprint: bool = True
    cache_dir: Path | None = None
    # Read-only cache of the vendored stylesheets, parsed once when they are installed
    # (tools/vendor.py, ASSETS_VENDOR_CACHE_PATH): parsing the DSFR is the slowest step.
    vendor_cache_dir: Path | None = None
    # Top-level output folders the pipeline never reads: the search index (plugins/search_index,
    # possibly still being written by a forked process) holds no class, no theme file name.
    ignore_dirs: tuple[str, ...] = ()


@dataclass
class Result:
    errors: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # theme-relative: original -> hashed
    removed: list[str] = field(default_factory=list)
    used_classes: set[str] = field(default_factory=set)
