"""plugins/contacts wired into Pelican: `contacts:` and [[contact:ID]] in content, the « Besoin d’aide ? »
block, the /aide/ page and its open data; editors' mistakes fail the build with `file:line: message`.

Run: .venv/bin/python -m pytest tests/plugins/test_contacts_wiring.py -q
"""
from __future__ import annotations

import csv
import functools
import html as html_lib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from conftest import build_fixture_site
from plugins.contacts import (help_block, load_contacts, search_documents, to_csv,
                              to_json)
from plugins.contacts.references import (front_matter_refs, inline_refs,
                                         replace_in_tree, unknown_id_message)
from plugins.contacts.views import card_view, size_fr

@functools.lru_cache(maxsize=None)
def contacts():
    """The real directory, read when a test needs it (collection works without node_modules)."""
    return load_contacts(ROOT / "content" / "data" / "contacts.yaml")


@functools.lru_cache(maxsize=None)
def by_id():
    return {c.id: c for c in contacts()}


TEL_RE = re.compile(r"^tel:(\d{2,6}|\+[1-9]\d{7,14})$")
SMS_RE = re.compile(r"^sms:(\d{2,6}|\+[1-9]\d{7,14})$")


def fiche(title: str, body: str = "Texte.", contacts: str = "") -> str:
    head = f"---\ntitle: {title}\nsummary: Résumé de la fiche.\ndate: 2026-11-28\n{contacts}---\n"
    return head + body + "\n"


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# --------------------------------------------------------------------------------------------
# Pure helpers


def test_front_matter_refs_give_the_line_of_each_id():
    from plugins.common.rules.frontmatter import parse

    def record(text):
        return parse((text + "\nTexte\n").encode(), "p.md")

    source = '---\ntitle: A\ncontacts:\n  - "119"\n  - unadfi\n---'
    assert front_matter_refs(["119", "unadfi"], record(source)) == [("119", 4), ("unadfi", 5)]
    flow = '---\ntitle: A\ncontacts: ["17", "112"]\n---'
    assert front_matter_refs(["17", "112"], record(flow)) == [("17", 3), ("112", 3)]
    single = '---\ntitle: A\ncontacts: "17"\n---'  # one value, not a list: the field's line
    assert front_matter_refs(["17"], record(single)) == [("17", 3)]


def test_inline_refs_and_replacement():
    body = "Intro.\n\n[[contact:119]]\n\nAppelez [[ contact: 3919 ]] ou non.\n"
    assert inline_refs(body, 4) == [("119", 6), ("3919", 8)]
    from plugins.common.body import parse
    tree = parse("<p>Intro.</p>\n<p>[[contact:119]]</p>\n<p>Appelez [[ contact: 3919 ]] ou non &amp; "
                 "<b>[[contact:x]]</b>.</p>\n<p class=\"c\"> [[contact:17]] </p><p>[[contact:]]</p>")
    assert replace_in_tree(tree, lambda cid: f"<div>CARD {cid}</div>" if cid else "",
                           lambda cid: "" if cid == "x" else f"<a>{cid} &amp; co</a>")
    assert tree.html == ("<p>Intro.</p>\n<div>CARD 119</div>\n<p>Appelez <a>3919 &amp; co</a> ou non &amp; "
                         "<b></b>.</p>\n<p class=\"c\"> <a>17 &amp; co</a> </p>")
    untouched = parse("<p>[[ pas un contact ]] et <code>[x]</code></p>")
    assert not replace_in_tree(untouched, lambda cid: "B", lambda cid: "I")
    assert untouched.html == "<p>[[ pas un contact ]] et <code>[x]</code></p>"


