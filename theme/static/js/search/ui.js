/*
 * Search UI: binds an <input type="search"> to a results element carrying data-search-results.
 *
 * DOM contract (see theme/templates/recherche.html):
 *   <input type="search" data-search-input data-search-page
 *          data-search-manifest="/search/manifest.json"              (optional, this default)
 *          data-search-scripts="<lunr> <analyzer> <engine>">   (URLs, optional: loaded lazily)
 *   <div data-search-results></div>
 * An input is bound when it has data-search-page or an aria-controls pointing at an element with
 * data-search-results; data-search-manifest / data-search-scripts may also sit on the results
 * element. Nothing is fetched (scripts, manifest, index) before the field gets focus or input.
 *
 * Panel (header search bar, partials/search_bar.html): a results element with data-search-panel
 * (and the `hidden` attribute) is shown while a query is typed, under the field; Escape (in the
 * field or in the panel) hides it and puts the focus back in the field (it stays closed until
 * the next search); focus or a click outside the field, its form and the panel hides it, and
 * focusing the field again then shows the last results.
 * Tab goes from the field to its button, then into the results; Down Arrow in the field goes to
 * the panel's first control. With JavaScript the header field becomes an <input type="text"
 * role="combobox"> (ARIA in HTML allows no combobox role on type=search).
 * Focus is never dropped (RGAA 7.3): filtering keeps the radio group (the checked radio keeps the
 * focus), « Afficher plus » moves it to the first new result.
 *
 * Inside the results element the UI renders, with DOM nodes only (textContent, never innerHTML
 * with data): first, for a query in distress or danger, the help numbers of the engine's
 * `help` (a region with its heading, tel:/sms: links, also said by the status line); a status
 * line (role="status", the count, announced), a type filter (radio group,
 * shown when results have several types), an ordered list with one <a href> per result in rank
 * order (title, type badge, summary snippet; matched words in <mark>), and a « more » button.
 * The query is never written to location, history, cookies, localStorage or sessionStorage.
 *
 * Plain ES2017. Browser: window.MiviludesSearch.ui = {attach, autoInit}; autoInit runs on
 * DOMContentLoaded. Node: module.exports (for tests).
 */
