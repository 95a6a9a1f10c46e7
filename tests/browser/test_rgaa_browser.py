"""RGAA 4.1 checks beyond axe-core, in real Chromium, on every page of the audit sample
(docs/rgaa/grille.yaml): text spacing (WCAG 1.4.12), forced colours, focus never hidden under the
fixed « Quitter le site » button (WCAG 2.4.11), target sizes, visible text kept as the name of the
buttons at every width, accessibility-tree names and reading order, non-text contrast, motion, and
content without CSS. Each test is cited as evidence by the grid.
"""
from __future__ import annotations

import re

import pytest

from site_pages import audit_pages, guard_requests, next_frames

SAMPLE = audit_pages()
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 375, "height": 800}


@pytest.fixture(scope="module")
def ctx(browser):
    """One browser context for the module (the site has no state to leak between pages)."""
    context = browser.new_context(viewport=WIDE, locale="fr-FR")
    foreign: list[str] = []
    guard_requests(context, foreign)
    yield context
    context.close()
    assert foreign == [], f"requêtes hors de 127.0.0.1 : {foreign}"


@pytest.fixture
def pg(ctx):
    page = ctx.new_page()
    yield page
    page.close()


def load(pg, url: str, viewport=WIDE) -> None:
    pg.set_viewport_size(viewport)
    pg.goto(url, wait_until="load")
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")
    pg.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


# --- WCAG 1.4.12 / RGAA 10.12: the reader's text spacing loses nothing -----------------------------
SPACING_CSS = ("*, *::before, *::after { line-height: 1.5 !important; letter-spacing: .12em !important;"
               " word-spacing: .16em !important; } p { margin-bottom: 2em !important; }")
CLIPPED_JS = """() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push('défilement horizontal ' + root.scrollWidth + ' > ' + root.clientWidth);
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.fr-sr-only, [hidden], [aria-hidden=true], .fr-modal:not(.fr-modal--opened), script, style, noscript')) continue;
    const hasText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!hasText || !el.getClientRects().length) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 2 || box.height <= 2) continue;  // visually hidden on purpose (DSFR labels)
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.display === 'none') continue;
    const clipsX = /(hidden|clip)/.test(s.overflowX), clipsY = /(hidden|clip)/.test(s.overflowY);
    if ((clipsX && el.scrollWidth > el.clientWidth + 1) || (clipsY && el.scrollHeight > el.clientHeight + 1)
        || (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)) {
      out.push((el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))
               + ' « ' + el.textContent.trim().slice(0, 40) + ' »');
    }
  }
  return out.slice(0, 10);
}"""


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280px", "375px"])
def test_text_spacing_override_loses_nothing(pg, served_site, viewport):
    problems = []
    for page_id, url in SAMPLE:
        load(pg, served_site + url, viewport)
        before = set(pg.evaluate(CLIPPED_JS))  # icon-only DSFR buttons: their text is never shown
        pg.add_style_tag(content=SPACING_CSS)
        pg.wait_for_function("getComputedStyle(document.body).wordSpacing !== 'normal'")
        problems += [f"{url} : {p}" for p in pg.evaluate(CLIPPED_JS) if p not in before]
    assert problems == [], "texte coupé ou masqué avec les espacements WCAG 1.4.12 :\n" + "\n".join(problems)


# --- Forced colours (Windows high contrast): boxes, text and focus stay visible --------------------
def test_forced_colours_keep_boxes_text_and_focus(browser, served_site):
    context = browser.new_context(viewport=WIDE, locale="fr-FR", forced_colors="active")
    guard_requests(context, [])
    pg = context.new_page()
    problems = []
    try:
        for page_id, url in SAMPLE:
            load(pg, served_site + url)
            assert pg.evaluate("matchMedia('(forced-colors: active)').matches")
            box = pg.evaluate("""() => { const s = getComputedStyle(document.getElementById('quitter-le-site'));
                return {w: parseFloat(s.borderTopWidth), style: s.borderTopStyle}; }""")
            if box["w"] < 1 or box["style"] == "none":
                problems.append(f"{url} : « Quitter le site » sans bordure en couleurs forcées ({box})")
            pg.keyboard.press("Tab")
            ring = pg.evaluate("""() => { const el = document.activeElement, s = getComputedStyle(el);
                return {tag: el.tagName, style: s.outlineStyle, w: parseFloat(s.outlineWidth)}; }""")
            if ring["style"] == "none" or ring["w"] < 1:
                problems.append(f"{url} : focus sans contour en couleurs forcées ({ring})")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


