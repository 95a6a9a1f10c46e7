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
    # Where each item is, and the text it holds (to find which file wrote it), in document order:
    # (kind, line, text) with kind "script", "style", "style-attribute", "handler:<name>", "url".
    located: list[tuple[str, int, str]] = field(default_factory=list)


# Attributes holding a URL that the browser navigates to or loads.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data")
_URL_IGNORED = "".join(chr(c) for c in range(0x21))  # browsers strip C0 controls and spaces around URLs


def is_script_url(value: str | None) -> bool:
    """A URL that runs code when followed (javascript:, vbscript:), as a browser reads it: tabs and
    newlines inside are dropped, controls and spaces around are stripped, any case."""
    url = (value or "").strip(_URL_IGNORED).replace("\t", "").replace("\n", "").replace("\r", "").lower()
    return url.startswith(("javascript:", "vbscript:"))


class _InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found = InlineCode()
        self._capture: str | None = None
        self._line = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        names = dict(attrs)
        for name, value in attrs:
            if name == "style":
                self.found.style_attributes.append(line)
                self.found.located.append(("style-attribute", line, value or ""))
            elif name.startswith("on"):
                self.found.event_handlers.append((line, name))
                self.found.located.append((f"handler:{name}", line, value or ""))
            elif name in URL_ATTRIBUTES and is_script_url(value):
                self.found.javascript_urls.append(line)
                self.found.located.append(("url", line, value or ""))
        if tag == "script" and "src" not in names and (names.get("type") or "").strip().lower() in JS_TYPES:
            self._capture, self._buffer, self._line = "script", [], line
        elif tag == "style":
            self._capture, self._buffer, self._line = "style", [], line

    def handle_data(self, data):
        if self._capture:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if self._capture and tag == self._capture:
            body = "".join(self._buffer)
            (self.found.scripts if tag == "script" else self.found.styles).append(body)
            self.found.located.append((tag, self._line, body))
            self._capture = None


def forbidden_inline_code(found: InlineCode, theme_scripts=frozenset(), theme_styles=frozenset()):
    """[(line, French message, text)] for the inline code of a page that the theme did not write:
    every style="…", on…= handler and javascript: URL, and every <script>/<style> whose hash is not
    the hash of one written in the theme's templates."""
    out = []
    for kind, line, text in found.located:
        if kind == "script" and csp_hash(text) not in theme_scripts:
            out.append((line, "script en ligne absent du thème : la politique de sécurité (CSP) le "
                        "bloquerait et ne sera pas élargie pour lui ; retirez-le (le site n’exécute que "
                        "les scripts de theme/static/js/).", text))
        elif kind == "style" and csp_hash(text) not in theme_styles:
            out.append((line, "élément <style> absent du thème, interdit par la politique de sécurité "
                        "(CSP) : retirez-le ; la mise en forme vient des classes DSFR.", text))
        elif kind == "style-attribute":
            out.append((line, "attribut style=\"…\" interdit par la politique de sécurité (CSP) : "
                        "utilisez une classe DSFR ou une règle de theme/static/css/site.css.", text))
        elif kind.startswith("handler:"):
            out.append((line, f"attribut {kind[8:]} interdit par la politique de sécurité (CSP) : "
                        "attachez l’événement dans un fichier JavaScript du thème.", text))
        elif kind == "url":
            out.append((line, "adresse javascript: interdite par la politique de sécurité (CSP) : "
                        "écrivez une adresse https://.", text))
    return out


_JINJA = re.compile(r"\{\{|\{%|\{#")


def theme_inline_hashes(templates: dict[str, str]):
    """From the theme's own templates {name: text}: (script hashes, style hashes, problems).
    An inline <script>/<style> of a template is allowed by its hash only if its text is fixed (no
    Jinja inside: a value could change it); handlers, style="…" and javascript: URLs never are.
    Problems: [(template name, line, French message)]."""
    scripts, styles, problems = set(), set(), []
    for name, text in sorted(templates.items()):
        finder = _InlineFinder()
        finder.feed(text)
        finder.close()
        for kind, line, body in finder.found.located:
            if kind in ("script", "style") and _JINJA.search(body):
                problems.append((name, line, f"<{kind}> en ligne contenant du Jinja : son texte dépend "
                                 "des pages et ne peut pas être autorisé par une empreinte ; déplacez ce "
                                 "code dans un fichier de theme/static/."))
            elif kind == "script":
                scripts.add(csp_hash(body))
            elif kind == "style":
                styles.add(csp_hash(body))
        for line, message, _ in forbidden_inline_code(InlineCode(located=[
                item for item in finder.found.located if item[0] not in ("script", "style")])):
            problems.append((name, line, message))
    return scripts, styles, problems


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
_URL_ATTRS = tuple(re.compile(name + r"\s*=\s*[\"']?[\x00-\x20]*[&jv]") for name in URL_ATTRIBUTES)
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


def _html5_inline(html: str) -> set[tuple[str, str]]:
    """(kind, text) of every inline code item as a browser's HTML5 parser (Lexbor) builds the page:
    what html.parser (which gives the lines) reads inside <title>, <textarea>… (RCDATA: text for a
    browser; the production minifier writes `&lt;` there as `<`) is not code."""
    from selectolax.lexbor import LexborHTMLParser

    found = set()
    tree = LexborHTMLParser(html)
    for node in tree.root.traverse() if tree.root is not None else []:
        for name, value in (node.attributes or {}).items():
            name = name.lower()
            if name == "style":
                found.add(("style-attribute", value or ""))
            elif name.startswith("on"):
                found.add((f"handler:{name}", value or ""))
            elif name in URL_ATTRIBUTES and is_script_url(value):
                found.add(("url", value or ""))
        if node.tag == "script" and "src" not in (node.attributes or {}) \
                and ((node.attributes or {}).get("type") or "").strip().lower() in JS_TYPES:
            found.add(("script", node.text(deep=True)))
        elif node.tag == "style":
            found.add(("style", node.text(deep=True)))
    return found


def find_inline_code(html: str) -> InlineCode:
    """Inline code of a page as written (the published bytes): located with html.parser (lines),
    kept only when the HTML5 parser of browsers (Lexbor) builds the same item."""
    if not may_have_inline_code(html):
        return InlineCode()
    finder = _InlineFinder()
    finder.feed(html)
    finder.close()
    real = _html5_inline(html)
    kept = InlineCode()
    for kind, line, text in finder.found.located:
        if (kind, text) not in real:
            continue
        kept.located.append((kind, line, text))
        if kind == "script":
            kept.scripts.append(text)
        elif kind == "style":
            kept.styles.append(text)
        elif kind == "style-attribute":
            kept.style_attributes.append(line)
        elif kind.startswith("handler:"):
            kept.event_handlers.append((line, kind[8:]))
        elif kind == "url":
            kept.javascript_urls.append(line)
    return kept


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


# Directives a <meta http-equiv> policy cannot carry (browsers ignore them there): headers only.
HEADER_ONLY_DIRECTIVES = ("frame-ancestors", "report-uri", "sandbox")


def meta_policy(csp: str) -> str:
    """The policy as a page's <meta http-equiv="Content-Security-Policy"> carries it, for hosts that
    send no header (GitHub Pages): the same, less the directives only a header can hold."""
    return "; ".join(part for part in csp.split("; ") if part.split(" ", 1)[0] not in HEADER_ONLY_DIRECTIVES)


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
