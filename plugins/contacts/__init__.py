"""Help-contacts directory (content/data/contacts.yaml): pure core.

No Pelican wiring yet (no register()): a later task adds it. Public API re-exported here:
see core.py (load/check), geo.py (départements, postcodes), export.py (JSON, CSV, JSON-LD),
page.py (/aide/ sections), model.py (data shape), schema.py (JSON Schema).
"""
from __future__ import annotations

from .core import (CONTACTS_FILE, check_references, contacts_by_id, display_path, load_contacts,
                   sms_href, tel_href)
from .export import (COLUMNS, SCHEMA_DOC, anchor, contact_from_dict, contact_to_dict, contact_to_row,
                     contacts_from_json, rows_from_csv, to_csv, to_json, to_jsonld, to_jsonld_graph)
from .geo import (build_postcode_map, departement_sort_key, departements, departements_from_package,
                  find_commune, load_communes, lookup_postcode_map, postcode_index,
                  postcode_map_json, postcode_to_departement, postcode_to_departements,
                  write_postcode_map)
from .model import Channel, Contact, ContactsError, Issue, Phone, Section
from .page import EMERGENCY_ORDER, area_label, group_by_departement, group_for_page
from .schema import CHANNEL_KINDS, CONTACT_SCHEMA, FIELDS, KINDS

__all__ = [
    "CHANNEL_KINDS", "COLUMNS", "CONTACTS_FILE", "CONTACT_SCHEMA", "EMERGENCY_ORDER", "FIELDS", "KINDS",
    "SCHEMA_DOC", "Channel", "Contact", "ContactsError", "Issue", "Phone", "Section", "anchor",
    "area_label", "build_postcode_map", "check_references", "contact_from_dict", "contact_to_dict",
    "contact_to_row", "contacts_by_id", "contacts_from_json", "departement_sort_key", "departements",
    "departements_from_package", "display_path", "find_commune", "group_by_departement",
    "group_for_page", "load_communes", "load_contacts", "lookup_postcode_map", "postcode_index",
    "postcode_map_json", "postcode_to_departement", "postcode_to_departements", "rows_from_csv",
    "sms_href", "tel_href", "to_csv", "to_json", "to_jsonld", "to_jsonld_graph", "write_postcode_map",
]
