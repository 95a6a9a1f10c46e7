"""Site search on the real site in headless Chromium (served on 127.0.0.1 by the `served_site` fixture).

/recherche/: nothing search-related is fetched before the field gets focus; accent-less, plural,
conjugated, misspelt, truncated, number and article-number queries find the right page; hostile
input never injects anything; the query never reaches the address, the history or the storage.
Header bar of every page: results under the field, keyboard use, Escape, no navigation with the
query; without JavaScript its form opens /recherche/ with no query in the address.
Lean on purpose: one page load per test, many queries per page.
"""
from __future__ import annotations

import pytest
import random
from urllib.parse import urlparse


from site_pages import next_frames

SEARCH_FILES = ("/lunr", "/js/search/analyzer", "/js/search/search.")  # and /search/* (the index)

# (query, expected URL among the first three results): pages of the real content/.
QUERIES = [
    ("derive sectaire", "/fiches/derive-sectaire/"),          # without accents
    ("DÉRIVE SECTAIRE", "/fiches/derive-sectaire/"),          # capitals
    ("plaintes", "/fiches/plainte-et-aide-aux-victimes/"),    # plural
    ("indicateur", "/fiches/indicateurs/"),                   # singular of a plural title
    ("accompagnera", "/fiches/accompagner-un-proche/"),       # conjugated
    ("portez plainte", "/fiches/plainte-et-aide-aux-victimes/"),
    ("emprize", "/fiches/emprise/"),                          # typo: edit distance 1, 7 letters
    ("empr", "/fiches/emprise/"),                             # prefix, while typing
    ("3919", "/aide/#contact-3919"),                          # numbers
    ("116006", "/aide/#contact-116006"),
    ("116 006", "/aide/#contact-116006"),
    ("223-15-2", "/fiches/abus-de-faiblesse/"),               # article of the code pénal
]

# Typos in a word's ending (issue 4): the typo changes what the stemmer strips, so the stem of the
# query is far from the page's ("radicalisaton" vs "radicalis"). (typo, exact words, page): the
# page comes among the first three for the typo, first for the exact words.
ENDING_TYPOS = [
    ("radicalisaton", "radicalisation", "/fiches/radicalisation/"),          # letter missing
    ("complotsime", "complotisme", "/fiches/complotisme-et-internet/"),      # letters swapped
    ("indicateures", "indicateurs", "/fiches/indicateurs/"),                 # letter added
    ("infractoins", "infractions", "/fiches/nouvelles-infractions-2024/"),
    ("emprse mentale", "emprise mentale", "/fiches/emprise/"),
]

# Search as you type (issue 4): words typed letter by letter in the header bar. Past the end of its
# stem ("radicalisat", "accompagneme": the index holds "radicalis", "accompagn") no index term starts
# with the word: the stems of its completions are matched. (word, page): the page comes among the
# first three results for every prefix of 5+ letters, first for the complete word.
TYPED_WORDS = [
    ("radicalisation", "/fiches/radicalisation/"),
    ("accompagnement", "/fiches/accompagner-un-proche/"),
    ("consentement", "/gestion-des-cookies/"),
]

# Before a key is typed: records the mutations of the results box.
WATCH_RESULTS = """(selector) => {
  const input = document.querySelector(selector);
  const box = document.getElementById(input.getAttribute('aria-controls'));
  window.__mvlLast = 0;
  if (window.__mvlObserver) { window.__mvlObserver.disconnect(); }
  window.__mvlObserver = new MutationObserver(() => { window.__mvlLast = performance.now(); });
  window.__mvlObserver.observe(box, {childList: true, subtree: true, characterData: true});
}"""

# After it: waits until the box changed (every search renders it again), then stayed still for
# 150 ms; returns the field's value and the result links in rank order.
SETTLED_RESULTS = """async (selector) => {
  const input = document.querySelector(selector);
  const box = document.getElementById(input.getAttribute('aria-controls'));
  const start = performance.now();
  while (performance.now() - start < 5000) {
    await new Promise((r) => setTimeout(r, 20));
    if (window.__mvlLast && performance.now() - window.__mvlLast > 150) { break; }
  }
  window.__mvlObserver.disconnect();
  return {value: input.value,
          hrefs: [...box.querySelectorAll('.mvl-search__list a')].map((a) => a.getAttribute('href'))};
}"""

