"""The measurement of issue 21 (tools/search_bench/): the persona set, its one-time split into a
tuning half and a frozen half, the distress and no-rewrite sets, and the scoring of help and
suggestions. Checks of the data and of the scoring only: the figures themselves are tables of
`make bench` (`python tools/search_bench/bench.py --quality`), never asserted here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from search_bench import quality, split_personas

ROOT = Path(__file__).resolve().parents[1]
CONTACTS = ROOT / "content" / "data" / "contacts.yaml"


def _contact_ids() -> set[str]:
    return {str(c["id"]) for c in yaml.safe_load(CONTACTS.read_text(encoding="utf-8"))}


def test_persona_set_is_large_unique_and_covers_every_persona():
    cases = quality.load_cases(split_personas.MASTER)
    assert len(cases) >= 220
    assert len({c["q"] for c in cases}) == len(cases)
    personas = {c["persona"] for c in cases}
    assert {"parent", "victime", "jeune", "enseignant", "sante", "elu", "employeur", "famille"} <= personas
    assert sum(bool(re.search(r"\d", c["q"])) for c in cases) >= 20        # numbers as digits
    assert sum("'" in c["q"] for c in cases) >= 40                          # apostrophes


def test_persona_set_v2_is_large_balanced_new_and_written_before_any_run():
    cases = quality.load_cases(split_personas.MASTER_V2)
    assert len(cases) >= 200
    assert len({c["q"] for c in cases}) == len(cases)
    personas = [c["persona"] for c in cases]
    wanted = {"parent", "victime", "jeune", "enseignant", "sante", "elu", "employeur", "agent", "journaliste"}
    assert set(personas) == wanted
    assert min(personas.count(p) for p in wanted) >= 20                     # roughly balanced
    assert all(1 <= len(c["expected"]) <= 4 and len(set(c["expected"])) == len(c["expected"]) for c in cases)
    assert sum(bool(re.search(r"\d", c["q"])) for c in cases) >= 20        # numbers as digits
    assert not {c["q"] for c in cases} & {c["q"] for c in quality.load_cases(split_personas.MASTER)}
    assert "BEFORE any run of the search engine" in split_personas.MASTER_V2.read_text(encoding="utf-8")


def test_the_halves_are_the_seeded_split_of_each_persona_set():
    # Edited by hand, or a query moved between halves: the check fails (and names the tool).
    assert split_personas.main(["--check"]) == 0
    for _name, master_path, tuning_path, frozen_path, seed in split_personas.generations():
        master = {c["q"]: c["expected"] for c in quality.load_cases(master_path)}
        tuning = {c["q"]: c["expected"] for c in quality.load_cases(tuning_path)}
        frozen = {c["q"]: c["expected"] for c in quality.load_cases(frozen_path)}
        assert not set(tuning) & set(frozen)
        assert {**tuning, **frozen} == master
        assert min(len(tuning), len(frozen)) >= 100
        assert all(split_personas.half_of(q, seed) == "frozen" for q in frozen)
        assert all(split_personas.half_of(q, seed) == "tuning" for q in tuning)
    assert split_personas.SEED != split_personas.SEED_V2
    v2_frozen = split_personas.FROZEN_V2.read_text(encoding="utf-8")
    assert "NEVER TUNE ON IT" in v2_frozen and "NEVER USE THIS HALF FOR TUNING" in v2_frozen
    assert "RETIRED" in split_personas.FROZEN.read_text(encoding="utf-8")


def test_the_quality_tool_tunes_on_the_retired_half_and_freezes_the_v2_half_only():
    from search_bench import config

    assert quality.PERSONAS_TUNING == (split_personas.TUNING, split_personas.FROZEN, split_personas.TUNING_V2)
    assert quality.PERSONAS_FROZEN == split_personas.FROZEN_V2
    sets = dict(config.QUALITY_SETS)
    assert sets["personas-ajustement"] == quality.PERSONAS_TUNING
    assert sets["personas-gele"] == quality.PERSONAS_FROZEN
    tuning = quality.load_cases(quality.PERSONAS_TUNING)
    assert len(tuning) == sum(len(quality.load_cases(p)) for p in quality.PERSONAS_TUNING)
    frozen = {c["q"] for c in quality.load_cases(quality.PERSONAS_FROZEN)}
    assert frozen and not frozen & {c["q"] for c in tuning}


def test_the_split_depends_on_the_query_text_only():
    assert split_personas.half_of("mon fils est dans une secte") == split_personas.half_of("mon fils est dans une secte")
    halves = {split_personas.half_of(f"requête {i}") for i in range(20)}
    assert halves == {"tuning", "frozen"}


def test_split_check_fails_when_a_half_is_edited(tmp_path, monkeypatch):
    tuning, frozen = tmp_path / "t.yaml", tmp_path / "f.yaml"
    texts = split_personas.render()
    tuning.write_text(texts["tuning"], encoding="utf-8")
    frozen.write_text(texts["frozen"].replace("expected: [", "expected: [/fiches/emprise/, ", 1), encoding="utf-8")
    monkeypatch.setattr(split_personas, "TUNING", tuning)
    monkeypatch.setattr(split_personas, "FROZEN", frozen)
    monkeypatch.setattr(split_personas, "ROOT", tmp_path)
    assert split_personas.main(["--check"]) == 1


def test_split_check_fails_when_a_v2_half_is_edited(tmp_path, monkeypatch):
    tuning, frozen = tmp_path / "t2.yaml", tmp_path / "f2.yaml"
    texts = split_personas.render(split_personas.MASTER_V2, split_personas.SEED_V2, "v2")
    tuning.write_text(texts["tuning"], encoding="utf-8")
    frozen.write_text(texts["frozen"], encoding="utf-8")
    monkeypatch.setattr(split_personas, "TUNING_V2", tuning)
    monkeypatch.setattr(split_personas, "FROZEN_V2", frozen)
    assert split_personas.main(["--check"]) == 0
    frozen.write_text(texts["frozen"].replace("NEVER TUNE ON IT. ", "", 1), encoding="utf-8")
    assert split_personas.main(["--check"]) == 1


def test_every_expected_page_exists_in_the_built_site(real_site):
    aide = (real_site / "aide" / "index.html").read_text(encoding="utf-8")
    missing = []
    for path in (split_personas.MASTER, split_personas.MASTER_V2, quality.QUALITY_FILE, quality.HARD_FILE):
        for case in quality.load_cases(path):
            for url in case["expected"]:
                page, _, anchor = url.partition("#")
                if not (real_site / page.lstrip("/") / "index.html").is_file():
                    missing.append((case["q"], url))
                elif anchor and not re.search(r'id=["\']?%s["\'\s>]' % re.escape(anchor), aide):
                    missing.append((case["q"], url))
    assert missing == []


def test_distress_set_names_contacts_of_the_directory():
    cases = quality.load_distress()
    assert len(cases) >= 35
    assert len({c["q"] for c in cases}) == len(cases)
    ids = _contact_ids()
    assert all(c["contacts"] and set(c["contacts"]) <= ids for c in cases), \
        [c for c in cases if not set(c["contacts"]) <= ids]
    wanted = {"3114", "17", "114", "119", "3919"}
    assert wanted <= {i for c in cases for i in c["contacts"]}
    # The second distress set (written before any run) is loaded too, and repeats none of the first.
    first, second = quality.load_distress(quality.DISTRESS_FILE), quality.load_distress(quality.DISTRESS_V2_FILE)
    assert len(second) >= 15 and len(cases) == len(first) + len(second)
    assert not {c["q"] for c in first} & {c["q"] for c in second}
    # The held-out third set: never part of the tuning sets, valid contacts, no repeated query.
    held_out = quality.load_distress(quality.DISTRESS_FROZEN_FILE)
    assert len(held_out) >= 30 and all(c["contacts"] and set(c["contacts"]) <= ids for c in held_out)
    assert not {c["q"] for c in held_out} & {c["q"] for c in cases}


def test_no_rewrite_set_is_large_enough():
    cases = quality.load_no_rewrite()
    assert len(cases) >= 30
    assert len({c["q"] for c in cases}) == len(cases)


def test_distress_scoring_needs_every_expected_number_and_no_suggestion():
    cases = [{"q": "a", "contacts": ["3114"]}, {"q": "b", "contacts": ["3919", "17"]},
             {"q": "c", "contacts": ["119"]}]
    results = [{"help": ["3114", "17"], "suggestion": ""},
               {"help": ["3919"], "suggestion": ""},            # 17 missing
               {"help": ["119"], "suggestion": "autre chose"}]  # rewritten
    out = quality.evaluate_distress(cases, results)
    assert out["help"] == pytest.approx(2 / 3)
    assert out["no_suggestion"] == pytest.approx(2 / 3)
    assert [m[0] for m in out["misses"]] == ["b", "c"]


def test_figures_the_engine_cannot_give_are_not_available_rather_than_zero():
    cases = [{"q": "a", "contacts": ["3114"]}]
    out = quality.evaluate_distress(cases, [{"help": None, "suggestion": None}])
    assert out["help"] is None and out["no_suggestion"] is None and out["misses"] == []
    out = quality.evaluate_no_rewrite([{"q": "envie"}], [{"suggestion": None}])
    assert out["passed"] is None


def test_no_rewrite_scoring_counts_any_suggestion_as_a_failure():
    out = quality.evaluate_no_rewrite([{"q": "envie"}, {"q": "impôt"}],
                                      [{"suggestion": "envoi"}, {"suggestion": ""}])
    assert out["passed"] == 0.5 and out["misses"] == [("envie", "envoi")]


def test_the_frozen_half_misses_are_never_reported(real_site):
    figures = quality.measure_issue21(real_site / "search")
    assert figures["frozen"]["misses"] == [] and figures["distress_frozen"]["misses"] == []
    assert figures["distress_frozen"]["queries"] == len(quality.load_distress(quality.DISTRESS_FROZEN_FILE))
    assert figures["frozen"]["queries"] == len(quality.load_cases(quality.PERSONAS_FROZEN))
    assert 0.0 <= figures["tuning"]["recall"] <= 1.0
    assert figures["distress"]["queries"] >= 35


def test_every_distress_number_has_a_link_the_page_check_can_find():
    from search_bench import bench

    hrefs = bench.contact_hrefs()
    assert hrefs["3114"] == ["tel:3114"] and hrefs["114"] == ["sms:114"]
    wanted = {c for case in quality.load_distress() for c in case["contacts"]}
    assert all(hrefs.get(c) for c in wanted), [c for c in wanted if not hrefs.get(c)]
