"""The web editor's forms of the data files editors own (content/data/): the lists (themes, audiences,
synonym groups) and the help-contacts directory, from the contact JSON Schema of plugins/contacts
(passed in by the wiring). Pure: reads no file."""
from __future__ import annotations

from plugins.common.rules.schema import SLUG_PATTERN

def _options(choices: dict) -> list[dict]:
    return [{"label": str(label), "value": str(value)} for value, label in choices.items()]




_SLUG_ID = {"name": "id", "label": "Identifiant (minuscules et tirets, ne change plus ensuite)", "widget": "string",
            "pattern": [SLUG_PATTERN, "minuscules sans accent, chiffres et tirets, par exemple grand-public"]}
_LABEL = {"name": "label", "label": "Libellé affiché sur le site", "widget": "string"}
_HEADER = {"name": "_entete", "label": "Commentaire du fichier", "widget": "hidden"}
# The lists editors own (content/data/): themes and audiences, synonym groups. Format
# « miviludes-listes » (static/editeur.js) keeps each file's comments and style.
LISTS = {
    "name": "listes", "label": "Listes du site", "label_singular": "Liste", "format": "miviludes-listes",
    "extension": "yaml", "delete": False, "editor": {"preview": False},
    "files": [
        {"name": "taxonomies", "label": "Thèmes et publics", "file": "content/data/taxonomies.yaml",
         "fields": [_HEADER,
                    {"name": "themes", "label": "Thèmes", "widget": "list", "summary": "{{fields.label}}",
                     "collapsed": True, "fields": [_SLUG_ID, _LABEL]},
                    {"name": "audiences", "label": "Publics", "widget": "list", "summary": "{{fields.label}}",
                     "collapsed": True, "fields": [_SLUG_ID, _LABEL]}]},
        {"name": "synonymes", "label": "Synonymes de la recherche", "file": "content/data/synonymes.yaml",
         "fields": [_HEADER,
                    {"name": "groupes", "label": "Groupes de synonymes", "widget": "list",
                     "hint": "Un groupe : des mots de même sens, séparés par des virgules (voir CONTRIBUTING.md).",
                     "field": {"name": "mots", "label": "Mots du groupe", "widget": "list"}}]},
    ],
}


# « Où s’adresser ? » and the contacts of a distress situation: chosen in the directory as it is on
# the main branch (content/data/contacts.yaml, collection « annuaire »), not in a list frozen by the
# last build: a contact published a minute ago is offered.
CONTACT_RELATION = {"widget": "relation", "collection": "annuaire", "file": "contacts",
                    "value_field": "contacts.*.id", "search_fields": ["contacts.*.name", "contacts.*.id"],
                    "display_fields": ["contacts.*.name"], "options_length": 200}

CONTACT_LABELS = {
    "id": ("Identifiant", "Minuscules, chiffres et tirets (« unadfi », « 3114 ») ; ne change plus ensuite : "
                          "les pages s’y réfèrent."),
    "name": ("Nom", ""), "kind": ("Type", ""), "description": ("Description", "Une ou deux phrases simples."),
    "phone": ("Téléphone", ""), "sms": ("SMS", ""), "channels": ("Autres moyens de contact", ""),
    "email": ("Adresse électronique", ""), "website": ("Site web", ""), "form": ("Formulaire en ligne", ""),
    "address": ("Adresse postale", ""), "hours": ("Horaires", ""), "cost": ("Coût", ""),
    "area": ("Zone", "« national », ou codes de département séparés par des virgules (« 13, 84 ») ; "
                     "vide : zone non précisée par nos sources."),
    "commune": ("Commune", "Nom exact ou code INSEE ; le département en est déduit."),
    "audiences": ("Publics", ""), "recommended_by_miviludes": ("Recommandé par la Miviludes", ""),
    "source": ("Sources", "Adresses https:// des pages (base de faits) qui confirment ces informations."),
    "verified": ("Vérifié le", "Format AAAA-MM-JJ."),
    "e164": ("Numéro composé", ""), "display": ("Numéro affiché", "Écriture française : « 0 800 005 696 »."),
    "label": ("Libellé", ""), "url": ("Adresse (https://…)", ""),
}
AREA_PATTERN = r"^\s*(national|(\d{2}|2[AB]|97\d)([ ,;]+(\d{2}|2[AB]|97\d))*)\s*$"


