"""Pure core: content/data/taxonomies.yaml, the controlled lists (themes, audiences) of the front
matter, loaded and checked (French message on the line of a mistake).
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from plugins.escaping.text import text_problem

from .frontmatter import ContentError, Loader

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TAXONOMIES = ("themes", "audiences")


def load_taxonomies(path: Path, display: str | None = None) -> dict:
    """content/data/taxonomies.yaml -> {"themes": {id: label}, "audiences": {id: label}}.

    Raises ContentError (with the file's line) when the file itself is malformed.
    """
    display = display or str(path)
    if not Path(path).is_file():
        raise ContentError(display, 1, "fichier des listes contrôlées introuvable : il doit définir "
                           "« themes: » et « audiences: » (identifiant: libellé).")
    try:
        text = Path(path).read_bytes().decode("utf-8").lstrip("\ufeff")
        data = yaml.load(text, Loader=Loader)  # noqa: S506 - SafeLoader
    except UnicodeDecodeError:
        raise ContentError(display, 1, "le fichier n’est pas encodé en UTF-8 : enregistrez-le en UTF-8.") from None
    except yaml.YAMLError as exc:
        from plugins.common.yaml_errors import explain

        line, message = explain(exc, text, first_line=1)
        raise ContentError(display, line, f"YAML invalide : {message}") from None
    if not isinstance(data, dict):
        raise ContentError(display, 1, "le fichier doit contenir « themes: » et « audiences: ».")
    out = {}
    for name in TAXONOMIES:
        entries = data.get(name)
        if not isinstance(entries, dict) or not entries:
            raise ContentError(display, 1, f"la liste « {name} » manque ou est vide : écrivez "
                               f"« {name}: » puis, en dessous et en retrait, « identifiant: \"Libellé\" ».")
        for key, label in entries.items():
            if not isinstance(key, str) or not re.match(SLUG_PATTERN, key) or not isinstance(label, str):
                raise ContentError(display, 1, f"entrée « {key} » de « {name} » invalide : l’identifiant "
                                   "s’écrit en minuscules avec des tirets et le libellé est un texte.")
            problem = text_problem(label) or ("contient une balise HTML : écrivez du texte simple, sans "
                                              "« < » ni balise" if re.search(r"<[A-Za-z/!?]", label) else "")
            if problem:  # labels are shown on the site: text only, like the front matter's texts
                rows = text.splitlines()
                start = next((i for i, row in enumerate(rows) if row.startswith(f"{name}:")), 0)
                line = next((i + 1 for i in range(start, len(rows)) if rows[i].strip().startswith(f"{key}:")), 1)
                raise ContentError(display, line, f"le libellé de « {key} » ({name}) {problem}.")
        out[name] = dict(entries)
    return out