def test_markers_are_the_last_transform_of_the_one_body_pass(monkeypatch, caplog):
    """[[contact:ID]] is a transform of the body pass (after the sub-path move: the cards' addresses
    carry SITEURL already), on the page's one tree; an unknown id is an error on its line from the
    page's record, and the body is parsed once (the cards' fragments aside)."""
    from types import SimpleNamespace

    import importlib

    import plugins.contacts as wiring
    from plugins.common import body as body_pass
    from plugins.common.rules.frontmatter import parse

    wiring.register()
    # by its module name: after a real build (Pelican's plugin loader) the `plugins` package object
    # may not carry the submodule as an attribute
    importlib.import_module("plugins.content_links").register()
    orders = {name: order for order, name, _, _ in body_pass.transforms()}
    assert orders["contacts"] > orders["content_links:move"] == max(o for n, o in orders.items() if n != "contacts")

    monkeypatch.setattr(body_pass, "_TRANSFORMS", {})
    body_pass.register_transform(95, "contacts", wiring.insert_cards, wiring._wants)
    settings = {"SITEURL": ""}
    known = {c: SimpleNamespace(id=c) for c in ("119", "3919")}
    gen = SimpleNamespace(settings=settings, failed=False, contacts=list(known.values()), data_file="d.yaml",
                          load=lambda: None, render_card=lambda c: f"<section>CARTE {c.id}</section>",
                          render_inline=lambda c: f'<a href="/aide/#contact-{c.id}">{c.id}</a>')
    monkeypatch.setattr(wiring, "_CURRENT", {"generator": gen})
    record = parse(b"---\ntitle: A\n---\nIntro.\n\n[[contact:119]]\n\nVoir [[contact:3919]] et [[contact:118]].\n",
                   "content/fiches/a.md")
    page = SimpleNamespace(settings=settings, source_path="content/fiches/a.md", metadata={"record": record},
                           _content=("<p>Intro.</p>\n<p>[[contact:119]]</p>\n"
                                     "<p>Voir [[contact:3919]] et [[contact:118]].</p>"))
    parses = []
    real_parse = body_pass.parse
    monkeypatch.setattr(body_pass, "parse", lambda html: parses.append(html) or real_parse(html))
    with caplog.at_level("ERROR"):
        out = body_pass.run(page)
    assert out == ('<p>Intro.</p>\n<div class="contact-dans-texte"><section>CARTE 119</section></div>\n'
                   '<p>Voir <a href="/aide/#contact-3919">3919</a> et .</p>')
    assert parses[0] == page._content and len(parses) == 1 + 2  # the body once, each card fragment once
    assert [r.getMessage() for r in caplog.records] == [
        "content/fiches/a.md:8: " + unknown_id_message("118", ["119", "3919"], "d.yaml")]
    other = SimpleNamespace(settings={"SITEURL": ""}, source_path="b.md", metadata={}, _content="<p>[[contact:119]]</p>")
    assert body_pass.run(other) == other._content  # another build's page: left alone


def test_unknown_id_message_lists_the_ids_and_suggests():
    message = unknown_id_message("118", ["17", "119", "unadfi"])
    assert message.startswith("« 118 » n’est pas un contact connu de content/data/contacts.yaml")
    assert "« 119 »" in message and "ids possibles : 17, 119, unadfi" in message


def test_help_block_comes_from_the_directory():
    entries, unknown = help_block(contacts(), ["17", "112", "114", "119", "nope"])
    assert unknown == ["nope"]
    assert [e["href"] for e in entries] == ["tel:17", "tel:112", "sms:114", "tel:119"]
    assert entries[3]["label"] == by_id()["119"].name and entries[3]["display"] == "119"
    assert {"display", "tel", "label"} <= set(entries[0])  # what plugins/printable reads


def test_card_view_of_114_offers_sms_and_of_cnapr_a_long_number():
    v114 = card_view(by_id()["114"])
    assert [a["href"] for a in v114["actions"]] == ["sms:114"]
    assert v114["verified"] == "28\u00a0novembre 2026" and v114["verified_iso"] == "2026-11-28"
    cnapr = card_view(by_id()["cnapr"])
    assert cnapr["actions"][0]["href"] == "tel:+33800005696"
    assert cnapr["actions"][0]["text"] == "Appeler le 0 800 005 696"
    gemppi = card_view(by_id()["gemppi"], [("13", "Bouches-du-Rhône")])
    assert gemppi["area_attr"] == "13" and gemppi["area"] == "Bouches-du-Rhône (13)"


