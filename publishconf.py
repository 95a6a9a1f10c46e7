"""Production settings: `make publish` builds the site with absolute URLs and feeds."""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("MIVILUDES_SITEURL", "https://www.miviludes.interieur.gouv.fr")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/atom.xml"

# Issue 9: sitemap (plugins/seo: SEO_SITEMAP, options in SITEMAP), minified HTML, precompressed .br/.gz
# next to every text file.
PLUGINS = PLUGINS + ["plugins.minify", "pelican.plugins.precompress"]  # noqa: F405
SITEMAP = {
    "format": "xml",
    "exclude": [r"^404\.html$"],
    "changefreqs": {"articles": "monthly", "pages": "monthly", "indexes": "weekly"},
}
SEO_SITEMAP = "sitemap.xml"
ADMIN_LOCAL_BACKEND = False                    # production /admin/: the forge only
ADMIN_PRODUCTION = True                        # no sign-in address (MIVILUDES_OAUTH_URL): build error
MINIFY_HTML = True
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = True
PRECOMPRESS_ZOPFLI = False                     # zopfli: 100× slower for 5 % on the .gz fallback
PRECOMPRESS_ZSTANDARD = False
PRECOMPRESS_TEXT_EXTENSIONS = {".atom", ".css", ".html", ".ico", ".js", ".json", ".svg", ".txt", ".xml"}
# A section folder without any page would put an empty page in the main menu (plugins/content_guard).
REFUSE_EMPTY_SECTIONS = True