# Submits a query (Enter runs it at once), waits until its rendering is over (the results box
# changed, then stayed still for 150 ms) and returns the status and the result links in rank order.
RUN_QUERY = """async ([selector, query]) => {
  const input = document.querySelector(selector);
  const box = document.getElementById(input.getAttribute('aria-controls'));
  const enter = () => input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
  input.focus();
  input.value = '';
  enter();  // an empty query clears the results at once: the next rendering always changes the box
  const list = box.querySelector('.mvl-search__list'), status = box.querySelector('[role=status]');
  let last = 0;
  const observer = new MutationObserver(() => { last = performance.now(); });
  observer.observe(box, {childList: true, subtree: true, characterData: true});
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  enter();
  // The widget marks its results box aria-busy from the query until every result is drawn
  // (documents load asynchronously); then the last mutations (a delayed status) settle.
  const start = performance.now();
  while (performance.now() - start < 15000) {
    await new Promise((r) => setTimeout(r, 20));
    if (!box.hasAttribute('aria-busy') && last && performance.now() - last > 150) { break; }
  }
  observer.disconnect();
  return {status: status.textContent, hrefs: [...list.querySelectorAll('a')].map((a) => a.getAttribute('href'))};
}"""


def record_requests(pg) -> list[str]:
    seen: list[str] = []
    pg.on("request", lambda r: seen.append(urlparse(r.url).path))
    return seen


def search_requests(paths: list[str]) -> list[str]:
    return [p for p in paths if p.startswith("/search/") or any(part in p for part in SEARCH_FILES)]


def outside_count(pg, box_selector: str) -> int:
    return pg.evaluate("""(sel) => {
      const box = document.querySelector(sel);
      return document.querySelectorAll('*').length - box.querySelectorAll('*').length;
    }""", box_selector)


def assert_query_left_no_trace(pg, history_length: int, *queries: str) -> None:
    href = pg.evaluate("location.href")
    assert "?" not in href and "q=" not in href
    for q in queries:
        assert q not in href
    assert pg.evaluate("history.length") == history_length
    assert pg.evaluate("document.cookie") == ""
    # Only the display preference may be stored (DSFR scheme): never the query.
    stored = pg.evaluate("""() => [localStorage, sessionStorage].flatMap((s) =>
      Object.keys(s).map((k) => k + '=' + s.getItem(k))).join('\\n')""")
    for q in queries:
        assert q not in stored.lower()
    assert pg.evaluate("sessionStorage.length") == 0


