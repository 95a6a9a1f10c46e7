"""Where the words of each synonym group occur in the site's content (issue 21, « more bridges »).

A synonym group of ``content/data/synonymes.yaml`` is a bridge from the words a visitor types to
the words the pages use. A group is useful only when at least one of its entries is a *site word*:
an entry some content file holds (same analysis as the search: accents, plurals and conjugations
do not matter; an expression counts when one file holds all its words). A group none of whose
entries the content uses bridges nothing by itself (related.bridged_groups then borrows the groups
that share one of its words, one step).

``python tools/search_bench/bridges.py [--all]`` prints, for each group, its line, every entry with
the number of content files holding it and the first of them, and flags (« ABSENT ») the groups
whose words the site never uses; an entry held by many files is a wide bridge (it pulls many
pages: measure with ``bench.py --quality``). Exit status 1 when a group is absent.
``tests/test_search_bridges.py`` requires every group to be present.

The content read: every Markdown file under content/ (title, summary and body: what the index
reads of a page, sources left out) and content/data/contacts.yaml (the contacts are documents of
the index); web addresses are left out. Measurement code: it lives here, never in the plugin.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from plugins.search_index import analyzer, related  # noqa: E402

CONTENT = ROOT / "content"
SYNONYMS = CONTENT / "data" / "synonymes.yaml"
INDEXED_DATA = ("data/contacts.yaml",)  # data files whose text is indexed (contacts are documents)
WIDE_SHARE = 0.5  # an entry held by this share of the files or more is shown as a wide bridge


def content_files(content: Path = CONTENT) -> list[Path]:
    """The content files whose text the search indexes, sorted."""
    files = sorted(p for p in content.rglob("*.md") if p.is_file() and not p.is_symlink())
    files += [content / name for name in INDEXED_DATA if (content / name).is_file()]
    return files


_URL = re.compile(r"\bhttps?://\S+|\]\([^)]*\)")


def indexed_text(path: Path) -> str:
    """The text of a content file the index reads: a Markdown file's title, summary and body (not
    its sources or other front matter), a data file whole; addresses left out (« banquedesterritoires »
    in a source's address is no word of the page)."""
    import yaml

    text = Path(path).read_text(encoding="utf-8")
    if path.suffix == ".md" and text.startswith("---"):
        _start, front, body = text.split("---", 2) if text.count("---") >= 2 else ("", "", text)
        meta = yaml.safe_load(front) or {}
        text = " ".join(str(meta.get(key) or "") for key in ("title", "summary")) + " " + body
    return _URL.sub(" ", text)


def vocabulary(files, root: Path = CONTENT) -> dict[str, set[str]]:
    """{index term: {file names relative to ``root``}} of the files' indexed text."""
    where: dict[str, set[str]] = defaultdict(set)
    for path in files:
        name = str(Path(path).relative_to(root)) if Path(path).is_relative_to(root) else str(path)
        for term in set(analyzer.analyze(indexed_text(Path(path)))):
            where[term].add(name)
    return where


def entry_files(entry: str, where: dict[str, set[str]]) -> set[str]:
    """The files holding an entry: a word (any of its terms), an expression (all its words in one file)."""
    found: set[str] | None = None
    for token in analyzer.tokenize(entry):
        terms = analyzer.word_terms(token)
        if not terms:
            continue  # a stop word inside an expression
        files = set().union(*(where.get(t, set()) for t in terms))
        found = files if found is None else found & files
    return found or set()


def presence(groups, where: dict[str, set[str]]) -> list[dict]:
    """One row per group: {"group", "entries": [(entry, sorted files)], "present": bool}."""
    rows = []
    for group in groups:
        entries = [(entry, sorted(entry_files(entry, where))) for entry in group]
        rows.append({"group": list(group), "entries": entries, "present": any(files for _e, files in entries)})
    return rows


def absent_groups(synonyms: Path = SYNONYMS, content: Path = CONTENT) -> list[list[str]]:
    """The groups of the synonym file none of whose entries the content uses."""
    groups, errors = related.load_synonyms(synonyms)
    if errors:
        raise ValueError("; ".join(errors))
    return [row["group"] for row in presence(groups, vocabulary(content_files(content), content))
            if not row["present"]]


def _lines(synonyms: Path) -> list[int]:
    """The line of each group in the file (groups are one per line, as the file's header asks)."""
    return [i + 1 for i, line in enumerate(synonyms.read_text(encoding="utf-8").splitlines())
            if line.lstrip().startswith("- [")]


def report(synonyms: Path = SYNONYMS, content: Path = CONTENT, show_all: bool = True) -> tuple[str, int]:
    groups, errors = related.load_synonyms(synonyms)
    if errors:
        return "\n".join(errors), 1
    files_read = content_files(content)
    rows = presence(groups, vocabulary(files_read, content))
    lines = _lines(synonyms)
    out, absent = [], 0
    for i, row in enumerate(rows):
        line = lines[i] if i < len(lines) and len(lines) == len(rows) else "?"
        flag = "" if row["present"] else "  ABSENT : aucun de ces mots n’est employé par le site"
        absent += not row["present"]
        if not show_all and row["present"]:
            continue
        out.append(f"{synonyms.name}:{line}: [{', '.join(row['group'])}]{flag}")
        for entry, files in row["entries"]:
            if files:
                wide = "  (pont large)" if len(files) >= WIDE_SHARE * len(files_read) else ""
                out.append(f"    {entry} : {len(files)} fichier(s), dont {files[0]}{wide}")
            else:
                out.append(f"    {entry} : —")
    out.append(f"{len(rows)} groupes, {absent} sans mot du site.")
    return "\n".join(out), int(absent > 0)


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Où les mots de chaque groupe de synonymes sont employés par le site.")
    parser.add_argument("--absents", action="store_true", help="seulement les groupes sans mot du site")
    args = parser.parse_args(argv)
    text, status = report(show_all=not args.absents)
    print(text)
    return status


if __name__ == "__main__":  # python tools/search_bench/bridges.py [--absents]
    sys.exit(main())
