"""At the very end of the build: check that the HTML has no inline code the theme did not write,
write `_headers`.

The Content-Security-Policy is a property of the theme, not of the output: the hashes it may list
are those of inline <script>/<style> elements written (with fixed text) in theme/templates/ — today
none. Any inline script or style in a built page that is not one of them, and every style="…",
on…= handler and javascript: URL, fails the build; the message names the content file that produced
the page (the front-matter file of a fiche or page, content/data/contacts.yaml for /aide/, or the
file whose text holds the code), with its line when the code is found in it — never output/….
"""
from __future__ import annotations

import html as html_lib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import blinker
from pelican import signals
from pelican.plugins import granular_signals

from plugins.common.memo import PageMemo
from plugins.common import settings as typed
from plugins.site_url import site_path

from .core import (IMMUTABLE, InlineCode, cache_rules, content_security_policy, find_inline_code,
                   forbidden_inline_code, is_fingerprinted, meta_policy, render_headers_file, security_headers,
                   theme_inline_hashes)

logger = logging.getLogger(__name__)

# Precompressed siblings (name.css.gz): served transparently by nginx, not URLs of their own.
PRECOMPRESSED = {".gz", ".br", ".zst"}

# Output file (absolute path) -> content file that produced it, filled while pages are written.
_SOURCES: dict[str, str] = {}


def _scan(html: str) -> tuple:
    found = find_inline_code(html)  # as built-in types: kept in the page memo
    return (found.scripts, found.styles, found.style_attributes, found.event_handlers, found.javascript_urls,
            found.located)


def _display(path) -> str:
    return os.path.relpath(str(path), os.getcwd())


def remember_source(path, context=None):
    """`content_written`: the content object (or data file) a page was rendered from."""
    context = context or {}
    item = context.get("article") or context.get("page")
    source = getattr(item, "source_path", None)
    if source is None and context.get("aide") is not None and context.get("PATH"):  # /aide/ (plugins/contacts)
        source = os.path.join(context["PATH"], context.get("CONTACTS_DATA_FILE", "data/contacts.yaml"))
    if source:
        _SOURCES[os.path.abspath(path)] = str(source)


