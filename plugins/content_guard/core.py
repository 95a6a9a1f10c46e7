"""Pure core: what may be in content/ at all, checked before anything reads a file (issue 13).

`scan(root)` walks content/ without following links (lstat only) and returns a `Scan`:
- `fatal`: symbolic links (files or folders) and special files (FIFOs, devices, sockets)
  anywhere under content/: a link could publish /etc/… or .git/config, a FIFO would block the
  build. The build stops on them before any generator runs.
- `problems`: files and folders outside the allow-list of published types, refused and never
  read or published (issue 23): `PUBLISHED_TYPES` says which file types each published folder
  holds (PDFs in content/pdfs/, raster images in content/images/, with their signatures), the
  page folders hold Markdown pages only, content/data/ YAML (and the JSON lock of remote PDFs) only; nothing executable, HTML or SVG
  anywhere. Folder names follow the file-name rule; a page folder or content/data/ has no
  sub-folder (Pelican would make it a category and an address).
- `pdfs`: the PDFs that passed, to be opened and checked like attachments (orphans included).

`published_problem(rel)` says why a `{static}` link target may not be published (the same
allow-list), for the link check of `__init__.py`.

`reserved_slugs(settings)` and `reserved_templates(settings, templates)` derive the addresses and
templates a content page may not take from the site's own settings and theme (not a hand list).
"""
from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

PDFS_DIR = "pdfs"
IMAGES_DIR = "images"
PDF_MAGIC = b"%PDF-"
DATA_DIR = "data"
# Published folders of content/ and the file types each may hold (extension -> signatures).
PUBLISHED_TYPES = {
    PDFS_DIR: {".pdf": (PDF_MAGIC,)},
    IMAGES_DIR: {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
                 ".webp": (b"RIFF",)},
}
IMAGE_MAX_PIXELS = 40_000_000  # a published image (a photo: 12 Mpixels); read from its header only
MARKDOWN_EXTENSIONS = (".md", ".markdown")
DATA_EXTENSIONS = (".yaml", ".yml", ".json")  # .json: pdf-distants.lock.json (plugins/remote_pdfs), never published
_HOW_TYPES = ("le site ne publie que des PDF (content/pdfs/) et des images PNG, JPEG ou WebP "
              "(content/images/) ; les pages sont des fichiers .md de leur rubrique")
MAX_DATA_BYTES = 2_000_000  # content/data/*.yaml (contacts.yaml: about 10 kB)
# Letters (accents included), digits, « - », « _ », « . », not starting with a dot, no « .. ».
_SAFE_NAME = re.compile(r"^(?!.*\.\.)[^\W_][\w.\-]*$")
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f<>\"'`\\\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Scan:
    fatal: list[tuple[str, str]] = field(default_factory=list)      # (path under root, message)
    problems: list[tuple[str, str]] = field(default_factory=list)   # (path under root, message)
    pdfs: list[str] = field(default_factory=list)                   # paths under root
    refused: set[str] = field(default_factory=set)                  # paths under root, never read
    markdown: dict[str, int] = field(default_factory=dict)          # top folder -> number of .md
    data: list[str] = field(default_factory=list)                   # content/data/*.yaml, *.yml


def _read_magic(path: str, size: int = len(PDF_MAGIC)) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        return os.read(fd, size)
    finally:
        os.close(fd)


def folder_problem(rel_dir: str, name: str) -> str | None:
    """Why a folder of content/ may not be there (None: it may)."""
    if _BAD_CHARS.search(name) or not _SAFE_NAME.match(name):
        return ("nom de dossier refusé (il figurerait dans les adresses du site) : utilisez des lettres, "
                "des chiffres, « - » ou « _ », sans espace, guillemet, « < », « > » ni point au début ; "
                "renommez le dossier.")
    top = rel_dir.split(os.sep)[0] if rel_dir else ""
    if top and top not in PUBLISHED_TYPES:
        return (f"sous-dossier refusé : le dossier content/{top}/ ne contient pas de sous-dossier (Pelican "
                f"en ferait une rubrique et une adresse) ; déplacez ses fichiers dans content/{top}/ et "
                "supprimez le dossier.")
    return None


def published_problem(rel: str, read_magic=None) -> str | None:
    """Why a file may not be published under its path (None: its folder publishes its type). With
    `read_magic` (-> first 12 bytes), the signature is checked too."""
    parts = rel.replace(os.sep, "/").split("/")
    top, name = parts[0] if len(parts) > 1 else "", parts[-1]
    types = PUBLISHED_TYPES.get(top)
    ext = os.path.splitext(name)[1].lower()
    if types is None or ext not in types:
        return f"ce fichier ne peut pas être publié : {_HOW_TYPES} ; retirez-le ou exportez-le dans un de ces formats."
    if not _SAFE_NAME.match(name) or _BAD_CHARS.search(name):
        return ("nom de fichier refusé : utilisez des lettres, des chiffres, « - » ou « _ » (sans "
                "espace, sans « .. », sans point au début), par exemple « guide-parents.pdf ».")
    if read_magic is not None:
        head = read_magic()
        if not any(head.startswith(magic) for magic in types[ext]) or (ext == ".webp" and head[8:12] != b"WEBP"):
            return (f"ce fichier porte l’extension {ext} mais son contenu n’est pas de ce format : "
                    "exportez-le à nouveau depuis le logiciel d’origine.")
    return None


