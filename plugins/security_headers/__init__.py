"""At the very end of the build: check that the HTML has no inline code the CSP would block, write `_headers`.

Inline <script>/<style> elements are allowed by their hash (added to the policy); style="…"
attributes, on…= handlers and javascript: URLs cannot be allowed by hash without weakening the
policy, so they fail the build with the output file and line.
"""
from __future__ import annotations

import logging
from pathlib import Path

import blinker
from pelican.plugins import granular_signals

from plugins.build_cache.core import PageMemo

from .core import (IMMUTABLE, InlineCode, cache_rules, is_fingerprinted, content_security_policy, csp_hash, find_inline_code,
                   render_headers_file, security_headers)

logger = logging.getLogger(__name__)

# Precompressed siblings (name.css.gz): served transparently by nginx, not URLs of their own.
PRECOMPRESSED = {".gz", ".br", ".zst"}


def _scan(html: str) -> tuple:
    found = find_inline_code(html)  # as built-in types: kept in the page memo
    return (found.scripts, found.styles, found.style_attributes, found.event_handlers, found.javascript_urls)


def build_headers(output: Path, theme_dir: str = "theme", cache_dir=None) -> str:
    """Scan the built site, report forbidden inline code, return the `_headers` text.
    `cache_dir`: where the scan of each page is remembered by its hash (None: not remembered)."""
    script_hashes, style_hashes = set(), set()
    memo = PageMemo(cache_dir, "security_headers-pages")
    for page in sorted(output.rglob("*.html")):
        rel = page.relative_to(output).as_posix()
        found = InlineCode(*memo.get(page.read_text(encoding="utf-8"), _scan))
        script_hashes.update(csp_hash(code) for code in found.scripts)
        style_hashes.update(csp_hash(code) for code in found.styles)
        for line in found.style_attributes:
            logger.error("%s:%d: attribut style=\"…\" interdit par la politique de sécurité (CSP) : "
                         "utilisez une classe DSFR ou une règle de theme/static/css/site.css.", rel, line)
        for line, name in found.event_handlers:
            logger.error("%s:%d: attribut %s interdit par la politique de sécurité (CSP) : "
                         "attachez l’événement dans un fichier JavaScript.", rel, line, name)
        for line in found.javascript_urls:
            logger.error("%s:%d: adresse javascript: interdite par la politique de sécurité (CSP).", rel, line)
    memo.save()
    theme_root = output / theme_dir
    theme_files = sorted(p.relative_to(theme_root).as_posix() for p in theme_root.rglob("*")
                         if p.is_file() and p.suffix not in PRECOMPRESSED) if theme_root.is_dir() else []
    csp = content_security_policy(script_hashes, style_hashes)
    rules = cache_rules(theme_files, "/" + theme_dir)
    # Search index shards and display chunks are fingerprinted too; manifest.json keeps the default.
    search_root = output / "search"
    if search_root.is_dir():
        rules += [(f"/search/{p.name}", IMMUTABLE) for p in sorted(search_root.iterdir())
                  if p.is_file() and p.suffix not in PRECOMPRESSED and is_fingerprinted(p.name)]
    return render_headers_file(security_headers(csp), rules)


def write_headers(pelican) -> None:
    output = Path(pelican.output_path)
    settings = pelican.settings
    text = build_headers(output, settings.get("THEME_STATIC_DIR", "theme"),
                         settings.get("CACHE_PATH") if settings.get("CACHE_CONTENT") else None)
    # Paths with headers of their own (SECURITY_HEADERS_PATHS, e.g. /admin/): "! Name" detaches the
    # site-wide value first (Cloudflare Pages syntax), so that the two policies are not combined.
    for pattern, headers in (settings.get("SECURITY_HEADERS_PATHS") or {}).items():
        text += pattern + "\n" + "".join(f"  ! {name}\n  {name}: {value}\n" for name, value in headers.items())
    (output / "_headers").write_text(text, encoding="utf-8")


def register():
    # `deploy` is the last of the signals sent after `finalized` (after optimize, minify, compress):
    # the HTML and the fingerprinted theme files are final.
    granular_signals.register()
    blinker.signal("deploy").connect(write_headers)
