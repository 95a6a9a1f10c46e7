"""Synonym groups are bridges to the site's own words (issue 21, « more bridges »):
tools/search_bench/bridges.py lists where each group's words occur in content/, and every group
of content/data/synonymes.yaml must hold at least one word the site's content uses."""
from __future__ import annotations

from search_bench import bridges


def test_every_synonym_group_has_a_word_the_site_uses():
    absent = bridges.absent_groups()
    assert absent == [], f"groupes sans aucun mot employé par le site : {absent}"


def test_a_group_of_words_the_content_never_uses_is_flagged(tmp_path):
    content = tmp_path / "content"
    (content / "fiches").mkdir(parents=True)
    (content / "fiches" / "x.md").write_text(
        '---\ntitle: "Les dérives sectaires"\nsummary: "Une personne âgée isolée."\n'
        'sources:\n  - title: "Banque des territoires"\n    url: "https://banque.example/"\n---\n'
        "Le banquier voit des retraits d'argent.\n", encoding="utf-8")
    synonyms = tmp_path / "synonymes.yaml"
    synonyms.write_text("groupes:\n  - [derive, mouvement]\n  - [papy, personne âgée]\n"
                        "  - [escroc, arnaqueur]\n  - [banque, compte bancaire]\n"
                        "  - [grand âge, vieillesse]\n", encoding="utf-8")
    # Accents and plurals do not matter (« derive » is in « dérives »); an expression counts when one
    # file holds all its words; a source's title or address is not indexed text (« banque »).
    assert bridges.absent_groups(synonyms, content) == [
        ["escroc", "arnaqueur"], ["banque", "compte bancaire"], ["grand âge", "vieillesse"]]
    text, status = bridges.report(synonyms, content)
    assert status == 1
    assert "synonymes.yaml:4: [escroc, arnaqueur]  ABSENT" in text
    assert "papy : —" in text and "personne âgée : 1 fichier(s), dont fiches/x.md" in text


def test_the_report_passes_when_every_group_is_present(tmp_path):
    content = tmp_path / "content"
    (content / "data").mkdir(parents=True)
    (content / "data" / "contacts.yaml").write_text("contacts:\n  - name: Écoute des familles\n", encoding="utf-8")
    synonyms = tmp_path / "synonymes.yaml"
    synonyms.write_text("groupes:\n  - [maman, famille]\n", encoding="utf-8")
    text, status = bridges.report(synonyms, content)
    assert status == 0 and text.endswith("1 groupes, 0 sans mot du site.")
