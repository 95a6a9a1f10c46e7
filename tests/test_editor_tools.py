"""Editors' tools: `make check`, `make new`, the CI workflow and CONTRIBUTING.md."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

import check
import new
from fixture_content import in_editor_form
from format_content import layout_errors

from plugins.common.rules.frontmatter import parse
from plugins.common.rules.schema import load_taxonomies, validate


def page(title: str, body: str = "Texte.", *extra: str) -> str:
    return in_editor_form("\n".join(["---", f"title: {title}", "summary: Une phrase.", "date: 2026-11-28", *extra,
                                      "---", body]) + "\n")


@pytest.fixture
def content(tmp_path) -> Path:
    root = tmp_path / "content"
    for sub in ("fiches", "prevention", "rapports", "pages", "pdfs"):
        (root / sub).mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "data", root / "data")
    (root / "fiches" / "emprise.md").write_text(page("Emprise", "## Que faire ?\n\nTexte."), encoding="utf-8")
    return root


# --- make check ------------------------------------------------------------------------------------

def test_check_passes_on_valid_content_and_lists_pages_to_review(content, capsys):
    # published before its review date (make check refuses a review date before publication)
    (content / "fiches" / "ancienne.md").write_text(page("Ancienne", "Texte.", "review_by: 2026-01-01")
                                                    .replace("date: 2026-11-28", "date: 2025-01-02"), encoding="utf-8")
    code = check.main(["--content", str(content), "--today", "2026-11-28"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Contenu vérifié : 2 fichier(s), aucune erreur." in out.out
    assert re.search(r"fiches/ancienne\.md:5: à revérifier depuis le 1er janvier 2026", out.out)
    reviews = out.out.split("À revérifier")[1].split("Recommandations")[0]
    assert "ancienne.md" in reviews and "emprise.md" not in reviews


def test_check_fails_with_french_messages_on_the_right_line(content, capsys):
    (content / "fiches" / "faute.md").write_text(page("Faute", "Texte.", "themes: [santé]"), encoding="utf-8")
    (content / "fiches" / "ancre.md").write_text(page("Ancre", "Voir :\n\n[x](emprise.md#que-fair)"),
                                                 encoding="utf-8")
    (content / "prevention" / "latin1.md").write_bytes(page("Été", "Texte accentué.").encode("latin-1"))
    code = check.main(["--content", str(content)])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(r"fiches/faute\.md:5: « santé » n’est pas un thème connu \(vouliez-vous dire « sante » \?\)",
                     err)
    assert re.search(r"fiches/ancre\.md:9: l’ancre « #que-fair » n’existe pas", err)
    assert re.search(r"prevention/latin1\.md:2: le fichier n’est pas encodé en UTF-8", err)
    assert "Could not process" not in err  # Pelican's English line is redundant here


def test_check_writes_github_annotations_in_ci(content, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    (content / "fiches" / "faute.md").write_text(page("Faute", "Texte.", "sumary: x"), encoding="utf-8")
    assert check.main(["--content", str(content)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^::error file=.*content/fiches/faute\.md,line=5::champ inconnu « sumary »", out, re.M)


def test_make_check_runs_the_same_checks_from_the_makefile(content):
    (content / "fiches" / "vide.md").write_text("", encoding="utf-8")
    run = subprocess.run([sys.executable, "tools/check.py", "--content", str(content)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert "fiches/vide.md:1: le fichier est vide" in run.stderr
    assert re.search(r"^check: .*\n\t\$\(PY\) tools/check\.py", (ROOT / "Makefile").read_text(), re.M)


# --- make new -------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, folder", [("fiche", "fiches"), ("prevention", "prevention"),
                                          ("rapport", "rapports"), ("page", "pages")])
def test_new_creates_a_file_that_only_lacks_its_text(content, kind, folder):
    path = new.create(kind, "Qu’est-ce qu’une « fiche » d’été ?", content, today=dt.date(2026, 11, 28))
    assert path == content / folder / "qu-est-ce-qu-une-fiche-d-ete.md"
    doc = parse(path.read_bytes(), str(path))
    assert doc.metadata["title"] == "Qu’est-ce qu’une « fiche » d’été ?"
    assert doc.metadata["date"] == "2026-11-28"
    result = check.run_checks(content=str(content))
    mine = [e for e in result.errors if "qu-est-ce-qu-une-fiche-d-ete.md" in e]
    assert len(mine) == 2 and all("provisoire" in e for e in mine), result.errors
    assert layout_errors(content) == []  # written in the editor's form: make check accepts its layout
    assert result.errors == mine
    # Once the editor has written the summary and the text, the file is publishable.
    text = path.read_text(encoding="utf-8")
    text = text.replace("Résumez ici la page en une ou deux phrases simples.", "Un vrai résumé.")
    text = re.sub(r"Rédigez ici [^\n]*", "Le vrai texte de la page.", text)
    path.write_text(text, encoding="utf-8")
    assert check.run_checks(content=str(content)).errors == []


HOSTILE_TITLES = ['Le "vrai" coût : 5 $ par mois', "$(rm -rf /) `id` ${HOME} l'emprise", "- # & * ! | > % @ ` ?",
                  "yes", "123", "Qu’est-ce que « l’emprise » ? [note] {x}"]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_new_writes_any_title_exactly(content, title):
    path = new.create("fiche", title, content, today=dt.date(2026, 11, 28))
    meta = parse(path.read_bytes(), str(path)).metadata
    assert meta["title"] == title and isinstance(meta["title"], str)


def test_new_file_is_a_draft_and_its_optional_fields_are_shown_not_written(content, capsys):
    assert new.main(["fiche", "Essai", "--content", str(content)]) == 0
    path = content / "fiches" / "essai.md"
    text = path.read_text(encoding="utf-8")
    meta = parse(path.read_bytes(), str(path)).metadata
    assert meta["draft"] is True
    assert "sources" not in meta and "attachments" not in meta and "period" not in meta
    assert "#" not in text.split("---")[1] and "## Que faire ?" in text
    shown = capsys.readouterr().out
    assert "sources:" in shown and "themes:" in shown and "attachments:" not in shown
    # Pasting the example fields as they are shown: refused by the checks, on their lines.
    block = shown[shown.index("# Date de la dernière"):]
    path.write_text(text.replace("draft: true\n", "draft: true\n" + block, 1), encoding="utf-8")
    errors = [e for e in check.run_checks(content=str(content)).errors if "essai.md" in e]
    assert any("titre d’exemple" in e for e in errors) and any("adresse d’exemple" in e for e in errors), errors


def test_new_report_has_its_period_and_is_shown_its_attachments(content, capsys):
    path = new.create("rapport", "Rapport d’activité 2022-2024", content, today=dt.date(2026, 11, 28))
    meta = parse(path.read_bytes(), str(path)).metadata
    assert meta["period"] == "2022-2024"
    assert "## Chiffres clés" in path.read_text(encoding="utf-8")
    assert new.main(["rapport", "Synthèse annuelle", "--content", str(content)]) == 0
    other = content / "rapports" / "synthese-annuelle.md"
    assert "period" not in parse(other.read_bytes(), str(other)).metadata
    shown = capsys.readouterr().out
    assert "attachments:" in shown and 'period: "2022-2024"' in shown
    assert layout_errors(content) == []


def test_make_new_passes_the_title_through_the_environment(content):
    title = 'Le "vrai" $HOME `id` ; $(shell echo x) l\'emprise'
    env = {**os.environ, "NEW_CONTENT": str(content)}
    run = subprocess.run(["make", "-s", "-o", "deps", "new", f"PY={sys.executable}", "TYPE=fiche",
                          f"TITLE={title}"], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    created = next(p for p in (content / "fiches").glob("*.md") if p.name != "emprise.md")
    assert parse(created.read_bytes(), str(created)).metadata["title"] == title


def test_new_refuses_to_overwrite_or_to_reuse_an_address(content, capsys):
    with pytest.raises(ValueError, match="existe déjà"):
        new.create("fiche", "Emprise", content)
    with pytest.raises(ValueError, match="déjà utilisée par content/fiches/emprise.md"):
        new.create("page", "Emprise", content)
    assert new.main(["fiche", "Emprise", "--content", str(content)]) == 1
    assert "Rien n’a été créé" in capsys.readouterr().err
    assert (content / "fiches" / "emprise.md").read_text(encoding="utf-8").startswith("---\ntitle: \"Emprise\"")


def test_new_explains_a_wrong_type_or_a_missing_title(content):
    with pytest.raises(ValueError, match="TYPE=fiche, TYPE=prevention, TYPE=rapport ou TYPE=page"):
        new.create("article", "Titre", content)
    with pytest.raises(ValueError, match="titre manquant"):
        new.create("fiche", "  ", content)


# The CI workflows, the annotations and the job summary: tests/test_forge_feedback.py.


# --- CONTRIBUTING.md ------------------------------------------------------------------------------------

def test_contributing_example_message_is_the_real_one():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = re.search(r"```text\n(content/fiches/emprise\.md:7: .*)\n```", text).group(1)
    header = ["---", "title: T", "summary: S.", "date: 2026-11-28", "slug: emprise", "audiences: [familles]",
              "themes: [santé]", "---", "Texte."]
    doc = parse("\n".join(header).encode(), "content/fiches/emprise.md")
    errors = validate(doc, load_taxonomies(ROOT / "content" / "data" / "taxonomies.yaml"))
    assert [str(e) for e in errors] == [example]


def test_contributing_covers_the_editors_workflow():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in ("Proposer une modification", "pull request", "make check", "make serve", "apercu-du-site",
                   "CHECK", "[[contact:119]]", "review_by", "draft: true", "make new TYPE=fiche",
                   "Langage simple", "questions"):
        assert needle in text, needle
