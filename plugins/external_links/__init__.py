"""External links in content get rel="noopener noreferrer external" (no referrer leaks to other sites).

Templates write their own external links with that rel; this plugin covers the Markdown bodies,
as one transform of the body pass (plugins/common/body.py).
"""
from __future__ import annotations

from urllib.parse import urlsplit

from plugins.common import body as body_pass

from .core import add_rel_to_tree

ORDER = 30  # after the PDF download links (20), before site addresses move under a sub-path (90)


def _wants(html: str) -> bool:
    return "//" in html


def fix_links(body: body_pass.Body) -> None:
    site_host = urlsplit(body.content.settings.get("SITEURL", "") or "").hostname or ""
    if add_rel_to_tree(body.tree.root, site_host):
        body.touch()


def register():
    body_pass.register_transform(ORDER, "external_links", fix_links, _wants)