# --- WCAG 2.4.11 / RGAA 10.7, 12.8, 12.9: every focus stop visible, never under the fixed button ----
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const q = document.getElementById('quitter-le-site').getBoundingClientRect();
  const w = Math.max(0, Math.min(r.right, q.right) - Math.max(r.left, q.left));
  const h = Math.max(0, Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top));
  return {key: el.id || (el.tagName + ':' + (el.getAttribute('href') || el.getAttribute('name') || el.textContent.trim().slice(0, 30))),
          inQuickExit: !!el.closest('.sortie-rapide'), overlap: w * h, area: r.width * r.height,
          inView: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
          visible: el.matches(':focus-visible')};
}"""


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280px", "375px"])
def test_focus_is_never_hidden_under_quick_exit(pg, served_site, viewport):
    problems = []
    for page_id, url in SAMPLE:
        load(pg, served_site + url, viewport)
        first, stops = None, 0
        for stops in range(1, 400):
            pg.keyboard.press("Tab")
            info = pg.evaluate(FOCUS_JS)
            if info is None:  # past the last stop: the browser UI, then the page again
                continue
            if info["key"] == first:
                break
            first = first or info["key"]
            if not info["inView"] or not info["visible"]:
                problems.append(f"{url} : focus hors de la fenêtre ou invisible sur {info['key']}")
            if not info["inQuickExit"] and info["overlap"] > 0:
                problems.append(f"{url} : {info['key']} caché en partie sous « Quitter le site »"
                                f" ({info['overlap']:.0f} px² sur {info['area']:.0f})")
        else:
            problems.append(f"{url} : la tabulation ne revient jamais au début (piège au clavier ?)")
        assert stops > 5, f"{url} : trop peu d’arrêts de tabulation ({stops})"
    assert problems == [], "\n".join(problems)


# --- Target sizes (WCAG 2.5.8, AA in 2.2; RGAA 13.11 notes): 24 × 24 px at least --------------------
TARGETS_JS = """() => {
  const small = [];
  const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary, [role=button]')]
    .filter(el => el.getClientRects().length);
  const rects = all.map(el => el.getBoundingClientRect());
  for (const [i, el] of all.entries()) {
    if (el.closest('.fr-sr-only, [hidden], .fr-modal:not(.fr-modal--opened)') || !el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width >= 24 && r.height >= 24) continue;
    // Spacing exception: a 24 × 24 px square centred on the target touches no other target.
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const clear = rects.every((o, j) => j === i || o.right <= cx - 12 || o.left >= cx + 12 || o.bottom <= cy - 12 || o.top >= cy + 12);
    if (clear) continue;
    // Exception: a link inside a sentence or a list item of text (its size follows the text).
    const inline = s.display === 'inline' && el.parentElement && /^(P|LI|TD|TH|DD|SPAN|STRONG|EM|Q|SMALL)$/.test(el.parentElement.tagName);
    if (inline) continue;
    if (/^(INPUT)$/.test(el.tagName) && /^(radio|checkbox)$/.test(el.type) && el.labels && el.labels.length) {
      const l = el.labels[0].getBoundingClientRect();
      if (l.height >= 24) continue;  // the label is the target
    }
    small.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' « ' + (el.textContent || el.value || '').trim().slice(0, 30)
               + ' » ' + Math.round(r.width) + '×' + Math.round(r.height));
  }
  return small.slice(0, 10);
}"""


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280px", "375px"])
def test_targets_are_large_enough(pg, served_site, viewport):
    problems = []
    for page_id, url in SAMPLE:
        load(pg, served_site + url, viewport)
        problems += [f"{url} : {p}" for p in pg.evaluate(TARGETS_JS)]
    assert problems == [], "cibles de moins de 24 × 24 px :\n" + "\n".join(problems)


# --- RGAA 7.1, 11.9, 6.1 (WCAG 2.5.3): buttons keep their visible text, which is their name ---------
TEXT_KEPT_JS = """el => {
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  return {text: el.textContent.trim(), clipped: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
          visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden', width: Math.round(r.width)};
}"""


def _check_text(pg, locator, where: str, problems: list[str]) -> None:
    info = locator.evaluate(TEXT_KEPT_JS)
    if not info["visible"] or info["clipped"] or info["width"] < 60:
        problems.append(f"{where} : « {info['text']} » réduit à une icône ou coupé ({info})")
    role = pg.evaluate("el => el.tagName === 'A' ? 'link' : 'button'", locator.element_handle())
    if pg.get_by_role(role, name=info["text"], exact=True).count() == 0:
        problems.append(f"{where} : « {info['text']} » n’est pas le nom accessible du bouton")


@pytest.mark.parametrize("viewport", [{"width": 320, "height": 640}, {"width": 800, "height": 600}, WIDE],
                         ids=["320px", "800px", "1280px"])
def test_buttons_keep_their_visible_text_as_name_at_every_width(pg, served_site, viewport):
    problems = []
    load(pg, served_site + "/aide/", viewport)
    if viewport["width"] < 992:  # the header's tools move into the menu (DSFR)
        pg.locator("#bouton-menu").click()
        pg.locator("#modal-menu .fr-header__menu-links a").first.wait_for(state="visible")
        tools = pg.locator("#modal-menu .fr-header__menu-links .fr-btn")
    else:
        tools = pg.locator(".fr-header__tools-links .fr-btn")
    assert tools.count() == 2
    for i in range(tools.count()):
        _check_text(pg, tools.nth(i), f"en-tête à {viewport['width']} px", problems)
    if viewport["width"] < 992:
        pg.keyboard.press("Escape")
        pg.locator("#modal-menu").wait_for(state="hidden")
    clear = pg.locator("#aide-effacer")
    clear.scroll_into_view_if_needed()
    _check_text(pg, clear, f"/aide/ à {viewport['width']} px", problems)
    _check_text(pg, pg.locator("#quitter-le-site"), f"sortie rapide à {viewport['width']} px", problems)
    assert problems == [], "\n".join(problems)


# --- RGAA 7.1, 9.2, 10.3, 10.8, 12.6: names, roles and reading order in the accessibility tree ------
NAMELESS = re.compile(r"^\s*- (link|button|textbox|searchbox|combobox|radio|checkbox|navigation|region|search)\s*(:|$)", re.M)
ORDER = ['navigation "Accès rapide"', 'region "Sortie rapide"', "banner", "main", "contentinfo"]


def _spaces(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def _top_level(snapshot: str) -> list[str]:
    return [line[2:].rstrip(":").strip("'") for line in snapshot.splitlines() if line.startswith("- ")]


def test_accessibility_tree_names_and_reading_order(pg, served_site):
    problems = []
    for page_id, url in SAMPLE:
        load(pg, served_site + url)
        snap = pg.locator("body").aria_snapshot()
        top = _top_level(snap)
        positions = [next((i for i, item in enumerate(top) if item.startswith(want)), None) for want in ORDER]
        if None in positions or positions != sorted(positions):
            problems.append(f"{url} : ordre de lecture {top} (attendu : {ORDER})")
        problems += [f"{url} : {m.group(0).strip()} sans nom" for m in NAMELESS.finditer(snap)]
        h1 = _spaces(pg.locator("main h1").first.inner_text())
        main = _spaces(pg.locator("main").aria_snapshot())
        if h1 not in re.findall(r'heading "([^"\n]*)" \[level=1\]', main):
            problems.append(f"{url} : le titre de niveau 1 « {h1} » n’est pas restitué comme tel")
    # The search page with results: two named search regions, a status line with the count.
    load(pg, served_site + "/recherche/")
    field = pg.locator("main input[type=search]")
    field.fill("emprise")
    field.press("Enter")
    pg.locator("main [data-search-results] a").first.wait_for(state="visible")
    snap = pg.locator("body").aria_snapshot()
    if 'search "Recherche dans tout le site"' not in snap or 'search "Recherche rapide"' not in snap:
        problems.append("/recherche/ : régions de recherche non nommées dans l’arbre")
    status = pg.get_by_role("status").filter(has_text="résultat")
    if status.count() != 1:
        problems.append("/recherche/ : pas de message de statut avec le nombre de résultats")
    assert problems == [], "\n".join(problems)


# --- RGAA 3.3 (WCAG 1.4.11): interface components contrast 3:1 with what is next to them ------------
CONTRAST_JS = """() => {
  const rgb = c => { const m = (c || '').match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return p.length > 3 && p[3] === 0 ? null : p.slice(0, 3); };
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05); };
  const bg = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c) return c; }
    return [255, 255, 255]; };
  const out = [];
  const check = (el, color, against, what) => {
    if (!color) { out.push(what + ' : couleur introuvable'); return; }
    const r = ratio(color, against);
    if (r < 3) out.push(what + ' : contraste ' + r.toFixed(2) + ':1');
  };
  for (const el of document.querySelectorAll('.fr-input, .fr-select')) {
    if (!el.getClientRects().length) continue;
    check(el, rgb(getComputedStyle(el).boxShadow), bg(el), 'trait du champ #' + el.id);
  }
  for (const el of document.querySelectorAll('.fr-btn--secondary')) {
    if (!el.getClientRects().length) continue;
    check(el, rgb(getComputedStyle(el).boxShadow), bg(el.parentElement), 'contour du bouton « ' + el.textContent.trim() + ' »');
  }
  const exit = document.getElementById('quitter-le-site');
  check(exit, rgb(getComputedStyle(exit).backgroundColor), bg(document.querySelector('main')), 'fond de « Quitter le site »');
  return out;
}"""
RING_JS = """() => {
  const el = document.activeElement, s = getComputedStyle(el);
  const rgb = c => (c.match(/rgba?\\(([^)]+)\\)/) || [, ''])[1].split(',').slice(0, 3).map(Number);
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let back = [255, 255, 255];
  for (let e = el.parentElement; e; e = e.parentElement) { const m = getComputedStyle(e).backgroundColor.match(/rgba?\\(([^)]+)\\)/);
    if (m && !(m[1].split(',').length > 3 && Number(m[1].split(',')[3]) === 0)) { back = m[1].split(',').slice(0, 3).map(Number); break; } }
  const [x, y] = [lum(rgb(s.outlineColor)), lum(back)].sort((m, n) => n - m);
  return {ratio: (x + 0.05) / (y + 0.05), style: s.outlineStyle, width: parseFloat(s.outlineWidth)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_interface_components_contrast(browser, served_site, scheme):
    context = browser.new_context(viewport=WIDE, locale="fr-FR", color_scheme=scheme)
    guard_requests(context, [])
    pg = context.new_page()
    problems = []
    try:
        for page_id, url in SAMPLE:
            load(pg, served_site + url)
            problems += [f"{url} ({scheme}) : {p}" for p in pg.evaluate(CONTRAST_JS)]
            pg.locator("main a[href]").first.focus()
            pg.keyboard.press("Shift+Tab")
            pg.keyboard.press("Tab")
            ring = pg.evaluate(RING_JS)
            if ring["style"] == "none" or ring["width"] < 2 or ring["ratio"] < 3:
                problems.append(f"{url} ({scheme}) : anneau de focus insuffisant {ring}")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


# --- RGAA 13.7, 13.8 (WCAG 2.2.2, 2.3.1): nothing moves, blinks or flashes by itself ----------------
def test_nothing_moves_blinks_or_flashes(pg, served_site):
    problems = []
    for page_id, url in SAMPLE:
        load(pg, served_site + url)
        next_frames(pg)  # animations set up by the page's scripts have started
        moving = pg.evaluate("""() => document.getAnimations().filter(a => {
            const t = a.effect && a.effect.getComputedTiming();
            return a.playState === 'running' || (t && (t.iterations === Infinity || t.activeDuration > 5000));
          }).map(a => (a.effect.target && a.effect.target.className) || 'animation')""")
        problems += [f"{url} : contenu en mouvement {m}" for m in moving]
        if pg.evaluate("document.querySelectorAll('marquee, blink, video[autoplay], audio[autoplay]').length"):
            problems.append(f"{url} : élément animé ou lu automatiquement")
    assert problems == [], "\n".join(problems)


# --- RGAA 10.2, 10.3: without CSS, no information is lost and the order stays the logical one -------
CSS_OFF_JS = """() => {
  for (const sheet of document.styleSheets) sheet.disabled = true;
  const generated = [];
  for (const el of document.body.querySelectorAll('*')) {
    for (const pseudo of ['::before', '::after']) {
      const c = getComputedStyle(el, pseudo).content;
      if (c && /^".*[A-Za-zÀ-ÿ0-9].*"$/.test(c)) generated.push(el.tagName.toLowerCase() + pseudo + ' ' + c);
    }
  }
  const y = sel => { const el = document.querySelector(sel); return el ? el.getBoundingClientRect().top + scrollY : null; };
  return {generated, order: ['.fr-skiplinks', '#quitter-le-site', 'header[role=banner]', 'main h1', 'footer[role=contentinfo]'].map(y),
          text: document.querySelector('main').innerText};
}"""


def test_content_stays_present_and_ordered_without_css(pg, served_site):
    problems = []
    for page_id, url in SAMPLE:
        load(pg, served_site + url)
        before = _spaces(pg.evaluate("document.querySelector('main h1').textContent")).lower()
        texts = pg.evaluate("[...document.querySelectorAll('main h2, main p, main li')]"
                            ".filter(e => e.getClientRects().length && !e.closest('[hidden]'))"
                            ".map(e => e.textContent).slice(0, 60)")
        result = pg.evaluate(CSS_OFF_JS)
        problems += [f"{url} : texte porté par la feuille de styles : {g}" for g in result["generated"]]
        order = result["order"]
        if None in order or order != sorted(order):
            problems.append(f"{url} : sans styles, ordre liens d’évitement / sortie / en-tête / h1 / pied de page rompu {order}")
        after = _spaces(result["text"]).lower()
        if before not in after:
            problems.append(f"{url} : sans styles, le h1 « {before} » disparaît")
        missing = [t for t in (_spaces(t).lower() for t in texts) if t and t[:40] not in after]
        problems += [f"{url} : sans styles, texte disparu « {t[:50]} »" for t in missing[:3]]
    assert problems == [], "\n".join(problems)


# --- RGAA 7.1: the header search field states whether its results panel is open ---------------------
def test_header_search_is_a_combobox_that_states_its_panel(pg, served_site):
    load(pg, served_site + "/")
    field = pg.locator("#recherche-entete-input")
    panel = pg.locator("#recherche-entete-resultats")
    assert field.get_attribute("role") == "combobox" and field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-controls") == "recherche-entete-resultats"
    assert panel.get_attribute("role") == "dialog" and panel.get_attribute("aria-label")
    field.click()
    field.type("emprise")
    panel.locator("a").first.wait_for()
    assert field.get_attribute("aria-expanded") == "true" and panel.is_visible()
    assert "combobox \"Rechercher sur le site\"" in pg.locator("#recherche-entete").aria_snapshot()
    field.press("Escape")
    assert field.get_attribute("aria-expanded") == "false" and not panel.is_visible()
