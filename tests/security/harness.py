"""Hostile-content harness: build a fixture site in a child process under time and memory limits,
then parse every written page and list what could act on a reader.

Shared by every test in tests/security/ (one place, not copied). Each case runs in its own
process so that a resource bomb is stopped by the kernel (RLIMIT_AS) or the clock, not by luck,
and the test reports which limit it hit. The process is forked from a warm fork server
(tests/security/hostile_child.py: Pelican and the plugins loaded once per test worker) rather than
started from nothing: the same isolation, about 4 s less per case.
"""
from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from fixture_content import write_content

ROOT = Path(__file__).resolve().parents[2]
TIME_LIMIT_S = 60
MEMORY_LIMIT_BYTES = 2 * 1024 ** 3


@dataclass
class HostileBuild:
    errors: list[str]
    output: Path
    content: Path
    seconds: float
    max_rss_bytes: int
    timed_out: bool = False
    crashed: str = ""          # stderr tail when the child died without reporting
    findings: list[str] = field(default_factory=list)

    @property
    def built(self) -> bool:
        return not self.errors and not self.timed_out and not self.crashed


class _ForkServer:
    """tests/security/hostile_child.py in its own interpreter, started once per test worker (fixed
    hash seed, like a CI build); every case is a fork of it. Stopped when this process ends."""

    def __init__(self):
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": os.pathsep.join(
            str(p) for p in (ROOT, ROOT / "tools", ROOT / "tests", ROOT / "tests" / "security"))}
        self.process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("hostile_child.py"))],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        atexit.register(self.close)
        self._answer()  # ready: Pelican loaded, one build done

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"le serveur de constructions s’est arrêté (code {self.process.wait()})")
        return json.loads(line)

    def build(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._answer()  # the server answers once the child ended or was killed at the limit

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait()


_SERVER: _ForkServer | None = None


def build_hostile(base: Path, files: dict, symlinks: dict | None = None,
                  overrides: dict | None = None) -> HostileBuild:
    """Build {path under content/: text or bytes} (+ symlinks {path: target}) in a limited child."""
    global _SERVER
    content = write_content(base, files, symlinks)
    output = base / "output"
    log, report = base / "build.log", base / "build.json"
    if _SERVER is None or _SERVER.process.poll() is not None:
        _SERVER = _ForkServer()
    answer = _SERVER.build({"content": str(content), "output": str(output), "overrides": overrides or {},
                            "memory_limit": MEMORY_LIMIT_BYTES, "time_limit": TIME_LIMIT_S,
                            "log": str(log), "result": str(report)})
    seconds = answer["seconds"]
    if answer["timed_out"]:
        return HostileBuild([], output, content, seconds, 0, timed_out=True)
    if not report.is_file():
        tail = log.read_text("utf-8", "replace")[-3000:] if log.is_file() else ""
        return HostileBuild([], output, content, seconds, 0, crashed=tail or f"code {answer['exit']}")
    data = json.loads(report.read_text(encoding="utf-8"))
    result = HostileBuild(data["errors"], output, content, seconds, data["max_rss_bytes"])
    if not result.errors:
        result.findings = dangerous_findings(output)
    return result


_URL_ATTRS = ("href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "srcset")
_SAFE_SCHEMES = {"", "http", "https", "mailto", "tel", "sms"}


def dangerous_findings(output: Path, theme_inline_ok=None) -> list[str]:
    """Everything in output/ that could run code, redirect, or fetch from another host.

    Checked on a real HTML5 parse of every page (Lexbor), not with patterns:
    inline <script> bodies, on* attributes, javascript:/data:/vbscript: URLs, meta refresh,
    <base>, <object>/<embed>/<iframe>, foreign src (another host), any served file that is
    not a page, a theme file or a PDF whose bytes start with %PDF-, and any file off the list of
    what the build may write (`_on_allow_list`).
    """
    findings: list[str] = []
    for path in sorted(output.rglob("*")):
        if path.is_symlink():
            findings.append(f"{path.relative_to(output)}: lien symbolique publié")
            continue
        if not path.is_file():
            continue
        rel = path.relative_to(output).as_posix()
        suffix = path.suffix.lower()
        if suffix in {".html", ".htm", ".xhtml", ".svg", ".xml"} and not rel.startswith(("theme/", "search/")):
            if suffix == ".html":
                findings += [f"{rel}: {f}" for f in _page_findings(path.read_text("utf-8", "replace"))]
            elif suffix == ".svg":
                findings.append(f"{rel}: SVG publié hors du thème")
        elif rel.startswith("pdfs/") or suffix == ".pdf":
            if path.read_bytes()[:5] != b"%PDF-":
                findings.append(f"{rel}: fichier publié comme PDF sans en être un")
        elif suffix in {".js", ".mjs"} and not rel.startswith(("theme/", "search/", "admin/")):
            findings.append(f"{rel}: script publié hors du thème")
        if not _on_allow_list(rel, path):
            findings.append(f"{rel}: fichier publié hors de la liste autorisée")
    return findings


# What the build may write (issue 23): the theme, the search index, the web editor, pages, the
# files plugins write at known places, PDFs and their covers, raster images. Nothing else.
_WRITTEN = {"_headers", "robots.txt", "sitemap.xml", "404.html", "index.html"}
_IMAGE_MAGIC = {".png": b"\x89PNG", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".webp": b"RIFF"}


def _on_allow_list(rel: str, path: Path) -> bool:
    name = rel.rsplit("/", 1)[-1]
    suffix = path.suffix.lower()
    for compressed in (".gz", ".br"):
        if rel.endswith(compressed):
            rel, name, suffix = rel[:-len(compressed)], name[:-len(compressed)], Path(rel[:-len(compressed)]).suffix
    if rel.startswith(("theme/", "search/", "admin/")) or rel in _WRITTEN or name == "index.html":
        return True
    if rel.startswith("aide/") and suffix in {".json", ".csv"} or rel.startswith("feeds/") and suffix == ".xml":
        return True
    if rel.startswith("pdfs/covers/") and suffix in {".webp", ".png"}:
        return True
    if rel.startswith("pdfs/") and suffix == ".pdf":
        return True
    if rel.startswith("images/") and suffix in _IMAGE_MAGIC:
        return path.read_bytes()[:4].startswith(_IMAGE_MAGIC[suffix][:4])
    return False


def _page_findings(html: str) -> list[str]:
    tree = LexborHTMLParser(html)
    out = []
    for node in tree.css("script"):
        kind = (node.attributes.get("type") or "").lower()
        if not node.attributes.get("src") and kind not in {"application/ld+json", "application/json"}:
            out.append("script en ligne : " + (node.text() or "")[:80])
    for node in tree.css("meta"):
        if (node.attributes.get("http-equiv") or "").lower() == "refresh":
            out.append("meta refresh")
    for tag in ("base", "object", "embed", "iframe", "frame", "applet"):
        if tree.css_first(tag) is not None:
            out.append(f"élément <{tag}>")
    for node in tree.root.traverse() if tree.root else []:
        for name, value in (node.attributes or {}).items():
            lname = name.lower()
            if lname.startswith("on"):
                out.append(f"attribut {lname} sur <{node.tag}>")
            if lname == "style" and value and ("url(" in value.lower() or "expression" in value.lower()):
                out.append(f"style avec url() sur <{node.tag}>")
            if lname in _URL_ATTRS and value is not None:
                problem = _url_problem(lname, value)
                if problem:
                    out.append(f"{problem} dans {lname} de <{node.tag}> : {value[:80]}")
    return out


def _url_problem(attr: str, value: str) -> str:
    candidates = [part.strip().split(" ")[0] for part in value.split(",")] if attr == "srcset" else [value]
    for raw in candidates:
        # Browsers strip leading/trailing C0 controls and spaces, and drop tabs/newlines anywhere.
        url = "".join(ch for ch in raw.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                               "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                               "\x1d\x1e\x1f \t\n\r") if ch not in "\t\n\r")
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _SAFE_SCHEMES:
            return f"schéma {scheme!r}"
        fetches = attr != "href"
        if fetches and (parts.netloc or url.startswith(("//", "\\\\", "/\\", "\\/"))):
            host = parts.hostname or ""
            if host not in {"127.0.0.1", "localhost"}:
                return "ressource d’un autre hôte"
    return ""
