"""Recommendations: editorial advice that never fails the build (shared by plugins; not a plugin).

The strict build (tools/build.py) fails on any log record of level WARNING or above, so advice
cannot go through logging. Plugins hand `Recommendation`s to this collector instead; `make check`
(tools/check.py) and the build summary (tools/build.py) list them under « Recommandations »,
after the content is read, without changing the exit code.

Import it as `plugins.recommendations` everywhere (Pelican loads plugins as top-level packages:
this module must be one object for the plugins and for the tools).
"""
from __future__ import annotations

from dataclasses import dataclass

HEADING = "Recommandations"


@dataclass(frozen=True, order=True)
class Recommendation:
    """`fichier:ligne: conseil — comment faire`, in French; never an error."""
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


_COLLECTED: dict[Recommendation, None] = {}  # insertion-ordered set


def reset(*_args) -> None:
    """Start a build (connected to Pelican's `initialized` by the plugins that give advice)."""
    _COLLECTED.clear()


def add(recommendation: Recommendation) -> None:
    _COLLECTED[recommendation] = None


def collected() -> list[Recommendation]:
    """Every recommendation of the current build, sorted by file then line."""
    return sorted(_COLLECTED)


def summary_lines(recommendations: list[Recommendation]) -> list[str]:
    """The « Recommandations » block of the build and `make check` summaries ([] when none)."""
    if not recommendations:
        return []
    files = len({r.path for r in recommendations})
    return [f"{HEADING} ({len(recommendations)}, dans {files} fichier(s)) : conseils de rédaction, "
            "qui ne bloquent pas la publication."] + [f"  {r}" for r in recommendations]
