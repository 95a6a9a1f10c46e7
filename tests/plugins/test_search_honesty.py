"""Issue 21: the search never misleads — match quality in the score, the French dictionary guard,
honest suggestions.

- Scoring order (JS engine over a small index written by the build's code): exact > family >
  synonym > typo; a title beats a passing mention; a common word weighs little.
- Dictionary guard: plugins/search_index/lexicon.py's Bloom filters answer as search.js reads
  them; a correct French word the site does not use is never rewritten (tests/search_quality/
  no_rewrite.yaml, over the real site); typos of words that are not French still are.
- Suggestions keep the text as typed (accents, apostrophes) and the button says what it does.

Run: .venv/bin/python -m pytest tests/plugins/test_search_honesty.py -q -p no:xdist
"""
from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest
import yaml

from plugins.search_index import lexicon, write_search_assets
from search_bench.quality import JS_DIR, NODE_MODULES, node_executable, run_queries

ROOT = Path(__file__).resolve().parents[2]
NO_REWRITE_SET = ROOT / "tests" / "search_quality" / "no_rewrite.yaml"

from test_search_distress import run_engine  # noqa: E402  (same node runner: help, suggestion)


def doc(slug, title, body, summary=""):
    return {"id": f"/fiches/{slug}/", "url": f"/fiches/{slug}/", "type": "fiche", "title": title,
            "summary": summary, "body": body}


FILLER = ("Cette page explique la situation avec des mots simples et renvoie vers les contacts utiles. "
          "Elle donne des repères aux familles et aux proches. ") * 3


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    docs = [
        doc("exact", "Reconnaître un gourou", FILLER),
        doc("synonyme", "Le rôle du dirigeant", FILLER + " argent"),
        doc("faute", "Le gourrau et ses règles", FILLER + " argent"),
        doc("famille", "Une démarche sectaire", FILLER + " argent"),
        doc("secte", "Quand une secte recrute", FILLER + " argent"),
        doc("mention", "Les démarches utiles", FILLER + " Un gourou peut demander de l’argent. " + FILLER),
        doc("argent1", "Budget", FILLER + " argent " + FILLER),
        doc("argent2", "Dépenses", FILLER + " argent " + FILLER),
        doc("argent3", "Comptes", FILLER + " argent " + FILLER),
        doc("argent4", "Factures", FILLER + " argent " + FILLER),
        doc("argent5", "Économies", FILLER + " argent " + FILLER),
        doc("argent6", "Crédits", FILLER + " argent " + FILLER),
        doc("argent7", "Salaires", FILLER + " argent " + FILLER),
        doc("argent8", "Impôts", FILLER + " argent " + FILLER),
        doc("titre", "Le gourou et l’emprise", FILLER),
    ]
    out = tmp_path_factory.mktemp("honesty") / "search"
    write_search_assets(docs, out, synonyms=[["gourou", "dirigeant"]])
    return out


def urls(search_dir, query):
    return [u.split("/")[2] for u in run_queries(search_dir, [query], k=20)[0]["urls"]]


def test_exact_before_family_before_synonym_before_typo(small_index):
    got = urls(small_index, "gourou")
    assert got.index("exact") < got.index("synonyme"), got
    assert "faute" not in got or got.index("synonyme") < got.index("faute"), got
    got = urls(small_index, "secte")
    assert got.index("secte") < got.index("famille"), got


def test_a_typo_is_a_fraction_of_a_match(small_index):
    """« gourrau » (a typo no page has) finds « gourou » pages, never ranked above them as a full match."""
    got = urls(small_index, "gourrou")
    assert got and got[0] in ("exact", "titre", "faute"), got


def test_the_title_counts_before_the_number_of_words_matched(small_index):
    """« gourou argent »: « argent » is on many pages (low idf); a page whose title is the topic
    comes before a page that mentions both words in passing."""
    got = urls(small_index, "gourou argent")
    assert got.index("exact") < got.index("mention") and got.index("titre") < got.index("mention"), got


