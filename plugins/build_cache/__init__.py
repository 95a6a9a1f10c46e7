"""Pelican's content cache, made safe: one cache folder per version of the code and settings.

Pelican caches the Markdown readers' output per source file (CACHE_CONTENT, LOAD_CONTENT_CACHE,
checked by file hash). Its key is the file alone: a change to a plugin, to content/data/ or to the
settings would reuse stale output. This plugin points CACHE_PATH to
`<CONTENT_CACHE_DIR>/<digest of plugins, content/data, settings, requirements.txt, the fact base>`.
A failed build deletes its cache folder (tools/build.py): a cached file never hides an error.
Compiled Jinja templates are shared by the generators of one build only (BuildBytecodeCache), never
kept from one build to the next: Jinja folds `{{ 'x'|filter }}` into constants at compile
time, so a template compiled with other settings (SITEURL) would be reused with stale values.
"""
from __future__ import annotations

from pathlib import Path

import jinja2
from pelican import signals

from plugins import fact_base

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
    files = inputs(ROOT, Path(settings["PATH"]), settings_files)
    facts = fact_base.locate(settings.get("FACT_BASE_DIR"))  # its rules run in the readers
    digest = code_digest(files + ([facts] if facts else []), stable_repr(relevant))
    path = base / digest
    path.mkdir(parents=True, exist_ok=True)
    path.touch()
    prune_old(base)
    settings["CACHE_PATH"] = str(path)


class BuildBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates shared by the generators of ONE build (each has its own Jinja
    environment, and compiled every template again). Never kept between builds: see above."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_BUILD: dict = {}


def new_build(pelican):
    _BUILD["templates"] = BuildBytecodeCache()


def share_compiled_templates(generator):
    cache = _BUILD.get("templates")
    env = getattr(generator, "env", None)
    if cache is not None and env is not None and env.bytecode_cache is None:
        env.bytecode_cache = cache


def register():
    # get_generators: sent by Pelican.run() before the generators (and their readers) are made,
    # after every plugin's `initialized` handler (some add Markdown extensions to the settings).
    signals.get_generators.connect(choose_cache_path)
    signals.initialized.connect(new_build)
    signals.generator_init.connect(share_compiled_templates)
