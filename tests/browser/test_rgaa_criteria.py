"""RGAA 4.1 criteria that had evidence testing something else (issue 25), and the checks that prove
a non-applicable criterion's content is absent from the audit sample (docs/rgaa/grille.yaml).
In real Chromium on the real site; each test is cited by the grid for the criterion it names and
would fail if that criterion failed.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from site_pages import audit, audit_pages, guard_requests, next_frames, settled

pytestmark = pytest.mark.browser

SAMPLE = audit_pages()
WIDE = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def ctx(browser):
    context = browser.new_context(viewport=WIDE, locale="fr-FR")
    foreign: list[str] = []
    guard_requests(context, foreign)
    # Every listener type registered by the page's scripts (RGAA 13.10, 13.12).
    context.add_init_script("""(() => {
      const seen = window.__listeners = new Set(), where = window.__where = {};
      const add = EventTarget.prototype.addEventListener;
      EventTarget.prototype.addEventListener = function (type, fn, opts) {
        // Only the page's own scripts (served over http), not the test driver's.
        const stack = new Error().stack || '';
        if (/https?:\\/\\//.test(stack)) {
          seen.add(String(type));
          where[type] = where[type] || stack.split('\\n').slice(2, 3).join(' ');
        }
        return add.call(this, type, fn, opts);
      };
      // Every timer the page's scripts arm (RGAA 13.1): the pending timeouts, their delays, intervals.
      const timers = window.__timers = {pending: new Set(), delays: [], intervals: []};
      const fromPage = () => /https?:\\/\\//.test(new Error().stack || '');
      const setT = window.setTimeout, clearT = window.clearTimeout, setI = window.setInterval;
      window.setTimeout = function (fn, delay, ...rest) {
        if (!fromPage() || typeof fn !== 'function') return setT.call(this, fn, delay, ...rest);
        const id = setT.call(this, function () { timers.pending.delete(id); return fn.apply(this, arguments); }, delay, ...rest);
        timers.pending.add(id);
        timers.delays.push(Number(delay) || 0);
        return id;
      };
      window.clearTimeout = function (id) { timers.pending.delete(id); return clearT.call(this, id); };
      window.setInterval = function (fn, delay, ...rest) {
        if (fromPage()) timers.intervals.push(Number(delay) || 0);
        return setI.call(this, fn, delay, ...rest);
      };
    })();""")
    yield context
    context.close()
    assert foreign == [], f"requêtes hors de 127.0.0.1 : {foreign}"


@pytest.fixture
def pg(ctx):
    page = ctx.new_page()
    yield page
    page.close()


def load(pg, url: str) -> None:
    pg.goto(url, wait_until="load")
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")


def header_search(pg, query: str = "dérive") -> None:
    field = pg.locator("#recherche-entete-input")
    field.focus()
    field.type(query)
    field.press("Enter")  # searches at once: aria-busy is set until every result is drawn
    pg.wait_for_function("""() => { const box = document.getElementById('recherche-entete-resultats');
      return !box.hasAttribute('aria-busy') && box.querySelector('li a') !== null; }""")


# --- 3.1: information is never given by colour alone --------------------------------------------------
COLOUR_ONLY_JS = """() => {
  const out = [];
  for (const a of document.querySelectorAll('main p a[href], main li a[href], footer p a[href], main dd a[href]')) {
    if (a.closest('.fr-btn, .fr-tag, .fr-card, .fr-tile, nav, .fr-sidemenu') || !a.getClientRects().length) continue;
    const s = getComputedStyle(a);
    const underlined = /underline/.test(s.textDecorationLine) || (s.backgroundImage !== 'none' && /gradient/.test(s.backgroundImage));
    if (!underlined) out.push('lien non souligné : « ' + a.textContent.trim().slice(0, 40) + ' »');
  }
  for (const el of document.querySelectorAll('.fr-input-group--error, .fr-input-group--valid')) {
    const msg = el.querySelector('.fr-error-text, .fr-valid-text, .fr-message--error, .fr-message--valid');
    if (!msg || !msg.textContent.trim()) out.push('état de champ signalé par la couleur seule');
  }
  const current = document.querySelectorAll('nav [aria-current]');
  for (const c of current) if (!['page', 'true', 'step', 'location'].includes(c.getAttribute('aria-current'))) out.push('aria-current invalide');
  return out;
}"""


def test_information_is_not_given_by_colour_alone(pg, served_site):
    problems = []
    for _, url in SAMPLE:
        load(pg, served_site + url)
        problems += [f"{url} : {p}" for p in pg.evaluate(COLOUR_ONLY_JS)]
    # The directory's postcode error is written out in words, not only shown in red.
    load(pg, served_site + "/aide/")
    pg.locator("#aide-code-postal").fill("12a")
    pg.wait_for_function("""() => !!document.querySelector('.fr-input-group--error')
      && document.getElementById('aide-code-postal-messages').textContent.trim() !== ''""")
    assert pg.locator(".fr-input-group--error").count(), "l’erreur du code postal n’est plus affichée"
    problems += [f"/aide/ (erreur) : {p}" for p in pg.evaluate(COLOUR_ONLY_JS)]
    message = pg.locator("#aide-code-postal-messages").inner_text().strip()
    if not message:
        problems.append("/aide/ : code postal invalide signalé sans texte")
    assert problems == [], "\n".join(problems[:20])


# --- 11.4: each label is next to its field ------------------------------------------------------------
LABEL_GAP_JS = """() => {
  const out = [];
  for (const f of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!f.getClientRects().length || !f.labels || !f.labels.length) continue;
    const a = f.labels[0].getBoundingClientRect(), b = f.getBoundingClientRect();
    if (!a.width || !b.width) continue;
    const dx = Math.max(0, Math.max(a.left, b.left) - Math.min(a.right, b.right));
    const dy = Math.max(0, Math.max(a.top, b.top) - Math.min(a.bottom, b.bottom));
    if (dx > 24 || dy > 24) out.push('#' + f.id + ' : étiquette à ' + Math.round(dx) + ' × ' + Math.round(dy) + ' px');
  }
  return out;
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_labels_are_next_to_their_fields(pg, served_site, width):
    pg.set_viewport_size({"width": width, "height": 900})
    problems = []
    for url in ("/", "/recherche/", "/aide/"):
        load(pg, served_site + url)
        problems += [f"{url} : {p}" for p in pg.evaluate(LABEL_GAP_JS)]
    load(pg, served_site + "/recherche/")
    pg.locator("#recherche-page-input").fill("dérive")
    pg.locator("#recherche-resultats fieldset input[type=radio]").first.wait_for()
    problems += [f"/recherche/ (filtre) : {p}" for p in pg.evaluate(LABEL_GAP_JS)]
    theme = pg.locator("button[aria-controls=fr-theme-modal]:visible").first
    if theme.count():
        theme.click()
        pg.locator("#fr-theme-modal.fr-modal--opened").wait_for()
        settled(pg)  # the modal's opening transition is over: labels in their final place
        problems += [f"paramètres d’affichage : {p}" for p in pg.evaluate(LABEL_GAP_JS)]
    assert problems == [], "\n".join(problems[:20])