def theme_templates(theme: str | Path) -> dict[str, str]:
    folder = Path(theme) / "templates"
    if not folder.is_dir():
        return {}
    return {_display(p): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html"))}


def _variants(text: str):
    text = text.strip()
    first = text.splitlines()[0].strip() if text else ""
    code = text.split(":", 1)[1].strip() if ":" in text else ""  # javascript:CODE as the browser reads it
    for variant in (text, html_lib.escape(text, quote=False), html_lib.escape(text), first[:60], code[:60]):
        if len(variant) >= 3:
            yield variant


def locate(text: str, candidates) -> tuple[str, int] | None:
    """(file, line) of the first candidate file whose raw text holds `text` (or its escaped form)."""
    for path in candidates:
        try:
            raw = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for variant in _variants(text):
            index = raw.find(variant)
            if index >= 0:
                return _display(path), raw.count("\n", 0, index) + 1
    return None


def _content_files(content_root) -> list[Path]:
    if not content_root or not Path(content_root).is_dir():
        return []
    return sorted(p for p in Path(content_root).rglob("*")
                  if p.suffix in (".md", ".yaml", ".yml") and p.is_file() and not p.is_symlink())


def blame(text: str, output_file: Path, output: Path, sources: dict, content_root,
          line: int = 1) -> tuple[str, int]:
    """Which editor's file (and line) produced `text` in `output_file`: the page's own content file if
    the text is in it, else any content file holding it, else the page's content file at line 1, else
    the output file (a theme or plugin bug, not an editor's)."""
    source = sources.get(os.path.abspath(output_file))
    candidates = ([source] if source else []) + [p for p in _content_files(content_root) if str(p) != source]
    found = locate(text, candidates)
    if found:
        return found
    if source:
        return _display(source), 1
    return output_file.relative_to(output).as_posix(), line


def build_headers(output: Path, theme_dir: str = "theme", cache_dir=None, *, theme: str | Path | None = None,
                  content_root=None, sources: dict | None = None, base: str = "") -> str:
    """Scan the built site, report inline code that the theme did not write, return the `_headers` text.
    `theme`: the theme folder (its templates give the allowed hashes; None: no inline code allowed).
    `cache_dir`: where the scan of each page is remembered by its hash (None: not remembered);
    `base`: the sub-path of SITEURL (plugins/site_url), prefix of every path of the file."""
    script_hashes, style_hashes, problems = theme_inline_hashes(theme_templates(theme) if theme else {})
    for name, line, message in problems:
        logger.error("%s:%d: %s", name, line, message)
    sources = _SOURCES if sources is None else sources
    memo = PageMemo(cache_dir, "security_headers-pages-v3", family="security_headers-pages")
    for page in sorted(output.rglob("*.html")):
        found = InlineCode(*memo.get(page.read_text(encoding="utf-8"), _scan))
        for line, message, text in forbidden_inline_code(found, script_hashes, style_hashes):
            where, where_line = blame(text, page, output, sources, content_root, line)
            shown = page.relative_to(output).as_posix()
            logger.error("%s:%d: %s (page %s, ligne %d)", where, where_line, message, shown, line)
    memo.save()
    theme_root = output / theme_dir
    theme_files = sorted(p.relative_to(theme_root).as_posix() for p in theme_root.rglob("*")
                         if p.is_file() and p.suffix not in PRECOMPRESSED) if theme_root.is_dir() else []
    # The policy lists the theme's hashes only: nothing a page holds can widen it.
    csp = content_security_policy(script_hashes, style_hashes)
    rules = cache_rules(theme_files, f"{base}/{theme_dir}")
    # Search index shards and display chunks are fingerprinted too; manifest.json keeps the default.
    search_root = output / "search"
    if search_root.is_dir():
        rules += [(f"{base}/search/{p.name}", IMMUTABLE) for p in sorted(search_root.iterdir())
                  if p.is_file() and p.suffix not in PRECOMPRESSED and is_fingerprinted(p.name)]
    return render_headers_file(security_headers(csp), rules, base)


@dataclass(frozen=True)
class SecurityHeaders:
    """Settings of plugins/security_headers (SECURITY_HEADERS_<FIELD>); SECURITY_META_CSP is not one:
    this plugin writes it for the theme."""
    paths: dict = field(default_factory=dict)  # path pattern -> its own headers (e.g. /admin/)

    @classmethod
    def read(cls, settings) -> SecurityHeaders:
        return typed.read(cls, settings, "SECURITY_HEADERS")


def write_headers(pelican) -> None:
    output = Path(pelican.output_path)
    settings = pelican.settings
    text = build_headers(output, settings.get("THEME_STATIC_DIR", "theme"),
                         settings.get("CACHE_PATH") if settings.get("CACHE_CONTENT") else None,
                         theme=settings.get("THEME"), content_root=settings.get("PATH"),
                         base=site_path(settings.get("SITEURL", "")))
    # Paths with headers of their own (SECURITY_HEADERS_PATHS, e.g. /admin/): "! Name" detaches the
    # site-wide value first (Cloudflare Pages syntax), so that the two policies are not combined.
    for pattern, headers in (SecurityHeaders.read(settings).paths or {}).items():
        text += site_path(settings.get("SITEURL", "")) + pattern + "\n" + "".join(f"  ! {name}\n  {name}: {value}\n" for name, value in headers.items())
    (output / "_headers").write_text(text, encoding="utf-8")
    _SOURCES.clear()


def set_meta_policy(pelican) -> None:
    """`initialized`: SECURITY_META_CSP, the policy the theme's base template writes in a <meta
    http-equiv> (same sources as `_headers`, from the theme's own inline hashes)."""
    theme = pelican.settings.get("THEME")
    script_hashes, style_hashes, _ = theme_inline_hashes(theme_templates(theme) if theme else {})
    pelican.settings["SECURITY_META_CSP"] = meta_policy(content_security_policy(script_hashes, style_hashes))


def register():
    # `deploy` is the last of the signals sent after `finalized` (after optimize, minify, compress):
    # the HTML and the fingerprinted theme files are final.
    granular_signals.register()
    signals.initialized.connect(set_meta_policy)
    signals.content_written.connect(remember_source)
    blinker.signal("deploy").connect(write_headers)