def test_search_page_finds_the_right_pages_and_loads_nothing_before_focus(page, served_site):
    requests = record_requests(page)
    page.goto(served_site + "/recherche/")
    page.wait_for_load_state("networkidle")
    assert search_requests(requests) == [], "rien de la recherche ne doit être chargé avant le focus"
    assert any("/js/site.bundle." in p for p in requests)  # js/search/ui.js is its last part
    history_length = page.evaluate("history.length")
    page.focus("#recherche-page-input")
    page.wait_for_function("!!(window.MiviludesSearch && window.MiviludesSearch.engine && window.lunr)")
    problems = []
    for query, expected in QUERIES:
        result = page.evaluate(RUN_QUERY, ["#recherche-page-input", query])
        if expected not in result["hrefs"][:3]:
            problems.append(f"« {query} » : {expected} absent des 3 premiers {result['hrefs'][:3]}")
    assert problems == []
    # Loaded once (fingerprinted names: the browser caches them), each file only once.
    loaded = search_requests(requests)
    assert len(loaded) == len(set(loaded))
    # The French stemmer is lunr-languages' (tools/vendor.py), loaded with lunr on focus only.
    assert [p.rsplit("/", 1)[1].split(".")[1] for p in loaded if "/vendor/lunr/lunr." in p] == [
        "min", "stemmer", "fr"]
    assert page.evaluate("typeof window.lunr.fr.stemmer") == "function"
    assert any(p.endswith("/search/manifest.json") for p in loaded)
    # The count is announced, the results are links in rank order, the type filter works.
    result = page.evaluate(RUN_QUERY, ["#recherche-page-input", "emprise"])
    total = int(result["status"].split()[0])
    assert total >= 5 and result["hrefs"][0] == "/fiches/emprise/"
    page.check("#recherche-resultats input[type=radio][value=contact]", force=True)
    page.wait_for_function("document.querySelector('#recherche-resultats [role=status]').textContent.includes('(Contact) sur')")
    hrefs = page.eval_on_selector_all("#recherche-resultats .mvl-search__list a", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("/aide/#contact-") for h in hrefs)
    # No page has every word: the count says so, in one sentence with one final full stop.
    result = page.evaluate(RUN_QUERY, ["#recherche-page-input", "emprise zzzyx"])
    assert result["status"].startswith("Aucune page ne contient tous les mots. "), result["status"]
    assert result["status"].endswith(" contenant une partie des mots.") and ".." not in result["status"]
    assert_query_left_no_trace(page, history_length, "emprise", "derive", "3919")
    assert page.console_errors == []


def test_typos_in_the_word_ending_find_the_page_and_exact_words_rank_first(page, served_site):
    page.goto(served_site + "/recherche/")
    page.focus("#recherche-page-input")
    page.wait_for_function("!!(window.MiviludesSearch && window.MiviludesSearch.engine && window.lunr)")
    problems = []
    for typo, exact, expected in ENDING_TYPOS:
        hrefs = page.evaluate(RUN_QUERY, ["#recherche-page-input", typo])["hrefs"]
        if expected not in hrefs[:3]:
            problems.append(f"« {typo} » : {expected} absent des 3 premiers {hrefs[:3]}")
        hrefs = page.evaluate(RUN_QUERY, ["#recherche-page-input", exact])["hrefs"]
        if hrefs[:1] != [expected]:
            problems.append(f"« {exact} » : {expected} n’est pas le premier {hrefs[:3]}")
    # "portent": two pages hold the very word, first; a correct word is never "fixed" into
    # another (issue 21: no typo correction of short stems, « port »).
    hrefs = page.evaluate(RUN_QUERY, ["#recherche-page-input", "portent"])["hrefs"]
    if sorted(hrefs[:2]) != ["/fiches/loi-about-picard/", "/rapports/rapport-2022-2024/"]:
        problems.append(f"« portent » : {hrefs[:5]}")
    assert problems == []
    # Typed letter by letter in the header bar (search as you type).
    page.type("#recherche-entete-input", "radicalisaton", delay=30)
    page.wait_for_function("""() => {
      const a = document.querySelector('#recherche-entete-resultats .mvl-search__list a');
      return a && a.getAttribute('href') === '/fiches/radicalisation/';
    }""")
    assert page.console_errors == []


def test_search_as_you_type_keeps_the_page_in_the_middle_of_a_word(page, served_site):
    page.goto(served_site + "/fiches/derive-sectaire/")
    field = "#recherche-entete-input"
    page.focus(field)
    page.wait_for_function("!!(window.MiviludesSearch && window.MiviludesSearch.engine && window.lunr)")
    problems = []
    for word, expected in TYPED_WORDS:
        page.fill(field, "")
        page.type(field, word[:4], delay=20)
        for n in range(5, len(word) + 1):
            page.evaluate(WATCH_RESULTS, field)
            page.keyboard.type(word[n - 1])
            shown = page.evaluate(SETTLED_RESULTS, field)
            assert shown["value"] == word[:n]
            if expected not in shown["hrefs"][:3]:
                problems.append(f"« {word[:n]} » : {expected} absent des 3 premiers {shown['hrefs'][:3]}")
        if shown["hrefs"][:1] != [expected]:
            problems.append(f"« {word} » : {expected} n’est pas le premier {shown['hrefs'][:3]}")
    assert problems == []
    assert page.console_errors == []


