"""French details of a PDF download (no Pelican, no PDF reading): « PDF – 2,3 Mo – 12 pages –
en anglais », French file sizes, and what editors declare for remote PDFs (size, pages)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from plugins.common.downloads import (DASH, LANG_NAMES_FR, NBSP, UNITS, download_detail,  # noqa: F401
                                      format_size_fr, lang_mention)

PDFS_DIR = "pdfs"  # local PDFs live in content/pdfs/ and are published at /pdfs/


@dataclass(frozen=True)
class DeclaredSize:
    text: str          # normalised display form, e.g. "2,3\u00a0Mo"
    approx_bytes: int  # decimal units: 2,3 Mo -> 2 300 000


@dataclass(frozen=True)
class DeclaredPdf:
    """What is known of a PDF without reading it (remote file): used by resolvers."""
    size_text: str | None = None
    pages: int | None = None
    lang: str | None = None


_SIZE_RE = re.compile(r"^\s*(\d+)(?:,(\d+))?\s*(ko|Mo|Go)\s*$")


def parse_declared_size(value) -> DeclaredSize:
    """Validate a declared size (remote PDFs): ``"2,3 Mo"``, ``"850 ko"``, ``"1 Go"``.

    Raises ``ValueError`` with a French message that shows the expected form.
    """
    example = "par exemple size: \"2,3 Mo\" ou size: \"850 ko\""
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"taille « {value} » sans unité : écrivez la taille entre guillemets avec "
                         f"son unité (ko, Mo ou Go), {example}.")
    match = _SIZE_RE.match(value)
    if not match:
        hint = ""
        if re.match(r"^\s*\d+\.\d+", value):
            hint = " Utilisez une virgule décimale (2,3 et non 2.3)."
        elif re.search(r"(?i)\b(kb|mb|gb|ko|mo|go|kio|mio|octets?)\s*$", value):
            hint = " Unités acceptées : ko, Mo, Go (écrites ainsi : « ko » en minuscules, « Mo » et « Go » avec une majuscule)."
        raise ValueError(f"taille « {value} » invalide : écrivez un nombre (virgule décimale "
                         f"facultative) suivi de ko, Mo ou Go, {example}.{hint}")
    whole, frac, unit = match.groups()
    number = Decimal(f"{whole}.{frac}" if frac else whole)
    if number <= 0:
        raise ValueError(f"taille « {value} » nulle : indiquez la taille réelle du fichier, {example}.")
    factor = dict(UNITS)[unit]
    text = f"{whole},{frac}" if frac else whole
    return DeclaredSize(text=f"{text}{NBSP}{unit}", approx_bytes=int(number * factor))


def parse_declared_pages(value) -> int:
    """Validate a declared page count: a positive integer written without quotes."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"nombre de pages « {value} » invalide : écrivez un nombre entier sans "
                         "guillemets, par exemple pages: 212.")
    if value < 1:
        raise ValueError(f"nombre de pages « {value} » invalide : le document a au moins une page "
                         "(par exemple pages: 212).")
    return value