def test_search_documents_for_the_search_engine():
    docs = {d["id"]: d for d in search_documents(contacts())}
    assert len(docs) == len(contacts())
    fv = docs["contact-116006"]
    assert fv["url"] == "/aide/#contact-116006" and fv["type"] == "contact"
    assert fv["title"] == by_id()["116006"].name and fv["summary"] == by_id()["116006"].description
    assert "116 006" in fv["body"] and "116006" in fv["body"]
    assert "0800005696" in docs["contact-cnapr"]["body"]


def test_size_fr():
    assert size_fr(812) == "812 octets"
    assert size_fr(9300) == "9,3\u00a0ko"
    assert size_fr(14_000) == "14\u00a0ko"


# --------------------------------------------------------------------------------------------
# Fixture sites (Pelican builds)


@pytest.fixture(scope="module")
def wired_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("contacts-wiring")
    files = {
        "fiches/enfants.md": fiche(
            "Enfants",
            "## Le 119\n\nTexte.\n\n[[contact:cnapr]]\n\nAppelez le [[contact:3919]] si besoin.\n",
            'contacts: ["119"]\n'),
    }
    errors, out, content = build_fixture_site(base, files)
    assert errors == [], "\n".join(errors)
    return out, content


def test_fiche_shows_the_card_of_its_contacts(wired_site):
    out, _ = wired_site
    page = (out / "fiches" / "enfants" / "index.html").read_text(encoding="utf-8")
    section = page.split('id="ou-s-adresser"', 1)[1].split("</section>", 1)[0]
    assert "Allô Enfance en danger (SNATED)" in section
    assert 'href="tel:119"' in section and "Appeler le 119" in section
    assert "Vérifié le" in section and 'datetime="2026-11-28"' in section


def test_inline_markers_become_cards_or_links(wired_site):
    out, _ = wired_site
    page = (out / "fiches" / "enfants" / "index.html").read_text(encoding="utf-8")
    assert "[[contact" not in page
    block = page.split('class="contact-dans-texte"', 1)[1].split("</section>", 1)[0]
    assert "Centre national d’assistance et de prévention de la radicalisation" in block
    assert 'href="tel:+33800005696"' in block
    assert re.search(r'Appelez le <a href="/aide/#contact-3919">Violences Femmes Info</a> '
                     r'\(<a href="tel:3919">3919</a>\) si besoin', page)


def test_every_page_ends_with_the_help_block_from_the_directory(wired_site):
    out, _ = wired_site
    for name in ("fiches/enfants/index.html", "index.html"):
        page = (out / name).read_text(encoding="utf-8")
        block = page.split('id="besoin-aide-titre"', 1)[1].split("</section>", 1)[0]
        hrefs = re.findall(r'href="((?:tel|sms):[^"]+)"', block)
        assert hrefs == ["tel:17", "tel:112", "sms:114", "tel:119"], name
        assert by_id()["119"].name in block


def test_open_data_equals_the_directory(wired_site):
    out, content = wired_site
    loaded = load_contacts(content / "data" / "contacts.yaml")
    assert (out / "aide" / "contacts.json").read_text(encoding="utf-8") == to_json(loaded)
    assert (out / "aide" / "contacts.csv").read_bytes() == to_csv(loaded).encode("utf-8")
    assert json.loads((out / "aide" / "codes-postaux.json").read_text(encoding="utf-8"))["69"] == "69"


def test_unknown_id_in_front_matter_fails_with_file_and_line(fixture_site):
    errors, _, _ = fixture_site({
        "fiches/a.md": fiche("A", contacts='contacts:\n  - "119"\n  - "118"\n'),
    })
    assert any(re.search(r"fiches/a\.md:7: « 118 » n’est pas un contact connu de \S*contacts\.yaml "
                         r"\(vouliez-vous dire « 119 » \?\) : .*ids possibles : 17, ", e) for e in errors), errors


