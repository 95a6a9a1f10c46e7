"""Unsafe or inaccessible markup in content fails the build: <script>, <iframe>, <style>, on*=
attributes, javascript: URLs, images without alternative text, remote images, skipped heading
levels. The body is then cleaned with nh3 with the same allow-list (core.py).

Wiring only: adds the python-markdown extension (extension.py) to the MARKDOWN setting, so that
the reader of plugins/content_schema (and `make check`) report the problems with their line.
"""
from __future__ import annotations

from pelican import signals

from .extension import SanitizeExtension


def add_extension(pelican):
    extensions = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extensions", [])
    if not any(type(e).__name__ == "SanitizeExtension" for e in extensions):
        extensions.append(SanitizeExtension())


def register():
    signals.initialized.connect(add_extension)
