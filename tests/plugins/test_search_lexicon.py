"""plugins/search_index/lexicon.py's disk cache (SEARCH_LEXICON_CACHE): the French filters and
frequencies derived from wordfreq are computed once, then read back, identical; a stale or damaged
file is only a cache miss. (What the filters answer: tests/plugins/test_search_honesty.py.)

Run: .venv/bin/python -m pytest tests/plugins/test_search_lexicon.py -q -p no:xdist
"""
from __future__ import annotations

import pickle

import pytest

from plugins.search_index import lexicon


@pytest.fixture(scope="module")
def computed():
    """The filters and frequencies computed from wordfreq, as a build without the cache does."""
    saved = dict(lexicon._FILTERS)
    lexicon._FILTERS.clear()
    try:
        yield lexicon.french_filters(), lexicon._zipf_by_term()
    finally:
        lexicon._FILTERS.clear()
        lexicon._FILTERS.update(saved)


@pytest.fixture
def fresh(monkeypatch):
    """This process's memo emptied for one test (restored afterwards)."""
    monkeypatch.setattr(lexicon, "_FILTERS", {})


def test_computed_then_kept_on_disk(tmp_path, computed, fresh):
    lexicon.load_cached(tmp_path)
    files = list(tmp_path.glob("lexicon-*.pickle"))
    assert len(files) == 1
    assert lexicon._FILTERS["fr"] == computed[0]
    assert lexicon._FILTERS["zipf"] == computed[1]
    assert pickle.loads(files[0].read_bytes()) == computed


def test_read_back_without_wordfreq(tmp_path, computed, monkeypatch):
    monkeypatch.setattr(lexicon, "_FILTERS", {})
    lexicon.load_cached(tmp_path)  # writes the file
    monkeypatch.setattr(lexicon, "_FILTERS", {})

    def refuse(*_args, **_kwargs):
        raise AssertionError("wordfreq read again although the cache holds the lexicon")

    import wordfreq

    monkeypatch.setattr(wordfreq, "top_n_list", refuse)
    lexicon.load_cached(tmp_path)
    assert lexicon.french_filters() == computed[0]
    assert lexicon._zipf_by_term() == computed[1]


def test_stale_and_damaged_files_are_misses(tmp_path, computed, fresh):
    (tmp_path / "lexicon-0000.pickle").write_bytes(b"old key")
    key = lexicon._lexicon_key()
    (tmp_path / f"lexicon-{key}.pickle").write_bytes(b"not a pickle")
    lexicon.load_cached(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [f"lexicon-{key}.pickle"]
    assert lexicon._FILTERS["fr"] == computed[0]
    assert pickle.loads((tmp_path / f"lexicon-{key}.pickle").read_bytes()) == computed


def test_key_follows_the_inputs(monkeypatch):
    key = lexicon._lexicon_key()
    assert key == lexicon._lexicon_key()
    monkeypatch.setattr(lexicon, "TOP_WORDS", lexicon.TOP_WORDS + 1)
    assert lexicon._lexicon_key() != key


def test_no_folder_keeps_nothing(tmp_path, fresh, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lexicon.load_cached(None)
    assert lexicon._FILTERS == {}
    assert list(tmp_path.iterdir()) == []