def test_unknown_id_inline_fails_with_file_and_line(fixture_site):
    errors, _, _ = fixture_site({
        "fiches/b.md": fiche("B", "Premier paragraphe.\n\n[[contact:unadfy]]\n"),
    })
    assert any(re.search(r"fiches/b\.md:8: « unadfy » n’est pas un contact connu .*« unadfi »", e)
               for e in errors), errors


BAD_CONTACTS = """\
- id: "17"
  name: "Police secours"
  kind: urgence
  description: "Urgences."
  phone: {e164: "17", display: "17"}
  area: national
  source: https://sdis04.fr
  verified: 2026-11-28

- id: cnapr
  name: "CNAPR"
  kind: ecoute-nationale
  description: "Radicalisation."
  phone: {e164: "0800005696", display: "0 800 005 696"}
  source: https://www.service-public.fr
  verified: 2026-11-28
"""


def test_bad_contacts_yaml_fails_with_file_and_line(fixture_site):
    errors, _, _ = fixture_site({"data/contacts.yaml": BAD_CONTACTS, "fiches/a.md": fiche("A")})
    assert any(re.search(r"contacts\.yaml:14: numéro de téléphone mal formé « 0800005696 »", e)
               for e in errors), errors


def test_unknown_help_block_id_fails(fixture_site):
    errors, _, _ = fixture_site({"fiches/a.md": fiche("A")}, {"HELP_BLOCK_CONTACTS": ["17", "unadfi"]})
    assert any(re.search(r"pelicanconf\.py:\d+: HELP_BLOCK_CONTACTS cite « unadfi »", e) for e in errors), errors


# --------------------------------------------------------------------------------------------
# The real site


