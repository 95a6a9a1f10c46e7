"""The team's fact base, read for the content checks (shared by plugins; not a plugin).

The fact base (`facts.md`, kept beside the repository, not in it) lists every fact the site may
publish with its sources, and marks **CHECK** what must not be published. Two content rules need
it (plugins/content_schema/rules.py, plugins/contacts): a source that is a site's home page (or a
folder above a page) when the fact base gives the precise page of that site, and a penalty given
« jusqu'à N ans » when N is not the highest tier the fact base establishes for that article.

Where: the folder named by the FACT_BASE_DIR setting or environment variable, else `shared/` beside
the repository (or beside the folder holding it: git worktrees). Absent (a contributor's
checkout without it), the rules that need it are skipped; CI has it.

Pure core: `parse(text)` -> FactIndex; `locate` and `load` only find and read the file.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

FACTS_NAME = "facts.md"
ROOT = Path(__file__).resolve().parents[1]

# A host (« anfh.fr », « www.miviludes.interieur.gouv.fr »), optionally with a scheme and a path, as
# the fact base writes its sources; never the domain of an e-mail address.
_ADDRESS = re.compile(r"(?<![\w@.\-/])(https?://)?((?:[a-z0-9][a-z0-9-]*\.)+(?:fr|org|com|net|info|eu))"
                      r"(/[^\s\];|)]*)?", re.I)
_ARTICLE = re.compile(r"\bart(?:icle|\.)\s+(\d+(?:-\d+)+)")
_PENALTY = re.compile(r"(\d+) years? and €")
# A parenthesis marking a penalty or a tier CHECK: « (The 7-year tier: **CHECK**.) ».
_CHECKED_PENALTY = re.compile(r"\(([^()]*\*\*CHECK\*\*[^()]*)\)")
_PENALTY_WORDS = re.compile(r"\b(?:tier|penalt|years?\b)", re.I)


@dataclass(frozen=True)
class FactIndex:
    # host without « www. » -> precise page addresses the fact base gives for it (file order)
    pages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # hosts the fact base gives as a bare domain only (no precise page)
    domains: frozenset[str] = frozenset()
    # article (« 223-15-2 ») -> prison years of its tiers, without CHECK
    tiers: dict[str, frozenset[int]] = field(default_factory=dict)
    # articles for which the fact base marks a (heavier) penalty CHECK
    uncertain: frozenset[str] = frozenset()

    def precise_pages(self, url: str) -> tuple[str, ...]:
        """The fact base's precise pages when `url` is the home page of their site, or a folder
        above them (https://prefectures-regions.gouv.fr/ile-de-france); () otherwise."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return ()
        host = _host(parts.hostname or "")
        if host not in self.pages or parts.query or parts.fragment:
            return ()
        folder = _segments(parts.path)
        under = tuple(page for page in self.pages[host]
                      if len(_segments(urlsplit(page).path)) > len(folder)
                      and _segments(urlsplit(page).path)[:len(folder)] == folder)
        return under

    def knows_domain_only(self, url: str) -> bool:
        """The fact base names this address's site without giving any of its pages."""
        try:
            return _host(urlsplit(url.strip()).hostname or "") in self.domains
        except ValueError:
            return False

    def highest_tier(self, article: str) -> int | None:
        years = self.tiers.get(article)
        return max(years) if years else None


def _host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _segments(path: str) -> tuple[str, ...]:
    return tuple(s for s in unquote(path).split("/") if s)


def _bullets(text: str) -> list[str]:
    """Top-level and nested bullets, each with its continuation lines."""
    items: list[str] = []
    for line in text.splitlines():
        if re.match(r"^\s*- ", line):
            items.append(line.strip()[2:])
        elif items and line.startswith("  ") and line.strip():
            items[-1] += " " + line.strip()
    return items


def _without_check(item: str) -> str:
    """A bullet without what it marks CHECK (parentheses, then the sentence holding CHECK)."""
    item = _CHECKED_PENALTY.sub(" ", item)
    return re.sub(r"[^.;:]*\*\*CHECK\*\*[^.]*\.?", " ", item)


def parse(text: str) -> FactIndex:
    """The source addresses and the penalty tiers of a fact base (facts.md text)."""
    pages: dict[str, list[str]] = {}
    hosts: set[str] = set()
    for match in _ADDRESS.finditer(text):
        scheme, host, path = match.group(1) or "https://", match.group(2), (match.group(3) or "")
        path = path.rstrip(".,:")
        key = _host(host)
        hosts.add(key)
        if _segments(path) or "?" in path:
            address = f"{scheme.lower()}{host.lower()}{path}"
            if address not in pages.setdefault(key, []):
                pages[key].append(address)
    tiers: dict[str, set[int]] = {}
    uncertain: set[str] = set()
    for item in _bullets(text):
        articles = _ARTICLE.findall(item)
        if not articles:
            continue
        years = {int(y) for y in _PENALTY.findall(_without_check(item))}
        checked = any(_PENALTY_WORDS.search(p) for p in _CHECKED_PENALTY.findall(item))
        for article in articles if years else ():
            tiers.setdefault(article, set()).update(years)
            if checked:
                uncertain.add(article)
    return FactIndex(pages={h: tuple(p) for h, p in pages.items()},
                     domains=frozenset(hosts - set(pages)),
                     tiers={a: frozenset(y) for a, y in tiers.items()},
                     uncertain=frozenset(uncertain))


def locate(folder: str | os.PathLike | None = None) -> Path | None:
    """facts.md in `folder`, else in $FACT_BASE_DIR, else in shared/ beside the repository (or
    beside the folder holding it); None when absent."""
    candidates = [Path(p) for p in (folder, os.environ.get("FACT_BASE_DIR")) if p]
    candidates += [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    for candidate in candidates:
        if (candidate / FACTS_NAME).is_file():
            return candidate / FACTS_NAME
    return None


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> FactIndex:
    return parse(Path(path).read_text(encoding="utf-8"))


def load(folder: str | os.PathLike | None = None) -> FactIndex | None:
    """The fact base's index, or None when it is not there (the rules that need it are skipped)."""
    path = locate(folder)
    if path is None:
        return None
    return _load(str(path), path.stat().st_mtime)
