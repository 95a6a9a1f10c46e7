"""External links in content get rel="noopener noreferrer external" (no referrer leaks to other sites).

Templates write their own external links with that rel; this plugin covers the Markdown bodies.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from pelican import signals

from .core import add_rel


def _fix_content(instance):
    content = getattr(instance, "_content", None)
    if not content:
        return
    site_host = urlsplit(instance.settings.get("SITEURL", "") or "").hostname or ""
    instance._content = add_rel(content, site_host)


def register():
    signals.content_object_init.connect(_fix_content)
