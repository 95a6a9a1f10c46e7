"""Pure helpers for content-hashed file names and the rewriting of references to them."""
from __future__ import annotations

import hashlib
import posixpath
import re

HASH_LENGTH = 8
HASHED_RE = re.compile(r"\.[0-9a-f]{%d}\.[A-Za-z0-9]+$" % HASH_LENGTH)


def content_hash(data: bytes, length: int = HASH_LENGTH) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def hashed_name(rel: str, data: bytes) -> str:
    """`css/site.css` -> `css/site.3f2a9c1b.css` (the hash goes before the last suffix)."""
    head, tail = posixpath.split(rel)
    stem, dot, ext = tail.rpartition(".")
    if not dot:
        stem, ext = tail, ""
    name = f"{stem}.{content_hash(data)}" + (f".{ext}" if ext else "")
    return posixpath.join(head, name) if head else name


def is_hashed(rel: str) -> bool:
    return bool(HASHED_RE.search(rel))


def theme_ref_re(siteurl: str, theme_dir: str) -> re.Pattern:
    """References to theme files as written by the `asset` filter: `<SITEURL>/<theme>/<path>`."""
    return re.compile(r"(?P<prefix>%s/%s/)(?P<path>[^\"'\s<>()?#,]+)"
                      % (re.escape(siteurl), re.escape(theme_dir.strip("/"))))


def rewrite_refs(text: str, pattern: re.Pattern, mapping: dict[str, str]) -> str:
    """Replace each referenced theme path found in `mapping` by its new path."""
    def sub(match: re.Match) -> str:
        new = mapping.get(match.group("path"))
        return match.group("prefix") + new if new else match.group(0)
    return pattern.sub(sub, text)


def resolve(css_rel: str, url: str) -> str:
    """Theme-relative path of a url() written in the stylesheet `css_rel` (both posix)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(css_rel), url.split("#")[0].split("?")[0]))


def relative(from_css: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(from_css) or ".")
