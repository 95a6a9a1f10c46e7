"""The forge's workflows (.github/): linted, schema-checked, and held to the publishing rules.

- actionlint (its shellcheck pass included), check-jsonschema with its vendored schemas (no network),
  shellcheck on every `run:` block and every shell script;
- a job that runs the branch's code (pull_request, pull_request_review, push) has no write permission,
  no secret, no token in its environment; every checkout drops its credentials; every action is pinned
  by a full commit with its version in a comment; every container image by digest.
The rules are pure functions over the parsed workflow, also run on bad samples (they can fail).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
BIN = Path(sys.executable).parent
# Events whose runs execute the code of a branch someone proposed (or pushed).
BRANCH_CODE_EVENTS = {"pull_request", "pull_request_review", "pull_request_review_comment", "push",
                      "merge_group"}
PINNED = re.compile(r"^\s*-?\s*uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40})\s+#\s*v\d+(\.\d+)*\s*$")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)


def tool(name: str) -> str:
    path = BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} absent : lancez « make test » (requirements.lock l’installe dans .venv)")
    return found


def triggers(workflow: dict) -> set[str]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    if isinstance(on, str):
        return {on}
    return set(on or ())


def permissions(workflow: dict, job: dict) -> dict:
    value = job.get("permissions", workflow.get("permissions"))
    if value is None:
        return {"*": "write"}  # the repository default may be read-write: never rely on it
    if value == "write-all":
        return {"*": "write"}
    if value == "read-all":
        return {"*": "read"}
    return dict(value or {})


def runs_branch_code(workflow: dict, job: dict) -> bool:
    """The job executes files of the triggering branch: a branch-code event and a checkout."""
    if not triggers(workflow) & BRANCH_CODE_EVENTS:
        return False
    return any(str(step.get("uses", "")).startswith("actions/checkout@") for step in job.get("steps", []))


def violations(workflow: dict, text: str) -> list[str]:
    """Every rule this workflow breaks, as French lines."""
    out = []
    if "pull_request_target" in triggers(workflow):
        out.append("pull_request_target : le code d’une copie s’exécuterait avec les droits du dépôt")
    for line in text.splitlines():
        if re.match(r"^\s*-?\s*uses:", line) and "uses: ./" not in line and not PINNED.match(line):
            out.append(f"action non fixée par empreinte de commit (avec « # vX.Y » en commentaire) : {line.strip()}")
    for name, job in (workflow.get("jobs") or {}).items():
        job_text = yaml.safe_dump(job, allow_unicode=True)
        image = job.get("container")
        image = image.get("image") if isinstance(image, dict) else image
        if image and not re.search(r"@sha256:[0-9a-f]{64}$", str(image)):
            out.append(f"{name} : image de conteneur sans empreinte : {image}")
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                if (step.get("with") or {}).get("persist-credentials") is not False:
                    out.append(f"{name} : actions/checkout sans persist-credentials: false")
                if triggers(workflow) & {"workflow_run", "schedule"} and "ref" in (step.get("with") or {}):
                    out.append(f"{name} : checkout d’une autre référence que main dans un flux privilégié")
        if runs_branch_code(workflow, job):
            writes = [scope for scope, level in permissions(workflow, job).items() if level == "write"]
            if writes:
                out.append(f"{name} exécute le code de la branche avec un droit d’écriture : {', '.join(writes)}")
            if "secrets." in job_text or "github.token" in job_text or "GITHUB_TOKEN" in job_text:
                out.append(f"{name} exécute le code de la branche avec un secret ou le jeton à portée")
            if "environment" in job:
                out.append(f"{name} exécute le code de la branche dans un environnement (et ses secrets)")
        writes = [scope for scope, level in permissions(workflow, job).items() if level == "write"]
        if {"pages", "id-token"} & set(writes) and any("run" in s for s in job.get("steps", [])):
            out.append(f"{name} : la tâche de déploiement exécute des commandes (elle ne doit que déployer)")
    return out


def load(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text), text


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_workflow_follows_the_publishing_rules(path):
    workflow, text = load(path)
    assert violations(workflow, text) == []


def test_the_rules_catch_a_pull_request_job_that_could_push_or_steal_a_secret():
    text = """
