"""Feedback on the forge (GitHub Actions): annotations on the editor's file and line, and a French
summary of every message in the job summary.

Used by `make check` (tools/check.py) and the build (tools/build.py) with `--github`, or when the
environment variable GITHUB_ACTIONS is "true". The forge keeps only the first 10 error (and 10
warning) annotations of a step: the job summary ($GITHUB_STEP_SUMMARY) lists them all, untruncated.

Messages come from content (titles, file names): untrusted. Annotations are escaped as the
workflow-command syntax requires; the summary (Markdown) escapes every Markdown and HTML character.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

_LOCATED = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+): (?P<text>.*)$", re.S)


def github_mode(flag: bool = False) -> bool:
    return flag or os.environ.get("GITHUB_ACTIONS") == "true"


def split_message(message: str) -> tuple[str, int, str] | None:
    """`fichier:ligne: texte` -> (fichier, ligne, texte); None for a message without a place."""
    match = _LOCATED.match(str(message))
    if not match:
        return None
    return match.group("path"), int(match.group("line")), match.group("text")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(message: str, kind: str = "error") -> str:
    """One workflow command: `::error file=…,line=…::texte` (`kind`: error or warning)."""
    located = split_message(message)
    if located is None:
        return f"::{kind}::{_escape_data(str(message))}"
    path, line, text = located
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return f"::{kind} file={_escape_property(path)},line={line}::{_escape_data(text)}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def markdown_text(text: str) -> str:
    """Plain text shown as is in GitHub Markdown (no link, image, HTML or formatting)."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return " ".join(text.split())  # one list item per message


def _item(message) -> str:
    located = split_message(str(message))
    if located is None:
        return f"- {markdown_text(message)}"
    path, line, text = located
    return f"- **{markdown_text(path)}**, ligne {line} : {markdown_text(text)}"


def summary(title: str, errors: Iterable, recommendations: Iterable = (), reminders: Iterable = (),
            reminders_title: str = "À revérifier") -> str:
    """The French Markdown summary of one step: every error, every recommendation, every reminder."""
    errors, recommendations, reminders = list(errors), list(recommendations), list(reminders)
    lines = [f"## {markdown_text(title)}", ""]
    if errors:
        lines += [f"**{len(errors)} erreur(s) à corriger** : la publication est bloquée tant qu’elles "
                  "sont là. Chaque ligne donne le fichier, la ligne, le problème et comment le corriger.",
                  "", f"### Erreurs ({len(errors)})", ""] + [_item(e) for e in errors] + [""]
    else:
        lines += ["Aucune erreur.", ""]
    if recommendations:
        lines += [f"### Recommandations ({len(recommendations)})", "",
                  "Des conseils de rédaction : ils ne bloquent pas la publication.", ""]
        lines += [_item(r) for r in recommendations] + [""]
    if reminders:
        lines += [f"### {markdown_text(reminders_title)} ({len(reminders)})", ""]
        lines += [_item(r) for r in reminders] + [""]
    return "\n".join(lines) + "\n"


def annotations(errors: Iterable, recommendations: Iterable = ()) -> list[str]:
    return [annotation(str(e), "error") for e in errors] + \
        [annotation(str(r), "warning") for r in recommendations]


def write_summary(text: str, path: str | None = None) -> bool:
    """Append to the job summary file ($GITHUB_STEP_SUMMARY); False when there is none."""
    target = path or os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    with open(Path(target), "a", encoding="utf-8") as fh:
        fh.write(text)
    return True


def report(title: str, errors, recommendations=(), reminders=(), stream=None,
           reminders_title: str = "À revérifier") -> None:
    """Print the annotations to `stream` (stdout) and append the summary, as the forge expects."""
    import sys

    stream = stream or sys.stdout
    for line in annotations(errors, recommendations):
        print(line, file=stream)
    write_summary(summary(title, errors, recommendations, reminders, reminders_title))