def hostile_strings() -> list[str]:
    specials = ":~^+-*\"'`\\/(){}[]<>!?&|=%$#@;,.\u2019\u00ab\u00bb"
    out = ["<img src=x onerror=window.pwned=1>", "\"><img src=x onerror=window.pwned=1>",
           "<script>window.pwned=1</script>", "</mark><script>window.pwned=1</script>",
           "<svg onload=window.pwned=1>", "javascript:window.pwned=1", "<a href=javascript:alert(1)>x</a>",
           "{{7*7}}", "${window.pwned=1}", "__proto__", "constructor", "prototype", "hasOwnProperty",
           "toString", "valueOf", "emprise~1", "emprise^10", "+emprise -secte", "title:emprise", "emp*",
           "*", "~", "^", ":", "\"", "a" * 2000, "dérive " * 300, "😀" * 500, "👩‍👩‍👧🇫🇷", "\u202e\u200b\ufeff",
           "\ud7ff", "\t\n\r", "   ", "e\u0301" * 200, "ﬁ" * 100, "1" * 1500, "1 " * 800, "1-" * 500,
           "%00", "%3Cscript%3E", "&lt;script&gt;", "\\u003cscript\\u003e", "' OR 1=1 --", "../../etc/passwd"]
    for c in specials:
        out += [c * 3, f"emprise{c}", f"{c}derive {c}sectaire{c}"]
    rng = random.Random(4)
    alphabet = specials + "ab é😀1 <>"
    out += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(160)]
    return out


def test_fuzzing_the_search_box_injects_nothing(page, served_site):
    page.goto(served_site + "/recherche/")
    page.focus("#recherche-page-input")
    page.wait_for_function("!!(window.MiviludesSearch && window.MiviludesSearch.engine && window.lunr)")
    page.evaluate(RUN_QUERY, ["#recherche-page-input", "emprise"])  # scripts and index now loaded
    history_length = page.evaluate("history.length")
    before = outside_count(page, "#recherche-resultats")
    strings = hostile_strings()
    assert len(strings) >= 300
    # Every string typed then submitted at once, in one page load; then a few awaited one by one.
    page.evaluate("""async (strings) => {
      const input = document.querySelector('#recherche-page-input');
      for (const s of strings) {
        input.value = s;
        input.dispatchEvent(new Event('input', {bubbles: true}));
        input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
        await new Promise((r) => setTimeout(r, 0));
      }
    }""", strings)
    for s in strings[:12]:
        result = page.evaluate(RUN_QUERY, ["#recherche-page-input", s])
        assert "indisponible" not in result["status"], s
    page.fill("#recherche-page-input", "<img src=x onerror=window.pwned=1> emprise")
    page.press("#recherche-page-input", "Enter")
    page.wait_for_function("document.querySelectorAll('#recherche-resultats .mvl-search__list a').length > 0")
    page.wait_for_load_state("networkidle")  # an injected image would have been requested and failed
    next_frames(page)
    assert page.evaluate("window.pwned") is None
    assert outside_count(page, "#recherche-resultats") == before, "élément ajouté hors des résultats"
    injected = page.evaluate("""() => {
      const box = document.querySelector('#recherche-resultats');
      const bad = box.querySelectorAll('script, img, svg, iframe, object, embed, style, [onerror], [onload], [style]');
      const links = [...box.querySelectorAll('a')].filter((a) => /^\\s*javascript:/i.test(a.getAttribute('href') || ''));
      return bad.length + links.length;
    }""")
    assert injected == 0
    assert_query_left_no_trace(page, history_length, "pwned", "emprise")
    assert page.console_errors == []


