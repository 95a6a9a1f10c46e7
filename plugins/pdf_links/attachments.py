"""The ``attachments:`` front-matter contract (docs/architecture.md): one entry becomes an
:class:`Attachment` or an :class:`AttachmentError` listing every mistake of the entry, in French."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from plugins.escaping.urls import UrlError, web_url
from plugins.pdfinspect import PdfError, PdfInfo, inspect_local_pdf

from .details import (LANG_NAMES_FR, PDFS_DIR, DeclaredSize, download_detail, format_size_fr,  # noqa: F401
                      parse_declared_pages, parse_declared_size)

ATTACHMENT_KEYS = ("title", "file", "url", "lang", "size", "pages")


class AttachmentError(Exception):
    """One or more mistakes in one ``attachments:`` entry.

    ``messages`` are plain French messages; ``fields`` says, for each, which field of the entry it is
    about (None: the entry as a whole), so the wiring reports the field's own line without guessing
    from the wording. :meth:`lines` gives the ``path:line: message`` form.
    """

    def __init__(self, path: str, line: int, messages: list):
        pairs = [m if isinstance(m, tuple) else (None, m) for m in messages]
        self.path, self.line = str(path), int(line)
        self.fields = [f for f, _ in pairs]
        self.messages = [m for _, m in pairs]
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.path}:{self.line}: {m}" for m in self.messages]


@dataclass(frozen=True)
class Attachment:
    """A validated ``attachments:`` entry, ready for templates (``download_link_html``)."""
    title: str
    href: str                  # "/pdfs/rapport.pdf" (local, prefix SITEURL) or the https URL
    is_local: bool
    lang: str                  # 2-letter code, default "fr"
    pages: int | None
    size_bytes: int | None     # exact (local) or approximate from the declared size (remote)
    size_text: str | None      # display form, with U+00A0
    detail: str                # « PDF – 2,3 Mo – 212 pages »
    file: Path | None = None   # absolute path of the local file
    url: str | None = None     # remote URL
    pdf_info: PdfInfo | None = None


def _local_href(rel: PurePosixPath) -> str:
    return "/" + quote(rel.as_posix())


def validate_attachment(att, content_root, source_path, line: int, *,
                        allow_restricted: bool = False) -> Attachment:
    """Check one ``attachments:`` entry against docs/architecture.md; return an :class:`Attachment`.

    - exactly one of ``file`` (path relative to content/, under content/pdfs/, must exist and be a
      readable, unencrypted PDF) or ``url`` (``https://``, or ``http://`` when the source only gives that);
    - ``title`` required; ``lang`` optional (2 lowercase letters, default ``fr``);
    - remote: ``size`` (« 2,3 Mo ») and ``pages`` optional, validated when present;
    - local: size and pages are read from the file; declared values must match (better: omit them).

    Raises :class:`AttachmentError` listing every problem of the entry, each as
    ``source_path:line: message en français``.
    """
    content_root = Path(content_root)
    errors: list[tuple[str | None, str]] = []   # (field the message is about, message)

    def add(field: str | None, message: str) -> None:
        errors.append((field, message))

    def fail():
        raise AttachmentError(source_path, line, errors)

    if not isinstance(att, dict):
        add(None, "chaque pièce jointe doit être un bloc de champs, par exemple :"
                      " « - title: \"Rapport 2021\" » puis « file: pdfs/rapport-2021.pdf » en dessous.")
        fail()

    unknown = [k for k in att if k not in ATTACHMENT_KEYS]
    for key in unknown:
        add(key, f"champ « {key} » inconnu dans attachments : champs possibles : "
                      f"{', '.join(ATTACHMENT_KEYS)}.")

    title = att.get("title")
    if not isinstance(title, str) or not title.strip():
        add('title', "le titre du document manque : ajoutez title: \"Titre du document\" "
                      "(il devient le texte du lien de téléchargement).")
        title = None
    else:
        title = " ".join(title.split())

    lang = att.get("lang", "fr")
    if lang is None:
        lang = "fr"
    if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2}", lang):
        fixed = lang.strip().lower() if isinstance(lang, str) else None
        if fixed and re.fullmatch(r"[a-z]{2}", fixed):
            add('lang', f"langue « {lang} » invalide : le code s’écrit en minuscules, "
                          f"écrivez lang: {fixed}.")
        else:
            add('lang', f"langue « {lang} » invalide : écrivez le code à deux lettres minuscules "
                          "de la langue du document, par exemple lang: en (anglais).")
        lang = "fr"
    elif lang not in LANG_NAMES_FR:
        add('lang', f"langue « {lang} » inconnue : codes possibles : "
                      f"{', '.join(sorted(LANG_NAMES_FR))}.")
        lang = "fr"

    has_file, has_url = "file" in att and att["file"] is not None, "url" in att and att["url"] is not None
    if has_file and has_url:
        add(None, "indiquez soit file (PDF du site, dans content/pdfs/) soit url (PDF d’un autre "
                      "site), pas les deux : supprimez l’une des deux lignes.")
        fail()
    if not has_file and not has_url:
        add(None, "le document n’a ni file ni url : ajoutez file: pdfs/nom-du-fichier.pdf (PDF "
                      "placé dans content/pdfs/) ou url: https://… (PDF d’un autre site).")
        fail()

    size_decl = pages_decl = None
    if "size" in att:
        try:
            size_decl = parse_declared_size(att["size"])
        except ValueError as exc:
            add('size', str(exc))
    if "pages" in att:
        try:
            pages_decl = parse_declared_pages(att["pages"])
        except ValueError as exc:
            add('pages', str(exc))

    if has_url:
        url = att["url"]
        parts = urlsplit(url) if isinstance(url, str) else None
        if not isinstance(url, str) or not url.strip():
            add('url', "url vide : indiquez l’adresse complète du PDF, en https://.")
        elif url != url.strip() or any(c.isspace() for c in url):
            add('url', f"url « {url} » invalide : elle contient des espaces ; copiez l’adresse "
                          "exacte depuis la barre d’adresse (les espaces s’écrivent %20).")
        elif parts.scheme not in ("https", "http") or not parts.netloc:
            # http:// is accepted because some official documents are only published (and sourced)
            # at an http address; the link opens the document, it is not fetched at build.
            add('url', f"url « {url} » invalide : écrivez une adresse complète commençant par "
                          "https:// (pour un PDF du site, utilisez file: pdfs/nom.pdf).")
        else:
            try:  # parsed and written again by the one URL module (plugins/escaping/urls.py)
                url = web_url(url, allow_http=True)
            except UrlError as exc:
                add('url', f"url « {url} » invalide : {exc}")
        if errors:
            fail()
        return Attachment(
            title=title, href=url, is_local=False, lang=lang, pages=pages_decl,
            size_bytes=size_decl.approx_bytes if size_decl else None,
            size_text=size_decl.text if size_decl else None,
            detail=download_detail("PDF", pages=pages_decl, lang=lang,
                                   size_text=size_decl.text if size_decl else None),
            url=url)

    # Local file.
    raw = att["file"]
    rel = None
    if not isinstance(raw, str) or not raw.strip():
        add('file', "file vide : indiquez le chemin du PDF depuis content/, par exemple "
                      "file: pdfs/rapport-2021.pdf.")
    elif re.match(r"^[a-z][a-z0-9+.-]*://", raw, re.I):
        add('file', f"file « {raw} » est une adresse web : pour un PDF d’un autre site, "
                      "écrivez url: à la place de file:.")
    else:
        cleaned = raw.strip().replace("\\", "/")
        posix = PurePosixPath(cleaned)
        if cleaned.startswith(("content/", "/")) and ".." not in posix.parts:
            fixed = cleaned.lstrip("/")
            fixed = fixed[len("content/"):] if fixed.startswith("content/") else fixed
            add('file', f"file « {raw} » : le chemin se lit depuis le dossier content/, "
                          f"écrivez file: {fixed}.")
        elif posix.is_absolute() or ".." in posix.parts:
            add('file', f"file « {raw} » : le chemin part du dossier content/ et ne remonte pas "
                          "(pas de « .. ») ; placez le PDF dans content/pdfs/ et écrivez "
                          f"file: pdfs/{posix.name}.")
        elif not posix.parts or posix.parts[0] != PDFS_DIR:
            add('file', f"file « {raw} » : les PDF du site doivent être rangés dans content/pdfs/ "
                          f"; déplacez le fichier et écrivez file: pdfs/{posix.name}.")
        elif posix.suffix.lower() != ".pdf":
            add('file', f"file « {raw} » n’est pas un fichier .pdf : seuls les PDF sont acceptés "
                          "ici.")
        else:
            rel = posix
    if errors and rel is None:
        fail()
    path = content_root.joinpath(*rel.parts)
    pdfs_root = (content_root / PDFS_DIR).resolve()
    if pdfs_root not in path.resolve().parents:
        add('file', f"file « {raw} » sort du dossier content/pdfs/ (lien symbolique ?) : "
                      "copiez le PDF dans content/pdfs/.")
        fail()
    if not path.exists():
        siblings = sorted(p.name for p in path.parent.glob("*.pdf")) if path.parent.is_dir() else []
        close = [s for s in siblings if s.lower() == path.name.lower()]
        hint = f" Vouliez-vous dire « {close[0]} » ? (la casse compte)" if close else ""
        add('file', f"file « {raw} » introuvable : déposez le PDF dans content/{rel.as_posix()} "
                      f"ou corrigez le nom.{hint}")
        fail()
    try:
        info = inspect_local_pdf(path, allow_restricted=allow_restricted)
    except PdfError as exc:
        add('file', str(exc))
        fail()
    actual_size = format_size_fr(info.size_bytes)
    if size_decl is not None and size_decl.text != actual_size:
        add('size', f"taille déclarée « {att['size']} » mais le fichier fait {actual_size} : "
                      "supprimez la ligne size: (pour un fichier du site, elle est lue dans le PDF).")
    if pages_decl is not None and pages_decl != info.pages:
        add('pages', f"pages: {pages_decl} déclaré mais le fichier a {info.pages} page"
                      f"{'s' if info.pages > 1 else ''} : supprimez la ligne pages: (pour un fichier "
                      "du site, elle est lue dans le PDF).")
    if errors:
        fail()
    return Attachment(
        title=title, href=_local_href(rel), is_local=True, lang=lang, pages=info.pages,
        size_bytes=info.size_bytes, size_text=actual_size,
        detail=download_detail("PDF", info.size_bytes, info.pages, lang),
        file=path, pdf_info=info)
