"""Help-contacts directory (content/data/contacts.yaml).

Pure core re-exported here: core.py (load/check), plugins/common/rules/geo.py (départements, postcodes), export.py (JSON,
CSV, JSON-LD), page.py (/aide/ sections), model.py (data shape), plugins/common/rules/contacts.py (JSON Schema),
views.py (display values, search documents), references.py (ids used in content).

Pelican wiring (register(), at the end of this file): the directory is loaded once per build by
ContactsGenerator, which writes /aide/ and its open data (contacts.json, contacts.csv,
codes-postaux.json) and sets HELP_NUMBERS (« Besoin d’aide ? ») in the shared context. `[[contact:ID]]`
in a body becomes a card (alone in its paragraph) or a link, as the last transform of the one body
pass (plugins/common/body.py, order 95: the card's addresses already carry SITEURL); once every article
and page is read, `contacts:` is resolved into `item.contact_cards`. Any mistake is logged as
`path:line: message` (lines from the page's record) and fails the build.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins import fact_base
from plugins.common import body as body_pass
from plugins.common import settings as typed
from plugins.common.record import record_of

from . import references
from .core import (CONTACTS_FILE, check_references, contacts_by_id, display_path, load_contacts,
                   sms_href, tel_href)
from .export import (COLUMNS, SCHEMA_DOC, anchor, contact_from_dict, contact_to_dict, contact_to_row,
                     contacts_from_json, rows_from_csv, to_csv, to_json, to_jsonld, to_jsonld_graph)
from plugins.common.rules.geo import (build_postcode_map, departement_sort_key, departements, departements_from_package,
                  find_commune, load_communes, lookup_postcode_map, postcode_index,
                  postcode_map_json, postcode_to_departement, postcode_to_departements,
                  write_postcode_map)
from .model import Channel, Contact, ContactsError, Issue, Phone, Section
from .page import EMERGENCY_ORDER, area_label, group_by_departement, group_for_page
from plugins.common.rules.contacts import CHANNEL_KINDS, CONTACT_SCHEMA, FIELDS, KINDS
from .views import aide_page, card_view, download_links, help_block, search_documents

__all__ = [
    "CHANNEL_KINDS", "COLUMNS", "CONTACTS_FILE", "CONTACT_SCHEMA", "EMERGENCY_ORDER", "FIELDS", "KINDS",
    "SCHEMA_DOC", "Channel", "Contact", "ContactsError", "Issue", "Phone", "Section", "anchor",
    "area_label", "build_postcode_map", "check_references", "contact_from_dict", "contact_to_dict",
    "contact_to_row", "contacts_by_id", "contacts_from_json", "departement_sort_key", "departements",
    "departements_from_package", "display_path", "find_commune", "group_by_departement",
    "group_for_page", "load_communes", "load_contacts", "lookup_postcode_map", "postcode_index",
    "postcode_map_json", "postcode_to_departement", "postcode_to_departements", "rows_from_csv",
    "sms_href", "tel_href", "to_csv", "to_json", "to_jsonld", "to_jsonld_graph", "write_postcode_map",
    "aide_page", "card_view", "help_block", "search_documents", "register",
]


# --------------------------------------------------------------------------------------------
# Pelican wiring

logger = logging.getLogger(__name__)
_CURRENT: dict = {}  # "generator": this build's ContactsGenerator (made before any content is read)

@dataclass(frozen=True)
class Contacts:
    """Settings of plugins/contacts (the setting is the field's name in capitals)."""
    contacts_data_file: str = "data/contacts.yaml"   # relative to PATH (content/)
    help_block_contacts: list = field(default_factory=lambda: ["17", "112", "114", "119"])
    aide_save_as: str = "aide/index.html"

    @classmethod
    def read(cls, settings) -> Contacts:
        return typed.read(cls, settings, "")


DEFAULTS = typed.defaults_of(Contacts, "")  # read by plugins/content_guard (addresses the build writes)
DATA_FILES = {"json": "aide/contacts.json", "csv": "aide/contacts.csv", "postcodes": "aide/codes-postaux.json"}
# Content lists of Pelican's generators that may cite contacts (drafts included: a mistake is a
# mistake, even in a draft).
CONTENT_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def _relpath(path) -> str:
    return os.path.relpath(path, os.getcwd())


def _settings_line(name: str) -> tuple[str, int]:
    """Where a setting is defined, for error messages (pelicanconf.py:line)."""
    conf = Path(os.getcwd()) / "pelicanconf.py"
    if conf.is_file():
        for number, line in enumerate(conf.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(name):
                return "pelicanconf.py", number
    return "pelicanconf.py", 1


def _typography(settings):
    """The site's French typography (plugins/common/typography, as plugins/typography applies it)
    for the directory's texts, when the typography plugin is enabled."""
    if "plugins.typography" not in settings.get("PLUGINS", ()) or not settings.get("TYPOGRAPHY", True):
        return lambda text: text
    from plugins.common.typography import fix
    return fix


class ContactsGenerator(Generator):
    """Loads contacts.yaml once per build; writes /aide/ and the open-data files.

    A Pelican generator, so that /aide/ is rendered with the theme's Jinja environment, filters
    (asset, date_fr) and context like every other page.
    """

    failed = True
    contacts: list = []
    departements: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded = False
        # The build's directory, for the body pass (which runs while the articles are read, before
        # this generator's turn): one generator per build, the latest replaces the previous one.
        _CURRENT["generator"] = self

    def load(self) -> None:
        """Read contacts.yaml once per build (the first of the body pass and generate_context)."""
        if self._loaded:
            return
        self._loaded = True
        self.failed = False
        self.contacts, self.departements = [], []
        data_file = Path(self.settings["PATH"]) / Contacts.read(self.settings).contacts_data_file
        self.data_file = display_path(data_file, os.getcwd())
        try:
            self.departements = departements()
        except FileNotFoundError as exc:
            logger.error("%s:%d: %s", "package.json", 1, str(exc))
            self.failed = True
        if not self.failed:
            try:
                self.contacts = load_contacts(data_file, root=os.getcwd(), departements=self.departements,
                                              facts=fact_base.load(self.settings.get("FACT_BASE_DIR")))
            except ContactsError as exc:
                for issue in exc.issues:
                    logger.error("%s:%d: %s", issue.path, issue.line, issue.message)
                self.failed = True

    def generate_context(self):
        self.load()
        self.context["CONTACTS"] = self.contacts
        # Every contact reachable by phone or SMS, as the « Besoin d’aide ? » entries (display, tel:/sms:
        # link, name): read by the search index for the distress help, which imports no other plugin.
        self.context["CONTACT_PHONE_ENTRIES"] = {
            e["id"]: e for e in help_block(self.contacts, [c.id for c in self.contacts])[0]}
        contacts = self.contacts  # offered to the search index (plugins/search_index), read when it is written
        self.context.setdefault("SEARCH_DOCUMENTS", []).append(("contacts", lambda: search_documents(contacts)))
        entries, unknown = help_block(self.contacts, Contacts.read(self.settings).help_block_contacts)
        if unknown and not self.failed:
            path, line = _settings_line("HELP_BLOCK_CONTACTS")
            reachable = [c.id for c in self.contacts if c.phone or c.sms]
            for cid in unknown:
                logger.error("%s:%d: %s", path, line,
                             f"HELP_BLOCK_CONTACTS cite « {cid} », qui n’est pas un contact joignable par "
                             f"téléphone ou SMS dans {self.data_file} : choisissez parmi "
                             f"{', '.join(reachable)}.")
        self.context["HELP_NUMBERS"] = entries  # partials/help_block.html, plugins/printable

    def _view(self, contact):
        return card_view(contact, self.departements, self.settings.get("SITEURL", ""), _typography(self.settings))

    def _macros(self):
        return self.env.get_template("macros/contact_card.html").module

    def render_card(self, contact, heading="h3"):
        return self._macros().contact_card(self._view(contact), heading=heading)

    def render_inline(self, contact):
        return self._macros().contact_inline(self._view(contact))

    def generate_output(self, writer):
        if self.failed:
            return
        siteurl = self.settings.get("SITEURL", "")
        out = Path(self.output_path)
        sizes = []
        for key, text in (("csv", to_csv(self.contacts)), ("json", to_json(self.contacts))):
            target = out / DATA_FILES[key]
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            sizes.append((key, DATA_FILES[key], target.stat().st_size))
        write_postcode_map(out / DATA_FILES["postcodes"])
        page = aide_page(self.contacts, self.departements, siteurl, download_links(sizes, siteurl),
                         _typography(self.settings))
        writer.write_file(Contacts.read(self.settings).aide_save_as, self.get_template("aide"), self.context,
                          relative_urls=self.settings.get("RELATIVE_URLS", False),
                          aide=page, nav_current="/aide/", contacts_data=DATA_FILES)


def get_generators(pelican):
    return ContactsGenerator


def _content_items(generators):
    seen = set()
    for gen in generators:
        for name in CONTENT_LISTS:
            for item in getattr(gen, name, None) or ():
                if id(item) not in seen and hasattr(item, "source_path"):
                    seen.add(id(item))
                    yield item


def resolve_references(generators):
    """`contacts:` of every content item -> item.contact_cards (the body's markers: insert_cards)."""
    gen = next((g for g in generators if isinstance(g, ContactsGenerator)), None)
    if gen is None or gen.failed:
        return
    by_id = contacts_by_id(gen.contacts)
    known = [c.id for c in gen.contacts]
    data_file = gen.data_file
    for item in _content_items(generators):
        path = _relpath(item.source_path)
        record = record_of(item)
        cited = item.metadata.get("contacts") or []
        if isinstance(cited, (str, int)):
            cited = [cited]
        cards = []
        for cid, line in references.front_matter_refs(cited, record):
            contact = by_id.get(cid)
            if contact is None:
                logger.error("%s:%d: %s", path, line, references.unknown_id_message(cid, known, data_file))
                continue
            cards.append(gen.render_card(contact))
        item.contact_cards = cards
        item.contact_ids = [str(c) for c in cited if str(c) in by_id]


def _wants(html: str) -> bool:
    return "[[" in html


def insert_cards(body: body_pass.Body) -> None:
    """Body pass: `[[contact:ID]]` alone in its paragraph -> the contact's card, elsewhere -> a link;
    an unknown id is an error on its line (from the page's record) and the marker is removed."""
    gen = _CURRENT.get("generator")
    item = body.content
    if gen is None or gen.settings is not getattr(item, "settings", None):
        return  # not this build's page (no contacts plugin in its build)
    gen.load()
    if gen.failed:
        return  # the directory's own errors are reported; markers stay
    by_id = contacts_by_id(gen.contacts)
    record = record_of(item)
    path = _relpath(item.source_path)
    for cid, line in references.inline_refs(record.body, record.body_line):
        if cid not in by_id:
            logger.error("%s:%d: %s", path, line,
                         references.unknown_id_message(cid, [c.id for c in gen.contacts], gen.data_file))

    def block(cid):
        contact = by_id.get(cid)
        return f'<div class="contact-dans-texte">{gen.render_card(contact)}</div>' if contact else ""

    def inline(cid):
        contact = by_id.get(cid)
        return str(gen.render_inline(contact)) if contact else ""

    if references.replace_in_tree(body.tree, block, inline):
        body.touch()


def add_to_site_map(generators):
    """/aide/ is no content page: list it in the site map (plugins/site_structure, « Informations »)."""
    gen = next((g for g in generators if isinstance(g, ContactsGenerator)), None)
    if gen is None or gen.failed:
        return
    for group in gen.context.get("SITE_MAP") or []:
        if group.get("id") == "pages":
            entries = [e for e in group["entries"] if e.get("url") != "aide/"]
            entries.append({"title": "Trouver de l’aide", "url": "aide/"})
            group["entries"] = sorted(entries, key=lambda e: e["title"].casefold())


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(resolve_references)
    body_pass.register_transform(95, "contacts", insert_cards, _wants)
    signals.all_generators_finalized.connect(add_to_site_map)