def test_header_bar_on_a_fiche_shows_results_and_opens_one(page, served_site):
    requests = record_requests(page)
    page.goto(served_site + "/fiches/emprise/")
    page.wait_for_load_state("networkidle")
    assert search_requests(requests) == []
    history_length = page.evaluate("history.length")
    panel = page.locator("#recherche-entete-resultats")
    assert panel.is_hidden()
    page.fill("#recherche-entete-input", "about picard")
    panel.locator(".mvl-search__list a").first.wait_for(state="visible")
    assert panel.locator(".mvl-search__list a").first.get_attribute("href") == "/fiches/loi-about-picard/"
    # Submitting the form (button or Enter) shows the results and never navigates with the query.
    page.click("#recherche-entete button[type=submit]")
    page.press("#recherche-entete-input", "Enter")
    panel.locator(".mvl-search__list a").first.wait_for(state="visible")  # the submit was handled
    next_frames(page)
    assert urlparse(page.url).path == "/fiches/emprise/"
    assert_query_left_no_trace(page, history_length, "about", "picard")
    # Escape closes the results and leaves the focus in the field; focusing it again shows them.
    page.focus("#recherche-entete-input")
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.id") == "recherche-entete-input"
    page.click("main h1")
    page.focus("#recherche-entete-input")
    panel.locator(".mvl-search__list a").first.wait_for(state="visible")
    # A click outside closes them; a result link opens its page.
    page.click("main h1")
    assert panel.is_hidden()
    page.focus("#recherche-entete-input")
    panel.locator(".mvl-search__list a").first.click()
    page.wait_for_url("**/fiches/loi-about-picard/")
    assert "about" not in urlparse(page.url).query
    assert page.console_errors == []


def test_header_bar_by_keyboard(page, served_site):
    page.goto(served_site + "/prevention/prevention-familles/")
    page.focus("#recherche-entete-input")
    page.keyboard.type("3919")
    page.keyboard.press("Enter")
    panel = page.locator("#recherche-entete-resultats")
    first = panel.locator(".mvl-search__list a").first
    first.wait_for(state="visible")
    href = first.get_attribute("href")
    assert href == "/aide/#contact-3919"
    reached = None
    for _ in range(6):  # the button, (the type filter,) then the first result
        page.keyboard.press("Tab")
        reached = page.evaluate("(() => { const a = document.activeElement;"
                                " return a.closest('#recherche-entete-resultats') && a.tagName === 'A' ? a.getAttribute('href') : null; })()")
        if reached:
            break
    assert reached == href, "la tabulation doit mener du champ au premier résultat"
    # Escape from inside the results goes back to the field.
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.id") == "recherche-entete-input"
    page.keyboard.press("Enter")  # search again, then open the first result with Enter
    first.wait_for(state="visible")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == href:
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/aide/#contact-3919")
    assert page.console_errors == []