# --- 11.5, 11.6, 11.7, 11.8: grouped fields in a fieldset with a relevant legend; choice lists -------
GROUPS_JS = """() => {
  const out = [], groups = {};
  for (const f of document.querySelectorAll('input[type=radio], input[type=checkbox]')) (groups[f.name] = groups[f.name] || []).push(f);
  let count = 0;
  for (const [name, fields] of Object.entries(groups)) {
    if (fields.length < 2) continue;
    count += 1;
    const set = fields[0].closest('fieldset, [role=group], [role=radiogroup]');
    if (!set || fields.some(f => f.closest('fieldset, [role=group], [role=radiogroup]') !== set)) { out.push(name + ' : champs liés hors d’un même fieldset'); continue; }
    const legend = set.tagName === 'FIELDSET' ? set.querySelector(':scope > legend') : null;
    const text = legend ? legend.textContent.trim() : (set.getAttribute('aria-label') || '');
    if (!text) out.push(name + ' : fieldset sans légende');
    else if (/^(légende|legend|groupe|options?|choix)$/i.test(text) || text.length < 4) out.push(name + ' : légende non pertinente « ' + text + ' »');
  }
  for (const set of document.querySelectorAll('fieldset')) {
    if (!set.getClientRects().length) continue;  // hidden (the search filter before any search)
    const legend = set.querySelector(':scope > legend');
    if (!legend || !legend.textContent.trim()) out.push('fieldset sans légende (' + (set.id || set.className) + ')');
  }
  for (const select of document.querySelectorAll('select')) {
    const labels = [...select.options].map(o => o.textContent.trim());
    if (labels.some(t => !t)) out.push('#' + select.id + ' : option sans texte');
    if (new Set(labels).size !== labels.length) out.push('#' + select.id + ' : options en double');
    for (const g of select.querySelectorAll('optgroup')) if (!(g.label || '').trim()) out.push('#' + select.id + ' : optgroup sans label');
  }
  return {out, count};
}"""


