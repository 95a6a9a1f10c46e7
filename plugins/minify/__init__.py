"""Minify every HTML file of the built site (setting MINIFY_HTML, on in publishconf.py).

Runs on the `minify` signal of pelican-granular-signals: after `finalized` and the asset pipeline
(`optimize`), before precompression (`compress`), so the .br/.gz files hold the minified pages.
"""
from __future__ import annotations

from pathlib import Path

import blinker
from pelican.plugins import granular_signals

from .core import minify


def minify_site(pelican) -> None:
    if not pelican.settings.get("MINIFY_HTML", False):
        return
    for path in sorted(Path(pelican.output_path).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        small = minify(text)
        if small != text:
            path.write_text(small, encoding="utf-8")


def register():
    granular_signals.register()
    blinker.signal("minify").connect(minify_site)
