"""Minify every HTML file of the built site (setting MINIFY_HTML, on in publishconf.py).

Runs on the `minify` signal of pelican-granular-signals: after `finalized` and the asset pipeline
(`optimize`), before precompression (`compress`), so the .br/.gz files hold the minified pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import blinker
from pelican.plugins import granular_signals

from plugins.common import settings as typed

from .core import minify


@dataclass(frozen=True)
class Minify:
    """Settings of plugins/minify (MINIFY_<FIELD>)."""
    html: bool = False  # minify every HTML file (publishconf.py)

    @classmethod
    def read(cls, settings) -> Minify:
        return typed.read(cls, settings, "MINIFY")


def minify_site(pelican) -> None:
    if not Minify.read(pelican.settings).html:
        return
    for path in sorted(Path(pelican.output_path).rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        small = minify(text)
        if small != text:
            path.write_text(small, encoding="utf-8")


def register():
    granular_signals.register()
    blinker.signal("minify").connect(minify_site)
