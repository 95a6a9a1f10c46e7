"""Pure core: the printable (A4, tagged PDF/UA-1) version of a content page, with WeasyPrint.

:func:`render_printable_pdf` wraps a rendered HTML fragment in a print layout (site name, title,
date, source URL, content, help numbers, « Page 1 / 3 » footers), renders it with WeasyPrint and
caches the result by the SHA-256 of everything that can change the bytes (HTML document, options,
font files, WeasyPrint/pydyf versions, local resources actually used). A second call with the same
input copies the cached PDF and does not render.

Network: never. The URL fetcher only serves
- the fonts given by ``font_dir`` (internal ``printfont:`` scheme),
- ``data:`` URLs,
- files under ``base_dir``: ``file:`` URLs inside it, and URLs of the page's own origin (taken from
  ``source_url``) mapped to ``base_dir/<path>`` (so ``/theme/img/x.png`` works while links in the
  PDF keep pointing to the public site);
anything else raises :class:`PrintableError` (French) instead of being fetched.

Determinism: no creation/modification date is written unless ``created``/``modified`` are given
(then they come from the content, not the clock): two renders of the same input are
byte-identical with WeasyPrint 70.0.

WeasyPrint's log records are captured (never propagated, since the strict build fails on any
WARNING); a WARNING or above becomes a :class:`PrintableError`.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import mimetypes
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from plugins.common.files import atomic_write
from plugins.escaping.markup import print_document_parts
from plugins.common.logs import captured

CORE_VERSION = "1"  # bump when the layout/CSS changes in a way the key would not see
PDF_VARIANT = "pdf/ua-1"
DEFAULT_SITE_NAME = ("Miviludes – Mission interministérielle de vigilance et de lutte contre les "
                     "dérives sectaires")
DEFAULT_HELP_TITLE = "Besoin d’aide ?"
FONT_SCHEME = "printfont"
# CSS face -> file stem in the DSFR distribution (node_modules/@gouvfr/dsfr/dist/fonts/).
MARIANNE_FACES = {
    ("normal", 400): "Marianne-Regular",
    ("italic", 400): "Marianne-Regular_Italic",
    ("normal", 700): "Marianne-Bold",
    ("italic", 700): "Marianne-Bold_Italic",
}
FALLBACK_FONTS = '"Liberation Sans", "DejaVu Sans", sans-serif'  # Debian fonts-liberation / fonts-dejavu-core

PRINT_CSS = """
@page {
  size: A4;
  margin: 18mm 17mm 20mm 17mm;
  @top-left { content: string(doctitle); font-size: 7.5pt; color: #555; width: 100%; }
  @bottom-left { content: string(source); font-size: 7.5pt; color: #555; width: 75%; }
  @bottom-right { content: "Page " counter(page) " / " counter(pages); font-size: 8pt; color: #333; }
}
@page :first { @top-left { content: none; } }
html { font-family: __FONTS__; font-size: 10.5pt; line-height: 1.45; color: #161616; }
body { margin: 0; }
.print-header { border-bottom: 2px solid #000091; padding-bottom: 4mm; margin-bottom: 6mm; }
.print-site { font-weight: 700; font-size: 9pt; margin: 0 0 3mm; }
.print-header h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 3mm; color: #000091;
                   string-set: doctitle content(); }
.print-meta { font-size: 9pt; margin: 0; color: #3a3a3a; }
.print-source { string-set: source content(); }
.print-source a { color: #3a3a3a; }
h2 { font-size: 14pt; margin: 6mm 0 2mm; color: #000091; break-after: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; break-after: avoid; }
h4, h5, h6 { font-size: 10.5pt; margin: 4mm 0 1mm; break-after: avoid; }
p, li { orphans: 3; widows: 3; }
p { margin: 0 0 2.5mm; }
ul, ol { margin: 0 0 3mm; padding-left: 6mm; }
li { margin-bottom: 1mm; }
a { color: #000091; }
main a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 8.5pt; color: #3a3a3a;
                              word-break: break-all; }
main a.fr-link--download::after, main a[href^="#"]::after { content: none; }
img, svg { max-width: 100%; }
figure { margin: 0 0 3mm; break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; font-size: 9.5pt; }
th, td { border: 1px solid #929292; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
blockquote, .fr-callout, .fr-highlight { margin: 0 0 3mm; padding: 2mm 4mm; border-left: 3px solid #000091;
                                          break-inside: avoid; }
.fr-callout__title { font-weight: 700; }
button, .fr-btn, .fr-sr-only, .fr-hidden-print, [hidden] { display: none; }
.print-help { margin-top: 8mm; padding: 4mm; border: 1px solid #000091; break-inside: avoid; }
.print-help h2 { margin-top: 0; }
"""


class PrintableError(Exception):
    """The printable PDF cannot be produced; ``str(exc)`` is French."""


@dataclass(frozen=True)
class PrintableResult:
    path: Path      # out_path
    pages: int
    cached: bool    # True when copied from the cache (no rendering)
    key: str        # SHA-256 cache key


# --------------------------------------------------------------------------------------------
# Versions and fonts

def _versions() -> dict:
    # importlib.metadata: importing WeasyPrint only to read its version costs seconds per build.
    from importlib.metadata import version
    return {"core": CORE_VERSION, "weasyprint": version("weasyprint"),
            "pydyf": version("pydyf"), "variant": PDF_VARIANT}


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _prepare_fonts(font_dir, cache_dir: Path) -> dict[str, tuple[Path, str]]:
    """{"Marianne-Regular": (ttf path in cache, sha256 of the source file)} for the faces found.

    WOFF2/WOFF are decompressed once to TTF in ``cache_dir/fonts`` (saves ~0.5 s per render).
    """
    if font_dir is None:
        return {}
    font_dir = Path(font_dir)
    found = {}
    for stem in MARIANNE_FACES.values():
        for ext in (".ttf", ".otf", ".woff2", ".woff"):
            src = font_dir / f"{stem}{ext}"
            if src.is_file():
                break
        else:
            continue
        data = src.read_bytes()
        digest = _sha256_bytes(data)
        if ext in (".ttf", ".otf"):
            found[stem] = (src, digest)
            continue
        ttf = cache_dir / "fonts" / f"{digest}.ttf"
        if not ttf.is_file():
            from io import BytesIO

            from fontTools.ttLib import TTFont, woff2

            def write(tmp: Path, data=data, ext=ext):
                out = BytesIO()
                if ext == ".woff2":
                    woff2.decompress(BytesIO(data), out)
                else:
                    font = TTFont(BytesIO(data))
                    font.flavor = None
                    font.save(out)
                tmp.write_bytes(out.getvalue())

            atomic_write(ttf, write)
        found[stem] = (ttf, digest)
    if "Marianne-Regular" not in found:
        raise PrintableError(f"police Marianne introuvable dans « {font_dir} » (Marianne-Regular"
                             ".woff2 attendu) : lancez « make vendor » ou ne passez pas font_dir.")
    return found


def _font_css(fonts: dict) -> str:
    rules = []
    for (style, weight), stem in MARIANNE_FACES.items():
        if stem in fonts:
            rules.append(f"@font-face {{ font-family: Marianne; font-style: {style}; "
                         f"font-weight: {weight}; src: url({FONT_SCHEME}:{stem}); }}")
    return "\n".join(rules)


# --------------------------------------------------------------------------------------------
# URL fetcher: local only

def _make_fetcher(*, fonts: dict, base_dir: Path | None, source_url: str):
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Refused(FatalURLFetchingError):
        pass

    origin = urlsplit(source_url)
    origin = (origin.scheme.lower(), origin.netloc.lower())
    root = base_dir.resolve() if base_dir is not None else None

    class LocalOnlyFetcher(URLFetcher):
        """Serve fonts, data: URLs and files under base_dir; refuse everything else."""

        def __init__(self):
            super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)
            self.used: dict[str, str] = {}   # relative path -> sha256 (local resources read)
            self.refused: list[str] = []

        def _refuse(self, url: str, why: str):
            self.refused.append(url)
            raise Refused(f"{why} : {url}")

        def _local(self, url: str, path: Path):
            if root is None:
                self._refuse(url, "ressource locale sans base_dir")
            try:
                resolved = path.resolve()
            except OSError:
                self._refuse(url, "chemin invalide")
            if root != resolved and root not in resolved.parents:
                self._refuse(url, "fichier hors du dossier autorisé")
            if not resolved.is_file():
                self._refuse(url, "fichier introuvable")
            data = resolved.read_bytes()
            self.used[resolved.relative_to(root).as_posix()] = _sha256_bytes(data)
            content_type = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, data, {"Content-Type": content_type})

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == FONT_SCHEME:
                stem = url.split(":", 1)[1]
                if stem not in fonts:
                    self._refuse(url, "police inconnue")
                return URLFetcherResponse(url, fonts[stem][0].read_bytes(), {"Content-Type": "font/ttf"})
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                return self._local(url, Path(url2pathname(urlsplit(url).path)))
            if scheme in ("http", "https"):
                parts = urlsplit(url)
                if (parts.scheme.lower(), parts.netloc.lower()) == origin and root is not None:
                    relative = unquote(parts.path).lstrip("/")
                    return self._local(url, root / relative)
                self._refuse(url, "ressource distante refusée (aucun accès réseau)")
            self._refuse(url, "protocole refusé")

    return LocalOnlyFetcher(), Refused


# --------------------------------------------------------------------------------------------
# Document

def _iso_date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


_TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def _environment():
    """The printable document's own Jinja environment: autoescape on, like the site's templates."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def build_print_html(html_fragment: str, *, title: str, date_text: str, source_url: str,
                     help_numbers_html: str, lang: str = "fr", fonts: dict | None = None,
                     site_name: str = DEFAULT_SITE_NAME, help_title: str | None = DEFAULT_HELP_TITLE,
                     created=None, modified=None) -> str:
    """The full HTML document given to WeasyPrint (templates/printable.html; exposed for tests).

    ``html_fragment`` and ``help_numbers_html`` are trusted HTML (rendered by the site);
    ``title``, ``date_text``, ``source_url``, ``site_name`` and ``help_title`` are plain text,
    escaped by the template.
    """
    fonts = fonts or {}
    family = f"Marianne, {FALLBACK_FONTS}" if fonts else FALLBACK_FONTS
    css = _font_css(fonts) + "\n" + PRINT_CSS.replace("__FONTS__", family)
    help_numbers = help_numbers_html if help_numbers_html and help_numbers_html.strip() else ""
    css, body, help_numbers = print_document_parts(css, html_fragment, help_numbers)
    return _environment().get_template("printable.html").render(
        lang=lang, title=title, created=_iso_date(created), modified=_iso_date(modified), css=css,
        site_name=site_name, date_text=date_text, source_url=source_url, body=body,
        help_title=help_title, help_numbers=help_numbers) + "\n"


def help_numbers_html_from(numbers: list[dict]) -> str:
    """HTML list for ``help_numbers_html`` from pelicanconf's ``HELP_NUMBERS`` entries
    (``display``, ``tel``, ``label``): templates/help_numbers.html."""
    if not numbers:
        return ""
    items = [{"display": str(n["display"]), "label": str(n["label"])} for n in numbers]
    return _environment().get_template("help_numbers.html").render(numbers=items)


# --------------------------------------------------------------------------------------------
# Rendering and cache

def _render_pdf_bytes(document_html: str, *, source_url: str, fonts: dict,
                      base_dir: Path | None) -> tuple[bytes, int, dict]:
    """Render with WeasyPrint. Returns (pdf bytes, page count, local resources used)."""
    from weasyprint import HTML

    fetcher, refused_cls = _make_fetcher(fonts=fonts, base_dir=base_dir, source_url=source_url)
    with captured("weasyprint") as handler:  # WeasyPrint's warnings become one French error
        try:
            options = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
            document = HTML(string=document_html, base_url=source_url,
                            url_fetcher=fetcher).render(**options)
            data = document.write_pdf(**options)
        except refused_cls as exc:
            raise PrintableError(
                f"ressource refusée pour la version imprimable ({exc}) : la version PDF n’accède "
                "jamais au réseau ; utilisez une image du site (theme/ ou content/) ou retirez-la."
            ) from None
    if fetcher.refused:  # refused inside a code path that swallowed the exception
        raise PrintableError("ressources refusées pour la version imprimable : "
                             + ", ".join(fetcher.refused))
    if handler.records:
        raise PrintableError("WeasyPrint a signalé un problème dans la version imprimable : "
                             + " ; ".join(handler.messages()))
    return data, len(document.pages), dict(sorted(fetcher.used.items()))


def _resources_unchanged(used: dict, base_dir: Path | None) -> bool:
    if not used:
        return True
    if base_dir is None:
        return False
    for rel, digest in used.items():
        path = base_dir / rel
        if not path.is_file() or _sha256_bytes(path.read_bytes()) != digest:
            return False
    return True


def printable_cache_key(document_html: str, fonts: dict, base_dir: Path | None) -> str:
    payload = {
        "versions": _versions(),
        "html": document_html,
        "fonts": {stem: digest for stem, (_, digest) in sorted(fonts.items())},
        "base_dir": bool(base_dir),
    }
    return _sha256_bytes(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def render_printable_pdf(html_fragment: str, *, title: str, date_text: str, source_url: str,
                         help_numbers_html: str, lang: str = "fr", out_path, cache_dir,
                         font_dir=None, base_dir=None, site_name: str = DEFAULT_SITE_NAME,
                         help_title: str | None = DEFAULT_HELP_TITLE, created=None,
                         modified=None) -> PrintableResult:
    """Write the printable PDF of a page to ``out_path`` (A4, PDF/UA-1, tagged, /Lang, /Title).

    - ``source_url``: absolute public URL of the page (printed, used as base URL of links);
    - ``date_text``: e.g. « Mis à jour le 28 novembre 2026 » (printed as is);
    - ``help_numbers_html``: trusted HTML printed at the end under ``help_title``;
    - ``font_dir``: folder with the DSFR Marianne fonts (``.vendor/...`` or
      ``node_modules/@gouvfr/dsfr/dist/fonts``); ``None`` uses Liberation Sans / DejaVu Sans;
    - ``base_dir``: local folder mirroring the site (e.g. the output folder) for images;
    - ``created``/``modified``: optional dates written to the PDF metadata (keep them
      content-derived to stay deterministic).

    Cached in ``cache_dir`` by SHA-256 of the whole HTML document, fonts, WeasyPrint/pydyf
    versions, plus a manifest of the local resources read (re-rendered if one changes).
    """
    if not title or not str(title).strip():
        raise PrintableError("titre manquant pour la version imprimable.")
    parts = urlsplit(source_url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PrintableError(f"adresse de la page « {source_url} » invalide : une URL absolue "
                             "(https://…) est attendue pour la version imprimable.")
    out_path, cache_dir = Path(out_path), Path(cache_dir)
    base_dir = Path(base_dir) if base_dir is not None else None
    fonts = _prepare_fonts(font_dir, cache_dir)
    document_html = build_print_html(
        html_fragment, title=title, date_text=date_text, source_url=source_url,
        help_numbers_html=help_numbers_html, lang=lang, fonts=fonts, site_name=site_name,
        help_title=help_title, created=created, modified=modified)
    key = printable_cache_key(document_html, fonts, base_dir)
    cached_pdf = cache_dir / "printable" / f"{key}.pdf"
    manifest = cache_dir / "printable" / f"{key}.json"
    if cached_pdf.is_file() and manifest.is_file():
        try:
            meta = json.loads(manifest.read_text("utf-8"))
            if _resources_unchanged(meta.get("resources", {}), base_dir):
                atomic_write(out_path, lambda tmp: shutil.copyfile(cached_pdf, tmp))
                return PrintableResult(out_path, int(meta["pages"]), True, key)
        except (ValueError, KeyError, OSError):
            pass  # damaged entry: render again
    data, pages, used = _render_pdf_bytes(document_html, source_url=source_url, fonts=fonts,
                                          base_dir=base_dir)
    atomic_write(cached_pdf, lambda tmp: tmp.write_bytes(data))
    atomic_write(manifest, lambda tmp: tmp.write_text(
        json.dumps({"pages": pages, "resources": used}, sort_keys=True), "utf-8"))
    atomic_write(out_path, lambda tmp: tmp.write_bytes(data))
    return PrintableResult(out_path, pages, False, key)