def _contact_field(name: str, spec: dict, required: bool, schema: dict, help_of, labels: dict,
                   audiences: dict, prefix: str = "") -> dict:
    """One Decap field of the directory's form, from the contact JSON Schema (plugins/contacts)."""
    label, hint = CONTACT_LABELS.get(name, (name, ""))
    field: dict = {"name": name, "label": label, "required": required}
    dotted = prefix + name
    rule = help_of(dotted) if help_of else ""
    if hint or rule:
        field["hint"] = hint or rule
    ref = spec.get("$ref", "")
    if ref:
        spec = schema["$defs"][ref.rsplit("/", 1)[-1]]
    if "enum" in spec:
        field.update(widget="select", options=[{"label": str(labels.get(v, v)), "value": v} for v in spec["enum"]])
    elif spec.get("type") == "object":
        needed = set(spec.get("required", ()))
        field.update(widget="object", collapsed=False, summary="{{fields.display}}{{fields.label}}",
                     fields=[_contact_field(sub, sub_spec, sub in needed and required, schema, help_of,
                                            labels, audiences, dotted + ".")
                             for sub, sub_spec in spec["properties"].items()])
    elif spec.get("type") == "array" and "$ref" in spec.get("items", {}):
        item = schema["$defs"][spec["items"]["$ref"].rsplit("/", 1)[-1]]
        needed = set(item.get("required", ()))
        field.update(widget="list", collapsed=False, summary="{{fields.label}}",
                     fields=[_contact_field(sub, sub_spec, sub in needed, schema, help_of, labels, audiences,
                                            dotted + ".")
                             for sub, sub_spec in item["properties"].items()])
    elif name == "audiences":
        field.update(widget="select", multiple=True, options=_options(audiences))
    elif name == "area":
        field.update(widget="string", pattern=[AREA_PATTERN, help_of("area") if help_of else "national"])
    elif spec.get("type") == ["string", "array"]:  # source: one address per item
        item_pattern = spec.get("items", {}).get("pattern")
        field.update(widget="list", field={"name": "adresse", "label": label, "widget": "string",
                                           **({"pattern": [item_pattern, rule]} if item_pattern else {})})
    elif spec.get("type") == "boolean":
        field.update(widget="boolean", default=False)
    elif name == "description":
        field["widget"] = "text"
    else:
        field["widget"] = "string"
        if spec.get("pattern"):
            field["pattern"] = [spec["pattern"], rule or "forme refusée"]
    return field


def annuaire_collection(contact_schema: dict, help_of=None, labels: dict | None = None,
                        audiences: dict | None = None) -> dict:
    """Collection « annuaire »: content/data/contacts.yaml (add, edit, retire a contact) and
    content/data/detresse.yaml (distress situations of the search → contacts), both checked before
    each save by the checks of `make check` (tools/serve.py). The contact fields come from the
    contact JSON Schema of plugins/contacts (passed in: `contact_schema`, its field help `help_of`)."""
    required = set(contact_schema.get("required", ()))
    fields = [{"name": "_commentaire", "label": "Commentaire", "widget": "hidden", "required": False}]
    fields += [_contact_field(name, spec, name in required, contact_schema, help_of, labels or {},
                              audiences or {})
               for name, spec in contact_schema["properties"].items()]
    return {
        "name": "annuaire", "label": "Annuaire d’aide", "label_singular": "Annuaire",
        "format": "miviludes-annuaire", "extension": "yaml", "delete": False, "editor": {"preview": False},
        "files": [
            {"name": "contacts", "label": "Contacts de l’annuaire (« Où s’adresser ? », page /aide/)",
             "file": "content/data/contacts.yaml",
             "fields": [_HEADER,
                        {"name": "contacts", "label": "Contacts", "label_singular": "contact",
                         "widget": "list", "collapsed": True, "summary": "{{fields.name}} ({{fields.id}})",
                         "hint": "Retirer un contact : le supprimer de la liste (refusé tant qu’une page "
                                 "ou la recherche s’y réfère).",
                         "fields": fields}]},
            {"name": "detresse", "label": "Aide immédiate de la recherche (détresse)",
             "file": "content/data/detresse.yaml",
             "fields": [_HEADER,
                        {"name": "listes", "label": "Listes de mots (pour les ensembles)",
                         "label_singular": "liste", "widget": "list", "collapsed": True, "required": False,
                         "summary": "{{fields.nom}}",
                         "fields": [
                             {"name": "nom", "label": "Nom", "widget": "string",
                              "hint": "Un mot en minuscules (« enfant », « violence ») : cité dans les ensembles."},
                             {"name": "mots", "label": "Mots et expressions",
                              "hint": "Séparés par des virgules ; pas besoin des pluriels ni des accents ; "
                                      "« de 0-17 ans » : tout nombre de 0 à 17.",
                              "widget": "list"}]},
                        {"name": "situations", "label": "Situations", "label_singular": "situation",
                         "widget": "list", "collapsed": True, "summary": "{{fields.titre}}",
                         "fields": [
                             {"name": "titre", "label": "Titre", "widget": "string"},
                             {"name": "mots", "label": "Mots et expressions",
                              "hint": "Séparés par des virgules ; pas besoin des pluriels ni des accents.",
                              "widget": "list", "required": False},
                             {"name": "ensembles", "label": "Ensembles de listes",
                              "hint": "« enfant + violence » : un mot de chaque liste, n’importe où dans la "
                                      "recherche, suffit.", "widget": "list", "required": False},
                             {"name": "contacts", "label": "Contacts à afficher en premier",
                              "hint": "Contacts joignables par téléphone ou SMS.", **CONTACT_RELATION,
                              "multiple": True}]}]},
        ],
    }
