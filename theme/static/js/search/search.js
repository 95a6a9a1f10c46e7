/*
 * Search engine of the site: loads the manifest and the index shards lazily, runs queries.
 *
 * Files (written by plugins/search_index/indexer.py write_search_assets): manifest.json, then
 * index-<hash>.json shards (term ranges; each one a lunr 2.3.9 index) and store-<hash>.json
 * chunks (display data). Nothing is fetched until load() or search() is called (the UI calls
 * them on focus / input of the search field).
 *
 * Queries are never parsed with lunr's query parser: the text goes through the analyzer
 * (the analyzer, same pipeline as the build) and the query is built with index.query(q =>
 * q.term(...)) on index terms only ([a-z0-9]), so no input (lunr syntax : ~ ^ + - *, quotes,
 * 2,000 characters, emoji, HTML) can throw or change the query's meaning.
 * A small index (SETTINGS.eagerBytes) is loaded whole by the first query; a big one shard by
 * shard, as the query needs them.
 * Matching, per word: the word's terms (exact), a prefix of the last word while it is being
 * typed (2+ characters), words at edit distance 1 for words of 5+ letters (same first two
 * letters: of the stem, and of the word as typed, see typoTerms), stems of the completions of
 * the last word when it has no exact or prefix match (see stemTerms); every word must match (when
 * no document has them all, documents with most words are returned and `partial` is set).
 * Ranking: documents matching more words, then more words matched exactly (not by prefix, stem
 * or typo), then lunr's BM25 score.
 *
 * Plain ES2017. Node: module.exports. Browser: window.MiviludesSearch.engine (needs window.lunr
 * and window.MiviludesSearch.analyzer, or pass them in the options).
 */
