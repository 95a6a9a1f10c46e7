"""Python and JavaScript analyze French text identically (plugins/search_index/analyzer.py vs
theme/static/js/search/analyzer.js, run with node, lunr and lunr-languages from node_modules/).

The stems come from a library on each side: snowballstemmer (plugins/search_index/stemmer.py) and
lunr-languages' lunr.fr.js; where they differ, the generated table data/stem-exceptions-fr.json
(tools/stem_exceptions.py) gives both sides the same stem. Compared here: every distinct word of
the content and of the editors' data files (synonymes.yaml, detresse.yaml...), the 10,000 most
frequent French words, a hand-made list of tricky words and random synthetic words.

Run: .venv/bin/python -m pytest tests/plugins/test_search_parity.py -q -p no:xdist
"""
from __future__ import annotations

import functools
import importlib.metadata
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import stem_exceptions
from lunr.pipeline import Pipeline
from lunr.tokenizer import Tokenizer
from snowballstemmer.french_stemmer import FrenchStemmer

from plugins.search_index import analyzer, stemmer

ROOT = Path(__file__).resolve().parents[2]

NODE = shutil.which("node") or "/usr/bin/node"
NODE_MODULES = ROOT / "node_modules"
JS_DIR = ROOT / "theme" / "static" / "js" / "search"
DIAERESIS = set("ëïüÿ")  # where Snowball 2 (Python) and the 2010 JavaScript port part ways
py_stem = functools.cache(stemmer.stem)
library_stem = functools.cache(stemmer.library_stem)

WORDS = """
dérive dérives dériver dérivé dérivée dérivées sectaire sectaires secte sectes emprise emprises
gourou gourous manipulation manipulations manipuler manipulé manipulée manipulateur manipulatrice
victime victimes signalement signalements signaler signalé signalons signalez signalera
signaleraient prévention prévenir préviens prévenu protéger protège protégée protégés protection
santé soins soigner thérapeute thérapeutes thérapie thérapies pratique pratiques pratiquer
conventionnelle conventionnelles jeunes jeunesse famille familles familial familiaux enfant
enfants enfance école écoles scolaire radicalisation radicaliser complotisme complotiste
spiritualité spirituel spirituelle spirituels bien-être coach coaching développement personnel
personnelle médecine médecines naturelle naturopathie naturopathe jeûne jeûner guérison guérir
guéri guérisseur guérisseuses croyance croyances croire croyait croyaient liberté libertés libre
conscience consciences rapport rapports annuel annuels commission interministérielle vigilance
lutte lutter luttons mission missions ministère ministères justice judiciaire plainte plaintes
porter portée article articles pénal pénale pénaux code abus faiblesse vulnérabilité vulnérable
vulnérables sujétion psychologique psychologiques psychique isolement isoler isolé rupture
ruptures rompre rompu financier financière financières argent dons donation héritage internet
réseaux sociaux numérique aide aider aidant aidants écoute écouter écoutant accompagnement
accompagner accompagnées association associations associatif adhérent adhérents adepte adeptes
ancien anciens anciennes témoignage témoignages témoigner établissement établissements
généralement rapidement évidemment nécessairement constamment finalement heureusement
connaissance connaissances reconnaître reconnaissait reconnaissance œuvre œuvres cœur sœur sœurs
mœurs nœud vœux garçon façon reçu français française noël naïf naïve maïs égoïste hôpital
hôpitaux forêt fenêtre âge âgé âgées être été étaient avoir eu ayant faire fait faites font
aller allons iront venir viennent vînmes finir finissons finissaient choisir choisissent courir
courut peindre peignaient prendre prirent pris yeux yaourt payer paye essayer envoyer appuyer
crayon loyauté quatre-vingt-dix aujourd'hui presqu'île straße ærodrome ùn île ïambe ÿ
""".split()

