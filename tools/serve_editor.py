"""What `make editer` (tools/serve.py --editeur) checks and starts besides the preview: the git
state decap-server needs, decap-server itself and its answer."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from repo_root import ROOT  # the repository root, importable

DECAP_SERVER = ROOT / "admin" / "node_modules" / "decap-server" / "dist" / "index.js"


def editor_problems(repo: Path, branch: str) -> list[str]:
    """What keeps decap-server (git mode: it checks out a branch per entry in `repo`) from working:
    each a French sentence saying what to do. `make editer` does not start while there is one."""
    def git(*args):
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    current = git("rev-parse", "--abbrev-ref", "HEAD")
    if current is None:
        return [f"{repo} n’est pas un dépôt git : l’éditeur enregistre chaque modification dans une branche git."]
    problems = []
    for key, variable, example in (("user.name", "GIT_AUTHOR_NAME", "Prénom Nom"),
                                   ("user.email", "GIT_AUTHOR_EMAIL", "prenom.nom@exemple.fr")):
        if not (git("config", key) or os.environ.get(variable)):
            problems.append(f"git ne connaît pas votre {'nom' if key == 'user.name' else 'adresse'} : chaque "
                            f"enregistrement en a besoin ; lancez « git config --global {key} \"{example}\" ».")
    if current != branch:
        problems.append(f"vous êtes sur la branche « {current} » : l’éditeur publie dans « {branch} » ; "
                        f"passez-y d’abord (git switch {branch}).")
    if git("status", "--porcelain"):
        problems.append("des fichiers modifiés ou nouveaux ne sont pas enregistrés dans git (voir « git status ») : "
                        "enregistrez-les (git commit) ou mettez-les de côté (git stash -u) avant d’utiliser "
                        "l’éditeur, qui change de branche à chaque page.")
    return problems


def on_branch(repo: Path, branch: str) -> bool:
    """True when `repo` has `branch` checked out (decap-server is not working on a draft's branch)."""
    done = subprocess.run(["git", "symbolic-ref", "--quiet", "--short", "HEAD"], cwd=repo,
                          capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.strip() == branch


def backend_problem(process: subprocess.Popen, port: int, timeout: float = 30.0) -> str:
    """'' once decap-server answers on 127.0.0.1:`port`; else what went wrong, in French."""
    import time
    import urllib.error
    import urllib.request
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return (f"le serveur local de l’éditeur (decap-server) s’est arrêté au démarrage (code "
                    f"{process.returncode}) : le port {port} vient peut-être d’être pris par un autre "
                    "programme ; relancez « make editer ». Si cela recommence : « make admin-deps ».")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return ""
        except urllib.error.HTTPError:
            return ""  # it answers
        except OSError:
            time.sleep(0.2)
    return (f"le serveur local de l’éditeur (decap-server) ne répond pas sur le port {port} après "
            f"{int(timeout)} s : arrêtez « make editer » (Ctrl+C) et relancez-le.")


def start_decap_server(port: int, repo: Path) -> subprocess.Popen:
    """decap-server on 127.0.0.1:`port`, in git mode on `repo` (the folder that holds content/)."""
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port), "BIND_HOST": "127.0.0.1",
           "MODE": "git"}
    return subprocess.Popen(["node", str(DECAP_SERVER)], env=env)
