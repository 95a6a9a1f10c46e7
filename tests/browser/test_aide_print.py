"""/aide/ printed from Chromium (issue 5): one A4 page to pin on the fridge, with every contact's
name and every number as written in French, without the filter, at a readable size, nothing cut off.

One page load and one PDF render, shared by the assertions. Expected values come from
content/data/contacts.yaml through the contacts plugin's own loader.
"""
from __future__ import annotations

import re
import unicodedata
from io import BytesIO
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from plugins.contacts.core import CONTACTS_FILE, load_contacts

MIN_FONT_PX = 7 * 96 / 72  # 7 pt
# Printable width of an A4 page with the margins of css/print.css (@page: 15 mm left and right).
A4_CONTENT_PX = round((210 - 30) / 25.4 * 96)

# Rendered text of /aide/ in print media: smallest font of any visible text, and elements whose
# content overflows a box that clips it (overflow not visible).
PRINT_FACTS = """() => {
  const root = document.querySelector('.page-aide');
  let smallest = Infinity, where = '';
  const clipped = [];
  for (const el of root.querySelectorAll('*')) {
    const s = getComputedStyle(el);
    if (!el.getClientRects().length || s.visibility === 'hidden') continue;
    const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    const size = parseFloat(s.fontSize);
    if (text && size < smallest) { smallest = size; where = el.tagName + '.' + el.className + ' « ' + text + ' »'; }
    const clips = [s.overflowX, s.overflowY].some(o => o !== 'visible');
    if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      clipped.push(el.tagName + '.' + el.className + ' « ' + el.textContent.trim().slice(0, 60) + ' »');
    }
  }
  return {smallest, where, clipped};
}"""


def flat(text: str) -> str:
    """Text as compared: one space for any run of spaces or line breaks (PDF lines, no-break and
    narrow no-break spaces), lines broken after a hyphen joined, typographic apostrophes."""
    text = unicodedata.normalize("NFC", text).replace("'", "’")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)


@pytest.fixture(scope="module")
def printed(browser, served_site):
    context = browser.new_context(viewport={"width": A4_CONTENT_PX, "height": 1000}, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(served_site + "/aide/")
        page.locator("#aide-filtre").wait_for(state="visible")  # the script has run: the filter exists
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready.then(() => true)")
        facts = page.evaluate(PRINT_FACTS)
        pdf = page.pdf(format="A4", print_background=False)
    finally:
        context.close()
    reader = PdfReader(BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    return SimpleNamespace(pages=len(reader.pages), text=flat(text), raw=text, **facts)


@pytest.fixture(scope="module")
def contacts():
    return load_contacts(CONTACTS_FILE)


def test_prints_on_exactly_one_a4_page(printed):
    assert printed.pages == 1, f"/aide/ s’imprime sur {printed.pages} pages A4 au lieu d’une"


def test_every_contact_name_and_number_is_printed(printed, contacts):
    assert len(contacts) >= 16
    missing = []
    for contact in contacts:
        if flat(contact.name) not in printed.text:  # even contacts with no published detail
            missing.append(contact.name)
        phones = [contact.phone, contact.sms] + [channel.phone for channel in contact.channels]
        for phone in filter(None, phones):
            if flat(phone.display) not in printed.text:
                missing.append(f"{contact.name} : {phone.display}")
    assert missing == [], "absents du PDF :\n" + "\n".join(missing) + "\n--- texte du PDF :\n" + printed.raw


def test_source_line_and_titles_are_printed(printed):
    assert "Trouver de l’aide" in printed.text
    assert "miviludes.interieur.gouv.fr/aide/" in printed.text
    for heading in ("En cas d’urgence", "Lignes d’écoute nationales", "Informer la Miviludes",
                    "Associations et services"):
        assert heading in printed.text


def test_screen_only_parts_are_not_printed(printed):
    for text in ("Trouver les contacts près de chez vous", "Votre département", "Ou votre code postal",
                 "Effacer le filtre", "Les contacts par département", "Réutiliser cet annuaire",
                 "Télécharger l’annuaire", "Remplir le formulaire en ligne", "Rechercher", "Menu"):
        assert flat(text) not in printed.text, text


def test_text_is_readable_and_nothing_is_cut_off(printed):
    assert printed.smallest >= MIN_FONT_PX - 0.01, f"texte imprimé trop petit ({printed.smallest} px) : {printed.where}"
    assert printed.clipped == []
