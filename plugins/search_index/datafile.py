"""The editors' YAML files of the search (synonymes.yaml, detresse.yaml): read once, bounded, composed
into a YAML node tree with lines, each mistake one French `fichier:ligne: message`."""
from __future__ import annotations

import os
from pathlib import Path


def message(path: str, line: int, text: str) -> str:
    return f"{path}:{line}: {text}"


def compose(path, shown: str, max_bytes: int, keep: str):
    """(root node or None, errors). A missing file is no content and no error; a link, a special file,
    a file over `max_bytes` or malformed YAML is one error (`keep`: what to keep when it is too big)."""
    import yaml

    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return None, []
    if path.is_symlink() or not path.is_file():
        return None, [message(shown, 1, "ce fichier doit être un vrai fichier (pas un lien symbolique) — "
                              "remplacez-le par un fichier YAML")]
    if os.path.getsize(path) > max_bytes:
        return None, [message(shown, 1, f"fichier trop gros (plus de {max_bytes // 1000} Ko) — "
                              f"gardez seulement {keep}")]
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [message(shown, mark.line + 1 if mark else 1, "le fichier YAML est mal formé — vérifiez "
                              "l’indentation, les tirets et les crochets de cette ligne")]
