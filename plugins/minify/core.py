"""Pure HTML minification (minify-html): whitespace, comments, quotes; closing tags are kept."""
from __future__ import annotations

import minify_html

OPTIONS = {
    "keep_closing_tags": True,               # simpler for every HTML parser that reads the site
    "keep_html_and_head_opening_tags": True,
    "minify_css": False,                     # no inline CSS; stylesheets: plugins/assets
    "minify_js": False,                      # same for scripts (JSON-LD is left as written)
}


def minify(html: str) -> str:
    return minify_html.minify(html, **OPTIONS)