(function (root, factory) {
  'use strict';
  var api = factory(root);
  if (typeof module === 'object' && module && module.exports) {
    module.exports = api;
  }
  if (root) {
    root.MiviludesSearch = root.MiviludesSearch || {};
    root.MiviludesSearch.engine = api;
  }
}(typeof globalThis !== 'undefined' ? globalThis : (typeof self !== 'undefined' ? self : (typeof window !== 'undefined' ? window : null)), function (root) {
  'use strict';

  var EXACT = 4, PREFIX = 3, STEM = 2, FUZZY = 1;
  var BOOSTS = {};
  BOOSTS[EXACT] = 10;
  BOOSTS[PREFIX] = 3;
  BOOSTS[STEM] = 2;
  BOOSTS[FUZZY] = 1;
  var SETTINGS = {
    maxInput: 1000,        // characters of the query kept
    prefixMin: 2,          // prefix search on the word being typed from this length
    fuzzyMin: 5,           // typo tolerance for words of this many letters
    fuzzyShared: 2,        // ... whose first letters are right
    maxPrefixTerms: 60,    // expansions kept per prefix (shortest first)
    maxFuzzyTerms: 20,
    typoMax: 25,           // edit variants of the typed word up to this many letters
    stemMin: 3,            // word typed past its stem: stems of its completions this long (stemTerms)
    // Index of at most this many bytes (all shards): loaded whole by the first query, so which
    // shard a query needs (hence roughly which word was typed) never shows in server logs.
    eagerBytes: 300000
  };
  var HIGH = '\uffff';
  var ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
  var TYPO_CACHE = 500;    // words whose typo terms are remembered (in memory only)
  // Endings the stemmer strips (Snowball French, steps 1, 2 and 4; folded): the word being typed is
  // completed with their rest to find its stem (see stemTerms).
  var ENDINGS = ('issements issement atrices atrice ateurs ations logies usions utions ements amment ' +
    'emment ances iques ismes ables istes ateur ation logie usion ution ences ement euses ments ' +
    'ance ique isme able iste ence ites ives eaux euse ment eux ite ive ifs aux if ' +
    'issaient issantes iraient issante issants issions irions issais issait issant issent issiez ' +
    'issons irais irait irent iriez irons iront isses issez imes irai iras irez isse ies ira it ' +
    'ie ir is i eraient assions erions assent assiez erent erais erait eriez erons eront aient ' +
    'antes asses ions erai eras erez ames ates ante ants asse ees era iez ais ait ant ee es er ez ' +
    'at ai as a iere ion ier e').split(' ');

  // Edit-distance-1 variants (a-z) of `word` that keep its first `keep` letters.
  function editVariants(word, keep) {
    var out = Object.create(null), n = word.length, i, j, head, tail, c;
    for (i = keep; i <= n; i++) {
      head = word.slice(0, i);
      tail = word.slice(i);
      for (j = 0; j < ALPHABET.length; j++) {
        c = ALPHABET.charAt(j);
        out[head + c + tail] = true;
        if (i < n) { out[head + c + tail.slice(1)] = true; }
      }
      if (i < n) { out[head + tail.slice(1)] = true; }
      if (i + 1 < n) { out[head + tail.charAt(1) + tail.charAt(0) + tail.slice(2)] = true; }
    }
    delete out[word];
    return Object.keys(out);
  }

  function defaultFetchJSON(url) {
    return root.fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) { throw new Error('HTTP ' + response.status + ' ' + url); }
      return response.json();
    });
  }

  function absolute(url) {
    try {
      var base = root.document && root.document.baseURI ? root.document.baseURI : undefined;
      return new URL(url, base).href;
    } catch (e) {
      return url;
    }
  }

  function emptyResult(extra) {
    var out = { total: 0, results: [], all: [], counts: {}, partial: false, words: 0, error: false };
    Object.keys(extra || {}).forEach(function (k) { out[k] = extra[k]; });
    return out;
  }

  function uniq(list) {
    var seen = Object.create(null), out = [];
    list.forEach(function (x) { if (!seen[x]) { seen[x] = true; out.push(x); } });
    return out;
  }

  function byLengthThenAlpha(a, b) {
    return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  }

  /*
   * options: {manifestUrl (required), lunr, analyzer (the analyzer module), fetchJSON(url)
   * -> Promise<object>}. Returns {load, search, getDocs, settings}.
   */
  function createEngine(options) {
    options = options || {};
    var lunr = options.lunr || root.lunr;
    var analyzerModule = options.analyzer || (root.MiviludesSearch && root.MiviludesSearch.analyzer);
    var fetchJSON = options.fetchJSON || defaultFetchJSON;
    var manifestUrl = absolute(options.manifestUrl || '/search/manifest.json');
    var manifestPromise = null, manifest = null, analyzer = null;
    var shardPromises = Object.create(null), shards = Object.create(null);
    var storePromises = Object.create(null);
    var typoCache = Object.create(null), typoCached = 0;
    var stemCache = Object.create(null), stemCached = 0;

    function resolve(file) {
      try { return new URL(file, manifestUrl).href; } catch (e) { return file; }
    }

    function load() {
      if (!manifestPromise) {
        manifestPromise = Promise.resolve().then(function () {
          if (!lunr || !analyzerModule) { throw new Error('lunr or the analyzer missing'); }
          return fetchJSON(manifestUrl);
        }).then(function (m) {
          if (!m || m.format !== 1 || !Array.isArray(m.shards) || !Array.isArray(m.store)) {
            throw new Error('unexpected search manifest');
          }
          analyzer = analyzerModule.createAnalyzer(m.analyzer);
          analyzerModule.registerLunr(lunr, analyzer);
          manifest = m;
          return m;
        });
        manifestPromise.catch(function () { manifestPromise = null; });  // retry next time
      }
      return manifestPromise;
    }

    /* Shards are contiguous term ranges: shard i holds [from_i, from_{i+1}). */
    function shardsForRange(lo, hi) {
      var out = [], list = manifest.shards, i, next;
      for (i = 0; i < list.length; i++) {
        next = i + 1 < list.length ? list[i + 1].from : null;
        if (list[i].from < hi && (next === null || next > lo)) { out.push(i); }
      }
      return out;
    }

    function shardFor(term) {
      return shardsForRange(term, term + '\u0000');
    }

    function loadShard(i) {
      if (!shardPromises[i]) {
        shardPromises[i] = fetchJSON(resolve(manifest.shards[i].file)).then(function (data) {
          shards[i] = lunr.Index.load(data);
          return shards[i];
        });
        shardPromises[i].catch(function () { delete shardPromises[i]; });
      }
      return shardPromises[i];
    }

    /* A unit: {exact: [terms], prefixes: [p], fuzzy: [terms], typo: word or ''} -> shards it needs. */
    function unitShards(unit) {
      var out = [];
      unit.exact.forEach(function (t) { out = out.concat(shardFor(t)); });
      unit.prefixes.forEach(function (p) { out = out.concat(shardsForRange(p, p + HIGH)); });
      unit.fuzzy.forEach(function (t) {
        var head = t.slice(0, SETTINGS.fuzzyShared);
        out = out.concat(shardsForRange(head, head + HIGH));
      });
      [unit.typo, unit.stem].forEach(function (word) {
        if (!word) { return; }
        var head = word.slice(0, SETTINGS.fuzzyShared);
        out = out.concat(shardsForRange(head, head + HIGH));
      });
      return uniq(out.map(String)).map(Number);
    }

    // Is `term` in the index (in its shard, loaded)?
    function indexHas(term) {
      var list = manifest.shards, lo = 0, hi = list.length - 1, mid, index;
      while (lo < hi) {
        mid = (lo + hi + 1) >> 1;
        if (list[mid].from <= term) { lo = mid; } else { hi = mid - 1; }
      }
      index = shards[lo];
      return !!(index && index.invertedIndex[term]);
    }

    /*
     * Typos in the ending: a typo can change what the stemmer strips ("radicalisaton" stays whole,
     * "radicalisation" -> "radicalis"), out of reach of the fuzzy matching on stems. So the
     * edit-distance-1 variants of the folded word are stemmed like the index's words; the stems in
     * the (loaded) index match as typos. Variants keep the first letters: same shards as the fuzzy
     * matching. ~2 ms for 13 letters, memoized (earlier words are searched at each keystroke).
     */
    function typoTerms(fold) {
      var cached = typoCache[fold];
      if (cached) { return cached; }
      var found = Object.create(null), head = fold.slice(0, SETTINGS.fuzzyShared), list;
      if (fold.length <= SETTINGS.typoMax && /^[a-z]+$/.test(fold)) {
        editVariants(fold, SETTINGS.fuzzyShared).forEach(function (variant) {
          var stem = analyzer.stem(variant);
          if (!found[stem] && stem.length >= SETTINGS.fuzzyShared + 2 &&
              stem.slice(0, head.length) === head && indexHas(stem) && !analyzer.isStopWord(variant)) {
            found[stem] = true;
          }
        });
      }
      list = Object.keys(found).sort(byLengthThenAlpha);
      if (typoCached >= TYPO_CACHE) { typoCache = Object.create(null); typoCached = 0; }
      typoCache[fold] = list;
      typoCached += 1;
      return list;
    }

    /*
     * The last word typed past its stem ("radicalisat"; the index holds "radicalis"): the typed
     * word completed with the rest of an ending the stemmer strips ("-ion", "-ement", "-aux"...)
     * and stemmed; the stems in the (loaded) index match ("achetjhx" finds none). They keep the
     * word's first two letters (shards of the typos). Memoized; see evalUnit.
     */
    function stemTerms(fold) {
      var cached = stemCache[fold];
      if (cached) { return cached; }
      var found = Object.create(null), head = fold.slice(0, SETTINGS.fuzzyShared), list;
      if (fold.length <= SETTINGS.typoMax) {
        ENDINGS.forEach(function (end) {
          var k, word, stem;
          for (k = Math.min(end.length - 1, fold.length - 1); k >= 0; k--) {
            if (fold.slice(fold.length - k) !== end.slice(0, k)) { continue; }
            word = fold + end.slice(k);
            stem = analyzer.stem(word);
            if (!found[stem] && stem.length >= SETTINGS.stemMin && stem.slice(0, head.length) === head &&
                indexHas(stem) && !analyzer.isStopWord(word)) {
              found[stem] = true;
            }
          }
        });
      }
      list = Object.keys(found).sort(byLengthThenAlpha).reverse().slice(0, SETTINGS.maxFuzzyTerms);
      if (stemCached >= TYPO_CACHE) { stemCache = Object.create(null); stemCached = 0; }
      stemCache[fold] = list;
      stemCached += 1;
      return list;
    }

    function makeUnit(word, allowFuzzy) {
      var open = word.open;
      var typo = allowFuzzy && !word.digits && word.fold.length >= SETTINGS.fuzzyMin;
      return {
        exact: word.terms.slice(),
        prefixes: open ? uniq([word.fold].concat(word.terms)).filter(function (p) {
          return p.length >= SETTINGS.prefixMin;
        }) : [],
        fuzzy: typo ? word.terms.filter(function (t) { return t.length >= SETTINGS.fuzzyShared + 2; }) : [],
        typo: typo ? word.fold : '',
        stem: typo && open && /^[a-z]+$/.test(word.fold) ? word.fold : ''
      };
    }

    function planWord(word) {
      var plan = { main: makeUnit(word, true), parts: null };
      if (word.parts) {
        plan.parts = word.parts.map(function (part) { return makeUnit(part, false); });
      }
      return plan;
    }

    function planShards(plan) {
      var out = unitShards(plan.main);
      (plan.parts || []).forEach(function (u) { out = out.concat(unitShards(u)); });
      return out;
    }

    /* Matches of one unit: {ref: {score, kind, terms: {term: true}}}. */
    function evalUnit(unit) {
      var matches = Object.create(null), typos = unit.typo ? typoTerms(unit.typo) : [];
      var passes = [], found = 0, stems;
      unitShards(unit).forEach(function (i) {
        var index = shards[i], kinds = Object.create(null), list;
        if (!index) { return; }
        unit.exact.forEach(function (t) {
          if (index.invertedIndex[t]) { kinds[t] = EXACT; }
        });
        unit.prefixes.forEach(function (p) {
          list = index.tokenSet.intersect(lunr.TokenSet.fromString(p + '*')).toArray();
          list.sort(byLengthThenAlpha);
          list.slice(0, SETTINGS.maxPrefixTerms).forEach(function (t) {
            if (!kinds[t] || kinds[t] < PREFIX) { kinds[t] = PREFIX; }
          });
        });
        found += Object.keys(kinds).length;
        passes.push({ index: index, kinds: kinds });
      });
      // No exact or prefix match: the word may be typed past its stem (see stemTerms).
      stems = unit.stem && !found ? stemTerms(unit.stem) : [];
      passes.forEach(function (pass) {
        var index = pass.index, kinds = pass.kinds, expansions, list;
        stems.forEach(function (t) {
          if (index.invertedIndex[t]) { kinds[t] = STEM; }
        });
        unit.fuzzy.forEach(function (t) {
          var head = t.slice(0, SETTINGS.fuzzyShared);
          list = index.tokenSet.intersect(lunr.TokenSet.fromFuzzyString(t, 1)).toArray();
          list = list.filter(function (x) { return x.slice(0, head.length) === head; });
          list.sort(byLengthThenAlpha);
          list.slice(0, SETTINGS.maxFuzzyTerms).forEach(function (x) {
            if (!kinds[x]) { kinds[x] = FUZZY; }
          });
        });
        typos.filter(function (t) { return index.invertedIndex[t] && !kinds[t]; })
          .slice(0, SETTINGS.maxFuzzyTerms).forEach(function (t) { kinds[t] = FUZZY; });
        expansions = Object.keys(kinds).sort();
        if (!expansions.length) { return; }
        index.query(function (q) {
          expansions.forEach(function (term) {
            q.term(term, {
              usePipeline: false,
              boost: BOOSTS[kinds[term]],
              wildcard: lunr.Query.wildcard.NONE,
              presence: lunr.Query.presence.OPTIONAL
            });
          });
        }).forEach(function (result) {
          var m = matches[result.ref];
          if (!m) { m = matches[result.ref] = { score: 0, kind: 0, terms: Object.create(null) }; }
          m.score += result.score;
          Object.keys(result.matchData.metadata).forEach(function (term) {
            m.terms[term] = true;
            if (kinds[term] > m.kind) { m.kind = kinds[term]; }
          });
        });
      });
      return matches;
    }

    function evalWord(plan) {
      var matches = evalUnit(plan.main);
      if (!plan.parts) { return matches; }
      // A digit run also matches documents holding all of its groups.
      var partMatches = plan.parts.map(evalUnit), first = partMatches[0];
      Object.keys(first).forEach(function (ref) {
        var score = 0, kind = EXACT, terms = Object.create(null), ok = true;
        partMatches.forEach(function (pm) {
          var m = pm[ref];
          if (!m) { ok = false; return; }
          score += m.score;
          kind = Math.min(kind, m.kind);
          Object.keys(m.terms).forEach(function (t) { terms[t] = true; });
        });
        if (!ok) { return; }
        var current = matches[ref];
        if (!current) {
          matches[ref] = { score: score, kind: kind, terms: terms };
        } else {
          current.score = Math.max(current.score, score);
          current.kind = Math.max(current.kind, kind);
          Object.keys(terms).forEach(function (t) { current.terms[t] = true; });
        }
      });
      return matches;
    }

    function typeOf(ref) {
      var code = manifest.docTypes.charAt(Number(ref));
      return manifest.types[Number(code)] || 'page';
    }

    function rank(wordMatches, types) {
      var docs = Object.create(null), needed = wordMatches.length;
      wordMatches.forEach(function (matches) {
        Object.keys(matches).forEach(function (ref) {
          var m = matches[ref], d = docs[ref];
          if (!d) { d = docs[ref] = { ref: ref, matched: 0, exact: 0, score: 0, terms: Object.create(null) }; }
          d.matched += 1;
          if (m.kind === EXACT) { d.exact += 1; }
          d.score += m.score;
          Object.keys(m.terms).forEach(function (t) { d.terms[t] = true; });
        });
      });
      var all = Object.keys(docs).map(function (ref) { return docs[ref]; });
      var full = all.filter(function (d) { return d.matched === needed; });
      var partial = false;
      if (!full.length && needed > 1) {
        full = all;
        partial = full.length > 0;
      }
      full.sort(function (a, b) {
        return b.matched - a.matched || b.exact - a.exact || b.score - a.score ||
          Number(a.ref) - Number(b.ref);
      });
      var counts = {};
      var ranked = full.map(function (d) {
        var type = typeOf(d.ref);
        counts[type] = (counts[type] || 0) + 1;
        return {
          ref: d.ref,
          type: type,
          score: d.score,
          matchedWords: d.matched,
          exact: d.exact === needed,
          terms: Object.keys(d.terms).sort()
        };
      });
      var filtered = types && types.length ? ranked.filter(function (r) { return types.indexOf(r.type) !== -1; }) : ranked;
      return { total: filtered.length, results: filtered, all: ranked, counts: counts,
        partial: partial, words: needed, error: false };
    }

    function textOf(value) {
      try {
        if (value === null || value === undefined) { return ''; }
        return String(value).slice(0, SETTINGS.maxInput);
      } catch (e) {
        return '';
      }
    }

    /*
     * search(text, {types: ['fiche', ...]}) -> Promise<{total, results: [{ref, type, score,
     * matchedWords, exact, terms}], all (before the type filter), counts: {type: n},
     * partial, words, error}>. Never rejects: on any failure resolves with error: true.
     */
    function search(text, opts) {
      var query = textOf(text);
      opts = opts || {};
      return load().then(function () {
        var words = analyzer.analyzeQuery(query);
        var required = words.filter(function (w) { return w.terms.length > 0; });
        if (!required.length && words.length) {
          var last = words[words.length - 1];
          if (last.open && last.fold.length >= SETTINGS.prefixMin) { required = [last]; }
        }
        if (!required.length) { return emptyResult(); }
        var plans = required.map(planWord);
        var needed = [];
        var total = manifest.shards.reduce(function (sum, sh) { return sum + (sh.bytes || 0); }, 0);
        if (total <= SETTINGS.eagerBytes) {
          needed = manifest.shards.map(function (sh, i) { return i; });
        } else {
          plans.forEach(function (p) { needed = needed.concat(planShards(p)); });
          needed = uniq(needed.map(String)).map(Number);
        }
        return Promise.all(needed.map(loadShard)).then(function () {
          return rank(plans.map(evalWord), opts.types);
        });
      }).catch(function (error) {
        return emptyResult({ error: true, message: String(error && error.message || error) });
      });
    }

    function chunkFor(ref) {
      var list = manifest.store, lo = 0, hi = list.length - 1, mid;
      while (lo <= hi) {
        mid = (lo + hi) >> 1;
        if (ref < list[mid].from) { hi = mid - 1; } else if (ref >= list[mid].to) { lo = mid + 1; } else { return mid; }
      }
      return -1;
    }

    function loadStore(i) {
      if (!storePromises[i]) {
        storePromises[i] = fetchJSON(resolve(manifest.store[i].file));
        storePromises[i].catch(function () { delete storePromises[i]; });
      }
      return storePromises[i];
    }

    /* getDocs(refs) -> Promise<[{ref, url, title, type, summary} | null]> in the same order. */
    function getDocs(refs) {
      return load().then(function () {
        var chunks = uniq(refs.map(function (r) { return String(chunkFor(Number(r))); }))
          .map(Number).filter(function (i) { return i >= 0; });
        return Promise.all(chunks.map(loadStore)).then(function (loaded) {
          var byChunk = Object.create(null);
          chunks.forEach(function (c, k) { byChunk[c] = loaded[k]; });
          return refs.map(function (r) {
            var n = Number(r), c = chunkFor(n), chunk = byChunk[c];
            var doc = chunk && chunk.docs[n - chunk.from];
            if (!doc) { return null; }
            return { ref: String(r), url: doc.url, title: doc.title, type: doc.type, summary: doc.summary };
          });
        });
      });
    }

    return {
      load: load,
      search: search,
      getDocs: getDocs,
      analyzer: function () { return analyzer; },
      manifest: function () { return manifest; },
      settings: SETTINGS
    };
  }

  return { createEngine: createEngine, settings: SETTINGS };
}));
