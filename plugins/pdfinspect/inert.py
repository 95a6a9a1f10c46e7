"""A published PDF is inert and bounded: checked on pypdf's object graph (object streams and
``#xx``-escaped names are resolved by the parser, so ``/J#53`` is ``/JS``), never by searching
the bytes for keywords. Each function returns a French reason (the caller adds the file name) or
None.

- :func:`polyglot_problem`: the file is a PDF and nothing else (``%PDF-`` at byte 0 is checked by
  ``check_file``; here: no HTML/SVG/XML document hidden in it, no payload after the last ``%%EOF``);
- :func:`active_content_problem`: no JavaScript, action, XFA form, embedded file or link whose
  address is not ``https://`` (or a plain ``mailto:``), anywhere reachable from the trailer;
- :func:`page_streams_problem`: one page's content streams (and its forms') within bounds: inline
  images (``BI … ID``) by declared pixels, text operators by count, decoded size — before any
  rendering (covers) or text extraction (search).
"""
from __future__ import annotations

import re

from plugins.escaping.urls import UrlError, body_link_url

CLEAN_EXPORT = ("réexportez-le avec « Imprimer > Enregistrer au format PDF » (ou « Exporter en PDF » "
                "sans formulaire, sans pièce jointe ni script), puis remplacez le fichier")

# Actions a viewer would run (PDF 32000-1 §12.6.4) and what to call them in French.
_ACTION_TYPES = {
    "/JavaScript": "du JavaScript", "/Launch": "une action qui lance un programme (/Launch)",
    "/SubmitForm": "un envoi de formulaire vers un serveur (/SubmitForm)",
    "/ImportData": "une importation de données (/ImportData)",
    "/GoToR": "un renvoi vers un autre fichier (/GoToR)", "/GoToE": "un renvoi vers un fichier joint (/GoToE)",
    "/Rendition": "une action multimédia (/Rendition)", "/Sound": "une action sonore (/Sound)",
    "/Movie": "une action vidéo (/Movie)", "/ResetForm": "une action de formulaire (/ResetForm)",
    "/Hide": "une action qui masque des éléments (/Hide)", "/SetOCGState": "une action sur les calques",
    "/Trans": "une action de transition", "/GoTo3DView": "une action 3D",
}
# Keys whose mere presence makes a document active.
_ACTIVE_KEYS = {
    "/JS": "du JavaScript", "/JavaScript": "du JavaScript",
    "/AA": "des actions automatiques (/AA)", "/XFA": "un formulaire XFA",
    "/EmbeddedFiles": "des fichiers joints (/EmbeddedFiles)", "/EF": "un fichier joint (/EF)",
    "/RichMedia": "un contenu multimédia actif (/RichMedia)",
    "/RichMediaContent": "un contenu multimédia actif (/RichMedia)",
}
_ACTIVE_TYPES = {"/EmbeddedFile": "un fichier joint", "/RichMedia": "un contenu multimédia actif",
                 "/3D": "un contenu 3D"}
MAX_OBJECTS = 500_000  # objects visited in the graph walk (a 300-page report: ~20,000)

# Inline images (BI … ID … EI) are meant to be small (PDF 32000-1 §8.9.7: up to 4 KB of data);
# one declaring more pixels would be decoded in full when a cover is rendered.
INLINE_IMAGE_MAX_PIXELS = 4_000_000
TEXT_OPERATORS_MAX = 60_000        # per page, forms included (a dense page: a few thousand)
STREAM_MAX_BYTES = 30_000_000      # decoded content streams per page, forms included
_INLINE = re.compile(rb"(?<![^\s\])>}])BI\s(.{0,4000}?)(?<=\s)ID[\s]", re.S)
_INLINE_W = re.compile(rb"/(?:W|Width)\s+(\d{1,12})")
_INLINE_H = re.compile(rb"/(?:H|Height)\s+(\d{1,12})")
_TEXT_OPS = re.compile(rb"(?<![\w/#])(?:T[jJ*dDmfcwzLsr]|['\"])(?![\w#])")
# Markup of another format that a browser (or a sniffer) could render from the same bytes.
_FOREIGN = re.compile(rb"<(?:!doctype\s|html[\s>]|head[\s>]|body[\s>]|script[\s>]|svg[\s>]|iframe[\s>]"
                      rb"|object[\s>]|embed[\s>]|meta[\s>]|\?xml-stylesheet|a\s+href)", re.I)
_TRAILING_MAX = 1024


def polyglot_problem(path) -> str | None:
    """The file holds another document besides the PDF (an HTML page, an SVG…)."""
    data = open(path, "rb").read()  # noqa: SIM115 - one read, closed by refcount
    found = _FOREIGN.search(data)
    if found:
        return (f"contient aussi du code de page web ({found.group(0)[:20].decode('latin-1')}…) : ce "
                f"fichier n’est pas seulement un PDF ; {CLEAN_EXPORT}.")
    end = data.rfind(b"%%EOF")
    if end >= 0 and len(data[end + 5:].strip(b"\r\n\t\f \x00")) > _TRAILING_MAX:
        return ("contient des données après la fin du PDF (%%EOF) : ce fichier n’est pas seulement un "
                f"PDF ; {CLEAN_EXPORT}.")
    return None