class Links(HTMLParser):
    """(href, text) of every link, and the text of the page outside <script>/<style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._href = None
        self._buffer: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._buffer = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._buffer)))
            self._href = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._href is not None:
            self._buffer.append(data)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def directory_numbers() -> dict[str, set[str]]:
    """Dialled number (e164) -> the digit strings a reader may see for it."""
    numbers: dict[str, set[str]] = {}
    for contact in contacts():
        for phone in [contact.phone, contact.sms] + [c.phone for c in contact.channels]:
            if phone is None:
                continue
            seen = numbers.setdefault(phone.e164, set())
            seen |= {digits(phone.display), digits(phone.e164)}
            if phone.e164.startswith("+33"):
                seen.add("0" + phone.e164[3:])
    return numbers


def test_every_tel_and_sms_link_of_the_real_site_is_valid(real_site):
    bad = []
    for page in real_site.rglob("*.html"):
        for href, _ in parse(page).links:
            if href.startswith("tel:") and not TEL_RE.match(href):
                bad.append(f"{page.relative_to(real_site)}: {href}")
            if href.startswith("sms:") and not SMS_RE.match(href):
                bad.append(f"{page.relative_to(real_site)}: {href}")
    assert bad == []


SEP = "[ \u00a0\u202f.]"
PHONE_PATTERNS = [
    re.compile(rf"(?<![\d+])0[1-9](?:{SEP}?\d{{2}}){{4}}(?!\d)"),         # 03 20 57 26 77
    re.compile(rf"(?<![\d+])0{SEP}[89]\d{{2}}{SEP}\d{{3}}{SEP}\d{{3}}(?!\d)"),  # 0 800 005 696
    re.compile(rf"\+33{SEP}?\d(?:{SEP}?\d{{2}}){{4}}(?!\d)"),                # +33 1 80 52 33 76
    re.compile(rf"(?<!\d)116{SEP}?\d{{3}}(?!\d)"),                           # 116 006
]


def test_every_phone_number_shown_in_content_matches_the_directory(real_site):
    numbers = directory_numbers()
    known_digits = set().union(*numbers.values())
    pages = [p for section in ("fiches", "prevention", "rapports") for p in (real_site / section).rglob("*.html")]
    pages += [p for p in real_site.glob("*/index.html") if p.parent.name not in ("fiches", "prevention", "rapports")]
    assert len(pages) > 20
    problems = []
    for page in pages:
        parsed = parse(page)
        name = page.relative_to(real_site)
        for href, text in parsed.links:
            if href.startswith(("tel:", "sms:")):
                dialled = href.split(":", 1)[1]
                if dialled not in numbers:
                    problems.append(f"{name}: {href} n’est pas dans l’annuaire")
                elif digits(text) and not any(digits(text).endswith(d) for d in numbers[dialled]):
                    problems.append(f"{name}: « {text} » affiché pour {href}")
        text = html_lib.unescape(" ".join(parsed.text))
        for pattern in PHONE_PATTERNS:
            for match in pattern.finditer(text):
                if digits(match.group(0)) not in known_digits:
                    problems.append(f"{name}: numéro « {match.group(0)} » absent de l’annuaire")
    assert problems == []


def test_real_aide_page(real_site):
    page = (real_site / "aide" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Trouver de l’aide</h1>" in page
    assert 'aria-current="page">Trouver de l’aide</a>' in page  # breadcrumb and main navigation
    assert 'href="/">Accueil</a>' in page
    # Sections in order, emergencies 17, 112, 114, 15 first.
    ids = re.findall(r'<div class="fr-card fiche-contact" id="contact-([^"]+)" data-area="([^"]*)"', page)
    assert [i for i, _ in ids[:4]] == ["17", "112", "114", "15"]
    assert sorted(i for i, _ in ids) == sorted(by_id())
    order = [page.index(f'id="{s}"') for s in ("urgences", "ecoute", "informer-la-miviludes", "associations")]
    assert order == sorted(order)
    assert dict(ids)["gemppi"] == "13" and dict(ids)["17"] == "national"
    assert page.count("Vérifié le") == len(by_id())
    assert 'href="sms:114"' in page
    # JSON-LD: one node per contact (other plugins may add their own JSON-LD to the page).
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
    nodes = [n for b in blocks for n in b.get("@graph", [b]) if str(n.get("@id", "")).startswith("/aide/#contact-")]
    assert sorted(n["@id"] for n in nodes) == sorted(f"/aide/#contact-{i}" for i in by_id())
    # Filter: 101 départements « 69 – Rhône »; postcode input; JS loaded as a module via the asset filter.
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', page)
    assert len(options) == 101 and ("69", "69 – Rhône") in options
    assert 'id="aide-code-postal"' in page and re.search(r'<script type="module" src="/theme/js/aide[.\w]*\.js">', page)
    # No-JS listing by département, open data links and schema.
    assert 'id="departement-13"' in page and 'id="partout-en-france"' in page
    assert 'href="/aide/contacts.json"' in page and 'href="/aide/contacts.csv"' in page
    assert "<th scope=\"row\"><code>recommended_by_miviludes</code></th>" in page
    plan = (real_site / "plan-du-site" / "index.html").read_text(encoding="utf-8")
    assert '<a href="/aide/">Trouver de l’aide</a></li>' in plan.split('class="plan-du-site"', 1)[1]


def test_real_open_data_equals_the_directory(real_site):
    assert (real_site / "aide" / "contacts.json").read_text(encoding="utf-8") == to_json(contacts())
    text = (real_site / "aide" / "contacts.csv").read_bytes().decode("utf-8")
    assert text == to_csv(contacts())
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["id"] for r in rows] == [c.id for c in contacts()]


def test_real_fiches_show_their_contacts_and_the_help_block(real_site):
    fiches = sorted((real_site / "fiches").glob("*/index.html"))
    assert fiches
    for path in fiches:
        page = path.read_text(encoding="utf-8")
        assert "Besoin d’aide ?" in page and 'href="tel:17"' in page, path
        assert "[[contact" not in page, path
