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
