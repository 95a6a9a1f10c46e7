"""Feedback on the forge: annotations on the editor's file and line, the French job summary with every
message, and the workflows (YAML valid, existing make targets, a fast content job apart from the tests)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

import check
import forge_report
from fixture_content import in_editor_form

WORKFLOWS = ROOT / ".github" / "workflows"


# --- annotations -----------------------------------------------------------------------------------

def test_annotation_of_a_located_message():
    line = forge_report.annotation("content/fiches/emprise.md:7: « santé » n’est pas un thème connu")
    assert line == "::error file=content/fiches/emprise.md,line=7::« santé » n’est pas un thème connu"
    assert forge_report.annotation("content/a.md:1: conseil", "warning").startswith("::warning file=")


def test_annotation_escapes_what_the_workflow_syntax_reads():
    line = forge_report.annotation("content/fiches/a,b:c.md:3: 100 % sûr\nsuite\r::error::faux")
    assert line == "::error file=content/fiches/a%2Cb%3Ac.md,line=3::100 %25 sûr%0Asuite%0D::error::faux"
    assert "\n" not in line
    assert forge_report.annotation("message sans fichier") == "::error::message sans fichier"


def test_summary_lists_every_message_untruncated_and_inert():
    errors = [f"content/fiches/f{i}.md:{i + 1}: erreur n° {i}" for i in range(25)]
    hostile = "content/fiches/x.md:2: source « <img src=https://evil.example/x> [lien](https://evil.example) »"
    text = forge_report.summary("Vérification du contenu : 26 erreur(s)", errors + [hostile],
                                ["content/fiches/y.md:4: texte de 100 mots"], ["content/z.md:5: à revérifier"])
    for i in range(25):
        assert f"ligne {i + 1} : erreur n° {i}" in text
    assert "### Erreurs (26)" in text and "### Recommandations (1)" in text and "### À revérifier (1)" in text
    assert "<img" not in text and "](" not in text and "&lt;img" in text
    assert text.count("\n- ") == 28


def test_summary_is_appended_to_the_job_summary_file(tmp_path, monkeypatch):
    target = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    assert forge_report.write_summary("un\n") and forge_report.write_summary("deux\n")
    assert target.read_text(encoding="utf-8") == "un\ndeux\n"
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    assert forge_report.write_summary("trois\n") is False


@pytest.fixture
def content(tmp_path) -> Path:
    root = tmp_path / "content"
    for sub in ("fiches", "pages"):
        (root / sub).mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "data", root / "data")
    return root


def page(name: str, *extra: str) -> str:
    return in_editor_form("\n".join(["---", f"title: {name}", "summary: Une phrase.", "date: 2026-11-28", *extra,
                                      "---", "Texte."]) + "\n")


def test_make_check_in_github_mode_annotates_every_error_and_summarizes_all(content, capsys, tmp_path,
                                                                              monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for i in range(12):  # more than the forge keeps as annotations (10 per step)
        (content / "fiches" / f"faute-{i:02d}.md").write_text(page(f"F{i}", "themes: [inconnu]"), encoding="utf-8")
    (content / "fiches" / "juste.md").write_text(page("Juste"), encoding="utf-8")
    assert check.main(["--content", str(content), "--github"]) == 1
    out = capsys.readouterr().out
    errors = re.findall(r"^::error file=(.+?),line=(\d+)::(.*)$", out, re.M)
    assert len(errors) == 12 and all(line == "5" and "« inconnu » n’est pas un thème connu" in text
                                     for _path, line, text in errors)
    assert re.search(r"^::warning file=.*juste\.md,line=1::aucune source", out, re.M)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Vérification du contenu : 12 erreur\\(s\\)")
    assert text.count("n’est pas un thème connu") == 12 and "### Recommandations" in text


def test_without_github_mode_nothing_is_written_for_the_forge(content, capsys, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (content / "fiches" / "faute.md").write_text(page("F", "themes: [inconnu]"), encoding="utf-8")
    assert check.main(["--content", str(content)]) == 1
    assert "::error" not in capsys.readouterr().out and not summary.exists()


# --- workflows -------------------------------------------------------------------------------------

def makefile_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def workflows() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(WORKFLOWS.glob("*.y*ml"))}


def test_every_workflow_is_valid_and_calls_existing_make_targets():
    found = workflows()
    assert "site.yml" in found
    targets = makefile_targets()
    for name, workflow in found.items():
        assert isinstance(workflow, dict) and workflow.get("jobs"), name
        assert workflow.get("on", workflow.get(True)), name  # YAML 1.1 reads the key `on` as true
        for job_name, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                assert "run" in step or "uses" in step, (name, job_name, step)
                for target in re.findall(r"\bmake\s+(?:-\S+\s+)*([\w-]+)", step.get("run", "")):
                    assert target in targets, (name, job_name, target)
                if "uses" in step and not step["uses"].startswith(("./", "docker://")):
                    # a released version (major, or exact) or a full commit: never a moving branch
                    assert re.match(r"^[\w.-]+/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$", step["uses"]), step["uses"]


def steps_of(job: dict) -> list[str]:
    return [s.get("run", s.get("uses", "")) for s in job["steps"]]


def test_fast_content_job_checks_then_builds_apart_from_the_tests():
    workflow = workflows()["site.yml"]
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    content = jobs["contenu"]
    runs = [s["run"] for s in content["steps"] if "run" in s]
    assert runs.index("make check") < runs.index("make html PDF=0")
    assert not any("make test" in r for r in runs) and "needs" not in content
    assert content["timeout-minutes"] <= 10
    assert "make test" in [s.get("run") for s in jobs["tests"]["steps"]]
    build = jobs["construire"]
    assert set(build["needs"]) == {"contenu", "tests"} and "refs/heads/main" in build["if"]
    assert "make publish" in steps_of(build) and build["permissions"] == {"contents": "read"}
    deploy = jobs["deployer"]
    assert any(u.startswith("actions/deploy-pages@") for u in steps_of(deploy))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    # The preview is built by its own read-only workflow (preview.yml), published by apercu-publier.yml.
    preview = workflows()["preview.yml"]["jobs"]["construire"]
    assert "make html PDF=0" in steps_of(preview)


def test_the_build_honours_the_preview_address():
    import build

    assert build.preview_overrides({"APERCU_SITEURL": "https://apercu.example/site/pr-12/"}) == \
        {"SITEURL": "https://apercu.example/site/pr-12"}
    assert build.preview_overrides({"APERCU_SITEURL": ""}) == {} and build.preview_overrides({}) == {}


# --- pull-request template, code owners, dependency updates ---------------------------------------------

def test_pull_request_template_has_the_content_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    for needle in ("base de faits", "CHECK", "sources", "review_by", "aperçu"):
        assert any(needle in box for box in boxes), needle


def test_code_owners_cover_content_and_the_rest():
    rules = [line.split() for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    patterns = {rule[0] for rule in rules}
    assert {"*", "/content/", "/.github/"} <= patterns
    assert all(len(rule) >= 2 and all(owner.startswith("@") for owner in rule[1:]) for rule in rules)


def test_dependency_updates_for_actions_npm_and_pip():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert watched == {("github-actions", "/"), ("docker", "/deploy/ci"), ("npm", "/"), ("npm", "/admin"), ("pip", "/")}
    assert all(u["schedule"]["interval"] for u in config["updates"])
    assert all(u["cooldown"]["default-days"] >= 3 for u in config["updates"])  # fresh releases wait
    # Every watched folder holds the file the updates will change.
    files = {"pip": "requirements.txt", "npm": "package-lock.json", "docker": "Dockerfile"}
    for ecosystem, folder in watched - {("github-actions", "/")}:
        assert (ROOT / folder.lstrip("/") / files[ecosystem]).is_file(), (ecosystem, folder)


def test_the_build_in_github_mode_annotates_its_errors_and_summarizes_them(tmp_path, monkeypatch, capsys):
    import build

    monkeypatch.chdir(ROOT)  # build.main moves there; restored after the test
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("APERCU_SITEURL", "https://apercu.example/site/pr-3/")
    seen = {}

    def fake_build(settings, output, overrides=None, report=None):
        seen.update(overrides or {})
        return ["content/fiches/a.md:6: l’ancre « #x » n’existe pas dans « b.md »", "erreur sans fichier"]

    monkeypatch.setattr(build, "build", fake_build)
    assert build.main(["--github", "--output", str(tmp_path / "out")]) == 1
    out = capsys.readouterr().out
    assert "::error file=content/fiches/a.md,line=6::l’ancre « #x » n’existe pas" in out
    assert "::error::erreur sans fichier" in out
    assert seen == {"SITEURL": "https://apercu.example/site/pr-3"}
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Construction du site : 2 erreur\\(s\\)") and "ligne 6" in text
