"""The save check of `make editer` (POST /__apercu__/verifier, tools/serve.py): the messages of
`make check` for one file the web editor is about to write, run on a copy of the content folder."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from repo_root import ROOT  # the repository root, importable

DEV_PREFIX = "/__apercu__/"
VERIFY_PATH = DEV_PREFIX + "verifier"
MAX_VERIFY_BYTES = 1_000_000
_EDITABLE = re.compile(r"^content/((fiches|prevention|rapports|pages)/[a-z0-9][a-z0-9-]*\.md"
                       r"|data/(taxonomies|synonymes|contacts|detresse)\.yaml)$")
_VERIFY_LOCK = threading.Lock()
_CHECK = ("import json, sys; sys.path[:0] = ['tools', '.']; import check; "
          "print(json.dumps(check.run_checks(content=sys.argv[1]).errors, ensure_ascii=False))")


def answer(content: Path, asked: dict) -> list[str]:
    """The save check's answer to the web editor's request (JSON): {"path", "text", "uploads"} for a
    file about to be written, {"deleted": [paths]} for files about to be deleted (a page retired)."""
    if "deleted" in asked:
        return verify_deletion(content, [str(p) for p in asked["deleted"] or []][:100])
    return verify_file(content, str(asked["path"]), str(asked["text"]),
                       [str(u) for u in asked.get("uploads") or []][:100])


def _run_checks(copy: Path) -> tuple[list[str] | None, str]:
    """(the messages of `make check` on the content folder `copy`, its paths shown as content/…; or
    None), stderr."""
    done = subprocess.run([sys.executable, "-c", _CHECK, str(copy)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    try:
        return [str(m).replace(str(copy), "content") for m in
                json.loads(done.stdout.strip().splitlines()[-1])], done.stderr  # no temporary folder shown
    except (ValueError, IndexError):
        return None, done.stderr


def _linked_copy(content: Path, copy: Path) -> None:
    import shutil

    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(content, copy, copy_function=link)


def _shown(message: str) -> str:
    """A message of the checks with its file named content/… (as `make check` prints it)."""
    match = re.match(r"^(.*?):(\d+): (.*)$", message, re.S)
    if not match:
        return message
    where = match.group(1).replace("\\", "/")
    inside = where.split("/content/", 1)[1] if "/content/" in where else where.split("content/", 1)[-1]
    return f"content/{inside}:{match.group(2)}: {match.group(3)}"


def verify_deletion(content: Path, paths: list[str]) -> list[str]:
    """The messages of `make check` if the files `paths` (content/…) were deleted: a page that another
    page lists in `related` (or a source names) cannot be retired while it does; the editor's delete
    button posts here first (static/editeur.js) and shows these messages instead of deleting."""
    import tempfile
    pages = [p for p in paths if _EDITABLE.match(p) and p.endswith(".md")]
    if not pages:
        return []  # uploads (content/pdfs/…): the pages that link them are checked on their own save
    with _VERIFY_LOCK, tempfile.TemporaryDirectory(prefix="verifier-") as tmp:
        copy = Path(tmp) / "content"
        _linked_copy(content, copy)
        for rel in pages:
            (copy / rel.split("/", 1)[1]).unlink(missing_ok=True)  # unlinks the link, not the file
        messages, stderr = _run_checks(copy)
    if messages is None:
        return [f"{pages[0]}:1: la vérification n’a pas pu se faire ({stderr.strip()[-300:]}) ; "
                "lancez « make check » dans un terminal."]
    return [_shown(m) for m in messages]  # main passes `make check`: whatever fails is this deletion's doing


def verify_file(content: Path, rel: str, text: str, uploads=()) -> list[str]:
    """The messages of `make check` for the file `rel` (content/…) if it held `text`: the rules of
    the web editor's form are those of `make check`, run on a copy of the content folder.
    `uploads`: files uploaded with the entry (content/pdfs/x.pdf), not written yet: « introuvable »
    is not said of them (they are checked once saved, by the pull request's checks)."""
    import tempfile
    if not _EDITABLE.match(rel or ""):
        return [f"{rel or '?'}:1: fichier que l’éditeur ne peut pas vérifier : enregistrez-le depuis un "
                "terminal et lancez « make check »."]
    with _VERIFY_LOCK, tempfile.TemporaryDirectory(prefix="verifier-") as tmp:
        copy = Path(tmp) / "content"
        _linked_copy(content, copy)
        target = copy / rel.split("/", 1)[1]
        if target.exists():
            target.unlink()  # a hard link: never write through it into the real file
        target.write_text(text, encoding="utf-8")
        done = subprocess.run([sys.executable, "-c", _CHECK, str(copy)], cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
        try:
            messages = [str(m).replace(str(copy), "content") for m in
                        json.loads(done.stdout.strip().splitlines()[-1])]  # no temporary folder shown
        except (ValueError, IndexError):
            return [f"{rel}:1: la vérification n’a pas pu se faire ({done.stderr.strip()[-300:]}) ; "
                    "lancez « make check » dans un terminal."]
    name = "/" + rel.split("/", 1)[1]  # /fiches/x.md, in the copy's folder
    pending_names = [str(u).split("/", 1)[1] for u in uploads if str(u).startswith("content/")
                     and not (content / str(u).split("/", 1)[1]).exists()]
    # A data file (a list others refer to) also answers for what it breaks elsewhere: a contact
    # retired while a page or the search still names it is refused with that page's message.
    whole = rel.startswith("content/data/")
    out = []
    for message in messages:
        match = re.match(r"^(.*?):(\d+): (.*)$", message, re.S)
        where = match.group(1).replace("\\", "/") if match else ""
        if match and where.endswith(name):
            if any(f"« {pending} » introuvable" in match.group(3) for pending in pending_names):
                continue
            out.append(f"{rel}:{match.group(2)}: {match.group(3)}")
        elif whole:
            inside = where.split("/content/", 1)[1] if "/content/" in where else where.split("content/", 1)[-1]
            out.append(f"content/{inside}:{match.group(2)}: {match.group(3)}" if match else message)
    return out