def test_grouped_fields_have_a_fieldset_and_a_relevant_legend(pg, served_site):
    problems, groups = [], 0
    for _, url in SAMPLE:
        load(pg, served_site + url)
        result = pg.evaluate(GROUPS_JS)
        problems += [f"{url} : {p}" for p in result["out"]]
        groups += result["count"]
    for url, field in (("/recherche/", "#recherche-page-input"), ("/", "#recherche-entete-input")):
        load(pg, served_site + url)
        pg.locator(field).fill("dérive")
        pg.locator("fieldset.mvl-search__filters input[type=radio]").first.wait_for()
        result = pg.evaluate(GROUPS_JS)
        problems += [f"{url} (filtre) : {p}" for p in result["out"]]
        groups += result["count"]
    assert groups, "aucun groupe de champs : le test n’a rien vérifié"
    assert problems == [], "\n".join(problems[:20])


# --- 13.11: an action starts on release, never on the pointer going down ------------------------------
CONTROLS = ["#bouton-recherche", "#bouton-menu", "button[aria-controls=fr-theme-modal]", "#quitter-le-site",
            ".fr-header__brand a", "main a[href]"]
STATE_JS = """() => ({url: location.href, opened: document.querySelectorAll('.fr-modal--opened').length,
  expanded: [...document.querySelectorAll('[aria-expanded=true]')].length,
  hidden: document.documentElement.classList.contains('sortie-rapide-active')})"""


@pytest.mark.parametrize("width", [1280, 375])
def test_pointer_down_alone_starts_no_action(pg, served_site, width):
    pg.set_viewport_size({"width": width, "height": 900})
    problems, tried = [], 0
    for url in ("/", "/aide/"):
        load(pg, served_site + url)
        for selector in CONTROLS + (["#aide-effacer"] if url == "/aide/" else []):
            control = pg.locator(selector).first
            if not control.count() or not control.is_visible():
                continue
            control.scroll_into_view_if_needed()
            box = control.bounding_box()
            before = pg.evaluate(STATE_JS)
            pg.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            pg.mouse.down()
            next_frames(pg)  # whatever the press started is applied by now
            during = pg.evaluate(STATE_JS)
            # Cancel: move away, release elsewhere (the click is abandoned).
            pg.mouse.move(2, 450)
            pg.mouse.up()
            next_frames(pg)
            after = pg.evaluate(STATE_JS)
            tried += 1
            if during != before or after != before:
                problems.append(f"{url} {selector} : action au seul appui ({before} → {during} → {after})")
                load(pg, served_site + url)
    assert tried >= 5, f"seulement {tried} contrôles essayés"
    assert problems == [], "\n".join(problems)


# --- 10.14: content shown by CSS on focus is reachable by keyboard -----------------------------------
def test_css_only_content_appears_on_keyboard_focus(pg, served_site):
    problems, links = [], 0
    for _, url in SAMPLE:
        load(pg, served_site + url)
        for k in range(pg.locator(".fr-skiplinks a").count()):
            link = pg.locator(".fr-skiplinks a").nth(k)
            if pg.evaluate("(a) => getComputedStyle(a).display === 'none'", link.element_handle()):
                continue  # the variant for the other width
            links += 1
            link.focus()
            settled(pg)  # the skip links' slide-in transition, if any, is over
            box = link.bounding_box()
            if not box or box["y"] < 0 or box["height"] < 8 or not link.is_visible():
                problems.append(f"{url} : lien d’évitement « {link.inner_text()} » invisible au focus")
        pg.locator("main").first.click(position={"x": 5, "y": 5})
        settled(pg)
        box = pg.locator(".fr-skiplinks").bounding_box()
        if box and box["y"] + box["height"] > 0 and box["height"] > 8:
            problems.append(f"{url} : liens d’évitement visibles sans focus (le critère ne s’appliquerait plus)")
    assert links, "aucun lien d’évitement"
    assert problems == [], "\n".join(problems[:20])


