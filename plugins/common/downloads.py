"""Downloads: the typed link every template shows (:class:`Download`, ``macros/download.html``), the
French detail the DSFR writes (« PDF – 2,3 Mo – 12 pages – en anglais ») and French file sizes:
pure, shared by plugins/pdf_links (``item.downloads``: attachments; PDF links), plugins/printable
(``item.printable_download``) and plugins/contacts (the directory's files on /aide/)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PDFS_DIR = "pdfs"  # local PDFs live in content/pdfs/ and are published at /pdfs/
NBSP = "\u00a0"
DASH = "–"  # U+2013, the separator used in DSFR download details

# ISO 639-1 code -> French adjective used in « en anglais ». `fr` never produces a mention.
LANG_NAMES_FR = {
    "fr": "français", "en": "anglais", "de": "allemand", "es": "espagnol", "it": "italien",
    "pt": "portugais", "nl": "néerlandais", "ar": "arabe", "zh": "chinois", "ru": "russe",
    "pl": "polonais", "ro": "roumain", "tr": "turc", "uk": "ukrainien", "ja": "japonais",
    "el": "grec", "he": "hébreu", "fa": "persan", "vi": "vietnamien", "br": "breton",
    "eu": "basque", "ca": "catalan", "co": "corse", "oc": "occitan", "ht": "créole haïtien",
    "sv": "suédois", "da": "danois", "fi": "finnois", "no": "norvégien", "cs": "tchèque",
    "hu": "hongrois", "bg": "bulgare", "hr": "croate", "sr": "serbe", "sq": "albanais",
    "hy": "arménien", "ka": "géorgien", "ta": "tamoul", "hi": "hindi", "ur": "ourdou",
    "bn": "bengali", "so": "somali", "sw": "swahili", "wo": "wolof", "ln": "lingala",
    "mg": "malgache", "ps": "pachto", "ku": "kurde", "am": "amharique", "ti": "tigrigna",
}


@dataclass(frozen=True)
class Cover:
    """The first page of a local PDF, as a small image published beside it."""
    src: str      # URL of the image (SITEURL prefixed)
    width: int
    height: int
    alt: str      # « Couverture du document : Titre »


@dataclass(frozen=True)
class Download:
    """One download link as ``macros/download.html`` shows it. Plain text values: the template
    escapes them."""
    title: str
    href: str                      # SITEURL-prefixed for a file of the site, else the remote URL
    detail: str                    # « PDF – 2,3 Mo – 12 pages »
    hreflang: str | None = None    # the document's language when it is not French
    local: bool = False            # a file of the site: the link gets `download`
    rel: str | None = None         # « noopener noreferrer external » for another site's file
    cover: Cover | None = None


UNITS = (("ko", 10 ** 3), ("Mo", 10 ** 6), ("Go", 10 ** 9))


def _fr_number(value: Decimal, decimals: int) -> str:
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    text = f"{value.quantize(q, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_size_fr(n_bytes: int) -> str:
    """French file size with SI (decimal) units, as on service-public.fr: ``"2,3\u00a0Mo"``.

    Below 1 000 bytes: ``"1\u00a0octet"``, ``"999\u00a0octets"`` (0 and 1 are singular in French).
    Then ko / Mo / Go (1 ko = 1 000 octets): one decimal below 100, none from 100
    (``"850\u00a0ko"``, ``"12,5\u00a0Mo"``), a trailing ``,0`` is dropped (``"2\u00a0Mo"``),
    and a value that rounds to 1 000 moves to the next unit (999 999 -> ``"1\u00a0Mo"``).
    """
    if isinstance(n_bytes, bool) or not isinstance(n_bytes, int) or n_bytes < 0:
        raise ValueError(f"taille invalide : {n_bytes!r} (entier positif attendu)")
    if n_bytes < 1000:
        return f"{n_bytes}{NBSP}octet{'s' if n_bytes >= 2 else ''}"
    for index, (unit, factor) in enumerate(UNITS):
        value = Decimal(n_bytes) / factor
        decimals = 1 if value < 100 else 0
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if rounded >= 1000 and index < len(UNITS) - 1:
            continue
        return f"{_fr_number(value, decimals)}{NBSP}{unit}"
    raise AssertionError("unreachable")


def lang_mention(lang: str | None) -> str | None:
    """« en anglais » for ``"en"``; ``None`` for French or no language."""
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code == "fr":
        return None
    if code not in LANG_NAMES_FR:
        raise ValueError(f"code de langue inconnu : « {lang} »")
    return f"en {LANG_NAMES_FR[code]}"


def download_detail(fmt: str = "PDF", size_bytes: int | None = None, pages: int | None = None,
                    lang: str | None = None, *, size_text: str | None = None) -> str:
    """DSFR ``fr-link__detail`` text: « PDF – 2,3 Mo – 212 pages – en anglais ».

    ``size_text`` (an already formatted/declared size) wins over ``size_bytes``. Parts that are
    unknown are left out: « PDF », « PDF – 3 pages ».
    """
    parts = [fmt]
    if size_text:
        parts.append(size_text.replace(" ", NBSP))
    elif size_bytes is not None:
        parts.append(format_size_fr(size_bytes))
    if pages is not None:
        parts.append(f"{pages}{NBSP}page{'s' if pages > 1 else ''}")
    mention = lang_mention(lang)
    if mention:
        parts.append(mention)
    return f" {DASH} ".join(parts)


# What editors declare for a remote PDF (attachments: size, pages). The rules are the content
# schema's (plugins/common/rules/attachments.py); these parsers give the values and the messages.

@dataclass(frozen=True)
class DeclaredSize:
    text: str          # normalised display form, e.g. "2,3\u00a0Mo"
    approx_bytes: int  # decimal units: 2,3 Mo -> 2 300 000


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
