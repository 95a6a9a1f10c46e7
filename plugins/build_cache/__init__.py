"""Pelican's content cache, made safe: one cache folder per version of the code and settings.

Pelican caches the Markdown readers' output per source file (CACHE_CONTENT, LOAD_CONTENT_CACHE,
checked by file hash). Its key is the file alone: a change to a plugin, to content/data/ or to the
settings would reuse stale output. This plugin points CACHE_PATH to
`<CONTENT_CACHE_DIR>/<digest of plugins, content/data, settings, requirements.txt>`.
A failed build deletes its cache folder (tools/build.py): a cached file never hides an error.
Compiled Jinja templates are cached too (`<CONTENT_CACHE_DIR>/_jinja/`, keyed by template source).
"""
from __future__ import annotations

from pathlib import Path

from pelican import signals

from .core import code_digest, inputs, prune_old, stable_repr

ROOT = Path(__file__).resolve().parents[2]


def choose_cache_path(pelican) -> None:
    settings = pelican.settings
    base = settings.get("CONTENT_CACHE_DIR")
    if not base or not settings.get("CACHE_CONTENT"):
        return
    base = Path(base)
    settings_files = [ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
    relevant = {k: settings.get(k) for k in ("MARKDOWN", "SITEURL", "TYPOGRIFY", "PLUGINS", "PATH")}
    digest = code_digest(inputs(ROOT, Path(settings["PATH"]), settings_files), stable_repr(relevant))
    path = base / digest
    path.mkdir(parents=True, exist_ok=True)
    path.touch()
    prune_old(base)
    settings["CACHE_PATH"] = str(path)


def template_cache(generator) -> None:
    settings = generator.settings
    base = settings.get("CONTENT_CACHE_DIR")
    if not base or not settings.get("CACHE_CONTENT"):
        return
    from jinja2 import FileSystemBytecodeCache

    folder = Path(base) / "_jinja"
    folder.mkdir(parents=True, exist_ok=True)
    generator.env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def register():
    signals.initialized.connect(choose_cache_path)
    signals.generator_init.connect(template_cache)