# --- Non-applicable criteria: the content they apply to is absent ------------------------------------
def test_no_data_table_outside_the_pages_the_grid_names(pg, served_site):
    """5.1–5.8: tables only on the pages where the grid gives theme 5 a result other than « no table »."""
    grid = audit()
    with_tables = {p for c in grid.criteria if c.number == "5.6" for p, r in c.results.items() if r.status == "C"}
    found = set()
    for page_id, url in SAMPLE:
        load(pg, served_site + url)
        if pg.locator("table").count():
            found.add(page_id)
    assert found == with_tables, f"tableaux trouvés sur {sorted(found)}, la grille en annonce sur {sorted(with_tables)}"


RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def test_no_change_of_reading_direction(pg, served_site):
    """8.10: no text written right to left, no dir change."""
    problems = []
    for _, url in SAMPLE:
        load(pg, served_site + url)
        dirs = pg.evaluate("() => [...document.querySelectorAll('[dir], bdo')].map(e => e.tagName + ':' + e.getAttribute('dir'))")
        problems += [f"{url} : {d}" for d in dirs if not d.endswith(":ltr")]
        if RTL.search(pg.locator("body").inner_text()):
            problems.append(f"{url} : texte en écriture de droite à gauche")
    assert problems == [], "\n".join(problems)


def test_no_form_that_commits_data(pg, served_site):
    """11.12: no form sends or changes data held elsewhere (no POST, no password, no file)."""
    problems = []
    for _, url in SAMPLE:
        load(pg, served_site + url)
        problems += [f"{url} : {p}" for p in pg.evaluate("""() => [
          ...[...document.forms].filter(f => (f.method || 'get').toLowerCase() !== 'get').map(f => 'formulaire POST #' + f.id),
          ...[...document.querySelectorAll('input[type=password], input[type=file], input[type=submit][formmethod=post]')].map(i => 'champ ' + i.type)]""")]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("key", ["a", "s", "m", "q", "1", "/", "?"])
def test_single_character_keys_do_nothing(pg, served_site, key):
    """12.10: no shortcut on a single character key (the quick exit's Shift is a modifier, pressed
    three times: outside WCAG 2.1.4)."""
    problems = []
    for _, url in SAMPLE:
        load(pg, served_site + url)
        pg.evaluate("() => document.activeElement && document.activeElement.blur()")
        before = pg.evaluate(STATE_JS)
        pg.keyboard.press(key)
        next_frames(pg)
        after = pg.evaluate(STATE_JS)
        active = pg.evaluate("() => document.activeElement.tagName")
        if after != before or active != "BODY":
            problems.append(f"{url} : la touche « {key} » agit ({before} → {after}, focus {active})")
    assert problems == [], "\n".join(problems)


EMOTICON = re.compile(r"(?<![\w/])(?:[:;=][-'^]?[)(\]\[DPpOo|/\\]|<3|\^\^|[xX]D)(?![\w])")
EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff]")


def test_no_cryptic_content(pg, served_site):
    """13.5, 13.6: no emoticon, emoji, ASCII art or leetspeak in the sample."""
    problems = []
    for _, url in SAMPLE:
        load(pg, served_site + url)
        text = pg.locator("body").inner_text()
        for regex, what in ((EMOTICON, "émoticône"), (EMOJI, "émoji")):
            found = regex.findall(text)
            if found:
                problems.append(f"{url} : {what} {found[:3]}")
        if pg.locator("pre").count():
            problems.append(f"{url} : <pre> (art ASCII ?)")
    assert problems == [], "\n".join(problems)


GESTURES = {"touchstart", "touchmove", "touchend", "gesturestart", "gesturechange", "gestureend",
            "devicemotion", "deviceorientation", "deviceorientationabsolute", "pointermove"}


