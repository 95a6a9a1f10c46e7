"""Pelican's content cache, made safe: one cache folder per version of the code and settings.

Pelican caches the Markdown readers' output per source file (CACHE_CONTENT, LOAD_CONTENT_CACHE,
checked by file hash). Its key is the file alone: a change to a plugin, to content/data/ or to the
settings would reuse stale output. This plugin points CACHE_PATH to
`<CONTENT_CACHE_DIR>/<digest of plugins, content/data, settings, requirements.txt>`.
A failed build deletes its cache folder (tools/build.py): a cached file never hides an error.
Compiled Jinja templates are NOT cached: Jinja folds `{{ 'x'|filter }}` into constants at compile
time, so a template compiled with other settings (SITEURL) would be reused with stale values.
"""
from __future__ import annotations

from pathlib import Path

from pelican import signals

from .core import code_digest, inputs, prune_old, stable_repr

ROOT = Path(__file__).resolve().parents[2]
# Settings that change from one build to the next without changing what is read (tools/build.py
# writes into a new temporary folder every time).
VOLATILE = {"OUTPUT_PATH", "CACHE_PATH", "CONTENT_CACHE_DIR"}


def choose_cache_path(pelican):
    settings = pelican.settings
    base = settings.get("CONTENT_CACHE_DIR")
    if not base or not settings.get("CACHE_CONTENT"):
        return
    base = Path(base)
    settings_files = [ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
    relevant = {k: v for k, v in settings.items() if k not in VOLATILE}
    digest = code_digest(inputs(ROOT, Path(settings["PATH"]), settings_files), stable_repr(relevant))
    path = base / digest
    path.mkdir(parents=True, exist_ok=True)
    path.touch()
    prune_old(base)
    settings["CACHE_PATH"] = str(path)


def register():
    # get_generators: sent by Pelican.run() before the generators (and their readers) are made,
    # after every plugin's `initialized` handler (some add Markdown extensions to the settings).
    signals.get_generators.connect(choose_cache_path)
