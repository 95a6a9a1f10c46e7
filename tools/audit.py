"""`make audit`: re-run the RGAA audit's evidence and print the conformity rate and the NC criteria.

Reads docs/rgaa/grille.yaml (plugins/accessibility_audit), runs every test the grid cites (pytest),
then prints the rate computed RGAA's way (C / (C + NC), NA excluded) and the list of non-conform
criteria. A cited test that fails turns the criteria it proves into NC (« régression ») and the
command exits with status 1: update the code or the grid, never the declaration by hand. A C or NA
result that cites no test (the evidence that tests the criterion, or proves its content absent) is
listed and also fails the command.

    python tools/audit.py            # run the evidence, then print the summary
    python tools/audit.py --no-run   # print what the grid states, without running the tests
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from repo_root import ROOT  # the repository root, importable

from plugins.accessibility_audit.core import GridError, load, missing_tests

GRID = ROOT / "docs" / "rgaa" / "grille.yaml"


def failed_tests(test_ids: list[str]) -> set[str] | None:
    """Run the cited tests; return the node ids (without parameters) that failed, None if pytest
    could not run them at all."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *test_ids]
        print("Tests cités par la grille :", len(test_ids), flush=True)
        subprocess.run(command, cwd=ROOT, check=False)
        if not report.is_file():
            return None
        failed = set()
        for case in ET.parse(report).iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                module = case.get("classname", "").replace(".", "/")
                failed.add(f"{module}.py::{case.get('name', '').split('[')[0]}")
        return failed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-run", action="store_true", help="ne pas relancer les tests")
    args = parser.parse_args(argv)
    try:
        audit = load(GRID)
    except (OSError, GridError) as exc:
        print(f"{GRID.relative_to(ROOT)} : grille inutilisable\n{exc}")
        return 2
    missing = missing_tests(audit.test_ids(), ROOT)
    if missing:
        print("Tests cités par la grille mais introuvables :\n  " + "\n  ".join(missing))
        return 2
    unproven = audit.missing_evidence()
    if unproven:
        titles = {p.id: p.title for p in audit.pages}
        print("Critères sans preuve testée (un C ou un NA doit citer le test qui le vérifie) :")
        for number, pages in unproven:
            print(f"  {number} : {', '.join(titles[p] for p in pages)}")
    regressions: dict[str, list[str]] = {}
    if not args.no_run:
        failed = failed_tests(audit.test_ids())
        if failed is None:
            print("pytest n’a pas pu s’exécuter : audit impossible.")
            return 2
        for criterion in audit.criteria:
            broken = sorted({t for r in criterion.results.values() if r.status == "C" for t in r.tests} & failed)
            if broken:
                regressions[criterion.number] = broken
    counts = {s: audit.count(s) for s in ("C", "NC", "NA")}
    nc = [c for c in audit.criteria if c.status == "NC" or c.number in regressions]
    conform = counts["C"] - sum(1 for c in audit.criteria if c.status == "C" and c.number in regressions)
    rate = 100.0 * conform / (conform + len(nc)) if conform + len(nc) else 0.0
    print()
    print(f"Audit RGAA 4.1 du {audit.date.isoformat()} — {len(audit.pages)} pages et documents, 106 critères")
    print(f"Conformes : {conform}   Non conformes : {len(nc)}   Non applicables : {counts['NA']}")
    print(f"Taux de conformité : {rate:.1f} % ({audit.state if not regressions else 'à revoir : régression'})")
    if nc:
        print("Critères non conformes :")
        titles = {p.id: p.title for p in audit.pages}
        for criterion in nc:
            if criterion.number in regressions:
                print(f"  {criterion.number} {criterion.title}\n      RÉGRESSION : {', '.join(regressions[criterion.number])}")
            else:
                pages = ", ".join(titles[p] for p in criterion.pages_with("NC"))
                print(f"  {criterion.number} {criterion.title}\n      {pages}")
    return 1 if regressions or unproven else 0


if __name__ == "__main__":
    sys.exit(main())
