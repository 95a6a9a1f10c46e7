"""The pull-request preview (.github/workflows/preview.yml and tools/apercu.sh), without the forge:
the workflow parses and uses only make targets, settings and scripts that exist; the publishing
script is run for real against a local bare git repository standing for the forge.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "preview.yml"
SCRIPT = ROOT / "tools" / "apercu.sh"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def runs(workflow, job: str) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow, job))


def test_triggers_and_permissions(workflow):
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert set(on) == {"pull_request"}
    assert set(on["pull_request"]["types"]) == {"opened", "synchronize", "reopened", "closed"}
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert "pull_request.number" in workflow["concurrency"]["group"]
    assert "closed" in workflow["jobs"]["publier"]["if"] and "!=" in workflow["jobs"]["publier"]["if"]
    assert "== 'closed'" in workflow["jobs"]["retirer"]["if"]
    for job in ("publier", "retirer"):  # forks: no token that can write, no preview
        assert "head.repo.full_name == github.repository" in workflow["jobs"][job]["if"]


def test_the_build_uses_make_html_pdf_0_with_the_preview_settings(workflow):
    build = next(s for s in steps(workflow, "publier") if "make " in s.get("run", ""))
    assert build["run"].strip() == "make html PDF=0"
    assert set(build["env"]) == {"MIVILUDES_SITEURL", "MIVILUDES_NOINDEX"}
    assert build["env"]["MIVILUDES_NOINDEX"] == "1"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^html:", makefile, re.M) and "PDF ?= 1" in makefile and "--settings pelicanconf.py" in makefile
    # Those variables are the ones pelicanconf.py reads (in a child: settings are read at import).
    code = "import pelicanconf as c; print(repr((c.SITEURL, c.SEO_NOINDEX, c.PRINTABLE_PDFS)))"
    env = {**os.environ, "MIVILUDES_SITEURL": "https://org.github.io/site/apercu/pr-7/",
           "MIVILUDES_NOINDEX": "1", "PDF": "0"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr(("https://org.github.io/site/apercu/pr-7", True, False))
    env = {k: v for k, v in os.environ.items() if k not in ("MIVILUDES_SITEURL", "MIVILUDES_NOINDEX", "PDF")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr(("", False, True))  # the development build is unchanged


def test_the_preview_address_ends_with_its_own_sub_path(workflow, tmp_path):
    step = next(s for s in steps(workflow, "publier") if s.get("id") == "adresse")
    build = next(s for s in steps(workflow, "publier") if "make " in s.get("run", ""))
    assert build["env"]["MIVILUDES_SITEURL"] == "${{ steps.adresse.outputs.url }}"

    def address(depot, apercu_depot="", apercu_url=""):
        output = tmp_path / "github_output"
        output.write_text("")
        env = {"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(output), "NUMERO": "12", "DEPOT": depot,
               "APERCU_DEPOT": apercu_depot, "APERCU_URL": apercu_url}
        subprocess.run(["bash", "-e", "-c", step["run"]], env=env, check=True)
        return output.read_text().strip()
    assert address("Miviludes/site") == "url=https://miviludes.github.io/site/apercu/pr-12"
    assert address("Miviludes/site", "miviludes/apercus") == "url=https://miviludes.github.io/apercus/apercu/pr-12"
    assert address("m/site", "", "https://apercus.example.fr/") == "url=https://apercus.example.fr/apercu/pr-12"
    assert address("m/m.github.io") == "url=https://m.github.io/apercu/pr-12"


def test_publish_remove_and_comment_steps(workflow):
    assert 'tools/apercu.sh publier "$NUMERO" output' in runs(workflow, "publier")
    assert 'tools/apercu.sh retirer "$NUMERO"' in runs(workflow, "retirer")
    assert SCRIPT.is_file() and os.access(SCRIPT, os.X_OK)
    uses = [s["uses"] for job in workflow["jobs"] for s in steps(workflow, job) if "uses" in s]
    assert {"actions/checkout@v4", "actions/setup-node@v4", "actions/github-script@v7"} >= set(uses)
    comments = [s for job in workflow["jobs"] for s in steps(workflow, job) if s.get("uses", "").startswith("actions/github-script")]
    assert len(comments) == 2
    for step in comments:  # one comment per pull request, found by its marker and updated
        script = step["with"]["script"]
        assert "<!-- apercu-du-site -->" in script and "updateComment" in script
    assert "createComment" in comments[0]["with"]["script"] and "process.env.APERCU" in comments[0]["with"]["script"]


# ---------------------------------------------------------------------------------------------
# tools/apercu.sh against a local « forge » (a bare repository)

def git(cwd, *args) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def forge(tmp_path):
    """A bare « forge » repository with a main branch, and a clone of it (the workflow's checkout)."""
    bare, clone = tmp_path / "forge.git", tmp_path / "clone"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    (clone / "README.md").write_text("site\n")
    git(clone, "add", "README.md")
    git(clone, "commit", "-q", "-m", "init")
    git(clone, "push", "-q", "origin", "HEAD:main")
    return bare, clone


def site(tmp_path, name: str, text: str) -> Path:
    out = tmp_path / name
    (out / "fiches").mkdir(parents=True)
    (out / "index.html").write_text(text)
    (out / "fiches" / "index.html").write_text(text + " fiches")
    return out


def publish(clone, *args, env=None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    environment.pop("GITHUB_ACTIONS", None)
    return subprocess.run([str(SCRIPT), *args], cwd=clone, env=environment, capture_output=True, text=True)


def tree(bare) -> dict[str, str]:
    names = git(bare, "ls-tree", "-r", "--name-only", "gh-pages").split()
    return {n: git(bare, "show", f"gh-pages:{n}") for n in names}


def test_apercu_sh_publishes_updates_and_removes_each_pull_request_in_its_folder(forge, tmp_path):
    bare, clone = forge
    assert publish(clone, "publier", "12", str(site(tmp_path, "a", "v1"))).returncode == 0
    assert publish(clone, "publier", "13", str(site(tmp_path, "b", "autre"))).returncode == 0
    stale = site(tmp_path, "c", "v2")
    assert publish(clone, "publier", "12", str(stale)).returncode == 0
    files = tree(bare)
    assert files == {".nojekyll": "", "robots.txt": "User-agent: *\nDisallow: /\n",
                     "apercu/pr-12/index.html": "v2", "apercu/pr-12/fiches/index.html": "v2 fiches",
                     "apercu/pr-13/index.html": "autre", "apercu/pr-13/fiches/index.html": "autre fiches"}
    (stale / "fiches" / "index.html").unlink()  # a page removed by the pull request leaves its preview
    assert publish(clone, "publier", "12", str(stale)).returncode == 0
    assert "apercu/pr-12/fiches/index.html" not in tree(bare)
    result = publish(clone, "retirer", "12")
    assert result.returncode == 0, result.stderr
    assert sorted(tree(bare)) == [".nojekyll", "apercu/pr-13/fiches/index.html", "apercu/pr-13/index.html",
                                  "robots.txt"]
    assert "main" in git(bare, "branch") and git(clone, "worktree", "list").count("\n") == 1  # no leftovers
    assert publish(clone, "retirer", "12").returncode == 0  # already removed: nothing to do


def test_apercu_sh_refuses_bad_arguments(forge, tmp_path):
    _bare, clone = forge
    for args in (["publier", "12; rm -rf /", str(tmp_path)], ["effacer", "12"], ["publier", "12", str(tmp_path / "absent")]):
        result = publish(clone, *args)
        assert result.returncode != 0 and result.stderr.strip()