def test_no_gesture_or_motion_handler(pg, served_site):
    """13.10, 13.12: no script listens for multipoint or path gestures, or for the device's motion."""
    problems = []
    for _, url in SAMPLE:
        load(pg, served_site + url)
        header_search(pg)
        listened = set(pg.evaluate("() => [...window.__listeners]"))
        assert "click" in listened or "keydown" in listened, "enregistrement des écouteurs inopérant"
        handlers = pg.evaluate("() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => /^on(touch|gesture|device)/.test(n))")
        bad = sorted((listened & GESTURES) | set(handlers))
        if bad:
            where = pg.evaluate("() => window.__where")
            problems.append(f"{url} : {bad} {[where.get(b) for b in bad]}")
    assert problems == [], "\n".join(problems)


# A timeout armed at load longer than this would change the page later by itself (a time limit, a
# refresh, a rotating content): none may exist. The scripts' own short ones (setup) are allowed.
LONGEST_LOAD_TIMEOUT_MS = 1000


def test_page_does_not_change_by_itself(pg, served_site):
    """13.1: no time limit, no content that changes or leaves on a timer. Every timer the page's
    scripts arm is recorded: no interval, no meta refresh, no timeout of a second or more; once
    the short ones have run, nothing is left to change the page (checked over the next frames)."""
    problems = []
    for _, url in SAMPLE:
        load(pg, served_site + url)
        settled(pg)
        try:
            pg.wait_for_function("() => window.__timers.pending.size === 0", timeout=10_000)
        except PlaywrightTimeout:
            problems.append(f"{url} : une minuterie reste armée {pg.evaluate('window.__timers.delays')}")
            continue
        timers = pg.evaluate("() => ({delays: window.__timers.delays, intervals: window.__timers.intervals})")
        if timers["intervals"]:
            problems.append(f"{url} : setInterval {timers['intervals']}")
        if any(d >= LONGEST_LOAD_TIMEOUT_MS for d in timers["delays"]):
            problems.append(f"{url} : minuterie de {max(timers['delays'])} ms")
        if pg.locator("meta[http-equiv=refresh i]").count():
            problems.append(f"{url} : <meta http-equiv=refresh>")
        pg.evaluate("""() => { window.__changes = [];
          new MutationObserver(rs => rs.forEach(r => window.__changes.push(r.type + ' ' + (r.target.id || r.target.nodeName))))
            .observe(document.documentElement, {childList: true, subtree: true, characterData: true, attributes: true}); }""")
        start = pg.url
        settled(pg)
        next_frames(pg)
        changes = pg.evaluate("window.__changes")
        if changes or pg.url != start or pg.evaluate("window.__timers.pending.size"):
            problems.append(f"{url} : la page change seule {changes[:5]}")
    # The recording works: the search field's debounce is a page timer.
    load(pg, served_site + "/")
    pg.locator("#recherche-entete-input").type("d")
    assert pg.evaluate("window.__timers.delays.length"), "enregistrement des minuteries inopérant"
    assert problems == [], "\n".join(problems)


# --- 10.11, 10.12: with the reader's text spacing at 320 px, only a data table may scroll sideways ---
SPACING_CSS = ("*, *::before, *::after { line-height: 1.5 !important; letter-spacing: .12em !important;"
               " word-spacing: .16em !important; } p { margin-bottom: 2em !important; }")


def test_text_spacing_at_320px_never_scrolls_the_page_sideways(pg, served_site):
    pg.set_viewport_size({"width": 320, "height": 800})
    problems = []
    for _, url in SAMPLE:
        load(pg, served_site + url)
        pg.add_style_tag(content=SPACING_CSS)
        settled(pg)
        scroll = pg.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll[0] > scroll[1] + 1:
            problems.append(f"{url} : la page défile de {scroll[0] - scroll[1]} px en largeur")
        logo = pg.evaluate("() => { const l = document.querySelector('.fr-logo'); return l ? [l.scrollWidth, l.clientWidth, l.scrollHeight, l.clientHeight] : null; }")
        if logo and (logo[0] > logo[1] + 1 or logo[2] > logo[3] + 1):
            problems.append(f"{url} : bloc-marque coupé {logo}")
    assert problems == [], "\n".join(problems)


# --- 13.3, 13.4: office documents only on the pages where the grid evaluates them --------------------
DOCUMENT = re.compile(r"\.(pdf|docx?|odt|ods|xlsx?|pptx?|odp|rtf|epub)([?#]|$)", re.I)


