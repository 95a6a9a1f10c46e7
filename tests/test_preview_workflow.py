"""The pull-request preview without the forge: preview.yml builds read-only, apercu-publier.yml (main's
code, workflow_run) publishes the artifact, apercu-menage.yml prunes closed pull requests; the
publishing script tools/apercu.sh is run for real against a local bare git repository standing for
the preview repository.
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
SCRIPT = ROOT / "tools" / "apercu.sh"


BUILD = ROOT / ".github" / "workflows" / "preview.yml"
PUBLISH = ROOT / ".github" / "workflows" / "apercu-publier.yml"
PRUNE = ROOT / ".github" / "workflows" / "apercu-menage.yml"


def load(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def on(workflow) -> dict:
    return workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true


def steps(workflow, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def runs(workflow, job: str) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow, job))


def test_build_on_pull_request_read_only_then_publish_from_main():
    build, publish, prune = load(BUILD), load(PUBLISH), load(PRUNE)
    assert set(on(build)) == {"pull_request"} and "closed" not in on(build)["pull_request"]["types"]
    assert build["permissions"] == {"contents": "read"}
    assert build["jobs"]["construire"]["permissions"] == {"contents": "read"}
    assert "secrets." not in BUILD.read_text(encoding="utf-8")
    assert set(on(publish)) == {"workflow_run"} and on(publish)["workflow_run"]["types"] == ["completed"]
    assert publish["permissions"] == {} and publish["jobs"]["publier"]["environment"] == "apercu"
    assert set(on(prune)) >= {"schedule"} and prune["jobs"]["elaguer"]["environment"] == "apercu"
    assert 'tools/apercu.sh elaguer "${numeros[@]}"' in runs(prune, "elaguer")


def test_the_build_uses_make_html_pdf_0_with_the_preview_settings():
    workflow = load(BUILD)
    build = next(s for s in steps(workflow, "construire") if "make " in s.get("run", ""))
    assert build["run"].strip() == "make html PDF=0"
    assert set(build["env"]) == {"MIVILUDES_SITEURL", "MIVILUDES_NOINDEX"}
    assert build["env"]["MIVILUDES_NOINDEX"] == "1"
    assert build["env"]["MIVILUDES_SITEURL"] == "${{ steps.adresse.outputs.url }}"
    upload = next(s for s in steps(workflow, "construire") if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "apercu-du-site" and upload["with"]["path"].rstrip("/") == "output"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^html:", makefile, re.M) and "PDF ?= 1" in makefile and "--settings pelicanconf.py" in makefile
    # Those variables are the ones pelicanconf.py reads (in a child: settings are read at import).
    code = "import pelicanconf as c; print(repr((c.SITEURL, c.SEO_NOINDEX, c.PRINTABLE_PDFS)))"
    env = {**os.environ, "MIVILUDES_SITEURL": "https://apercus.example.fr/apercu/pr-7/",
           "MIVILUDES_NOINDEX": "1", "PDF": "0"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr(("https://apercus.example.fr/apercu/pr-7", True, False))
    env = {k: v for k, v in os.environ.items() if k not in ("MIVILUDES_SITEURL", "MIVILUDES_NOINDEX", "PDF")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == repr(("", False, True))  # the development build is unchanged


def script(*args, env=None) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ["PATH"], **(env or {})}
    return subprocess.run([str(SCRIPT), *args], env=environment, capture_output=True, text=True)


def test_one_preview_address_scheme_for_the_build_and_the_publication():
    for path, job in ((BUILD, "construire"), (PUBLISH, "publier")):
        assert 'tools/apercu.sh adresse "$NUMERO"' in runs(load(path), job)
    assert script("adresse", "12", env={"APERCU_URL": "https://apercus.example.fr/"}).stdout == \
        "https://apercus.example.fr/apercu/pr-12\n"
    assert script("adresse", "12", env={"APERCU_URL": "https://m.github.io/apercus"}).stdout == \
        "https://m.github.io/apercus/apercu/pr-12\n"
    assert script("adresse", "12").returncode != 0  # no default address that could share the site's origin
    assert script("adresse", "1;x", env={"APERCU_URL": "https://a.example"}).returncode == 2


def test_the_publication_fails_when_previews_share_the_site_origin():
    step = next(s for s in steps(load(PUBLISH), "publier") if s.get("id") == "adresse")
    assert "origine-distincte" in step["run"] and "PAGES_URL" in step["env"]
    site = "https://www.miviludes.interieur.gouv.fr"
    same = ("https://WWW.miviludes.interieur.gouv.fr:443/apercus", "https://www.miviludes.interieur.gouv.fr")
    for url in same:
        result = script("origine-distincte", site, env={"APERCU_URL": url})
        assert result.returncode == 1 and "même origine" in result.stderr
    result = script("origine-distincte", site, "https://miviludes.github.io", env={"APERCU_URL": "https://miviludes.github.io/apercus"})
    assert result.returncode == 1  # the Pages origin of the production repository
    assert script("origine-distincte", site, "https://miviludes.github.io",
                  env={"APERCU_URL": "https://miviludes-apercus.github.io"}).returncode == 0
    assert script("origine-distincte", site).returncode == 1  # APERCU_URL unset


def test_publish_remove_and_comment_steps():
    workflow = load(PUBLISH)
    text = runs(workflow, "publier")
    assert 'tools/apercu.sh publier "$NUMERO" "$DOSSIER"' in text and 'tools/apercu.sh retirer "$NUMERO"' in text
    assert SCRIPT.is_file() and os.access(SCRIPT, os.X_OK)
    download = next(s for s in steps(workflow, "publier") if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert "conclusion == 'success'" in download["if"]
    condition = workflow["jobs"]["publier"]["if"]  # a cancelled build (superseded) removes nothing
    assert "conclusion == 'success' || github.event.workflow_run.conclusion == 'failure'" in condition
    comment = next(s for s in steps(workflow, "publier") if s.get("uses", "").startswith("actions/github-script@"))
    body = comment["with"]["script"]
    assert "<!-- apercu-du-site -->" in body and "updateComment" in body and "createComment" in body
    assert "process.env.NUMERO" in body  # the number comes from the event, not from the artifact


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
    environment = {**os.environ, "APERCU_REMOTE": str(clone.parent / "forge.git"), **(env or {})}
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


def test_apercu_sh_prunes_the_previews_of_closed_pull_requests(forge, tmp_path):
    bare, clone = forge
    for number in ("3", "4", "5"):
        assert publish(clone, "publier", number, str(site(tmp_path, number, number))).returncode == 0
    result = publish(clone, "elaguer", "4", "9")
    assert result.returncode == 0, result.stderr
    assert sorted(tree(bare)) == [".nojekyll", "apercu/pr-4/fiches/index.html", "apercu/pr-4/index.html", "robots.txt"]
    assert publish(clone, "elaguer", "4; rm -rf /").returncode == 2


def test_apercu_sh_treats_the_artifact_as_data(forge, tmp_path):
    bare, clone = forge
    secret = tmp_path / "secret.txt"
    secret.write_text("jeton")
    linked = site(tmp_path, "a", "v1")
    (linked / "vol.txt").symlink_to(secret)
    result = publish(clone, "publier", "12", str(linked))
    assert result.returncode == 1 and "lien symbolique" in result.stderr
    hidden = site(tmp_path, "b", "v1")
    (hidden / "sous" / ".git").mkdir(parents=True)
    assert "entrée .git" in publish(clone, "publier", "12", str(hidden)).stderr
    big = site(tmp_path, "c", "v1")
    (big / "gros.bin").write_bytes(b"x" * 5000)
    assert "dépasse" in publish(clone, "publier", "12", str(big), env={"APERCU_TAILLE_MAX": "4000"}).stderr
    assert "gh-pages" not in git(bare, "branch")  # nothing was pushed


def test_apercu_sh_keeps_the_token_out_of_argv_and_git_config(forge, tmp_path):
    """The token reaches git through the credential helper: a fake git records its arguments."""
    _bare, clone = forge
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "argv.log"
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True).stdout.strip()
    (fake / "git").write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {real} "$@"\n')
    (fake / "git").chmod(0o755)
    env = {"PATH": f"{fake}:{os.environ['PATH']}", "APERCU_JETON": "jeton-tres-secret-123"}
    assert publish(clone, "publier", "12", str(site(tmp_path, "a", "v1")), env=env).returncode == 0
    assert "jeton-tres-secret-123" not in log.read_text() and "credential.helper" in log.read_text()