TRICKY = [
    "L’emprise d’un gourou", "l'emprise d'un gourou", "qu’il", "jusqu’à", "c'est-à-dire",
    "sage-femme", "Sages-Femmes", "grand-mère", "Aujourd’hui", "presqu’île",
    "116 006", "116006", "116\u00a0006", "116\u202f006", "116\u2009006", "01 23 45 67 89",
    "01.23.45.67.89", "3919", "appelez le 17 ou le 15", "17 15 112", "223-15-2",
    "L. 223-15-2", "L223-15-2", "article 225-4-1 du code pénal", "n° 2001-504", "1 000 000",
    "2 000 €", "1,5", "3.14", "10 000 victimes", "1 2 3 4 5 6 7 8", "0800 123 456",
    "1234567890123456 7", "12‑34", "2019‐2020", "1..2", "1--2", "3919 ", "116 0",
    "ŒUVRE", "œuvre", "cœur", "Cœurs", "ex æquo", "Æsir", "Noël", "maïs", "naïve", "Ça", "garçon",
    "Élève", "ÉTÉ", "À", "où", "Ï", "İstanbul", "Straße", "ǅemal", "ﬁnancement",
    "e\u0301te\u0301 cre\u0301e\u0301e", "ＡＢＣ１２３", "x² 2ᵉ", "Ⅻ", "DéRiVeS SeCtAiReS",
    "😀", "👩‍👩‍👧", "🇫🇷", "dérive😀sectaire", "emprise 😀", "😀" * 50,
    "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "&amp; &lt; &#x27;",
    "title:emprise", "emprise~1", "emprise^10", "+emprise -secte", "emp*", "\"dérive sectaire",
    "'", "’", "\"", "", "   ", "-", "—", "\t\n", "a" * 2000, "dérive " * 300,
    "Αθήνα", "Москва", "مرحبا", "東京", "crème brûlée", "l’État", "d’État", "s’il",
    "les", "la ", "le", "pour", "emprisonnement", "emp", "sectair", "derive sectaire",
    "est ce que ce que j'ai vécu est vraiment une secte ou c'est moi", "le " * 100, "mot " * 50,
]

RUNNER = r"""
const path = require('path');
const [nm, js] = process.argv.slice(-2);
const lunr = require(path.join(nm, 'lunr'));
require(path.join(nm, 'lunr-languages', 'lunr.stemmer.support.js'))(lunr);
require(path.join(nm, 'lunr-languages', 'lunr.fr.js'))(lunr);
const A = require(path.join(js, 'analyzer.js'));
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const { config, texts, words } = JSON.parse(input);
  const an = A.createAnalyzer(config, lunr);
  A.registerLunr(lunr, an);
  const pipeline = lunr.Pipeline.load([config.labels.stop, config.labels.stem]);
  let missing = '';
  try { A.createAnalyzer(config, null); } catch (e) { missing = String(e.message); }
  const out = {
    analyze: texts.map((t) => an.analyze(t)),
    tokenize: texts.map((t) => an.tokenize(t)),
    query: texts.map((t) => an.analyzeQuery(t)),
    pipeline: texts.map((t) => pipeline.run(an.tokenize(t).map((x) => new lunr.Token(x, {}))).map(String)),
    stems: words.map((w) => an.stem(w)),
    libraryStems: words.map((w) => lunr.fr.stemmer(w)),
    terms: words.map((w) => an.wordTerms(an.lower(w))),
    accents: words.map((w) => an.accentForm(an.lower(w))),
    separatorSplits: texts.slice(0, 5).map((t) => lunr.tokenizer(t).map(String)),
    missing,
  };
  process.stdout.write(JSON.stringify(out));
});
"""


def random_words(n: int, seed: int = 20261128) -> list[str]:
    rng = random.Random(seed)
    alphabet = "aeiouyâàëéêèïîôûùœæçqcstnlrmpbdgfhvxz"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 11))) for _ in range(n)]


@pytest.fixture(scope="module")
def vocabulary() -> dict[str, list[str]]:
    """Distinct lowercase words by origin (each as written and accent-folded)."""
    hand = {analyzer.lower(w) for w in WORDS}
    return {
        "content": sorted(stem_exceptions.content_words()),  # content/**/*.md and content/data/*.yaml
        "data": sorted(stem_exceptions.words_of("\\n".join(
            (ROOT / "content" / "data" / name).read_text(encoding="utf-8")
            for name in ("synonymes.yaml", "detresse.yaml")))),
        "frequent": sorted(stem_exceptions.frequent_words(10_000)),
        "hand": sorted(hand | {analyzer.fold(w) for w in hand} | set(stemmer.EXCEPTIONS)),
        "synthetic": random_words(3000),
    }


