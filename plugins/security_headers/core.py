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


def _inline_items(root) -> list[tuple[str, str, str, str]]:
    """(kind, text, tag, attribute) of every inline code item of a parsed page (Lexbor: the HTML5
    algorithm of browsers), in document order; kind as in `InlineCode.located`."""
    out = []
    for node in root.traverse() if root is not None else []:
        tag = node.tag or ""
        if tag.startswith("-"):
            continue
        attrs = node.attributes
        for name, value in attrs.items():
            name = name.lower()
            if name == "style":
                out.append(("style-attribute", value or "", tag, name))
            elif name.startswith("on"):
                out.append((f"handler:{name}", value or "", tag, name))
            elif name in URL_ATTRIBUTES and is_script_url(value):
                out.append(("url", value or "", tag, name))
        if tag == "script" and "src" not in attrs and (attrs.get("type") or "").strip().lower() in JS_TYPES:
            out.append(("script", node.text(deep=True), tag, ""))
        elif tag == "style":
            out.append(("style", node.text(deep=True), tag, ""))
        if tag == "template":  # inert, but a script may clone it: its content is read too
            for fragment in node.template_fragments() if hasattr(node, "template_fragments") else []:
                out += _inline_items(fragment)
    return out


_TAG_END = re.compile(r"""(?:"[^"]*"|'[^']*'|[^'">])*>""")


def _lines(html: str, items) -> list[int]:
    """The line of each item's element in `html`: the next start tag of that name (holding the
    attribute, for an attribute) after the previous item's. Only says where to look: what is code
    was decided on the tree."""
    low = html.lower()
    cursor, out = 0, []
    for _kind, _text, tag, attribute in items:
        at = low.find("<" + tag, cursor)
        while at >= 0 and attribute:
            end = _TAG_END.match(low, at + 1 + len(tag))
            head = low[at:end.end() if end else len(low)]
            if re.search(r"[\s\"'/]" + re.escape(attribute) + r"\s*(=|[\s/>])", head):
                break
            at = low.find("<" + tag, at + 1)
        if at < 0:
            out.append(low.count("\n", 0, cursor) + 1)
            continue
        cursor = at
        out.append(low.count("\n", 0, at) + 1)
    return out


def _locate(html: str, items) -> InlineCode:
    found = InlineCode()
    for (kind, text, _tag, _attribute), line in zip(items, _lines(html, items)):
        found.located.append((kind, line, text))
        if kind == "script":
            found.scripts.append(text)
        elif kind == "style":
            found.styles.append(text)
        elif kind == "style-attribute":
            found.style_attributes.append(line)
        elif kind.startswith("handler:"):
            found.event_handlers.append((line, kind[8:]))
        elif kind == "url":
            found.javascript_urls.append(line)
    return found


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
    Problems: [(template name, line, French message)]. A template is read as a page (Lexbor)."""
    scripts, styles, problems = set(), set(), []
    for name, text in sorted(templates.items()):
        found = find_inline_code(text)
        for kind, line, body in found.located:
            if kind in ("script", "style") and _JINJA.search(body):
                problems.append((name, line, f"<{kind}> en ligne contenant du Jinja : son texte dépend "
                                 "des pages et ne peut pas être autorisé par une empreinte ; déplacez ce "
                                 "code dans un fichier de theme/static/."))
            elif kind == "script":
                scripts.add(csp_hash(body))
            elif kind == "style":
                styles.add(csp_hash(body))
        for line, message, _ in forbidden_inline_code(InlineCode(located=[
                item for item in found.located if item[0] not in ("script", "style")])):
            problems.append((name, line, message))
    return scripts, styles, problems


def find_inline_code(html: str) -> InlineCode:
    """Inline code of a page as written (the published bytes), as the HTML5 parser of browsers
    (Lexbor) builds it: what a browser reads as text (<title>, <textarea>: RCDATA; the production
    minifier writes `&lt;` there as `<`) is not code. Lines are those of the elements."""
    from selectolax.lexbor import LexborHTMLParser

    items = _inline_items(LexborHTMLParser(html).root)
    return _locate(html, items) if items else InlineCode()


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