def _uri_problem(uri) -> str | None:
    try:
        body_link_url(str(uri), schemes=("https", "mailto"))
    except UrlError:
        shown = str(uri)[:60]
        return (f"un lien vers « {shown} » (seuls les liens https:// et les adresses "
                "électroniques simples sont acceptés) ; corrigez le lien dans le document d’origine "
                "puis réexportez-le en PDF")
    return None


def _dict_problem(obj, key_of_parent: str) -> str | None:
    for key, value in obj.items():
        if key in _ACTIVE_KEYS:
            return _ACTIVE_KEYS[key]
        if key == "/OpenAction":
            target = value.get_object() if hasattr(value, "get_object") else value
            if hasattr(target, "keys"):  # an action; a destination array (open at page N) is inert
                return "une action automatique à l’ouverture (/OpenAction)"
    kind = obj.get("/S")
    if kind is not None and str(kind) in _ACTION_TYPES:
        return _ACTION_TYPES[str(kind)]
    if kind == "/URI" or "/URI" in obj and key_of_parent in ("/A", "/PA", "/Next"):
        uri = obj.get("/URI")
        uri = uri.get_object() if hasattr(uri, "get_object") else uri
        return _uri_problem(uri) if uri is not None else None
    subtype, kind = obj.get("/Subtype"), obj.get("/Type")
    for value in (subtype, kind):
        if value is not None and str(value) in _ACTIVE_TYPES:
            return _ACTIVE_TYPES[str(value)]
    if subtype == "/FileAttachment":
        return "un fichier joint (annotation /FileAttachment)"
    return None


def active_content_problem(reader) -> str | None:
    """Walk every object reachable from the trailer (streams' dictionaries, never their data)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack = [(reader.trailer, "")]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        obj, parent_key = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            try:
                obj = obj.get_object()
            except Exception:  # noqa: BLE001 - a broken reference: nothing to run there
                continue
        visited += 1
        if visited > MAX_OBJECTS:
            return ("contient trop d’objets pour être vérifié (plus de 500 000) : " + CLEAN_EXPORT
                    + ", en qualité « écran ».")
        if isinstance(obj, DictionaryObject):  # StreamObject included: its dictionary only
            problem = _dict_problem(obj, parent_key)
            if problem:
                return f"contient {problem} : un PDF publié sur le site doit être inerte ; {CLEAN_EXPORT}."
            for key, value in obj.items():
                if key != "/Parent":
                    stack.append((value, str(key)))
        elif isinstance(obj, ArrayObject):
            stack.extend((value, parent_key) for value in obj)
    return None


def _streams(obj) -> list:
    contents = obj.get("/Contents") if "/Contents" in obj else None
    if contents is None:
        return [obj] if hasattr(obj, "get_data") else []
    contents = contents.get_object()
    if hasattr(contents, "get_data"):
        return [contents]
    return [c.get_object() for c in contents if hasattr(c.get_object(), "get_data")]


def _forms(obj):
    try:
        resources = obj.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else {}
        return [x.get_object() for x in xobjects.values() if x.get_object().get("/Subtype") == "/Form"]
    except (AttributeError, TypeError, ValueError, KeyError):
        return []


def page_streams_problem(page) -> str | None:
    """Bounds of one page's content streams and of its forms (3 levels), decoded once each."""
    total_bytes = text_ops = 0
    todo, seen = [(page, 0)], set()
    while todo:
        obj, depth = todo.pop()
        for stream in _streams(obj):
            if id(stream) in seen:
                continue
            seen.add(id(stream))
            try:
                data = stream.get_data()
            except Exception:  # noqa: BLE001 - undecodable: pdfium reports the damage when reading
                continue
            total_bytes += len(data)
            if total_bytes > STREAM_MAX_BYTES:
                return (f"contenu de la page trop volumineux (plus de {STREAM_MAX_BYTES // 1_000_000} Mo une "
                        f"fois décompressé) : {CLEAN_EXPORT}, en qualité « écran ».")
            for match in _INLINE.finditer(data):
                head = match.group(1)
                width, height = _INLINE_W.search(head), _INLINE_H.search(head)
                pixels = int(width.group(1)) * int(height.group(1)) if width and height else 0
                if pixels > INLINE_IMAGE_MAX_PIXELS:
                    return (f"image intégrée de {int(width.group(1))} × {int(height.group(1))} pixels, "
                            "trop grande pour être affichée : réexportez le PDF avec des images "
                            "compressées (qualité « écran » ou « impression standard »).")
            text_ops += len(_TEXT_OPS.findall(data))
            if text_ops > TEXT_OPERATORS_MAX:
                return (f"plus de {TEXT_OPERATORS_MAX} opérations de texte sur une seule page (le texte ne "
                        f"pourrait pas être indexé pour la recherche) : {CLEAN_EXPORT}.")
        if depth < 3:
            todo.extend((form, depth + 1) for form in _forms(obj) if form is not obj)
    return None