def test_header_form_without_javascript_opens_the_search_page_without_the_query(browser, served_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        pg = context.new_page()
        pg.goto(served_site + "/fiches/emprise/")
        pg.fill("#recherche-entete-input", "emprise secrète")
        with pg.expect_navigation():
            pg.press("#recherche-entete-input", "Enter")
        url = urlparse(pg.url)
        assert url.path == "/recherche/" and url.query == ""
        assert "emprise" not in pg.url
        # Without JavaScript the page offers the site map and the section listings.
        links = pg.eval_on_selector_all("main a", "els => els.map(a => a.getAttribute('href'))")
        assert {"/fiches/", "/prevention/", "/rapports/"} <= set(links)
        assert "/fiches/emprise/" in links
    finally:
        context.close()


def test_empty_result_shows_help_and_a_typo_shows_a_suggestion(page, served_site):
    """Issue 15: an empty result says so (announced), shows the « Besoin d’aide ? » numbers of
    contacts.yaml and links to /aide/, /signaler/ and the sections; a word found only through a
    typo or a sound-alike offers « Vouliez-vous dire … ? », which searches the suggested words."""
    page.goto(served_site + "/recherche/")
    page.focus("#recherche-page-input")
    page.wait_for_function("!!(window.MiviludesSearch && window.MiviludesSearch.engine && window.lunr)")
    empty = "#recherche-resultats [data-search-empty]"
    assert page.is_hidden(empty)
    history_length = page.evaluate("history.length")
    result = page.evaluate(RUN_QUERY, ["#recherche-page-input", "xqzwvk"])
    assert result["hrefs"] == [] and result["status"].startswith("Aucun résultat")
    assert page.is_visible(empty)
    numbers = page.eval_on_selector_all(empty + " a.numero", "els => els.map(a => a.getAttribute('href'))")
    assert numbers and all(h.startswith(("tel:", "sms:")) for h in numbers)
    links = page.eval_on_selector_all(empty + " a.fr-link", "els => els.map(a => a.getAttribute('href'))")
    assert {"/aide/", "/signaler/", "/fiches/", "/prevention/"} <= set(links)
    # Results hide the help again; a typo offers the spelling of the pages.
    result = page.evaluate(RUN_QUERY, ["#recherche-page-input", "psichoterapie"])
    assert page.is_hidden(empty)
    assert "/aide/#contact-psychotherapie-vigilance" in result["hrefs"][:3]
    assert "Vouliez-vous dire « psychothérapie » ?" in result["status"]
    button = "#recherche-resultats .mvl-search__suggest button"
    assert page.text_content(button) == "Rechercher « psychothérapie » à la place"
    page.click(button)
    page.wait_for_function("document.querySelector('#recherche-page-input').value === 'psychothérapie'")
    page.wait_for_function("!document.querySelector('#recherche-resultats .mvl-search__suggest').textContent")
    assert_query_left_no_trace(page, history_length, "xqzwvk", "psichoterapie", "psychoth")
    assert page.console_errors == []


HELP_FIRST = """(selector) => {
  const box = document.getElementById(document.querySelector(selector).getAttribute('aria-controls'));
  const help = box.querySelector('.mvl-search__help');
  const first = [...box.children].find((el) => !el.hidden);
  const heading = help && document.getElementById(help.getAttribute('aria-labelledby'));
  return {first: first ? first.className : '', hidden: help ? help.hidden : true,
          tag: help ? help.tagName : '', heading: heading ? heading.textContent : '',
          hrefs: help ? [...help.querySelectorAll('a')].map((a) => a.getAttribute('href')) : [],
          suggest: (box.querySelector('.mvl-search__suggest') || {}).textContent || ''};
}"""


@pytest.mark.parametrize("selector,path", [("#recherche-page-input", "/recherche/"),
                                           ("#recherche-entete-input", "/")])
def test_a_query_in_distress_shows_the_help_numbers_first(page, served_site, selector, path):
    """Issue 21: « envie de mourrir » (typo included) shows, before any result, a region with its
    heading and the tel: links of contacts.yaml chosen by content/data/detresse.yaml, said by the
    status line; no « Vouliez-vous dire »; an ordinary query shows no such region."""
    page.goto(served_site + path)
    page.focus(selector)
    page.wait_for_function("!!(window.MiviludesSearch && window.MiviludesSearch.engine && window.lunr)")
    result = page.evaluate(RUN_QUERY, [selector, "j'ai envie de mourrir depuis que j'ai quité le groupe"])
    help_box = page.evaluate(HELP_FIRST, selector)
    assert help_box["first"].startswith("fr-callout mvl-search__help") and not help_box["hidden"]
    assert help_box["tag"] == "SECTION" and help_box["heading"].startswith("Besoin d’aide")
    assert help_box["hrefs"][0] == "tel:3114" and "tel:15" in help_box["hrefs"]
    assert result["status"].startswith("Aide immédiate : 3114")
    assert help_box["suggest"] == ""
    # A child and a blow in words nobody listed together (« ensembles » of detresse.yaml): 119 and 17.
    page.evaluate(RUN_QUERY, [selector, "ma nièce de 9 ans reçoit des gifles"])
    help_box = page.evaluate(HELP_FIRST, selector)
    assert help_box["first"].startswith("fr-callout mvl-search__help") and not help_box["hidden"]
    assert help_box["hrefs"][:2] == ["tel:119", "tel:17"]
    page.evaluate(RUN_QUERY, [selector, "emprise mentale"])
    assert page.evaluate(HELP_FIRST, selector)["hidden"]
    assert page.console_errors == []