on: [pull_request]
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    container: python:3.11-bookworm
    steps:
      - uses: actions/checkout@v4
      - run: make html
        env:
          JETON: ${{ secrets.APERCU_JETON }}
"""
    found = violations(yaml.safe_load(text), text)
    assert any("droit d’écriture : contents" in v for v in found)
    assert any("secret" in v for v in found)
    assert any("persist-credentials" in v for v in found)
    assert any("empreinte de commit" in v for v in found)
    assert any("image de conteneur sans empreinte" in v for v in found)
    # no permissions block at all: the repository default could be read-write
    text = text.replace("permissions:\n  contents: write\n", "").replace("${{ secrets.APERCU_JETON }}", "x")
    assert any("droit d’écriture : *" in v for v in violations(yaml.safe_load(text), text))
    text = "on: [pull_request_target]\npermissions: {}\njobs: {}\n"
    assert violations(yaml.safe_load(text), text)


def test_the_rules_catch_a_deploy_job_that_runs_commands():
    text = """
on: {push: {branches: [main]}}
permissions: {}
jobs:
  deploy:
    runs-on: ubuntu-latest
    permissions: {pages: write, id-token: write}
    steps:
      - run: npm ci
"""
    assert any("déploiement" in v for v in violations(yaml.safe_load(text), text))


def test_pull_request_jobs_are_read_only_and_the_privileged_ones_run_main():
    found = {p.name: load(p)[0] for p in WORKFLOWS}
    branch_jobs = [(n, j) for n, w in found.items() for j, job in w["jobs"].items() if runs_branch_code(w, job)]
    assert ("preview.yml", "construire") in branch_jobs and ("site.yml", "tests") in branch_jobs
    publish = found["apercu-publier.yml"]
    assert triggers(publish) == {"workflow_run"}
    assert publish.get("on", publish.get(True))["workflow_run"]["workflows"] == [found["preview.yml"]["name"]]
    job = publish["jobs"]["publier"]
    assert job["environment"] == "apercu" and "pull_requests[0].number" in job["env"]["NUMERO"]
    assert "head_repository.full_name == github.repository" in job["if"] and "dependabot" in job["if"]
    assert "contents" not in job["permissions"]  # the site's repository is never written
    assert "dependabot" in found["preview.yml"]["jobs"]["construire"]["if"]
    site = found["site.yml"]["jobs"]
    assert site["deployer"]["concurrency"]["cancel-in-progress"] is False
    assert site["deployer"]["needs"] == "construire" and "uses" in site["deployer"]["steps"][0]
    assert site["construire"]["permissions"] == {"contents": "read"}
    assert any(str(s.get("uses", "")).startswith("actions/upload-pages-artifact@") for s in site["construire"]["steps"])
    assert "pull_request" in found["site.yml"]["concurrency"]["cancel-in-progress"]  # main never cancelled


def test_container_images_match_the_pinned_dockerfile():
    digest = re.search(r"^FROM\s+(\S+)", (ROOT / "deploy" / "ci" / "Dockerfile").read_text(), re.M).group(1)
    assert re.fullmatch(r"python:3\.11-bookworm@sha256:[0-9a-f]{64}", digest)
    for path in WORKFLOWS:
        for job in load(path)[0]["jobs"].values():
            if job.get("container"):
                assert job["container"] == digest, (path.name, "copiez l’empreinte de deploy/ci/Dockerfile")


def test_actionlint_finds_nothing():
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # its shellcheck pass
    result = subprocess.run([tool("actionlint"), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("schema,files", [
    ("vendor.github-workflows", WORKFLOWS),
    ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
])
def test_check_jsonschema_with_the_vendored_schemas(schema, files):
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def run_blocks() -> list[tuple[str, str]]:
    out = []
    for path in WORKFLOWS:
        workflow = load(path)[0]
        for job_name, job in workflow["jobs"].items():
            for index, step in enumerate(job.get("steps", [])):
                if "run" in step:
                    out.append((f"{path.name}:{job_name}:{index}", step["run"]))
    return out


def shell_scripts() -> list[Path]:
    found = [p for p in sorted((ROOT / "tools").rglob("*.sh"))]
    found += [p for p in (ROOT / ".ci").glob("*") if p.is_file() and p.read_text(errors="replace").startswith("#!")
              and "sh" in p.read_text(errors="replace").splitlines()[0]]
    return found


def test_shellcheck_on_every_run_block_and_script(tmp_path):
    blocks = run_blocks()
    assert len(blocks) >= 8
    files = []
    for index, (where, script) in enumerate(blocks):
        # ${{ … }} is replaced by the runner before bash reads the script: a plain word here.
        body = EXPRESSION.sub("EXPRESSION", script)
        target = tmp_path / f"run-{index}.sh"
        target.write_text(f"#!/usr/bin/env bash\n# {where}\nset -eo pipefail\n{body}\n", encoding="utf-8")
        files.append(target)
    scripts = shell_scripts()
    assert ROOT / "tools" / "apercu.sh" in scripts
    result = subprocess.run([tool("shellcheck"), "--severity=style", "--format=gcc", *map(str, files + scripts)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_ruleset_protects_main_without_bypass():
    ruleset = json.loads((GITHUB / "rulesets" / "main.json").read_text(encoding="utf-8"))
    assert ruleset["enforcement"] == "active" and ruleset["bypass_actors"] == []
    assert ruleset["conditions"]["ref_name"]["include"] == ["~DEFAULT_BRANCH"]
    rules = {rule["type"]: rule.get("parameters", {}) for rule in ruleset["rules"]}
    assert {"deletion", "non_fast_forward", "pull_request", "required_status_checks"} <= set(rules)
    review = rules["pull_request"]
    assert review["required_approving_review_count"] >= 1
    assert review["require_code_owner_review"] and review["dismiss_stale_reviews_on_push"]
    assert review["require_last_push_approval"]
    checks = {c["context"] for c in rules["required_status_checks"]["required_status_checks"]}
    jobs = {job.get("name") for p in WORKFLOWS for job in load(p)[0]["jobs"].values()}
    assert {"Contenu", "Tests", "Relectures"} == checks and checks <= jobs  # names the forge reports
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "gh api" in contributing and ".github/rulesets/main.json" in contributing


def test_contacts_need_two_approvals():
    """The directory and the distress list (which numbers a person in danger sees) need the numbers
    team (one CODEOWNERS rule each: the last matching rule wins, a second one would silently replace
    it) and two approvals on the last version."""
    workflow = load(GITHUB / "workflows" / "relectures.yml")[0]
    script = workflow["jobs"]["relectures"]["steps"][0]["with"]["script"]
    assert "NEEDED = 2" in script and "pr.head.sha" in script
    owners = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8")
    for path in ("content/data/contacts.yaml", "content/data/detresse.yaml"):
        assert f"'{path}'" in script
        rules = re.findall(rf"^/{re.escape(path)}\s+(.+)$", owners, re.M)
        assert len(rules) == 1 and "@miviludes/annuaire" in rules[0].split(), rules


# ---------------------------------------------------------------- supply chain outside .github/

def pins(text: str) -> dict[str, str]:
    return {re.sub(r"[-_.]+", "-", m.group(1)).lower(): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s\\\\]+)", text, re.M)}


def test_the_hashed_lock_has_exactly_the_pins_of_requirements_txt():
    wanted = pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert pins(lock) == wanted, "requirements.lock ne correspond plus à requirements.txt : lancez « make lock »"
    body = "\n".join(line for line in lock.splitlines() if not line.lstrip().startswith("#"))
    blocks = [b for b in re.split(r"\n(?=[A-Za-z0-9])", body) if b.strip()]
    assert len(blocks) == len(wanted)
    for block in blocks:  # every pin carries at least one sha256
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", block), block.splitlines()[0]
    assert "--find-links" not in lock and "--index-url" not in lock  # nothing of this machine


def test_installs_require_hashes_and_skip_npm_install_scripts():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes --no-deps -r requirements.lock" in makefile
    assert re.search(r"^\$\(VENV\)/\.installed: requirements\.lock$", makefile, re.M)
    npm = re.findall(r"^\tnpm ci\b.*$", makefile, re.M)
    assert len(npm) == 2 and all("--ignore-scripts" in line for line in npm)
    assert re.search(r"^lock:", makefile, re.M) and "--generate-hashes" in makefile
