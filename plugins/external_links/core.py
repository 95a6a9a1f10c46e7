"""Add rel="noopener noreferrer external" to every link that leaves the site (pure functions).

The links are read on the body's one parsed tree (plugins/common/body.py): no regular expression
over HTML."""
from __future__ import annotations

from urllib.parse import urlsplit

from plugins.common import body as body_pass

REQUIRED_REL = ("noopener", "noreferrer", "external")


def is_external(href: str, site_host: str = "") -> bool:
    """True for http(s) and protocol-relative URLs pointing to another host than the site."""
    href = href.strip()
    if not (href.lower().startswith(("http://", "https://")) or href.startswith("//")):
        return False
    host = (urlsplit(href).hostname or "").lower()
    return bool(host) and host != site_host.lower()


def add_rel_to_tree(root, site_host: str = "") -> bool:
    """Complete the rel of every external <a href> under `root` (a Lexbor node); True when one
    changed. Existing rel tokens are kept, the completed rel is written last (as a rel the
    editor did not write); internal links, anchors, tel: and mailto: are left alone."""
    changed = False
    for node in root.css("a[href]") if root is not None else []:
        if not is_external(node.attributes.get("href") or "", site_host):
            continue
        tokens = (node.attributes.get("rel") or "").split()
        missing = [t for t in REQUIRED_REL if t not in {x.lower() for x in tokens}]
        if not missing:
            continue
        if "rel" in node.attributes:
            del node.attrs["rel"]
        node.attrs["rel"] = " ".join(tokens + missing)
        changed = True
    return changed


def add_rel(html: str, site_host: str = "") -> str:
    """`html` with every external <a href> carrying noopener, noreferrer and external in rel
    (the same HTML when no link needed it)."""
    tree = body_pass.parse(html)
    return body_pass.serialize(tree) if add_rel_to_tree(tree.root, site_host) else html
