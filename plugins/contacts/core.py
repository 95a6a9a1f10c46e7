"""Pure core: load and check content/data/contacts.yaml, report editors' mistakes with line numbers
(the checks of one entry: plugins/common/rules/contact_checks.py).

Every mistake becomes an Issue `path:line: message` (message in French: what is wrong and how to fix
it); load_contacts collects all of them and raises one ContactsError.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from plugins.common.data import read_taxonomies
from plugins.common.yaml_text import Loader  # dates kept as text: a wrong one is reported with its line
from plugins.escaping.urls import web_url

from plugins.common.rules import geo
from plugins.common.rules.contact_checks import Entry, check_entry, duplicate_id_message, suggest
from .model import Channel, Contact, ContactsError, Issue, Phone
from plugins.common.rules.contacts import FIELDS, KINDS

ROOT = Path(__file__).resolve().parents[2]
CONTACTS_FILE = ROOT / "content" / "data" / "contacts.yaml"


def display_path(path: str | Path, root: str | Path | None = None) -> str:
    """Path as the editor sees it: relative to the repository root when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(Path(root or ROOT).resolve()).as_posix()
    except ValueError:
        return str(path)


def _phone(raw) -> Phone | None:
    return Phone(raw["e164"], raw["display"]) if raw else None


def _web(url: str | None) -> str | None:
    """An address as re-serialized by the one URL module (already checked by checks.check_entry)."""
    return web_url(url) if url else None


def _build(raw: dict, line: int, derived_dep: str | None) -> Contact:
    area = raw.get("area")
    if isinstance(area, list):
        area = tuple(sorted(set(area), key=geo.departement_sort_key))
    elif area is None and derived_dep:
        area = (derived_dep,)
    source = raw["source"]
    source = [source] if isinstance(source, str) else source
    return Contact(
        id=raw["id"], name=raw["name"].strip(), kind=raw["kind"], description=raw["description"].strip(),
        sources=tuple(web_url(url) for url in source),
        verified=dt.date.fromisoformat(raw["verified"]),
        phone=_phone(raw.get("phone")), sms=_phone(raw.get("sms")),
        channels=tuple(Channel(c["kind"], c["label"].strip(), _web(c.get("url")), _phone(c.get("phone")))
                       for c in raw.get("channels") or ()),
        email=raw.get("email"), website=_web(raw.get("website")), form=_web(raw.get("form")),
        address=raw.get("address"), hours=raw.get("hours"), cost=raw.get("cost"), area=area,
        commune=raw.get("commune"), audiences=tuple(raw.get("audiences") or ()),
        recommended_by_miviludes=bool(raw.get("recommended_by_miviludes", False)), line=line,
    )


def _duplicate_keys(node: yaml.Node, add) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.value in seen:
                add(line, f"champ « {key_node.value} » en double (déjà donné ligne {seen[key_node.value]}) : "
                          f"gardez une seule fois ce champ.")
            else:
                seen[key_node.value] = line
            _duplicate_keys(value_node, add)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicate_keys(item, add)


def _default_audiences(path: Path) -> list[str] | None:
    taxonomies = path.parent / "taxonomies.yaml"
    if not taxonomies.is_file():
        return None
    return list(read_taxonomies(taxonomies)["audiences"])