(function (root, factory) {
  'use strict';
  var api = factory(root);
  if (typeof module === 'object' && module && module.exports) {
    module.exports = api;
  }
  if (root) {
    root.MiviludesSearch = root.MiviludesSearch || {};
    root.MiviludesSearch.ui = api;
    if (root.document && !root.MiviludesSearchNoAutoInit) {
      if (root.document.readyState === 'loading') {
        root.document.addEventListener('DOMContentLoaded', function () { api.autoInit(root.document); });
      } else {
        api.autoInit(root.document);
      }
    }
  }
}(typeof globalThis !== 'undefined' ? globalThis : (typeof self !== 'undefined' ? self : (typeof window !== 'undefined' ? window : null)), function (root) {
  'use strict';

  var TYPE_LABELS = {
    fiche: 'Fiche',
    prevention: 'Prévention',
    rapport: 'Rapport',
    page: 'Page',
    contact: 'Contact',
    pdf: 'PDF'
  };
  var PAGE_SIZE = 10;
  var DEBOUNCE_MS = 120;
  var ANNOUNCE_DELAY_MS = 250;  // after the panel appears, before its status line changes
  var DEFAULT_MANIFEST = '/search/manifest.json';
  var instances = 0;
  var scriptPromises = {};

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function loadScript(doc, src) {
    if (!scriptPromises[src]) {
      scriptPromises[src] = new Promise(function (resolve, reject) {
        var s = doc.createElement('script');
        s.src = src;
        s.async = false;
        s.onload = function () { resolve(); };
        s.onerror = function () { delete scriptPromises[src]; reject(new Error('script ' + src)); };
        doc.head.appendChild(s);
      });
    }
    return scriptPromises[src];
  }

  function loadScripts(doc, list) {
    return list.reduce(function (p, src) {
      return p.then(function () { return loadScript(doc, src); });
    }, Promise.resolve());
  }

  /* Only same-site paths and http(s) URLs become links. */
  function safeHref(url) {
    var u = String(url || '');
    if (/^[a-z][a-z0-9+.\-]*:/i.test(u)) { return /^https?:\/\//i.test(u) ? u : null; }
    if (/^[\s\\]|^\/\\/.test(u)) { return null; }
    return u;
  }

  /* Append `text` to `parent`, wrapping the words whose index terms matched in <mark>. */
  function appendHighlighted(doc, parent, text, analyzer, matched) {
    text = String(text || '');
    var pos = 0;
    var segments = analyzer ? analyzer.segments(text) : [];
    segments.forEach(function (seg) {
      var hit = seg.terms.some(function (t) { return matched[t] === true; });
      if (!hit) { return; }
      if (seg.start > pos) { parent.appendChild(doc.createTextNode(text.slice(pos, seg.start))); }
      var mark = doc.createElement('mark');
      mark.textContent = text.slice(seg.start, seg.end);
      parent.appendChild(mark);
      pos = seg.end;
    });
    if (pos < text.length) { parent.appendChild(doc.createTextNode(text.slice(pos))); }
  }

  function attr(el, name) { return el && el.getAttribute ? el.getAttribute(name) : null; }

  /*
   * attach(input, resultsEl, options) -> controller {search(text), destroy()}.
   * options: {manifestUrl, scripts: [urls], engine (an engine instance, for tests), pageSize}.
   */
  function attach(input, resultsEl, options) {
    options = options || {};
    var doc = input.ownerDocument;
    var win = doc.defaultView || root;
    var id = ++instances;
    var manifestUrl = options.manifestUrl || attr(input, 'data-search-manifest') ||
      attr(resultsEl, 'data-search-manifest') || DEFAULT_MANIFEST;
    var scripts = options.scripts || (attr(input, 'data-search-scripts') ||
      attr(resultsEl, 'data-search-scripts') || '').split(/\s+/).filter(Boolean);
    var pageSize = options.pageSize || PAGE_SIZE;
    var engine = options.engine || null, enginePromise = null;
    var seq = 0, view = 0, timer = null, state = null, filter = '', shown = 0, draws = 0;
    var isPanel = resultsEl.hasAttribute('data-search-panel');
    var dismissed = false;  // closed by Escape: stays closed until the next search
    var area = input.form || (input.closest ? input.closest('[role="search"]') : null) || input;

    // The status line announces the count; a live container would re-read every result.
    if (resultsEl.getAttribute('aria-live')) { resultsEl.setAttribute('aria-live', 'off'); }
    var status = doc.createElement('p');
    status.className = 'mvl-search__status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    status.setAttribute('aria-atomic', 'true');
    var filters = doc.createElement('fieldset');
    filters.className = 'fr-fieldset mvl-search__filters';
    filters.hidden = true;
    var list = doc.createElement('ol');
    list.className = 'mvl-search__list';
    list.setAttribute('aria-label', 'Résultats de la recherche');
    var more = doc.createElement('button');
    more.type = 'button';
    more.className = 'fr-btn fr-btn--secondary mvl-search__more';
    more.textContent = 'Afficher plus de résultats';
    more.hidden = true;
    // « Vouliez-vous dire … ? »: a button that searches the suggested words.
    var suggestBox = doc.createElement('p');
    suggestBox.className = 'mvl-search__suggest';
    suggestBox.hidden = true;
    var suggested = '';  // the suggested query (the button says what it does)
    var suggestButton = doc.createElement('button');
    suggestButton.type = 'button';
    suggestButton.className = 'fr-link';
    // Help first for a query in distress or danger (engine: result.help, content/data/detresse.yaml).
    var helpBox = doc.createElement('section');
    helpBox.className = 'fr-callout mvl-search__help';
    helpBox.hidden = true;
    helpBox.setAttribute('aria-labelledby', 'mvl-search-help-' + id);
    var helpTitle = doc.createElement('h2');
    helpTitle.className = 'fr-callout__title fr-h6';
    helpTitle.id = 'mvl-search-help-' + id;
    helpTitle.textContent = 'Besoin d’aide tout de suite ? Appelez :';
    var helpList = doc.createElement('ul');
    helpList.className = 'mvl-search__help-list';
    helpBox.appendChild(helpTitle);
    helpBox.appendChild(helpList);
    // Help shown when nothing is found (partials/search_empty.html, rendered by the build).
    var empty = resultsEl.querySelector('[data-search-empty]');
    resultsEl.insertBefore(helpBox, resultsEl.firstChild);
    resultsEl.appendChild(status);
    resultsEl.appendChild(suggestBox);
    resultsEl.appendChild(filters);
    resultsEl.appendChild(list);
    resultsEl.appendChild(more);
    if (empty) { resultsEl.appendChild(empty); }

    function getEngine() {
      if (engine) { return Promise.resolve(engine); }
      if (!enginePromise) {
        enginePromise = loadScripts(doc, scripts).then(function () {
          var ns = win.MiviludesSearch || {};
          if (!ns.engine || !ns.analyzer || !win.lunr) { throw new Error('search scripts missing'); }
          engine = ns.engine.createEngine({ manifestUrl: manifestUrl, lunr: win.lunr, analyzer: ns.analyzer });
          return engine;
        });
        enginePromise.catch(function () { enginePromise = null; });
      }
      return enginePromise;
    }

    function warm() {
      getEngine().then(function (e) { return e.load(); }).catch(function () {});
    }

    var openedAt = 0, statusTimer = null;
    function setStatus(text) {
      if (statusTimer) { win.clearTimeout(statusTimer); statusTimer = null; }
      var wait = openedAt + ANNOUNCE_DELAY_MS - Date.now();
      if (wait > 0 && text) {
        statusTimer = win.setTimeout(function () { statusTimer = null; setStatus(text); }, wait);
        return;
      }
      if (status.textContent !== text) { status.textContent = text; }
    }

    function clearChildren(el) {
      while (el.firstChild) { el.removeChild(el.firstChild); }
    }

    function renderFilters() {
      clearChildren(filters);
      var counts = state.result.counts, types = Object.keys(TYPE_LABELS).filter(function (t) { return counts[t]; });
      if (types.length < 2 && !filter) { filters.hidden = true; return; }
      filters.hidden = false;
      var legend = doc.createElement('legend');
      legend.className = 'fr-fieldset__legend fr-text--regular';
      legend.textContent = 'Filtrer par type';
      filters.appendChild(legend);
      var options = [['', 'Tous', state.result.all.length]].concat(types.map(function (t) {
        return [t, TYPE_LABELS[t], counts[t]];
      }));
      options.forEach(function (opt, k) {
        var wrap = doc.createElement('div');
        wrap.className = 'fr-fieldset__element fr-fieldset__element--inline';
        var radioWrap = doc.createElement('div');
        radioWrap.className = 'fr-radio-group fr-radio-group--sm';
        var radio = doc.createElement('input');
        radio.type = 'radio';
        radio.name = 'mvl-search-type-' + id;
        radio.id = 'mvl-search-type-' + id + '-' + k;
        radio.value = opt[0];
        radio.checked = opt[0] === filter;
        radio.addEventListener('change', function () {
          // The radio group is kept (not rebuilt): the focus stays on the checked radio (RGAA 7.3).
          if (radio.checked) { filter = radio.value; drawing(renderResults(true, true)); }
        });
        var label = doc.createElement('label');
        label.className = 'fr-label';
        label.htmlFor = radio.id;
        label.textContent = opt[1] + ' (' + opt[2] + ')';
        radioWrap.appendChild(radio);
        radioWrap.appendChild(label);
        wrap.appendChild(radioWrap);
        filters.appendChild(wrap);
      });
    }

    function visible() {
      var all = state.result.all;
      return filter ? all.filter(function (r) { return r.type === filter; }) : all;
    }

    function helpEntries() {
      var help = state && state.result && Array.isArray(state.result.help) ? state.result.help : [];
      return help.filter(function (h) { return h && /^(tel|sms):\+?[0-9]+$/.test(String(h.href)); });
    }

    function renderHelp() {
      var help = helpEntries();
      clearChildren(helpList);
      helpBox.hidden = !help.length;
      help.forEach(function (h) {
        var li = doc.createElement('li');
        var link = doc.createElement('a');
        link.className = 'numero';
        link.setAttribute('href', String(h.href));
        link.textContent = String(h.display);
        li.appendChild(link);
        li.appendChild(doc.createTextNode(' ' + String(h.label || '')));
        helpList.appendChild(li);
      });
    }

    function statusText(items) {
      var help = helpEntries(), text = statusCount(items);
      if (!help.length) { return text; }
      return 'Aide immédiate : ' + help.map(function (h) { return String(h.display) + ' (' + String(h.label || '') + ')'; })
        .join(', ') + '. ' + text;
    }

    function statusCount(items) {
      var r = state.result;
      if (r.error) { return 'La recherche est indisponible pour le moment. Réessayez plus tard.'; }
      if (!r.all.length) {
        return 'Aucun résultat pour cette recherche. Vérifiez l’orthographe ou essayez un autre mot.' +
          (empty ? ' Si vous êtes inquiet, des contacts d’aide sont indiqués ci-dessous.' : '');
      }
      var text = plural(items.length, 'résultat', 'résultats');
      if (filter) { text += ' (' + TYPE_LABELS[filter] + ') sur ' + r.all.length; }
      if (r.partial) { text = 'Aucune page ne contient tous les mots. ' + text + ' contenant une partie des mots'; }
      return text + '.';
    }

    function renderItems(items, from, to) {
      var myView = view;
      var refs = items.slice(from, to).map(function (r) { return r.ref; });
      return engine.getDocs(refs).then(function (docs) {
        if (myView !== view) { return; }
        var analyzer = engine.analyzer();
        if (from === 0) { showSuggestion(docs); }
        docs.forEach(function (d, k) {
          if (!d) { return; }
          var result = items[from + k], matched = Object.create(null);
          result.terms.forEach(function (t) { matched[t] = true; });
          var li = doc.createElement('li');
          li.className = 'mvl-search__item';
          var link = doc.createElement('a');
          link.className = 'mvl-search__link fr-link';
          var href = safeHref(d.url);
          if (href !== null) { link.setAttribute('href', href); }
          appendHighlighted(doc, link, d.title || d.url, analyzer, matched);
          var badge = doc.createElement('span');
          badge.className = 'fr-badge fr-badge--sm fr-badge--no-icon mvl-search__badge mvl-search__badge--' + result.type;
          badge.textContent = TYPE_LABELS[result.type] || TYPE_LABELS.page;
          var snippet = doc.createElement('p');
          snippet.className = 'mvl-search__snippet fr-text--sm';
          appendHighlighted(doc, snippet, d.summary, analyzer, matched);
          li.appendChild(link);
          li.appendChild(doc.createTextNode(' '));
          li.appendChild(badge);
          if (d.summary) { li.appendChild(snippet); }
          list.appendChild(li);
        });
        shown = Math.max(shown, to);
        more.hidden = shown >= items.length;
      });
    }

    function hideSuggestion() {
      suggestBox.hidden = true;
      clearChildren(suggestBox);
    }

    /* The suggestion of the engine (words found only through typos or sound-alikes, spelled as
     * in the shown results), announced with the count. */
    function showSuggestion(docs) {
      var text = engine.suggest ? engine.suggest(state.query, state.result, docs) : '';
      hideSuggestion();
      if (!text) { return; }
      suggested = text;
      suggestButton.textContent = 'Rechercher « ' + text + ' » à la place';
      suggestBox.appendChild(doc.createTextNode('Vouliez-vous dire « ' + text + ' » ? '));
      suggestBox.appendChild(suggestButton);
      suggestBox.hidden = false;
      setStatus(statusText(visible()) + ' Vouliez-vous dire « ' + text + ' » ?');
    }

    function renderResults(reset, keepFilters) {
      var items = visible();
      if (reset) {
        view += 1;
        clearChildren(list);
        shown = 0;
        hideSuggestion();
      }
      if (empty) { empty.hidden = !!(state.result.all.length || state.result.error); }
      if (reset) { renderHelp(); }
      setStatus(statusText(items));
      if (reset && !keepFilters) { renderFilters(); }
      more.hidden = true;
      if (!items.length) { return Promise.resolve(); }
      return renderItems(items, shown, Math.min(items.length, shown + pageSize))
        .catch(function () { setStatus('La recherche est indisponible pour le moment. Réessayez plus tard.'); });
    }

    // With JavaScript the header field drives a results panel: a combobox whose popup is a
    // non-modal dialog (ARIA 1.2), so assistive technologies hear whether the panel is open.
    // Without JavaScript it stays a plain search field (the form opens /recherche/).
    if (isPanel) {
      if (input.type === 'search') { input.type = 'text'; }
      input.setAttribute('role', 'combobox');
      input.setAttribute('aria-haspopup', 'dialog');
      input.setAttribute('aria-expanded', resultsEl.hidden ? 'false' : 'true');
      resultsEl.setAttribute('role', 'dialog');
      if (!resultsEl.getAttribute('aria-label')) { resultsEl.setAttribute('aria-label', 'Résultats de la recherche rapide'); }
    }

    function showPanel() {
      if (isPanel && resultsEl.hidden) {
        status.textContent = '';
        openedAt = Date.now();
        resultsEl.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      }
    }

    function hidePanel() {
      if (isPanel && !resultsEl.hidden) { resultsEl.hidden = true; input.setAttribute('aria-expanded', 'false'); }
    }

    function inside(node) {
      return !!node && (resultsEl.contains(node) || area.contains(node));
    }

    function clear() {
      view += 1;
      resultsEl.removeAttribute('aria-busy');
      state = null;
      filter = '';
      clearChildren(list);
      clearChildren(filters);
      filters.hidden = true;
      more.hidden = true;
      hideSuggestion();
      clearChildren(helpList);
      helpBox.hidden = true;
      if (empty) { empty.hidden = true; }
      setStatus('');
      hidePanel();
    }

    /* aria-busy on the results box while a filter or « Afficher plus » redraws the list (a query
     * sets it in run()): assistive technologies and tests know when the drawing is over. */
    function drawing(promise) {
      var myDraw = ++draws;
      resultsEl.setAttribute('aria-busy', 'true');
      function done() { if (myDraw === draws) { resultsEl.removeAttribute('aria-busy'); } }
      return promise.then(done, done);
    }

    function run(text) {
      var mySeq = ++seq, myDraw = ++draws;
      if (!String(text || '').trim()) { clear(); return Promise.resolve(); }
      dismissed = false;
      showPanel();  // before the status text changes, so that the count is announced
      // aria-busy: the results are being replaced (assistive technologies wait for the end; tests
      // and scripts know when a search has finished drawing, whatever the machine's speed).
      resultsEl.setAttribute('aria-busy', 'true');
      return getEngine().then(function (e) { return e.search(text); }).catch(function () {
        return { error: true, all: [], results: [], counts: {}, total: 0, partial: false };
      }).then(function (result) {
        if (mySeq !== seq) { return; }
        state = { result: result, query: text };
        if (filter && !result.counts[filter]) { filter = ''; }
        return renderResults(true);
      }).then(function () {
        if (mySeq === seq && myDraw === draws) { resultsEl.removeAttribute('aria-busy'); }
      });
    }

    function schedule() {
      if (timer) { win.clearTimeout(timer); }
      timer = win.setTimeout(function () { timer = null; run(input.value); }, DEBOUNCE_MS);
    }

    function now() {
      if (timer) { win.clearTimeout(timer); timer = null; }
      return run(input.value);
    }

    function onSubmit(event) { event.preventDefault(); now(); }
    function onMore() {
      var items = visible(), first = list.children.length;
      if (more.getAttribute('aria-disabled') === 'true') { return; }
      more.setAttribute('aria-disabled', 'true');
      // The button hides itself once the results are added: the focus goes to the first new
      // result, never to <body> (RGAA 7.3).
      drawing(renderItems(items, shown, Math.min(items.length, shown + pageSize)).then(function () {
        var link = list.children[first] && list.children[first].querySelector('a[href]');
        if (link) { link.focus(); }
      }).catch(function () {}).then(function () { more.removeAttribute('aria-disabled'); }));
    }
    function onKeydown(event) {
      if (event.key === 'Enter') { event.preventDefault(); now(); return; }
      if ((event.key === 'ArrowDown' || event.key === 'Down') && isPanel && !resultsEl.hidden) {
        // Down Arrow enters the panel (ARIA combobox with a dialog popup): its first control.
        var target = Array.prototype.filter.call(resultsEl.querySelectorAll('a[href], button, input'), function (el) {
          return el.getClientRects().length > 0 && !el.disabled;
        })[0];
        if (target) { event.preventDefault(); target.focus(); }
        return;
      }
      if ((event.key === 'Escape' || event.key === 'Esc') && isPanel && !resultsEl.hidden) {
        event.preventDefault();
        event.stopPropagation();  // a first Escape closes the results, not the header's modal
        dismissed = true;
        hidePanel();
      }
    }
    function onPanelKeydown(event) {
      if (event.key === 'Escape' || event.key === 'Esc') {
        event.preventDefault();
        event.stopPropagation();
        dismissed = true;
        hidePanel();
        input.focus();
      }
    }
    function onFocus() {
      warm();
      if (isPanel && state && !dismissed && String(input.value || '').trim()) { showPanel(); }
    }
    function onOutside(event) {
      if (isPanel && !inside(event.target)) { dismissed = false; hidePanel(); }
    }

    input.addEventListener('focus', onFocus);
    input.addEventListener('input', schedule);
    input.addEventListener('keydown', onKeydown);
    more.addEventListener('click', onMore);
    function onSuggest() {
      input.value = suggested;
      input.focus();
      now();
    }
    suggestButton.addEventListener('click', onSuggest);
    if (isPanel) {
      resultsEl.addEventListener('keydown', onPanelKeydown);
      doc.addEventListener('focusin', onOutside);
      doc.addEventListener('pointerdown', onOutside);
    }
    var form = input.form;
    if (form) { form.addEventListener('submit', onSubmit); }
    var container = input.closest ? input.closest('[role="search"]') : null;
    var button = container ? container.querySelector('button:not([type="submit"])') : null;
    if (button) { button.addEventListener('click', now); }
    if (doc.activeElement === input) { warm(); }

    return {
      search: function (text) { input.value = text; return now(); },
      destroy: function () {
        input.removeEventListener('focus', onFocus);
        resultsEl.removeEventListener('keydown', onPanelKeydown);
        doc.removeEventListener('focusin', onOutside);
        doc.removeEventListener('pointerdown', onOutside);
        input.removeEventListener('input', schedule);
        input.removeEventListener('keydown', onKeydown);
        if (form) { form.removeEventListener('submit', onSubmit); }
        if (button) { button.removeEventListener('click', now); }
        suggestButton.removeEventListener('click', onSuggest);
        if (empty) { empty.hidden = true; }
        [helpBox, status, suggestBox, filters, list, more].forEach(function (el) { if (el.parentNode) { el.parentNode.removeChild(el); } });
      }
    };
  }

  /* Bind every eligible input of the document (once). */
  function autoInit(doc) {
    var bound = [];
    Array.prototype.forEach.call(doc.querySelectorAll('input[data-search-input]'), function (input) {
      if (input.getAttribute('data-search-bound')) { return; }
      var target = null, controls = input.getAttribute('aria-controls');
      if (controls) {
        var el = doc.getElementById(controls);
        if (el && el.hasAttribute('data-search-results')) { target = el; }
      }
      if (!target && input.hasAttribute('data-search-page')) {
        target = doc.querySelector('[data-search-results]:not([data-search-panel])');
      }
      if (!target) { return; }
      input.setAttribute('data-search-bound', 'true');
      bound.push(attach(input, target));
    });
    return bound;
  }

  return { attach: attach, autoInit: autoInit, labels: TYPE_LABELS, safeHref: safeHref };
}));