def test_bloom_filters_read_the_same_in_python_and_javascript(tmp_path):
    words = lexicon.french_words(5000)[:2000]
    filt = lexicon.bloom(words)
    random.seed(21)
    probes = words[:300] + ["".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
                            for _ in range(300)]
    script = (f"const E = require({json.dumps(str(JS_DIR / 'search.js'))});"
              f"const f = {json.dumps(filt)}; const w = {json.dumps(probes)};"
              "const g = {m: f.m, k: f.k, bytes: E.decodeBits(f.bits)};"
              "process.stdout.write(JSON.stringify(w.map((x) => E.bloomHas(g, x))));")
    proc = subprocess.run([node_executable(), "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == [lexicon.contains(filt, w) for w in probes]
    assert all(json.loads(proc.stdout)[:300])
    assert sum(json.loads(proc.stdout)[300:]) <= 15  # ~1 % false positives


def test_the_guard_knows_correct_french_and_not_typos():
    filters = lexicon.french_filters()
    for word in ["envie", "impot", "recuperer", "dangereux", "photos", "remboursement", "cantine"]:
        assert lexicon.contains(filters[word[0]], word), word
    for typo in ["psichoterapie", "radicalisaton", "asociation", "gourrou", "sectte"]:
        assert not lexicon.contains(filters[typo[0]], typo), typo


def test_no_correct_french_word_is_rewritten(real_site):
    cases = yaml.safe_load(NO_REWRITE_SET.read_text(encoding="utf-8"))["queries"]
    results = run_engine(real_site / "search", [str(c["q"]) for c in cases])
    rewritten = [(r["q"], r["suggestion"]) for r in results if r["suggestion"]]
    assert rewritten == []


def test_typos_of_words_that_are_not_french_still_get_a_suggestion_kept_as_typed(real_site):
    results = run_engine(real_site / "search", ["psichoterapie", "l’emprize d’un gourou", "radicalisaton"])
    got = {r["q"]: r["suggestion"] for r in results}
    assert got["psichoterapie"] == "psychothérapie"
    assert got["l’emprize d’un gourou"] == "l’emprise d’un gourou"  # apostrophes kept
    assert got["radicalisaton"].startswith("radicalisation")


def test_the_filter_is_fetched_only_on_a_miss(small_index):
    script = r"""
const fs = require('fs'), path = require('path');
const [nm, js, dir] = process.argv.slice(-3);
const lunr = require(path.join(nm, 'lunr', 'lunr.js'));
const A = require(path.join(js, 'analyzer.js')), E = require(path.join(js, 'search.js'));
const seen = [];
const engine = E.createEngine({lunr, analyzer: A, manifestUrl: 'file://' + path.join(dir, 'manifest.json'),
  fetchJSON: (u) => { seen.push(path.basename(new URL(u).pathname)); return fs.promises.readFile(new URL(u), 'utf8').then(JSON.parse); }});
(async () => {
  await engine.search('gourou');
  const before = seen.filter((f) => f.startsWith('fr.')).length;
  await engine.search('envie');
  process.stdout.write(JSON.stringify([before, seen.filter((f) => f.startsWith('fr.')).length]));
})();
"""
    proc = subprocess.run([node_executable(), "-e", script, str(NODE_MODULES), str(JS_DIR), str(small_index)],
                          capture_output=True, text=True, check=True)
    before, after = json.loads(proc.stdout)
    assert before == 0 and after >= 1


# ------------------------------------------------------------------ whole sentences (issue 21)

def test_a_sentence_s_last_word_found_as_typed_is_not_completed(tmp_path):
    """« conjoint mari »: « mari » (stem « mar ») is on a page, so it is not completed into
    « Marseille »; typed alone it still is (the reader may be typing « marseille »)."""
    docs = [doc("couple", "Un conjoint dans un groupe", FILLER + " Son mari a changé."),
            doc("antenne", "L’antenne de Marseille", FILLER)]
    write_search_assets(docs, tmp_path / "search")
    assert urls(tmp_path / "search", "conjoint mari") == ["couple"]
    assert "antenne" in urls(tmp_path / "search", "mar")


def test_a_word_s_rarity_ignores_the_pages_of_its_synonyms(tmp_path):
    """« gourou » is on one page, its synonym « dirigeant » on ten: « gourou » stays a rare word
    (its synonyms' pages do not make it common), so « gourou budget » puts its page before the
    pages of « budget » (three)."""
    docs = [doc("gourou", "Le maître", FILLER + " gourou")]
    docs += [doc(f"budget{i}", f"Page {i}", FILLER + " budget") for i in range(3)]
    docs += [doc(f"chef{i}", f"Chef {i}", FILLER + " dirigeant") for i in range(10)]
    write_search_assets(docs, tmp_path / "search", synonyms=[["gourou", "dirigeant"]])
    assert urls(tmp_path / "search", "gourou budget")[0] == "gourou"


def test_a_french_word_the_site_lacks_finds_its_family(tmp_path):
    """« prévenir » (not on the site) finds the page about « prévention » (stem « préven » a
    letter from « prévent »). A typo gets no such completion: « signalqwz » in
    test_search_index.py::test_words_typed_past_their_stem."""
    docs = [doc("autre", "Les démarches", FILLER), doc("prevention", "La prévention", FILLER)]
    write_search_assets(docs, tmp_path / "search")
    # (not the last word: no completion of a word being typed; both pages hold « familles »)
    assert urls(tmp_path / "search", "prévenir les familles") == ["prevention", "autre"]


def test_everyday_words_no_heading_holds_are_common():
    """An everyday word (« exactement ») used six times as often as in French is a topic word
    only if a title, heading or theme holds it; used far more (twenty times) it is one anyway."""
    zipf = lexicon._zipf_by_term()["exact"]
    total = 1_000_000

    def counts(ratio):
        n = round(ratio * 10 ** (zipf - 9) * total)
        return {"exact": n, "zzzz": total - n}
    assert "exact" in lexicon.common_terms(counts(6), topics=set())
    assert "exact" not in lexicon.common_terms(counts(6), topics={"exact"})
    assert "exact" not in lexicon.common_terms(counts(20), topics=set())
    assert "exact" in lexicon.common_terms(counts(1), topics={"exact"})


def test_an_over_stemmed_word_finds_itself_before_its_namesakes(tmp_path):
    """« voyant » and « voie » share the stem « voi »: the word's own term (analyzer SHORT_STEM)
    puts the page holding « voyant » first, though « voie » is in the other page's title."""
    from plugins.search_index import analyzer

    assert analyzer.word_terms("voyant") == ("voi", "voyant")
    assert analyzer.word_terms("données") == ("don", "donne", "donnee")
    assert analyzer.word_terms("donne") == ("don",)
    docs = [doc("voie", "Une voie", FILLER + " voie, voies."), doc("voyant", "Consultations", FILLER + " Un voyant.")]
    write_search_assets(docs, tmp_path / "search")
    assert urls(tmp_path / "search", "voyant") == ["voyant", "voie"]


# ---------------------------------------------------------------- accents (issue 21, accents.py)


@pytest.fixture(scope="module")
def accent_index(tmp_path_factory):
    docs = [
        doc("jeunes", "Les jeunes et les réseaux", FILLER + " Un jeune sur deux. Les jeunes en ligne."),
        doc("jeune-adulte", "Être jeune adulte", FILLER),
        doc("jeune-alimentaire", "Santé et bien-être", FILLER + " Un stage impose un jeûne de plusieurs jours."),
        doc("eleves", "Les élèves et l’école", FILLER + " Un élève inquiet."),
        doc("prix", "Des prix très élevés", FILLER + " Des sommes élevées, un coût élevé."),
    ]
    out = tmp_path_factory.mktemp("accents") / "search"
    write_search_assets(docs, out)
    return out


def test_an_accented_word_typed_as_such_beats_its_folded_namesake(accent_index):
    # « jeûne » and « jeune » are one folded term (« jeun »): typed with its circumflex, the page
    # that says « jeûne » comes first, above the pages titled « jeunes ».
    assert urls(accent_index, "jeûne")[0] == "jeune-alimentaire"
    assert urls(accent_index, "jeûner plusieurs jours")[0] == "jeune-alimentaire"
    assert urls(accent_index, "élève")[0] == "eleves"
    assert urls(accent_index, "élevé")[0] == "prix"


def test_a_word_typed_without_accents_stays_neutral(accent_index):
    # Without accents the reader may mean either word: the usual ranking (titles first), and
    # every page of both words is still found.
    assert urls(accent_index, "jeune")[:2] == ["jeune-adulte", "jeunes"] or \
        urls(accent_index, "jeune")[:2] == ["jeunes", "jeune-adulte"]
    assert set(urls(accent_index, "jeune")) == {"jeunes", "jeune-adulte", "jeune-alimentaire"}
    assert set(urls(accent_index, "jeûne")) == {"jeunes", "jeune-adulte", "jeune-alimentaire"}


def test_the_accent_table_holds_only_words_that_fold_alike():
    from plugins.search_index import accents

    table = accents.accent_table([{"jeune", "jeunes"}, {"jeûne"}, {"jeûner", "jeunes"}], lexicon.zipf)
    assert table == {"jeun": [["jeun", [2]], ["jeûn", [1, 2]]]}
    # Inflections whose accents differ but never fold alike (« complète » / « compléter »), an
    # accent the stemmer strips (« annonce » / « annoncé »), a lazy spelling (« francais »): no table.
    assert accents.accent_table([{"complète"}, {"compléter"}, {"annonce"}, {"annoncé"}, {"francais"},
                                 {"français"}], lexicon.zipf) == {}
    # Bounded: a term whose forms would list more than MAX_LISTED documents is left out.
    many = [{"jeune"}] * (accents.MAX_LISTED + 2) + [{"jeûne"}] * (accents.MAX_LISTED + 1)
    assert accents.accent_table(many, lexicon.zipf) == {}
