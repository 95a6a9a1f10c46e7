"""Security headers of the site and the `_headers` file (Netlify / Cloudflare Pages format).

Pure functions: find inline code in HTML, hash it for the Content-Security-Policy, build the header
set, choose a cache lifetime for every theme file. deploy/nginx.conf sends the same headers (a test
compares both).
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Directives of the Content-Security-Policy, in order. Inline script/style hashes are appended to
# script-src / style-src when the HTML has any (today it has none).
BASE_POLICY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'",)),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),  # DSFR CSS draws a few icons as data: SVG
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'none'",)),
    ("form-action", ("'self'",)),
    ("frame-ancestors", ("'none'",)),
)

PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                      "microphone=(), payment=(), usb=()")

IMMUTABLE = "public, max-age=31536000, immutable"
THEME_CACHE = "public, max-age=604800"

# Fingerprinted file names (plugins/assets): name.<hex hash>.ext
FINGERPRINT_RE = re.compile(r"\.[0-9a-f]{8,}\.[A-Za-z0-9]+$")

# <script type> values that the browser executes (anything else is a data block, outside the CSP).
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
            "application/ecmascript"}


@dataclass
class InlineCode:
    scripts: list[str] = field(default_factory=list)          # inline executable <script> bodies
    styles: list[str] = field(default_factory=list)           # <style> bodies
    style_attributes: list[int] = field(default_factory=list)  # line numbers of style="…"
    event_handlers: list[tuple[int, str]] = field(default_factory=list)  # (line, onclick…)
    javascript_urls: list[int] = field(default_factory=list)  # line numbers of href="javascript:…"


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found = InlineCode()
        self._capture: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        names = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.found.style_attributes.append(line)
            elif name.startswith("on"):
                self.found.event_handlers.append((line, name))
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.javascript_urls.append(line)
        if tag == "script" and "src" not in names and (names.get("type") or "").strip().lower() in JS_TYPES:
            self._capture, self._buffer = "script", []
        elif tag == "style":
            self._capture, self._buffer = "style", []

    def handle_data(self, data):
        if self._capture:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if self._capture and tag == self._capture:
            body = "".join(self._buffer)
            (self.found.scripts if tag == "script" else self.found.styles).append(body)
            self._capture = None


# Cheap first look with regular expressions: html.parser (exact lines) only reads the pages that
# might hold inline code. On a clean 1,000-fiche site, parsing every page was a sixth of the build.
# Each pattern errs on the side of "maybe" (a false alarm only costs a full parse).
# The patterns run on the lower-cased page and start with a literal (fast in `re`).
_SCRIPT_OPEN = re.compile(r"<script\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
_SRC_ATTR = re.compile(r"(?:^|[\s\"'])src\s*=")
_TYPE_ATTR = re.compile(r"(?:^|[\s\"'])type\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))")
_STYLE_ATTR = re.compile(r"style\s*=")
_HANDLER_ATTR = re.compile(r"on[a-z]+\s*=")
# javascript: URL, maybe entity-encoded (one pattern per attribute: each starts with a literal)
_URL_ATTRS = tuple(re.compile(name + r"\s*=\s*[\"']?\s*[&j]") for name in ("href", "src", "action"))
_BEFORE_ATTR = frozenset(" \t\n\r\f\"'/")


def may_have_inline_code(html: str) -> bool:
    """False only when `html` certainly has no inline code that find_inline_code would report."""
    low = html.lower()
    if "<style" in low or any(pattern.search(low) for pattern in _URL_ATTRS):
        return True
    for pattern in (_STYLE_ATTR, _HANDLER_ATTR):  # attribute names: preceded by a space, quote or /
        for match in pattern.finditer(low):
            if match.start() > 0 and low[match.start() - 1] in _BEFORE_ATTR:
                return True
    for match in _SCRIPT_OPEN.finditer(low):
        attrs = match.group(1)
        if _SRC_ATTR.search(attrs):
            continue
        kind = _TYPE_ATTR.search(attrs)
        value = next((g for g in kind.groups() if g is not None), "") if kind else ""
        if value.strip() in JS_TYPES:
            return True
    return False


def find_inline_code(html: str) -> InlineCode:
    if not may_have_inline_code(html):
        return InlineCode()
    finder = _InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def csp_hash(code: str) -> str:
    """CSP source expression for an inline script or style body (exact text between the tags)."""
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(script_hashes=(), style_hashes=()) -> str:
    parts = []
    for directive, sources in BASE_POLICY:
        sources = list(sources)
        if directive == "script-src":
            sources += sorted(set(script_hashes))
        elif directive == "style-src":
            sources += sorted(set(style_hashes))
        parts.append(" ".join([directive, *sources]))
    return "; ".join(parts)


def security_headers(csp: str) -> list[tuple[str, str]]:
    """Headers sent with every response (HTML and files)."""
    return [
        ("Content-Security-Policy", csp),
        ("Referrer-Policy", "no-referrer"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
    ]


def is_fingerprinted(path: str) -> bool:
    return bool(FINGERPRINT_RE.search(path.rsplit("/", 1)[-1]))


def cache_rules(theme_files: list[str], prefix: str = "/theme") -> list[tuple[str, str]]:
    """[(URL pattern, Cache-Control)] for the files under /theme/ (paths relative to it, "/"-separated).

    Fingerprinted files are immutable; the others are cached a week. A `dir/*` rule is used only for
    folders holding no fingerprinted file, so that no URL matches two Cache-Control rules (Cloudflare
    Pages would join their values).
    """
    tree: dict = {}
    for rel in sorted(theme_files):
        node = tree
        *dirs, name = rel.split("/")
        for d in dirs:
            node = node.setdefault(d + "/", {})
        node[name] = None

    def has_fingerprint(node: dict) -> bool:
        return any((child is None and is_fingerprinted(name)) or (child is not None and has_fingerprint(child))
                   for name, child in node.items())

    rules: list[tuple[str, str]] = []

    def walk(node: dict, base: str) -> None:
        if not has_fingerprint(node):
            rules.append((f"{base}/*", THEME_CACHE))
            return
        for name, child in sorted(node.items()):
            if child is None:
                rules.append((f"{base}/{name}", IMMUTABLE if is_fingerprinted(name) else THEME_CACHE))
            else:
                walk(child, base + "/" + name.rstrip("/"))

    if tree:
        walk(tree, prefix)
    return rules


def render_headers_file(headers: list[tuple[str, str]], rules: list[tuple[str, str]], base: str = "") -> str:
    """The `_headers` file: security headers on every URL, then cache rules for theme files.
    `base`: the sub-path the site is published under ("" at the root of its host)."""
    lines = ["# Generated at build time by plugins/security_headers: do not edit.",
             "# Same headers as deploy/nginx.conf (for hosts that read a _headers file).",
             f"{base}/*"]
    lines += [f"  {name}: {value}" for name, value in headers]
    for pattern, cache in rules:
        lines += [pattern, f"  Cache-Control: {cache}"]
    return "\n".join(lines) + "\n"