def load_contacts(path: str | Path = CONTACTS_FILE, *, root: str | Path | None = None,
                  departements: Iterable | None = None, communes: list[dict] | None = None,
                  audiences: Iterable[str] | None = None, facts=None) -> list[Contact]:
    """Load, check and return the contacts in file order.

    departements: [(code, name)] or codes (default: from node_modules via geo.departements()).
    communes: the package's communes list (default: loaded from node_modules, only if an entry has
    `commune`). audiences: allowed ids (default: `audiences` of taxonomies.yaml beside the file,
    if it exists). Raises ContactsError listing every mistake as `path:line: message`.
    """
    path = Path(path)
    shown = display_path(path, root)
    issues: list[Issue] = []

    def add(line: int, message: str) -> None:
        issue = Issue(shown, line, message)
        if issue not in issues:  # jsonschema reports `required` once per missing field
            issues.append(issue)

    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ContactsError([Issue(shown, line, "le fichier n’est pas encodé en UTF-8 : enregistrez-le "
                                                "en UTF-8 depuis votre éditeur.")]) from None
    except FileNotFoundError:
        raise ContactsError([Issue(shown, 1, "fichier introuvable : créez content/data/contacts.yaml "
                                             "(une liste de contacts).")]) from None

    loader = Loader(text.lstrip("\ufeff"))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        from plugins.common.yaml_errors import explain  # the cause, on its line, in French

        line, message = explain(exc, text.lstrip("\ufeff"), first_line=1)
        raise ContactsError([Issue(shown, line, f"YAML invalide : {message}")]) from None
    finally:
        loader.dispose()

    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        line = node.start_mark.line + 1 if node is not None else 1
        raise ContactsError([Issue(shown, line, "le fichier doit être une liste de contacts, chacun "
                                                "commençant par « - id: »." )])

    _duplicate_keys(node, add)
    if departements is None:
        departements = geo.departements()
    codes = {d[0] if isinstance(d, (tuple, list)) else str(d) for d in departements}
    communes_box: dict = {}

    def get_communes() -> list[dict]:
        if "data" not in communes_box:
            communes_box["data"] = communes if communes is not None else geo.load_communes()
        return communes_box["data"]

    ctx = {
        "departement_codes": codes,
        "communes": get_communes,
        "commune_departement": {},
        "audiences": list(audiences) if audiences is not None else _default_audiences(path),
        "facts": facts,
    }

    contacts: list[Contact] = []
    first_line: dict[str, int] = {}
    for raw, item_node in zip(data, node.value):
        entry = Entry(item_node)
        if not isinstance(raw, dict):
            add(entry.line, "chaque contact doit être un bloc de champs commençant par « - id: » "
                            "(id, name, kind, description, source, verified…).")
            continue
        before = len(issues)
        check_entry(raw, entry, add, ctx)
        cid = raw.get("id")
        if isinstance(cid, str):
            if cid in first_line:
                add(entry.line_at(["id"]), duplicate_id_message(cid, first_line[cid]))
            else:
                first_line[cid] = entry.line_at(["id"])
        if len(issues) == before:
            contacts.append(_build(raw, entry.line, ctx["commune_departement"].get(entry.line)))

    if issues:
        issues.sort(key=lambda i: i.line)
        raise ContactsError(issues)
    return contacts


def check_references(contact_ids_used: Mapping[str, Iterable[tuple[object, int]]],
                     known_ids: Iterable) -> list[Issue]:
    """Unknown contact ids used in content: {path: [(id, line), …]} -> [Issue(path, line, message)].

    known_ids: ids or Contact objects. Ids are compared as text (a YAML `17` equals "17").
    """
    known = [getattr(k, "id", k) for k in known_ids]
    known_set = {str(k) for k in known}
    issues = []
    for path, refs in contact_ids_used.items():
        for cid, line in refs:
            if str(cid) in known_set:
                continue
            issues.append(Issue(str(path), int(line),
                                f"contact « {cid} » inconnu{suggest(cid, known)} : utilisez un "
                                f"identifiant de content/data/contacts.yaml ({', '.join(map(str, known))})."))
    return issues


def tel_href(contact: Contact | Phone | None) -> str | None:
    """"tel:17", "tel:116006", "tel:+33800005696"; None when there is no phone number."""
    phone = contact if isinstance(contact, Phone) or contact is None else contact.phone
    return phone.href if phone else None


def sms_href(contact: Contact | Phone | None) -> str | None:
    """"sms:114"; None when there is no SMS number."""
    phone = contact if isinstance(contact, Phone) or contact is None else contact.sms
    return phone.sms_href if phone else None


def contacts_by_id(contacts: Iterable[Contact]) -> dict[str, Contact]:
    return {c.id: c for c in contacts}


__all__ = ["CONTACTS_FILE", "FIELDS", "KINDS", "check_references", "contacts_by_id", "display_path",
           "load_contacts", "sms_href", "tel_href", "ContactsError", "Issue"]