@pytest.fixture(scope="module")
def js_results(vocabulary):
    words = sorted({w for ws in vocabulary.values() for w in ws})
    payload = json.dumps({"config": analyzer.config(), "texts": TRICKY, "words": words})
    proc = subprocess.run([NODE, "-e", RUNNER, str(NODE_MODULES), str(JS_DIR)], input=payload,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    out["by_word"] = {w: (s, lib, t) for w, s, lib, t in zip(words, out["stems"], out["libraryStems"], out["terms"], strict=False)}
    return words, out


def stem_differences(words, js) -> list[tuple[str, str, str]]:
    return [(w, py_stem(w), js["by_word"][w][0]) for w in words if py_stem(w) != js["by_word"][w][0]]


def test_vocabulary_is_big_enough(vocabulary):
    assert len(set(WORDS)) >= 150
    assert len(TRICKY) >= 100
    assert len(vocabulary["content"]) >= 2000, "le contenu réel compte plus de 2 000 mots distincts"
    assert len(vocabulary["data"]) >= 100
    assert len(vocabulary["frequent"]) >= 10_000


@pytest.mark.parametrize("origin", ["content", "data", "frequent", "hand"])
def test_both_sides_give_identical_stems(vocabulary, js_results, origin):
    """Every real word (content, data files, frequent French words, tricky words): same stem."""
    _, js = js_results
    assert stem_differences(vocabulary[origin], js) == []


def test_libraries_differ_only_where_the_generated_table_says(vocabulary, js_results):
    """The raw libraries disagree on the real vocabulary only on words of the exception table, whose
    stem is snowballstemmer's; every entry of the table is a real disagreement (generated, minimal)."""
    _, js = js_results
    real = sorted(set(vocabulary["content"]) | set(vocabulary["frequent"]) | set(vocabulary["hand"]))
    raw = {w: library_stem(w) for w in real if library_stem(w) != js["by_word"][w][1]}
    assert {w: stemmer.EXCEPTIONS.get(w) for w in raw} == raw, "lancez tools/stem_exceptions.py"
    for word, stem in stemmer.EXCEPTIONS.items():
        assert stemmer.library_stem(word) == stem and js["by_word"][word][1] != stem, word
        assert set(word) & DIAERESIS, word  # the one known cause (stemmer.py docstring)
    # Where the content stands today: the libraries agree on all of it, no table needed.
    assert [w for w in vocabulary["content"] if w in raw] == []


def test_synthetic_words_differ_only_on_diaeresis(vocabulary, js_results):
    """Random letter strings: the only stem differences left are words with a diaeresis the table
    does not list; their accent-folded form (a term of the word too) stems identically."""
    _, js = js_results
    diff = stem_differences(vocabulary["synthetic"], js)
    assert [d for d in diff if not set(d[0]) & DIAERESIS] == []
    assert len(diff) < len(vocabulary["synthetic"]) // 20
    for word in vocabulary["synthetic"]:
        py = list(analyzer.word_terms(word))
        js_terms = js["by_word"][word][2]
        if set(word) & DIAERESIS:
            assert py[-1:] == js_terms[-1:], word
        else:
            assert py == js_terms, word


def test_word_terms_match(vocabulary, js_results):
    _, js = js_results
    words = sorted(set(vocabulary["content"]) | set(vocabulary["hand"]) | set(vocabulary["frequent"]))
    py = {w: list(analyzer.word_terms(analyzer.lower(w))) for w in words}
    assert [(w, p) for w, p in py.items() if p != js["by_word"][w][2]] == []


def test_accent_forms_match(vocabulary, js_results):
    """analyzer.accent_form (the accented letters over a word's term, issue 21: « jeûne » → « jeûn »)
    is the same on both sides for every real word; the query words carry it when typed with accents."""
    words, js = js_results
    forms = dict(zip(words, js["accents"], strict=True))
    real = sorted(set(vocabulary["content"]) | set(vocabulary["hand"]) | set(vocabulary["frequent"]))
    assert [(w, analyzer.accent_form(analyzer.lower(w)), forms[w]) for w in real
            if analyzer.accent_form(analyzer.lower(w)) != forms[w]] == []
    assert analyzer.accent_form("jeûne") == "jeûn" and analyzer.accent_form("jeune") == "jeun"
    assert analyzer.accent_form("élève") == "élèv" and analyzer.accent_form("élevé") == "élev"
    assert [w["accent"] for w in analyzer.analyze_query("jeûne jeune Élève 12")] == ["jeûn", "", "élèv", ""]


def test_browser_analyzer_needs_lunr_languages(js_results):
    _, js = js_results
    assert "lunr.fr.js" in js["missing"]


@pytest.mark.parametrize("kind", ["analyze", "tokenize", "query"])
def test_texts_analyzed_identically(js_results, kind):
    _, js = js_results
    fn = {"analyze": analyzer.analyze, "tokenize": analyzer.tokenize, "query": analyzer.analyze_query}[kind]
    py = [fn(t) for t in TRICKY]
    assert [(t, p, j) for t, p, j in zip(TRICKY, py, js[kind], strict=False) if p != j] == []


def test_lunr_pipelines_agree(js_results):
    """The registered lunr functions (lunr.js and lunr.py) give the analyzer's terms."""
    _, js = js_results
    pipeline = Pipeline()
    pipeline.add(*analyzer.register_lunr_pipeline())
    for text, js_terms in zip(TRICKY, js["pipeline"], strict=False):
        py_terms = [str(t) for t in pipeline.run(Tokenizer(analyzer.tokenize(text)))]
        assert py_terms == analyzer.analyze(text) == js_terms, text


def test_lunr_tokenizer_separator_is_set(js_results):
    _, js = js_results
    # lunr's own tokenizer (if ever used) splits on the same separators.
    assert js["separatorSplits"][0] == ["l", "emprise", "d", "un", "gourou"]


def test_expected_analysis():
    a = analyzer.analyze
    assert a("L’emprise d'un gourou") == a("l'emprise d’un GOUROU") == ["empris", "gourou"]
    assert a("sage-femme") == ["sag", "femm"]
    assert a("116 006") == ["116", "006", "116006"]
    assert a("116\u00a0006") == a("116 006")
    assert a("223-15-2") == ["223", "15", "2", "223152"]
    assert a("L223-15-2") == ["223", "15", "2", "223152"]
    assert a("3919") == ["3919"]
    assert a("dérives sectaires") == a("derive sectaire") == ["deriv", "sectair"]
    assert a("Œuvres") == ["oeuvr"]
    assert a("créée") == ["cre", "cree"] and "cree" in a("creee")
    assert a("les à où la 😀 <b>") == ["b"]
    q = analyzer.analyze_query("116 00")
    assert q[0]["terms"] == ["11600"] and q[0]["open"] and [p["fold"] for p in q[0]["parts"]] == ["116", "00"]
    assert analyzer.analyze_query("emprise ")[0]["open"] is False
    assert len(analyzer.analyze_query("mot " * 50)) == analyzer.MAX_QUERY_WORDS
    # Stop words do not count towards the limit: a whole sentence keeps its topic words.
    sentence = analyzer.analyze_query("est ce que ce que j'ai vécu est vraiment une secte ou c'est moi")
    assert "sect" in [t for w in sentence for t in w["terms"]]
    assert len(analyzer.analyze_query("le " * 100)) == 3 * analyzer.MAX_QUERY_WORDS


def test_shipped_data_is_consistent():
    # The folding table is data shipped to the browser; it must match what unicodedata gives.
    assert analyzer.generate_charmap() == analyzer.CHARMAP
    config = analyzer.config()
    assert config["stopWords"] == analyzer.STOPWORDS and "les" in config["stopWords"]
    json.dumps(config, ensure_ascii=False)  # serializable as is


def test_stemmer_is_snowball_french_before_3():
    """snowballstemmer 2.2.0 (and its accelerator PyStemmer 2.2.0.3): the algorithm lunr.fr.js
    runs (Snowball 3 stems « française » to « franc »)."""
    assert stemmer.library_stem("française") == "français"
    assert stemmer.library_stem("dérives") == "dériv"
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8").split()
    assert "snowballstemmer==2.2.0" in pins and "PyStemmer==2.2.0.3" in pins
    assert importlib.metadata.version("snowballstemmer") == "2.2.0"


def test_accelerator_stems_like_the_pure_python_stemmer(vocabulary):
    """PyStemmer (C) when installed, else snowballstemmer's own Python class: same stems."""
    pure = FrenchStemmer()
    words = vocabulary["content"] + vocabulary["hand"] + vocabulary["synthetic"][:1000]
    assert [w for w in words if stemmer.library_stem(w) != pure.stemWord(w)] == []
