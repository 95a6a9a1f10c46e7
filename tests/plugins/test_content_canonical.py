"""plugins/common/rules/canonical.py: the one form of a content file, written by the web editor
(editeur.js follows the same rules) and by `make format` (tools/format_content.py)."""
from __future__ import annotations


from format_content import format_folder
from plugins.common.rules.canonical import canonical_file, canonical_problem, canonical_text
from plugins.common.rules.frontmatter import parse

MESSY = """---
related: [emprise, indicateurs]
title: 'L’emprise'
summary: >-
  Une phrase
  sur deux lignes.
date: 2026-11-28
draft: false
contacts: [3114, "119"]
sources:
  - url: https://exemple.fr/page
    title: Une source
sources_note: ~
---



Un paragraphe.

[[contact:3114]]
"""


def test_the_canonical_form_orders_quotes_and_keeps_lists_on_one_line():
    text = canonical_file(MESSY.encode(), "content/fiches/x.md")
    assert text == ('---\ntitle: "L’emprise"\nsummary: "Une phrase sur deux lignes."\ndate: 2026-11-28\n'
                    'sources:\n  - title: "Une source"\n    url: "https://exemple.fr/page"\n'
                    'related: ["emprise", "indicateurs"]\ncontacts: [3114, "119"]\n---\n\n'
                    'Un paragraphe.\n\n[[contact:3114]]\n')
    # Same content, read again; and the form is stable.
    before, after = parse(MESSY.encode(), "a"), parse(text.encode(), "a")
    assert {k: v for k, v in before.metadata.items() if v not in (None, False)} == after.metadata
    assert canonical_file(text.encode()) == text and canonical_problem(text.encode()) is None
    assert "make format" in canonical_problem(MESSY.encode())


def test_texts_are_escaped_and_a_changed_sentence_is_a_changed_line():
    data = {"title": 'Un "titre"\tavec\\tout', "summary": "a: b # c", "date": "2026-11-28",
            "updated": "pas une date", "sources": []}
    text = canonical_text(data, "Ligne 1.\nLigne 2.\n")
    assert 'title: "Un \\"titre\\"\\tavec\\\\tout"' in text and 'updated: "pas une date"' in text
    assert "sources: []" in text  # « no source on purpose » is kept
    assert parse(text.encode(), "a").metadata["title"] == data["title"]
    changed = canonical_text({**data, "summary": "Autre résumé."}, "Ligne 1.\nLigne 2.\n")
    assert sum(a != b for a, b in zip(text.splitlines(), changed.splitlines())) == 1


def test_make_format_rewrites_only_the_layout(tmp_path):
    content = tmp_path / "content"
    (content / "fiches").mkdir(parents=True)
    (content / "fiches" / "x.md").write_text(MESSY, encoding="utf-8")
    (content / "fiches" / "casse.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    assert format_folder(content, check=True)[0] == ["content/fiches/x.md"]
    changed, skipped = format_folder(content)
    assert changed == ["content/fiches/x.md"] and len(skipped) == 1 and "casse.md" in skipped[0]
    assert format_folder(content, check=True)[0] == []
    assert (content / "fiches" / "casse.md").read_text(encoding="utf-8") == "---\ntitle: [\n---\n"


def test_make_check_refuses_a_file_not_in_the_editor_form_at_its_first_different_line(tmp_path, capsys):
    """An error (not a recommendation): `make check` fails, names the file and the first line that
    differs from the editor's form, and says how to fix it (make format, or one save in the editor)."""
    import shutil

    import check
    from format_content import layout_errors
    from repo_root import ROOT
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "data", content / "data")
    good = canonical_file(MESSY.encode("utf-8"))
    (content / "pages" / "x.md").write_text(good, encoding="utf-8")
    assert layout_errors(content) == []
    # One field written by hand without quotes, line 3: refused there.
    lines = good.splitlines(keepends=True)
    assert lines[2].startswith('summary: "')
    lines[2] = "summary: Une phrase sur deux lignes.\n"
    (content / "pages" / "x.md").write_text("".join(lines), encoding="utf-8")
    errors = layout_errors(content)
    assert len(errors) == 1 and errors[0].startswith("content/pages/x.md:3: le fichier n’est pas écrit sous la forme")
    assert "make format" in errors[0] and "éditeur en ligne" in errors[0]
    assert check.main(["--content", str(content)]) == 1
    assert "content/pages/x.md:3: le fichier n’est pas écrit sous la forme" in capsys.readouterr().err
    format_folder(content)
    assert layout_errors(content) == []


def test_the_real_content_is_in_the_editor_form():
    from format_content import layout_errors
    from repo_root import ROOT
    assert layout_errors(ROOT / "content") == []
