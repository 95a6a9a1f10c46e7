"""Pure core: split and parse YAML front matter, with line numbers for editors' errors."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import yaml


class ContentError(Exception):
    """An editor's mistake: rendered as `path:line: message` (message in French)."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class Document:
    path: str
    metadata: dict
    body: str
    body_line: int  # 1-based line of the first body line in the file
    field_lines: dict = field(default_factory=dict)


def decode(raw: bytes, path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(path, line, "le fichier n’est pas encodé en UTF-8 : "
                           "enregistrez-le en UTF-8 depuis votre éditeur.") from None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, path: str) -> tuple[str, str, int]:
    if not text.strip():
        raise ContentError(path, 1, "le fichier est vide : ajoutez un en-tête YAML entre deux lignes "
                           "« --- » puis le texte de la page.")
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ContentError(path, 1, "l’en-tête YAML manque : la première ligne doit être « --- », "
                           "suivie des champs (title, summary, date…) puis d’une ligne « --- ».")
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    raise ContentError(path, 1, "l’en-tête YAML n’est pas fermé : ajoutez une ligne « --- » "
                       "après le dernier champ.")


def parse(raw: bytes, path: str) -> Document:
    text = decode(raw, path)
    head, body, body_line = split(text, path)
    try:
        node = yaml.compose(head, Loader=yaml.SafeLoader)
        data = yaml.safe_load(head)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 2
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, line, f"en-tête YAML invalide ({problem}) : vérifiez les deux-points, "
                           "l’indentation et mettez entre guillemets les valeurs contenant « : ».") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(path, 2, "l’en-tête YAML doit être une liste de champs « nom: valeur ».")
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[key_node.value] = key_node.start_mark.line + 2
    if not body.strip():
        raise ContentError(path, body_line, "le texte de la page est vide : écrivez le contenu "
                           "sous la ligne « --- » qui ferme l’en-tête.")
    return Document(path, data, body, body_line, lines)


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