def test_documents_only_on_the_pages_the_grid_names(pg, served_site):
    grid = audit()
    expected = {p for c in grid.criteria if c.number == "13.3" for p, r in c.results.items()
                if r.status != "NA" and p in dict(SAMPLE)}
    # The printable PDFs of the sample (built only with PRINTABLE_PDFS, off here) belong to their page.
    found = {page_id for page_id, url in SAMPLE
             if any(doc.rsplit("/", 1)[0] + "/" == url for _, doc in audit_pages("document"))}
    for page_id, url in SAMPLE:
        load(pg, served_site + url)
        hrefs = pg.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
        # A document under derogation (audit.derogations) is not evaluated on the pages it names.
        if any(DOCUMENT.search(h) and h not in grid.derogated_documents.get(page_id, ()) for h in hrefs):
            found.add(page_id)
    assert found == expected, f"documents proposés sur {sorted(found)}, la grille les évalue sur {sorted(expected)}"


def test_derogated_documents_are_the_ones_the_grid_names(pg, served_site):
    """13.3 NA under a derogation: every document the grid's derogation names is still offered on each
    page it names (else the derogation is stale and the declaration wrong), and the declaration lists
    the derogation."""
    grid = audit()
    assert grid.derogated_documents, "aucune dérogation : ce test ne vérifie plus rien (retirez-le de la grille)"
    urls = dict(SAMPLE)
    for page_id, documents in grid.derogated_documents.items():
        load(pg, served_site + urls[page_id])
        hrefs = set(pg.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)"))
        assert documents <= hrefs, f"{urls[page_id]} ne propose plus {sorted(documents - hrefs)} : mettez la grille à jour"
    load(pg, served_site + "/accessibilite/")
    listed = pg.locator("#derogations + ul").inner_text()
    for text in grid.exemptions:
        assert " ".join(text.split())[:60] in " ".join(listed.split()), (text, listed)


