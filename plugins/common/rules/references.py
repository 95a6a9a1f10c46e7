"""The messages of references to other content that `make check` prints and the web editor's form
repeats (plugins/admin_cms/form_rules.py): an unknown contact id (plugins/contacts), a page slug that
names no published page (plugins/site_structure)."""
from __future__ import annotations

import difflib
import re

# `[[contact:119]]`, tolerant of spaces inside the brackets.
INLINE_RE = re.compile(r"\[\[\s*contact\s*:\s*([^\]\s]*)\s*\]\]")


def unknown_id_message(cid: str, known: list[str], data_file: str = "content/data/contacts.yaml") -> str:
    """French message for an id that contacts.yaml does not define."""
    if not cid:
        return (f"identifiant de contact vide : écrivez [[contact:ID]] avec un identifiant de {data_file} "
                f"(ids possibles : {', '.join(known)}).")
    close = difflib.get_close_matches(cid, known, n=1, cutoff=0.6)
    hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
    return (f"« {cid} » n’est pas un contact connu de {data_file}{hint} : corrigez l’identifiant ou "
            f"ajoutez ce contact au fichier ; ids possibles : {', '.join(known)}.")


def unresolved_message(field: str, slug: str, draft: bool) -> str:
    """The message for a page slug cited in `field` (« related », a source's « page ») that names no
    published page (`draft`: it names a draft). Also exported to the web editor's form (admin_cms)."""
    if draft:
        return (f"{field} cite « {slug} », un brouillon (draft: true) qui n’est pas publié : retirez-le "
                f"de {field} ou publiez la page.")
    return (f"{field} cite « {slug} », qui ne correspond à aucune page : corrigez le slug (nom du "
            "fichier sans .md) ou retirez-le.")
