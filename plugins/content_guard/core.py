"""Pure core: what may be in content/ at all, checked before anything reads a file (issue 13).

`scan(root)` walks content/ without following links (lstat only) and returns a `Scan`:
- `fatal`: symbolic links (files or folders) and special files (FIFOs, devices, sockets)
  anywhere under content/: a link could publish /etc/… or .git/config, a FIFO would block the
  build. The build stops on them before any generator runs.
- `problems`: files of content/pdfs/ that are not PDFs (extension `.pdf` and signature `%PDF-`
  both required) or whose name could not be a plain URL path; they are never published.
- `pdfs`: the PDFs that passed, to be opened and checked like attachments (orphans included).

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
PDF_MAGIC = b"%PDF-"
DATA_DIR = "data"
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


def _read_magic(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        return os.read(fd, len(PDF_MAGIC))
    finally:
        os.close(fd)


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
            if any(fnmatch.fnmatch(name, pattern) for pattern in ignores):
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
            if in_pdfs:
                problem = pdf_file_problem(name, lambda: _read_magic(full))
                if problem:
                    result.refused.add(rel)
                    result.problems.append((rel, problem))
                else:
                    result.pdfs.append(rel)
            elif rel_dir.split(os.sep)[0] == DATA_DIR and name.lower().endswith((".yaml", ".yml")):
                result.data.append(rel)
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