def image_problem(path: str) -> str | None:
    """An image of content/images/ whose declared size exceeds IMAGE_MAX_PIXELS (header only)."""
    from PIL import Image, UnidentifiedImageError
    too_big = (f"image trop grande : réduisez-la (au plus {IMAGE_MAX_PIXELS // 1_000_000} millions de pixels, "
               "2 000 pixels de large suffisent).")
    try:
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        return too_big
    except (OSError, UnidentifiedImageError, ValueError):
        return "image illisible ou endommagée : exportez-la à nouveau en PNG, JPEG ou WebP."
    if width * height > IMAGE_MAX_PIXELS:
        return (f"image de {width} × {height} pixels, trop grande : réduisez-la (au plus "
                f"{IMAGE_MAX_PIXELS // 1_000_000} millions de pixels, 2 000 pixels de large suffisent).")
    return None


def ignored(rel: str, patterns) -> bool:
    """Whether Pelican's IGNORE_FILES leaves this file alone: patterns match the name or the path under
    content/ (Pelican's default `**/.*` names hidden files at any depth)."""
    name = os.path.basename(rel)
    for pattern in patterns:
        bare = pattern[3:] if pattern.startswith("**/") else pattern
        if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(name, bare) or fnmatch.fnmatch(rel, pattern):
            return True
    return False


def scan(root: Path, ignores=()) -> Scan:
    """Everything under `root` (content/), links never followed. Regular files matching `ignores`
    (IGNORE_FILES: editors' temporary files, .DS_Store) are left alone, as Pelican does."""
    result = Scan()
    root = Path(root)
    for dirpath, dirs, files in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir
        for name in list(dirs):
            rel = os.path.join(rel_dir, name)
            if os.path.islink(os.path.join(dirpath, name)):
                dirs.remove(name)
                result.refused.add(rel)
                result.fatal.append((rel, "ce dossier est un lien symbolique : le site ne suit aucun lien "
                                     "(il pourrait publier des fichiers hors du dépôt) ; remplacez-le par "
                                     "un vrai dossier contenant les fichiers."))
                continue
            problem = folder_problem(rel_dir, name)
            if problem:
                dirs.remove(name)
                result.refused.add(rel)
                result.problems.append((rel, problem))
        dirs.sort()
        in_pdfs = rel_dir.split(os.sep)[0] == PDFS_DIR
        for name in sorted(files):
            full = os.path.join(dirpath, name)
            rel = os.path.join(rel_dir, name)
            mode = os.lstat(full).st_mode
            if stat.S_ISLNK(mode):
                result.refused.add(rel)
                result.fatal.append((rel, "ce fichier est un lien symbolique : le site ne suit aucun lien "
                                     "(il pourrait publier un fichier hors du dépôt) ; remplacez-le par le "
                                     "fichier lui-même."))
                continue
            if not stat.S_ISREG(mode):
                result.refused.add(rel)
                result.fatal.append((rel, "ce n’est pas un fichier ordinaire (tube, périphérique…) : "
                                     "supprimez-le du dossier de contenu."))
                continue
            if ignored(rel, ignores):
                continue
            if name.lower().endswith((".md", ".markdown")) and not name.startswith(".") and not in_pdfs \
                    and rel_dir.split(os.sep)[0] != DATA_DIR:
                # Counted even when refused below: a badly named page is one mistake, not an empty site.
                top = rel_dir.split(os.sep)[0] if rel_dir else ""
                result.markdown[top] = result.markdown.get(top, 0) + 1
            if _BAD_CHARS.search(name):
                result.refused.add(rel)
                result.problems.append((rel, "le nom de ce fichier contient des caractères invisibles, "
                                        "des guillemets, « < », « > » ou « \\ » : renommez-le avec des "
                                        "lettres, des chiffres et des tirets."))
                continue
            top = rel_dir.split(os.sep)[0] if rel_dir else ""
            if in_pdfs:
                problem = pdf_file_problem(name, lambda: _read_magic(full))
                if problem:
                    result.refused.add(rel)
                    result.problems.append((rel, problem))
                else:
                    result.pdfs.append(rel)
            elif top in PUBLISHED_TYPES:
                problem = published_problem(rel, lambda: _read_magic(full, 12))
                problem = problem or (image_problem(full) if top == IMAGES_DIR else None)
                if problem:
                    result.refused.add(rel)
                    result.problems.append((rel, problem))
            elif top == DATA_DIR and name.lower().endswith(DATA_EXTENSIONS):
                result.data.append(rel)
            elif not name.lower().endswith(MARKDOWN_EXTENSIONS if top != DATA_DIR else DATA_EXTENSIONS):
                result.refused.add(rel)
                result.problems.append((rel, f"ce fichier ne peut pas être publié : {_HOW_TYPES} ; "
                                        "retirez-le du dossier de contenu."))
    return result


def pdf_file_problem(name: str, read_magic) -> str | None:
    """Why a file of content/pdfs/ may not be published (None: it is a PDF with a plain name)."""
    if not name.lower().endswith(".pdf"):
        return ("le dossier content/pdfs/ ne contient que des documents PDF (extension .pdf) : ce "
                "fichier ne serait pas publié ; exportez-le en PDF ou retirez-le.")
    if not _SAFE_NAME.match(name):
        return ("nom de fichier refusé : utilisez des lettres, des chiffres, « - » ou « _ » (sans "
                "espace, sans « .. », sans point au début), par exemple « guide-parents.pdf ».")
    if read_magic() != PDF_MAGIC:
        return ("ce fichier porte l’extension .pdf mais n’est pas un PDF (signature %PDF- absente en "
                "tête du fichier) : exportez le document au format PDF depuis le logiciel d’origine.")
    return None
