"""The `asset` Jinja filter: one place that turns a theme file path into its public URL."""
from __future__ import annotations

from pelican import signals


def asset_url(siteurl: str, theme_dir: str, path: str) -> str:
    return f"{siteurl}/{theme_dir}/{path.lstrip('/')}"


def add_filter(generator):
    siteurl = generator.settings.get("SITEURL", "")
    theme_dir = generator.settings.get("THEME_STATIC_DIR", "theme")
    generator.env.filters["asset"] = lambda path: asset_url(siteurl, theme_dir, path)


def register():
    signals.generator_init.connect(add_filter)
