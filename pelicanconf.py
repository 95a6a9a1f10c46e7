"""Pelican settings for the Miviludes public-information site (development build)."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # Pelican reads this file by path: `plugins` imports as a package
    sys.path.insert(0, str(ROOT))

SITENAME = "Miviludes"
SITE_TAGLINE = "Mission interministérielle de vigilance et de lutte contre les dérives sectaires"
# Every URL is SITEURL + "/" + a path of the output (plugins/site_url.py): "" in development
# (root-absolute paths), the site's origin in production (publishconf.py), or an origin with a
# sub-path for a pull request's preview: MIVILUDES_SITEURL=https://…/apercu/pr-12 make html PDF=0
# (.github/workflows/preview.yml).
SITEURL = os.environ.get("MIVILUDES_SITEURL", "").strip().rstrip("/")
RELATIVE_URLS = False
DEFAULT_LANG = "fr"
LOCALE = ("C.UTF-8",)
TIMEZONE = "Europe/Paris"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"

PATH = "content"
ARTICLE_PATHS = ["fiches", "prevention", "rapports"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["pdfs"]
IGNORE_FILES = ["**/.*", "*~"]  # hidden files (.gitkeep, .DS_Store, editors' .#locks) and backups~
# The team's fact base (facts.md, beside the repository): its folder, for the content rules that use it
# (plugins/fact_base.py). None: the FACT_BASE_DIR environment variable, else ../shared.
FACT_BASE_DIR = os.environ.get("FACT_BASE_DIR") or None
USE_FOLDER_AS_CATEGORY = True
DEFAULT_CATEGORY = "fiches"
SLUGIFY_SOURCE = "basename"
SLUG_REGEX_SUBSTITUTIONS = [
    (r"'", "-"),  # « d'un » -> d-un (unidecode turns ’ into ')
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]

# Content types: folder -> (type id, label, template). Read by plugins/site_structure.
SECTIONS = {
    "fiches": {"type": "fiche", "label": "Fiches pratiques", "singular": "Fiche", "template": "fiche",
               "nav": "Comprendre",
               "intro": "Des fiches courtes pour comprendre les dérives sectaires, reconnaître l’emprise et connaître vos droits."},
    "prevention": {"type": "prevention", "label": "Guides de prévention", "singular": "Prévention",
                   "template": "guide", "nav": "Se protéger",
                   "intro": "Des guides par public : les signes qui doivent alerter, ce qu’il faut faire et ne pas faire, à qui s’adresser."},
    "rapports": {"type": "rapport", "label": "Rapports et publications", "singular": "Rapport",
                 "template": "rapport", "nav": "Rapports et publications",
                 "intro": "Les synthèses des rapports d’activité de la Miviludes, avec leurs chiffres clés et le lien vers le document complet."},
}

# URLs: French, stable, trailing slash.
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "404"]
PAGINATED_TEMPLATES = {}
DEFAULT_PAGINATION = False
TAG_URL = TAG_SAVE_AS = TAGS_SAVE_AS = ""
AUTHOR_URL = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = PAGE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
from plugins.site_structure.core import content_order_key  # noqa: E402

ARTICLE_ORDER_BY = content_order_key
PAGE_ORDER_BY = "title"

# Feeds only in production (publishconf.py).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

THEME = "theme"
# Templates are read once per build (each build makes a new environment, `make serve` included):
# no file check on each of the ~17 template lookups of every page.
# Autoescape on for every template: editors' text is always escaped; the only markup is made by
# plugins/escaping/markup.py (bodies, JSON-LD).
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": [], "auto_reload": False}
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static", str(ROOT / ".vendor")]

PLUGINS = [
    "plugins.content_guard",      # first: links, special files, non-PDFs in pdfs/, empty site; reserved slugs
    "plugins.content_schema",     # YAML front matter reader + schema: editors' mistakes fail the build
    "plugins.escaping",           # `body` filter: the one place a body becomes markup (autoescape is on)
    "plugins.content_sanitize",   # allow-list of content HTML (nh3): <script>, on*=, images without alt…
    "plugins.typography",         # French non-breaking spaces and apostrophes (body, titles, summaries)
    "plugins.content_links",      # internal links, anchors, duplicate addresses
    "plugins.content_inventory",  # count in = count out; drafts listed in the build summary
    "plugins.site_structure",
    "plugins.accessibility_audit",  # RGAA grid docs/rgaa/grille.yaml -> footer state, /accessibilite/ (issue 16)
    "plugins.contacts",           # help directory: /aide/, « Où s’adresser ? », [[contact:ID]], « Besoin d’aide ? »
    "plugins.assets",             # `asset` filter; after the build: purge, minify, fingerprint (issue 9)
    "plugins.seo",                # canonical, Open Graph, JSON-LD, robots.txt (issue 9)
    "plugins.build_cache",        # content cache keyed on code + settings (issue 9)
    "plugins.external_links",
    "plugins.pdf_links",          # attachments: + PDF links of bodies: DSFR download links, covers (issue 6)
    "plugins.printable",          # printable PDF of fiches and guides (WeasyPrint, cached), PDF=0 skips it
    "plugins.search_index",       # client-side search: output/search/ (manifest, index and store shards)
    "plugins.admin_cms",          # web editor at /admin/ (Decap CMS), written only when ADMIN_CMS is on (issue 14)
    "plugins.security_headers",  # last: reads the finished output (inline code, theme files) to write _headers
]

MARKDOWN = {
    "extension_configs": {
        # Tables: align="…" (no inline style, refused by plugins/content_sanitize); French footnotes.
        "markdown.extensions.extra": {"tables": {"use_align_attribute": True},
                                      "footnotes": {"BACKLINK_TITLE": "Revenir à l’appel de note %d"}},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
# Heading ids (the anchors of `#que-faire` links) come from plugins/content_links: the same ids as
# python-markdown's `toc` extension, without its cost (the site shows no table of contents).

# Main navigation (header) : label -> URL.
MAIN_NAV = [
    ("Comprendre", "/fiches/"),
    ("Se protéger", "/prevention/"),
    ("Trouver de l’aide", "/aide/"),
    ("Rapports et publications", "/rapports/"),
    ("À propos", "/a-propos/"),
]
# Mandatory footer links (DSFR) : label -> URL. The accessibility label is replaced by the state the
# audit grid computes (plugins/accessibility_audit, ACCESSIBILITY_AUDIT_GRID).
ACCESSIBILITY_AUDIT_GRID = "docs/rgaa/grille.yaml"
FOOTER_BOTTOM_LINKS = [
    ("Plan du site", "/plan-du-site/"),
    ("Accessibilité : non conforme", "/accessibilite/"),
    ("Mentions légales", "/mentions-legales/"),
    ("Données personnelles", "/donnees-personnelles/"),
    ("Gestion des cookies", "/gestion-des-cookies/"),
]
FOOTER_INSTITUTION_LINKS = [
    ("info.gouv.fr", "https://www.info.gouv.fr"),
    ("service-public.fr", "https://www.service-public.fr"),
    ("legifrance.gouv.fr", "https://www.legifrance.gouv.fr"),
    ("data.gouv.fr", "https://www.data.gouv.fr"),
]
OFFICIAL_SITE = "https://www.miviludes.interieur.gouv.fr"

# Source repository, for « Proposer une modification » links.
REPO_EDIT_URL = os.environ.get("MIVILUDES_REPO_EDIT_URL", "https://github.com/miviludes/site/edit/main/")

# Neutral site that the quick-exit button replaces the page with (a widely used weather site:
# nothing in the history points to this site's subject; no search query that an account could log).
QUICK_EXIT_URL = "https://meteofrance.com/"

# Printable PDFs (plugins/printable): `make html PDF=0` skips them.
PRINTABLE_PDFS = os.environ.get("PDF", "1") != "0"
PRINTABLE_CATEGORIES = ["fiches", "prevention"]
PRINTABLE_LABELS = {"fiches": "Télécharger la fiche (PDF)", "prevention": "Télécharger le guide (PDF)"}
PRINTABLE_FONT_DIR = str(ROOT / "node_modules" / "@gouvfr" / "dsfr" / "dist" / "fonts")  # Marianne
# Absolute address printed in the PDFs when SITEURL is relative (development builds).
PRINTABLE_SITEURL = os.environ.get("MIVILUDES_SITEURL", "https://www.miviludes.interieur.gouv.fr")
# Build caches (git-ignored): covers of PDFs (covers/), printable PDFs (printable/).
BUILD_CACHE_DIR = str(ROOT / ".cache")
PDF_COVER_WIDTH = 300
PDF_COVERS_DIR = "pdfs/covers"  # published covers: /pdfs/covers/<sha256>-w300-v1.webp

# Content cache (plugins/build_cache): the readers' output is reused for unchanged files, in
# .cache/pelican/<digest of code and settings>/ ; a failed build deletes it.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha1"
GZIP_CACHE = False  # a larger cache file, but no compression of the whole site's HTML on every build
CONTENT_CACHE_DIR = str(ROOT / ".cache" / "pelican")
CACHE_PATH = CONTENT_CACHE_DIR

# Theme assets (plugins/assets, issue 9). One stylesheet and one module script per page:
ASSETS_BUNDLES = {
    "css/site.bundle.css": ["vendor/dsfr/dsfr.bundle.min.css", "css/site.css", ("css/print.css", "print")],
    # Quick exit first: it is set up even if a later part failed. The search UI binds the fields
    # only (lunr, the analyzer and the engine still load on the first focus: data-search-scripts).
    "js/site.bundle.js": ["js/quick-exit.js", "vendor/dsfr/dsfr.bundle.module.min.js", "js/site.js",
                          "js/search/ui.js"],
}
ASSETS_PURGE = ["css/site.bundle.css"]        # keep only the rules the built site uses
ASSETS_INLINE_DIRS = ["vendor/dsfr/icons"]     # icons used by the CSS become data: URIs
ASSETS_PRUNE_DIRS = ["vendor/dsfr/icons", "vendor/dsfr/fonts"]  # unused files are not published
ASSETS_KEEP_CLASSES = []                       # classes to keep even if no page uses them
ASSETS_MINIFY = True
ASSETS_FINGERPRINT = True
ASSETS_CACHE_PATH = str(ROOT / ".cache" / "assets")
ASSETS_VENDOR_CACHE_PATH = str(ROOT / ".cache" / "vendor-css")  # DSFR parsed once by tools/vendor.py
ASSETS_IGNORE_DIRS = ["search"]                # output folders the pipeline never reads (SEARCH_OUTPUT_DIR)
# Fonts every page renders above the fold (body 400, buttons and menu 500, titles 700): preloaded.
ASSETS_PRELOAD_FONTS = ["vendor/dsfr/fonts/Marianne-Regular.woff2", "vendor/dsfr/fonts/Marianne-Medium.woff2",
                        "vendor/dsfr/fonts/Marianne-Bold.woff2"]
MINIFY_HTML = False                            # publishconf.py: True (plugins/minify)

# Client-side search (plugins/search_index): written at the end of the build into output/search/.
SEARCH_OUTPUT_DIR = "search"
SEARCH_EXCLUDE = ["recherche"]  # utility pages (slugs) kept out of the results (the site map is found: « plan du site »)
SEARCH_EXTRA_PAGES = ["aide/"]                 # written by other generators: title, description, h2
SEARCH_PDFS = True                             # one document per page of the PDFs of content/pdfs/
SEARCH_SHARD_BYTES = 20_000                    # index shards (term ranges) of about this size
SEARCH_STORE_BYTES = 8_000                     # display data (title, summary) in chunks of about this size
# French word filters and frequencies derived from wordfreq (installed data, never the content):
# computed once (tools/vendor.py warms it at install time), then read back by every build.
SEARCH_LEXICON_CACHE = str(ROOT / ".cache" / "search-lexicon")

# Structured data (plugins/seo): facts from ../shared/facts.md § 1.
SEO_ORGANIZATION = {
    "name": "Mission interministérielle de vigilance et de lutte contre les dérives sectaires",
    "alternateName": "Miviludes",
    "url": "https://www.miviludes.interieur.gouv.fr",
    "foundingDate": "2002-11-28",
    "parentOrganization": "Ministère de l’Intérieur",
}
SEO_SITEMAP = None                             # publishconf.py: "sitemap.xml"
# Previews of pull requests (MIVILUDES_NOINDEX=1): `noindex` on every page, robots.txt disallows all.
SEO_NOINDEX = os.environ.get("MIVILUDES_NOINDEX", "0") == "1"
# Addresses the build writes that no setting names: a page with that slug is refused (plugins/content_guard).
RESERVED_SLUGS = ["admin", "feeds"]          # the web editor (plugins/admin_cms), Atom feeds (publishconf.py)
SEO_ROBOTS_DISALLOW = ["/admin/"]              # the web editor is not indexed

# Web editor at /admin/ (plugins/admin_cms, Decap CMS from admin/package.json): off for `make html`,
# on for `make editer` and `make publish` (ADMIN_CMS=1). Production backend: the forge's repository
# (editorial workflow: one branch and one pull request per change); sign-in in CONTRIBUTING.md.
ADMIN_CMS = os.environ.get("ADMIN_CMS") == "1"
# Repository and branch: those of REPO_EDIT_URL (« Modifier cette page » links), one setting for both.
_forge = re.match(r"^https://github\.com/([^/]+/[^/]+)/edit/([^/]+)/", REPO_EDIT_URL)
ADMIN_BACKEND = {"name": "github", "repo": _forge.group(1) if _forge else "miviludes/site",
                 "branch": _forge.group(2) if _forge else "main"}
if os.environ.get("MIVILUDES_OAUTH_URL"):      # OAuth client of the forge app (see CONTRIBUTING.md)
    ADMIN_BACKEND["base_url"] = os.environ["MIVILUDES_OAUTH_URL"]
# Production sign-in (publishconf.py turns ADMIN_PRODUCTION on): CONTRIBUTING.md, « Se connecter en production ».
ADMIN_OAUTH_URL = os.environ.get("MIVILUDES_OAUTH_URL", "")
ADMIN_AUTH_SCOPE = os.environ.get("MIVILUDES_OAUTH_SCOPE", "public_repo")  # "repo" for a private repository
ADMIN_HOST = os.environ.get("MIVILUDES_HEBERGEUR", "")           # github-pages: no /admin/ (no frame protection)
ADMIN_OWN_ORIGIN_URL = os.environ.get("MIVILUDES_ADMIN_URL", "")  # /admin/ alone in output-admin/, own origin
ADMIN_LOCAL_BACKEND = True                     # decap-server on 127.0.0.1:8081 (`make editer`)
from plugins.admin_cms.core import admin_headers  # noqa: E402

# Headers of /admin/ that differ from the site's (written to _headers; same in deploy/nginx.conf).
SECURITY_HEADERS_PATHS = {"/admin/*": admin_headers(local_backend=False)}
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_PATH = "output"

# Home page.
HOME_LATEST_COUNT = 6
HOME_TILES = [
    {"title": "Comprendre", "url": "/fiches/",
     "desc": "Ce qu’est une dérive sectaire, l’emprise, les signes qui doivent alerter, vos droits."},
    {"title": "Se protéger", "url": "/prevention/",
     "desc": "Des guides pour les familles, les jeunes, les professionnels et les agents publics."},
    {"title": "Trouver de l’aide", "url": "/aide/",
     "desc": "Numéros d’urgence, lignes d’écoute nationales, associations d’aide aux victimes."},
    {"title": "Signaler une situation", "url": "/signaler/",
     "desc": "Informer la Miviludes d’une situation ou lui demander son avis."},
    {"title": "Rapports et publications", "url": "/rapports/",
     "desc": "Les chiffres clés des rapports d’activité de la Miviludes."},
    {"title": "Naviguer en sécurité", "url": "/naviguer-en-securite/",
     "desc": "Effacer ses traces, navigation privée, bouton « Quitter le site »."},
]
# « Besoin d’aide ? » block: ids of content/data/contacts.yaml, in display order (plugins/contacts
# computes the numbers, links and labels from the directory).
HELP_BLOCK_CONTACTS = ["17", "112", "114", "119"]
# Sources of the facts stated on the home page (the missions of the Miviludes), written like a page's
# `sources`: {"title", "url"} for an address published elsewhere, {"title", "page": slug} for a page of
# this site (checked by plugins/site_structure). The 2013-2014 summary states the four missions and
# cites the full report itself: the home page offers no office document (RGAA 13.3 not applicable).
HOME_SOURCES = [
    {"title": "Miviludes, synthèse du rapport d’activité 2013-2014 (sur ce site)", "page": "rapport-2013-2014"},
]
