"""Pelican settings for the Miviludes public-information site (development build)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # plugins/ and tools/ are imported as packages
    sys.path.insert(0, str(ROOT))

SITENAME = "Miviludes"
SITE_TAGLINE = "Mission interministérielle de vigilance et de lutte contre les dérives sectaires"
SITEURL = ""
RELATIVE_URLS = False
DEFAULT_LANG = "fr"
LOCALE = ("C.UTF-8",)
TIMEZONE = "Europe/Paris"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"

PATH = "content"
ARTICLE_PATHS = ["fiches", "prevention", "rapports"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["pdfs"]
IGNORE_FILES = [".#*", "*~", ".DS_Store"]
USE_FOLDER_AS_CATEGORY = True
DEFAULT_CATEGORY = "fiches"
SLUGIFY_SOURCE = "basename"
SLUG_REGEX_SUBSTITUTIONS = [
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
ARTICLE_ORDER_BY = "reversed-date"
PAGE_ORDER_BY = "title"

# Feeds only in production (publishconf.py).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

THEME = "theme"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static", str(ROOT / ".vendor")]

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "content_schema",
    "site_structure",
    "assets",
]

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Main navigation (header) : label -> URL.
MAIN_NAV = [
    ("Comprendre", "/fiches/"),
    ("Se protéger", "/prevention/"),
    ("Trouver de l’aide", "/aide/"),
    ("Rapports et publications", "/rapports/"),
    ("À propos", "/a-propos/"),
]
# Mandatory footer links (DSFR) : label -> URL.
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

# Neutral site that the quick-exit button replaces the page with.
QUICK_EXIT_URL = "https://www.google.fr/search?q=m%C3%A9t%C3%A9o"

# Printable PDFs (plugins/printable): `make html PDF=0` skips them.
PRINTABLE_PDFS = os.environ.get("PDF", "1") != "0"

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
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
# « Besoin d’aide ? » block (../shared/facts.md § 6).
HELP_NUMBERS = [
    {"display": "17", "tel": "17", "label": "Police secours ou gendarmerie : en cas de danger immédiat."},
    {"display": "112", "tel": "112", "label": "Numéro d’urgence européen, valable dans toute l’Union européenne."},
    {"display": "114", "tel": "114", "label": "Par SMS, fax ou visio : pour les personnes qui ne peuvent pas parler, ou pour appeler discrètement."},
    {"display": "119", "tel": "119", "label": "Allô Enfance en danger : un enfant est en danger. Gratuit, 24 h/24, 7 j/7."},
]
