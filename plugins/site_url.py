"""The one rule for the site's addresses: every URL is SITEURL + "/" + a path from the output root.

SITEURL is "" (development: root-absolute paths), an origin (production) or an origin with a
sub-path (a pull request's preview, `https://host/apercu/pr-12`). Files that cannot hold an origin
(the search store, `_headers`, robots.txt) use `site_path()`, the path part of SITEURL.
"""
from __future__ import annotations

from urllib.parse import urlsplit


def site_path(siteurl: str | None) -> str:
    """Path of SITEURL without its trailing slash: "" at the root of a host, "/apercu/pr-12" below it."""
    return urlsplit((siteurl or "").strip()).path.rstrip("/")


def under_site(siteurl: str | None, path: str) -> str:
    """A root-absolute site path ("/aide/#contact-17") moved under the sub-path of SITEURL, if any.
    Anything else (an absolute URL, a fragment, "") is returned unchanged."""
    if not path.startswith("/") or path.startswith("//"):
        return path
    return site_path(siteurl) + path