# --- 11.10, 11.11, 11.13: outside the help directory, no input check and no field about the user ----
FIELDS_JS = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(f => !(f.id || '').startsWith('recherche-') && !(f.type === 'radio' && (f.name === 'fr-radios-theme' || f.name.startsWith('mvl-search-type-'))))
  .map(f => f.tagName.toLowerCase() + '#' + f.id + '[' + f.type + ']')
  .concat([...document.querySelectorAll('[pattern], [required], [aria-invalid=true], [minlength], [min], [max]')]
    .filter(f => !f.closest('#aide-filtre')).map(f => 'contrôle de saisie sur #' + f.id))"""


def test_only_the_help_directory_checks_input_or_asks_about_the_user(pg, served_site):
    problems, aide = [], []
    for page_id, url in SAMPLE:
        load(pg, served_site + url)
        found = pg.evaluate(FIELDS_JS)
        if page_id == "aide":
            aide = found
        else:
            problems += [f"{url} : {f}" for f in found]
    assert any("aide-code-postal" in f for f in aide), "le test ne voit plus le code postal de /aide/"
    assert problems == [], "\n".join(problems)


# --- 12.8: the tab order follows the reading order (document order), also through added content ------
# One Tab stop, compared in the page with the previous one: `wrapped` when the focus is back on the first
# stop, `before` when it comes before the previous stop in document order.
ORDER_JS = """() => { const a = document.activeElement;
  if (!a || a === document.body) return null;
  const key = a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') + ' « ' + (a.textContent || a.value || '').trim().slice(0, 30) + ' »';
  if (!window.__firstStop) window.__firstStop = a;
  else if (a === window.__firstStop) return {key, wrapped: true};
  const prev = window.__prevStop;
  window.__prevStop = a;
  return {key, wrapped: false, prev: prev ? prev.tagName.toLowerCase() + (prev.id ? '#' + prev.id : '') + ' « ' + (prev.textContent || prev.value || '').trim().slice(0, 30) + ' »' : '',
          before: !!prev && prev !== a && !!(prev.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_PRECEDING)}; }"""


def tab_order(pg, limit: int = 400) -> tuple[list[str], int]:
    """Tab from the top of the page until the focus comes back to the first stop: the problems (a stop
    before the previous one in document order) and the number of stops."""
    pg.evaluate("() => { window.__firstStop = null; window.__prevStop = null; }")
    problems, stops = [], 0
    for _ in range(limit):
        pg.keyboard.press("Tab")
        info = pg.evaluate(ORDER_JS)
        if info is None:  # past the last stop (the browser's own controls)
            continue
        if info["wrapped"]:
            return problems, stops
        stops += 1
        if info["before"]:
            problems.append(f"{info['key']} atteint après {info['prev']}, qui le suit dans la page")
    return problems + ["la tabulation ne revient jamais au début"], stops


# Below 992 px the header is another layout (menu and search in modals): one page of each template kind
# with the header's tools is enough there; every sampled page at 1280 px.
NARROW_TAB_PAGES = ("/", "/fiches/abus-de-faiblesse/", "/aide/", "/recherche/")


@pytest.mark.parametrize("width", [1280, 375])
def test_tab_order_follows_the_reading_order(pg, served_site, width):
    pg.set_viewport_size({"width": width, "height": 900})
    problems = []
    for _, url in SAMPLE if width >= 992 else [(None, u) for u in NARROW_TAB_PAGES]:
        load(pg, served_site + url)
        positive = pg.evaluate("() => [...document.querySelectorAll('[tabindex]')].filter(e => e.tabIndex > 0).length")
        if positive:
            problems.append(f"{url} : {positive} tabindex positif(s)")
        found, stops = tab_order(pg)
        assert stops > 5, f"{url} : trop peu d’arrêts de tabulation ({stops})"
        problems += [f"{url} : {p}" for p in found]
    assert problems == [], "\n".join(problems[:20])


def test_added_search_results_come_next_in_the_tab_order(pg, served_site):
    """12.8.2: the header panel's results (added by a script) are reached right after the field's form,
    before whatever follows the header."""
    load(pg, served_site + "/")
    header_search(pg, "emprise")
    pg.evaluate("() => { window.__firstStop = document.activeElement; window.__prevStop = document.activeElement; }")
    seen = []
    for _ in range(8):
        pg.keyboard.press("Tab")
        info = pg.evaluate(ORDER_JS)
        inside = pg.evaluate("() => document.getElementById('recherche-entete-resultats').contains(document.activeElement)")
        seen.append((info, inside))
        if inside:
            break
    assert seen[-1][1], f"résultats jamais atteints depuis le champ : {[s[0]['key'] for s in seen if s[0]]}"
    assert not any(s[0] and s[0]["before"] for s in seen), seen


# --- 10.5: text and background colours declared together ---------------------------------------------
COLOURS_JS = """() => {
  const out = [], opaque = (c) => c && c !== 'transparent' && !/^rgba\\(.*,\\s*0\\)$/.test(c);
  const root = getComputedStyle(document.documentElement), body = getComputedStyle(document.body);
  if (!opaque(root.backgroundColor) && !opaque(body.backgroundColor)) out.push('aucun fond déclaré pour la page');
  // Every visible text's colour is read over a background the site declares (never the reader's default).
  for (const el of document.querySelectorAll('body *')) {
    if (!el.getClientRects().length || ![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (el.closest('.fr-sr-only, [hidden], .fr-modal:not(.fr-modal--opened)')) continue;
    let node = el, bg = null;
    while (node && !bg) { const s = getComputedStyle(node); if (opaque(s.backgroundColor)) bg = s.backgroundColor; node = node.parentElement; }
    if (!bg) out.push('texte sans fond déclaré : ' + el.tagName.toLowerCase() + ' « ' + el.textContent.trim().slice(0, 30) + ' »');
  }
  return [...new Set(out)];
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_colour_is_declared_with_its_background(pg, served_site, scheme):
    pg.emulate_media(color_scheme=scheme)
    problems = []
    for _, url in SAMPLE:
        load(pg, served_site + url)
        problems += [f"{url} : {p}" for p in pg.evaluate(COLOURS_JS)]
    assert problems == [], "\n".join(problems[:20])


# --- 10.8: hidden content is hidden from assistive technologies too, and text meant for them is read ---
SR_ONLY_JS = """() => [...document.querySelectorAll('.fr-sr-only')]
  .filter(e => e.textContent.trim() && !e.closest('[hidden], [aria-hidden=true], .fr-modal:not(.fr-modal--opened), noscript'))
  .map(e => e.textContent.replace(/[\\s\\u00a0\\u202f]+/g, ' ').trim())"""


def test_hidden_content_is_ignored_and_screen_reader_text_is_read(pg, served_site):
    problems, read = [], 0
    for _, url in SAMPLE:
        load(pg, served_site + url)
        snap = re.sub(r"[\s\u00a0\u202f]+", " ", pg.locator("body").aria_snapshot())
        # Closed modals (menu, search, display settings) and the empty results panel: not in the tree.
        if "- dialog" in snap:
            problems.append(f"{url} : une fenêtre fermée est restituée (dialog dans l’arbre)")
        for text in pg.evaluate(SR_ONLY_JS):
            read += 1
            if text[:40] not in snap:
                problems.append(f"{url} : texte pour lecteur d’écran absent de l’arbre : « {text[:40]} »")
    # Opened, the display settings are in the tree: the check above would see a wrongly hidden one.
    load(pg, served_site + "/")
    pg.locator("button[aria-controls=fr-theme-modal]:visible").first.click()
    pg.locator("#fr-theme-modal.fr-modal--opened").wait_for()
    assert "dialog" in pg.locator("body").aria_snapshot(), "fenêtre ouverte absente de l’arbre"
    assert read, "aucun texte réservé aux lecteurs d’écran : le test ne vérifie plus rien"
    assert problems == [], "\n".join(problems[:20])


# --- 10.12, decision of issue 25: with the WCAG text spacing, « République française » in the header's
# logo is never cut by a box that clips (measured on the text itself, against every clipping ancestor) ---
LOGO_CLIP_JS = """() => {
  const logo = document.querySelector('.fr-header .fr-logo');
  if (!logo) return ['pas de bloc-marque'];
  const out = [], range = document.createRange();
  range.selectNodeContents(logo);
  for (const r of range.getClientRects()) {
    if (r.width < 1) continue;
    for (let a = logo; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      const box = a.getBoundingClientRect();
      if (/(hidden|clip|auto|scroll)/.test(s.overflowX) && (r.left < box.left - 1 || r.right > box.right + 1))
        out.push('coupé en largeur par ' + a.tagName.toLowerCase() + '.' + [...a.classList].join('.'));
      if (/(hidden|clip|auto|scroll)/.test(s.overflowY) && (r.top < box.top - 1 || r.bottom > box.bottom + 1))
        out.push('coupé en hauteur par ' + a.tagName.toLowerCase() + '.' + [...a.classList].join('.'));
    }
    if (r.left < -1 || r.right > document.documentElement.clientWidth + 1) out.push('hors de la fenêtre');
  }
  return [...new Set(out)];
}"""


@pytest.mark.parametrize("width", [1280, 992, 375, 320])
def test_logo_text_is_never_clipped_with_text_spacing(pg, served_site, width):
    pg.set_viewport_size({"width": width, "height": 900})
    load(pg, served_site + "/aide/")
    settled(pg)  # the Marianne font is in: the text has its real width
    assert pg.evaluate(LOGO_CLIP_JS) == [], "sans espacements"
    pg.add_style_tag(content=SPACING_CSS)
    settled(pg)
    assert "RÉPUBLIQUE" in pg.locator(".fr-header .fr-logo").inner_text().upper()
    assert pg.evaluate(LOGO_CLIP_JS) == []


# --- 13.9: the same content in portrait and in landscape (nothing locked to an orientation) ------------
def test_same_content_in_portrait_and_landscape(pg, served_site):
    problems = []
    for _, url in SAMPLE:
        texts = []
        # Both under the 768 px breakpoint: only the orientation differs (a phone turned, no reload).
        pg.set_viewport_size({"width": 360, "height": 740})
        load(pg, served_site + url)
        for viewport in ({"width": 360, "height": 740}, {"width": 740, "height": 360}):
            pg.set_viewport_size(viewport)
            settled(pg)
            assert pg.evaluate("matchMedia('(orientation: portrait)').matches") == (viewport["width"] < viewport["height"])
            texts.append(" ".join(pg.locator("main").inner_text().split()))
        if texts[0] != texts[1]:
            problems.append(f"{url} : le contenu principal change avec l’orientation")
    assert problems == [], "\n".join(problems)
