"""Add rel="noopener noreferrer external" to every link that leaves the site (pure functions)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

REQUIRED_REL = ("noopener", "noreferrer", "external")

# An <a> start tag; attribute values may contain ">" only when quoted.
A_TAG_RE = re.compile(r"""<a(?=[\s>])((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.IGNORECASE)
ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


def is_external(href: str, site_host: str = "") -> bool:
    """True for http(s) and protocol-relative URLs pointing to another host than the site."""
    href = href.strip()
    if not (href.lower().startswith(("http://", "https://")) or href.startswith("//")):
        return False
    host = (urlsplit(href).hostname or "").lower()
    return bool(host) and host != site_host.lower()


def _attributes(text: str) -> list[tuple[str, str | None, str]]:
    """[(name lowercased, unquoted value or None, raw text)] of a start tag's attributes."""
    out = []
    for match in ATTR_RE.finditer(text):
        name, raw_value = match.group(1), match.group(2)
        value = raw_value
        if value is not None and value[:1] in "\"'":
            value = value[1:-1]
        out.append((name.lower(), value, match.group(0)))
    return out


def add_rel(html: str, site_host: str = "") -> str:
    """Return `html` with every external <a href> carrying noopener, noreferrer and external in rel
    (existing rel tokens are kept; internal links, anchors, tel: and mailto: are left alone)."""
    def fix(match: re.Match) -> str:
        attrs = _attributes(match.group(1))
        href = next((value for name, value, _ in attrs if name == "href"), None)
        if href is None or not is_external(href, site_host):
            return match.group(0)
        rel = next((value for name, value, _ in attrs if name == "rel"), None)
        tokens = (rel or "").split()
        missing = [t for t in REQUIRED_REL if t not in {x.lower() for x in tokens}]
        if not missing:
            return match.group(0)
        new_rel = " ".join(tokens + missing)
        parts = [raw for name, _, raw in attrs if name != "rel"]
        parts.append(f'rel="{new_rel}"')
        return "<a " + " ".join(parts) + ">"
    return A_TAG_RE.sub(fix, html)
