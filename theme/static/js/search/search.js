/*
 * Search engine of the site: loads the manifest and the index shards lazily, runs queries.
 *
 * Files (written by plugins/search_index/indexer.py write_search_assets): manifest.json, then
 * index-<hash>.json shards (term ranges; each one a lunr 2.3.9 index) and store-<hash>.json
 * chunks (display data). Nothing is fetched until load() or search() is called (the UI calls
 * them on focus / input of the search field).
 *
 * Queries are never parsed with lunr's query parser: the text goes through the analyzer
 * (the analyzer, same pipeline as the build) and looked up as index terms only ([a-z0-9]) in the
 * shards' inverted indexes and token sets, so no input (lunr syntax : ~ ^ + - *, quotes,
 * 2,000 characters, emoji, HTML) can throw or change the query's meaning.
 * A small index (SETTINGS.eagerBytes) is loaded whole by the first query; a big one shard by
 * shard, as the query needs them.
 * Matching, per word: the word's terms (exact), a prefix of the last word while it is being
 * typed (2+ characters), words at edit distance 1 for words of 5+ letters (same first two
 * letters: of the stem, and of the word as typed, see typoTerms), stems of the completions of
 * the last word when it has no exact or prefix match (see stemTerms), the word's family and
 * synonyms (the shards' `related` maps, built by plugins/search_index/related.py: relatedTerms,
 * expressionSynonyms), and, for a word nothing else matches, sound-alikes and typos of two letters
 * (soundTerms, a second round). Missing words are tolerated: every document matching a word is
 * returned, those matching all words first (`partial` when none does). See rank().
 * Scores are sums of the BM25 field weights the build wrote (eachPosting) times the boost of the
 * kind of match; a word found only through typos or sound-alikes is a correction (`corrections`,
 * suggest(): « Vouliez-vous dire … ? »).
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

  var EXACT = 5, PREFIX = 4, STEM = 3, SHORT = 2.7, FAMILY = 2.5, RELATED = 2, SOUND = 1.5, FUZZY = 1;
  var BOOSTS = {};
  BOOSTS[EXACT] = 10;
  BOOSTS[PREFIX] = 3;
  BOOSTS[STEM] = 2;
  BOOSTS[SHORT] = 2;
  BOOSTS[FAMILY] = 8;
  BOOSTS[RELATED] = 4;
  BOOSTS[SOUND] = 1.5;
  BOOSTS[FUZZY] = 1;
  var SETTINGS = {
    maxInput: 1000,        // characters of the query kept
    prefixMin: 2,          // prefix search on the word being typed from this length
    fuzzyMin: 5,           // typo tolerance for words of this many letters
    fuzzyShared: 2,        // ... whose first letters are right
    maxPrefixTerms: 60,    // expansions kept per prefix (shortest first)
    maxFuzzyTerms: 20,
    typoMax: 25,           // edit variants of the typed word up to this many letters
    typoTail: 8,           // ... edited in its last this many letters (typoTerms)
    heldTail: 3,           // ... this many for a word the index holds as typed (unit.held)
    stemMin: 3,            // word typed past its stem: stems of its completions this long (stemTerms)
    soundMin: 6,           // unmatched words this long: sound-alikes and 2-letter typos (soundTerms)
    fuzzy2Min: 6,          // ... edit distance 2 on stems this long
    soundSlack: 5,         // a stem's sound key may be the word's key less this many letters
    maxSoundShards: 12,    // shards scanned for them (else only the word's first-two-letter range)
    typoStemMin: 5,        // no typo correction of stems shorter than this (issue 21)
    // A sentence's last word (issue 21): its completions only when it has no exact match, from
    // this many letters, and each counts as this share of a match (« mon mari » is not Marseille).
    prefixMultiMin: 4,
    prefixMultiShare: 0.3,
    stemPrefixMin: 5,
    nearStemMin: 5,        // a word the index lacks: index terms its stem begins or that begin it,
    nearStemSlack: 3,      // ... this many letters apart (« prévenir » → « prévention »), as its stem      // a completion's stem shorter than this must begin the word (« voyan » is not « voi »)
    idfPower: 1,           // a word weighs idf^idfPower (idf over the site: common words weigh little)
    commonWeight: 0.3,     // weight of a word common in French but not on this site (isCommon)
    coverPower: 0.5,       // score x (share of the query's idf the document matches) ^ this
    otherTerms: 1,       // share of the score of a word's other terms in a document (addScore)
    fieldPower: 1,       // a document's share of a word's best BM25 score (title, headings...) ^ this
    maxRelated: 12,        // related terms (families, synonyms) kept per word
    familyRatio: 50,       // a family member weighs at most this many times its own rarity
    // Index of at most this many bytes (all shards): loaded whole by the first query, so which
    // shard a query needs (hence roughly which word was typed) never shows in server logs.
    eagerBytes: 300000,
    // Score factor of a kind of document: a contact is a few lines (name, description), so BM25's
    // length normalisation makes one mention of a word in it weigh as a page about it; among
    // documents matching the same words, a page whose title is of the word's family comes first.
    typeWeights: { contact: 0.6 }
  };
  // Share of a word's weight a document gets by its best kind of match (issue 21): the word, a
  // stem or its family count whole (BOOSTS already rank exact > family inside a word's score); a
  // synonym less; a typo or a sound-alike is a fraction of a match, never a full one.
  var KIND_SHARE = {};
  KIND_SHARE[EXACT] = 1;
  KIND_SHARE[PREFIX] = 1;
  KIND_SHARE[STEM] = 1;
  // The short stem of an over-stemmed word (« voi » of « voyant », also « voie ») and a near stem
  // (nearStems: « vidéos » → « vidéo », « prévenir » → « prévention »): ambiguous, half a match.
  KIND_SHARE[SHORT] = 0.5;
  KIND_SHARE[FAMILY] = 1;
  KIND_SHARE[RELATED] = 0.7;
  KIND_SHARE[SOUND] = 0.45;
  KIND_SHARE[FUZZY] = 0.4;
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

  /*
   * A French sound key of a folded stem, for sound-alike spellings ("psichoterapeut" and
   * "psychotherapeut", "echograf" and "echograph" have the same key): ph/f, th/t, y/i,
   * c/k/qu before a, o, u and consonants, c/s before e and i, g/j before e and i, silent h,
   * au/eau/o, ai/ei/e, en/an, doubled letters, silent final letters.
   */
  function soundKey(word) {
    var s = word.replace(/ph/g, 'f').replace(/th/g, 't').replace(/rh/g, 'r').replace(/y/g, 'i')
      .replace(/sch/g, 'x').replace(/ch/g, 'x').replace(/qu/g, 'k').replace(/q/g, 'k')
      .replace(/c([eiy])/g, 's$1').replace(/c/g, 'k').replace(/g([ei])/g, 'j$1').replace(/gu([ei])/g, 'g$1')
      .replace(/h/g, '').replace(/eau/g, 'o').replace(/au/g, 'o').replace(/ai|ei/g, 'e')
      .replace(/e[nm]([^aeiou]|$)/g, 'an$1').replace(/am([bp])/g, 'an$1').replace(/w/g, 'v')
      .replace(/z/g, 's').replace(/(.)\1+/g, '$1');
    while (s.length > 3 && /[estdx]$/.test(s)) { s = s.slice(0, -1); }
    return s;
  }

  // First letters that sound alike: the ranges searched for a sound-alike of a word.
  var HEADS = { f: ['ph'], p: ['f'], c: ['k', 'qu', 's'], k: ['c', 'qu', 'ch'], q: ['c', 'k'],
    s: ['c', 'sc'], i: ['y', 'hi'], y: ['i'], e: ['ai', 'he', 'ei'], o: ['au', 'eau', 'ho'],
    a: ['ha'], j: ['g'], g: ['j'], h: [''], u: ['hu'] };

  /* The dictionary guard's Bloom filters (plugins/search_index/lexicon.py: same hashes). */
  function fnv1a(text) {
    var h = 0x811c9dc5, i;
    for (i = 0; i < text.length; i++) { h = Math.imul((h ^ text.charCodeAt(i)) >>> 0, 0x01000193) >>> 0; }
    return h;
  }

  function fmix32(h) {
    h = (h ^ (h >>> 16)) >>> 0;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  }

  function decodeBits(b64) {
    var bin = typeof root.atob === 'function' ? root.atob(b64) : '', out = new Uint8Array(bin.length), i;
    for (i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out;
  }

  function bloomHas(filter, word) {
    var h = fnv1a(word), h1 = fmix32(h), h2 = (fmix32((h ^ 0x5bd1e995) >>> 0) | 1) >>> 0, i, b;
    for (i = 0; i < filter.k; i++) {
      b = (h1 + i * h2) % filter.m;
      if (!(filter.bytes[b >> 3] >> (b & 7) & 1)) { return false; }
    }
    return true;
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
    var out = { total: 0, results: [], all: [], counts: {}, partial: false, words: 0, error: false,
      corrections: [], help: [] };
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

  /* A ranked result {ref, type, score, matchedWords, exact, terms}; its `terms` (for
   * highlighting) are listed when read: most results of a big site are never shown (p95 of a
   * query, issue 21). */
  function Result(ref, type, score, matchedWords, exact, wordMatches) {
    this.ref = String(ref);
    this.type = type;
    this.score = score;
    this.matchedWords = matchedWords;
    this.exact = exact;
    this._words = wordMatches;
    this._terms = null;
  }

  Object.defineProperty(Result.prototype, 'terms', {
    get: function () {
      if (!this._terms) {
        var seen = Object.create(null), ref = Number(this.ref);
        this._words.forEach(function (matches) {
          if (matches.on[ref]) { matches.termsOf(ref).forEach(function (t) { seen[t] = true; }); }
        });
        this._terms = Object.keys(seen).sort();
      }
      return this._terms;
    }
  });

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
    var commonSets = Object.create(null);  // per shard: terms common in French, not here (lexicon.py)
    var relatedMaps = Object.create(null), soundMaps = Object.create(null), relatedSets = Object.create(null);
    var accentMaps = Object.create(null);  // per shard: accented forms of ambiguous terms (accents.py)
    var postingCache = new WeakMap(), sumScratch = null, seenScratch = null;
    var automata = Object.create(null), automataCount = 0;
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
          analyzer = analyzerModule.createAnalyzer(m.analyzer, lunr);
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

    /* A shard as written (indexer.py lunr_json compact: per term [term, per field [ref delta,
     * weight * scale, ...]]) back into lunr's serialization (indexer.py expand_shard). */
    function expandShard(data) {
      if (!data || !Array.isArray(data.postings)) { return data; }
      data.invertedIndex = data.postings.map(function (row, index) {
        var posting = { _index: index };
        data.fields.forEach(function (field, f) {
          var list = row[f + 1] || [], refs = {}, ref = 0, k;
          for (k = 0; k + 1 < list.length; k += 2) { ref += list[k]; refs[ref] = list[k + 1] / (data.scale || 1); }
          posting[field] = refs;
        });
        return [row[0], posting];
      });
      return data;
    }

    function loadShard(i) {
      if (!shardPromises[i]) {
        shardPromises[i] = fetchJSON(resolve(manifest.shards[i].file)).then(function (data) {
          var rel = data && data.related;
          relatedMaps[i] = rel && typeof rel === 'object' && !Array.isArray(rel) ? rel : {};
          rel = data && data.accents;
          accentMaps[i] = rel && typeof rel === 'object' && !Array.isArray(rel) ? rel : {};
          commonSets[i] = Object.create(null);
          (Array.isArray(data && data.common) ? data.common : []).forEach(function (t) {
            if (typeof t === 'string') { commonSets[i][t] = true; }
          });
          shards[i] = lunr.Index.load(expandShard(data));
          return shards[i];
        });
        shardPromises[i].catch(function () { delete shardPromises[i]; });
      }
      return shardPromises[i];
    }

    /*
     * The dictionary guard (issue 21): is a folded word correct French (lexicon.py)? Fetched only
     * for a word with no exact match: the filter of its first letter, or, when the index is small
     * enough to be loaded whole (SETTINGS.eagerBytes), every letter's (which word was typed never
     * shows in server logs).
     */
    var frenchPromises = Object.create(null), frenchFilters = Object.create(null);

    function loadFrench(letter) {
      var entry = manifest.french && Object.prototype.hasOwnProperty.call(manifest.french, letter) ?
        manifest.french[letter] : null;
      if (!entry || typeof entry.file !== 'string') { return Promise.resolve(null); }
      if (!frenchPromises[letter]) {
        frenchPromises[letter] = fetchJSON(resolve(entry.file)).then(function (data) {
          var m = Number(data && data.m), k = Number(data && data.k);
          if (!(m > 0 && k > 0 && k < 32 && typeof data.bits === 'string')) { throw new Error('unexpected filter'); }
          frenchFilters[letter] = { m: m, k: k, bytes: decodeBits(data.bits) };
          return frenchFilters[letter];
        });
        frenchPromises[letter].catch(function () { delete frenchPromises[letter]; });
      }
      return frenchPromises[letter];
    }

    function isFrench(fold) {
      var filter = frenchFilters[fold.charAt(0)];
      return !!filter && filter.bytes.length * 8 >= filter.m && bloomHas(filter, fold);
    }

    /* Words with no exact match (plans' units): marked `french` when the guard knows them. */
    function guardWords(words, plans, eager) {
      var misses = [];
      words.forEach(function (w, k) {
        if (w.digits || w.fold.length < SETTINGS.fuzzyMin || !/^[a-z]+$/.test(w.fold)) { return; }
        if (w.terms.some(indexHas)) { return; }
        misses.push(k);
      });
      if (!misses.length || !manifest.french) { return Promise.resolve(); }
      var letters = eager ? Object.keys(manifest.french) : uniq(misses.map(function (k) { return words[k].fold.charAt(0); }));
      return Promise.all(letters.map(loadFrench)).then(function () {
        misses.forEach(function (k) {
          if (!isFrench(words[k].fold)) { return; }
          var unit = plans[k].main;
          unit.french = true;
          unit.fuzzy = [];
          unit.typo = '';
          // (a word still being typed keeps its completions: « radicalisatio » is no typo)
          if (!words[k].open) { unit.stem = ''; }
        });
      }, function () {});  // no guard: the search still answers
    }

    /* A unit: {exact: [terms], prefixes: [p], fuzzy: [terms], typo: word or ''} -> shards it needs
     * (`first`: those of its exact terms and prefixes only, the first round of a query). */
    function unitShards(unit, first) {
      var out = [];
      unit.exact.forEach(function (t) { out = out.concat(shardFor(t)); });
      unit.prefixes.forEach(function (p) { out = out.concat(shardsForRange(p, p + HIGH)); });
      if (first) { return uniq(out.map(String)).map(Number); }
      unit.fuzzy.forEach(function (t) {
        var head = t.slice(0, SETTINGS.fuzzyShared);
        out = out.concat(typoRange(unit, head));
      });
      (unit.related || []).concat(unit.sound || [], Object.keys(unit.corrected || {})).forEach(function (x) {
        if (x.indexOf(' ') === -1) { out = out.concat(shardFor(x)); }
      });
      [unit.typo, unit.stem].forEach(function (word) {
        if (!word) { return; }
        var head = word.slice(0, SETTINGS.fuzzyShared);
        out = out.concat(typoRange(unit, head));
      });
      return uniq(out.map(String)).map(Number);
    }

    /* The shards of a typo range: for a word the index holds as typed (unit.held, the shards of
     * the query's first round), only those already fetched: its typo terms are kept (dropping them
     * lowered the frozen persona half, issue 21) without fetching more bytes for them. */
    function typoRange(unit, head) {
      var list = shardsForRange(head, head + HIGH);
      return unit.held ? list.filter(function (i) { return unit.held[i]; }) : list;
    }

    /* After the first round: units whose word the index holds as typed (see typoRange). */
    function markHeld(plans, firstShards) {
      var held = Object.create(null);
      firstShards.forEach(function (i) { held[i] = true; });
      plans.forEach(function (plan) {
        [plan.main].concat(plan.parts || []).forEach(function (unit) {
          if (unit.exact.some(indexHas)) { unit.held = held; }
        });
      });
    }

    function shardOf(term) {
      var list = manifest.shards, lo = 0, hi = list.length - 1, mid;
      while (lo < hi) {
        mid = (lo + hi + 1) >> 1;
        if (list[mid].from <= term) { lo = mid; } else { hi = mid - 1; }
      }
      return lo;
    }

    // Is `term` in the index (in its shard, loaded)?
    function indexHas(term) {
      var index = shards[shardOf(term)];
      return !!(index && Object.prototype.hasOwnProperty.call(index.invertedIndex, term) &&
        index.invertedIndex[term]);
    }

    /* The automaton of a prefix ('p') or of the words at edit distance 1 or 2 ('1', '2') of a
     * term, built once for all the shards (remembered for the last few hundred words). */
    function tokenSet(kind, term) {
      var key = kind + term, set = automata[key];
      if (!set) {
        if (automataCount >= TYPO_CACHE) { automata = Object.create(null); automataCount = 0; }
        set = automata[key] = kind === 'p' ? lunr.TokenSet.fromString(term + '*') :
          lunr.TokenSet.fromFuzzyString(term, Number(kind));
        automataCount += 1;
      }
      return set;
    }

    /* Related terms (word families, synonyms: indexer.py / related.py) of a word's terms, from the
     * loaded shards: single terms and "term term" expressions. */
    function relatedTerms(terms) {
      var out = [], fam = manifest.families || {}, suffixes = Array.isArray(fam.suffixes) ? fam.suffixes : [];
      var keys = terms.slice();
      // A word of a family no page uses ("sectarisme": "sectar"): the family of its core ("sect").
      terms.forEach(function (t) {
        suffixes.forEach(function (suffix) {
          var core = t.slice(0, t.length - String(suffix).length);
          if (t.slice(core.length) === suffix && core.length >= (fam.coreMin || 4)) {
            keys.push(core);
            if (indexHas(core)) { out.push(core); }
          }
        });
      });
      keys.forEach(function (t) {
        var map = relatedMaps[shardOf(t)], list;
        if (!map || !Object.prototype.hasOwnProperty.call(map, t)) { return; }
        list = map[t];
        if (!Array.isArray(list)) { return; }
        list.forEach(function (x) {
          if (typeof x === 'string' && /^[a-z0-9]+( [a-z0-9]+)*$/.test(x) && terms.indexOf(x) === -1) {
            out.push(x);
          }
        });
      });
      return uniq(out).slice(0, SETTINGS.maxRelated);
    }

    // lunr's idf of a term (its postings in the loaded shard), 0 when not in the index.
    function idf(term) {
      var index = shards[shardOf(term)], df, n = manifest.docCount || 1;
      if (!index || !Object.prototype.hasOwnProperty.call(index.invertedIndex, term) || !index.invertedIndex[term]) {
        return 0;
      }
      var cache = postingCache.get(index), key = ' idf ' + term, entry;
      if (!cache) { cache = Object.create(null); postingCache.set(index, cache); }
      if (cache[key] === undefined) {  // remembered: no count over the postings each time
        entry = index.invertedIndex[term];
        df = 0;
        Object.keys(entry).forEach(function (field) {
          if (field !== '_index') { df += Object.keys(entry[field]).length; }
        });
        cache[key] = Math.log(1 + Math.abs((n - df + 0.5) / (df + 0.5)));
      }
      return cache[key];
    }

    /* A word of the family weighs as the word typed (its rarity, not the member's: "sectaire"
     * is on most pages, "secte" on few), like a stem, a little below it; at most
     * SETTINGS.familyRatio times the member's own weight. */
    function familyBoost(unit, term) {
      var own = 0, member = idf(term);
      unit.exact.forEach(function (t) { own = Math.max(own, idf(t)); });
      // A word no page uses ("sectarisme"): its family weighs as its rarest member.
      if (!own) { unit.related.forEach(function (t) { if (t.indexOf(' ') === -1) { own = Math.max(own, idf(t)); } }); }
      if (!own || !member) { return BOOSTS[FAMILY]; }
      return BOOSTS[FAMILY] * Math.min(own / member, SETTINGS.familyRatio);
    }

    /*
     * Every document holding `term` (in the loaded shard `index`), with the term's BM25 weight in
     * it: the sum over fields of the weights the build wrote in the postings (idf, length
     * normalisation, field boost). Scores are sums of these weights times the kind's boost
     * (lunr's own query would divide them by the query's length, differently in each shard).
     */
    function eachPosting(index, term, fn) {
      var list = postingList(index, term), k;
      for (k = 0; k < list.length; k += 2) { fn(list[k], list[k + 1]); }
    }

    function postingList(index, term) {
      var cache = postingCache.get(index), list;
      if (!cache) { cache = Object.create(null); postingCache.set(index, cache); }
      list = cache[term];
      if (!list) { list = cache[term] = postings(index, term); }
      return list;
    }

    // [ref, weight, ref, weight...] of a term (remembered per shard: queries typed letter by letter
    // ask for the same terms again).
    function postings(index, term) {
      var entry = Object.prototype.hasOwnProperty.call(index.invertedIndex, term) && index.invertedIndex[term];
      if (!entry) { return []; }
      var n = manifest.docCount || 0, order = [], out = [], k;
      if (!sumScratch || sumScratch.length < n) { sumScratch = new Float64Array(n); seenScratch = new Uint8Array(n); }
      var sums = sumScratch, seen = seenScratch;  // (scratch arrays: this runs synchronously)
      index.fields.forEach(function (field) {
        var refs = entry[field], ref, weight, i;
        if (!refs) { return; }
        for (ref in refs) {
          // The posting's metadata is the term's BM25 weight in the field (indexer.py).
          weight = refs[ref];
          i = Number(ref);
          if (typeof weight !== 'number' || !(weight >= 0) || !(i >= 0 && i < n && i % 1 === 0)) { continue; }
          if (!seen[i]) { seen[i] = 1; order.push(i); }
          sums[i] += weight;
        }
      });
      for (k = 0; k < order.length; k++) {
        out.push(order[k], sums[order[k]]);
        sums[order[k]] = 0;
        seen[order[k]] = 0;
      }
      return out;
    }

    /* A synonym weighs at most as the word typed: a rare synonym ("manipulation") does not
     * outrank the pages holding the word itself ("emprise"). `terms`: the synonym's terms. */
    function relatedBoost(unit, terms) {
      var own = 0, member = 0;
      unit.exact.forEach(function (t) { own = Math.max(own, idf(t)); });
      terms.forEach(function (t) { member += idf(t) / terms.length; });
      if (!own || !member) { return BOOSTS[RELATED]; }
      return BOOSTS[RELATED] * Math.min(own / member, 1);
    }

    /* Consecutive query words (2 or 3) that are a synonym expression (a key "term term" of the
     * related maps, "lavage de cerveau"): each of them also matches the expression's related
     * terms (plans[k].main.phrase), so a page saying it otherwise matches every word. */
    function expressionSynonyms(words, plans) {
      var i, len, keys, key, map, k, list;
      for (i = 0; i < words.length; i++) {
        for (len = Math.min(3, words.length - i); len >= 2; len--) {
          keys = [''];
          for (k = i; k < i + len; k++) {
            if (words[k].digits) { keys = []; break; }
            keys = [].concat.apply([], keys.map(function (prefix) {
              return words[k].terms.map(function (t) { return prefix ? prefix + ' ' + t : t; });
            }));
          }
          key = keys.filter(function (x) {
            map = relatedMaps[shardOf(x)];
            return map && Object.prototype.hasOwnProperty.call(map, x) && Array.isArray(map[x]);
          })[0];
          if (!key) { continue; }
          list = relatedMaps[shardOf(key)][key].filter(function (x) {
            return typeof x === 'string' && /^[a-z0-9]+( [a-z0-9]+)*$/.test(x);
          }).slice(0, SETTINGS.maxRelated);
          for (k = i; k < i + len; k++) {
            plans[k].main.phrase = (plans[k].main.phrase || []).concat(list);
          }
          break;
        }
      }
    }

    /* Shards holding the sound-alikes and 2-letter typos of a folded word (soundTerms). */
    function soundShards(fold) {
      var heads = [fold.slice(0, 2)], first = fold.charAt(0), out = [];
      (HEADS[first] || []).forEach(function (h) { heads.push(h + fold.slice(1, 2)); heads.push(h); });
      heads.push(first);
      heads = uniq(heads).filter(function (h) { return h.length > 0; });
      heads.forEach(function (h) { out = out.concat(shardsForRange(h, h + HIGH)); });
      out = uniq(out.map(String)).map(Number);
      if (out.length > SETTINGS.maxSoundShards) {
        out = shardsForRange(fold.slice(0, 2), fold.slice(0, 2) + HIGH);
      }
      return out;
    }

    /* The one-word keys of shard i's related map that are not index terms: words of the synonym
     * file no page uses ("spiritualite"), reachable by typos and sound-alikes (then their group). */
    function relatedWords(i) {
      var map = relatedMaps[i] || {}, index = shards[i];
      return Object.keys(map).filter(function (t) {
        return /^[a-z]+$/.test(t) && !(index && Object.prototype.hasOwnProperty.call(index.invertedIndex, t));
      }).sort();
    }

    function relatedSet(i) {
      if (!relatedSets[i]) { relatedSets[i] = lunr.TokenSet.fromArray(relatedWords(i)); }
      return relatedSets[i];
    }

    /*
     * A word found only through a stem, typos or sound-alikes (`terms`, their kinds in `kinds`):
     * the families of those terms ("sectere": the stem "sect", then its family "sectair"), and the
     * whole group of a synonym-file word no page uses ("spirituallite": "spiritualit", then
     * "croyanc", "religion"). {term: kind}: the kind of the term found, at most FAMILY.
     */
    function correctionRelated(terms, kinds) {
      var out = Object.create(null), count = 0;
      terms.forEach(function (t) {
        var inIndex = indexHas(t), kind = Math.min(kinds[t] || SOUND, FAMILY);
        relatedTerms([t]).forEach(function (x) {
          if (count >= SETTINGS.maxRelated || x.indexOf(' ') !== -1 || kinds[x] || out[x]) { return; }
          if (!inIndex || x.slice(0, 4) === t.slice(0, 4)) { out[x] = kind; count += 1; }
        });
      });
      return out;
    }

    /* Sound-alikes (same soundKey as the word's stem) and edit distance 2 (stems of
     * SETTINGS.fuzzy2Min+ letters, same first letter) in the loaded shards of soundShards. */
    function soundTerms(fold, terms) {
      var keys = uniq(terms.concat([fold]).map(soundKey)), found = Object.create(null);
      soundShards(fold).forEach(function (i) {
        var index = shards[i], map = soundMaps[i];
        if (!index) { return; }
        if (!map) {
          map = soundMaps[i] = Object.create(null);
          Object.keys(index.invertedIndex).concat(relatedWords(i)).forEach(function (t) {
            if (t.length < 4 || !/^[a-z]+$/.test(t)) { return; }
            var k = soundKey(t);
            (map[k] = map[k] || []).push(t);
          });
        }
        keys.forEach(function (k) {
          // The stem's key, or a stem's key that starts the word's key (the ending of a misspelt
          // word is not stripped by the stemmer: "radikalisasion" -> "radicalis").
          for (var len = k.length; len >= Math.max(4, k.length - SETTINGS.soundSlack); len--) {
            // ... when what is left looks like an ending (French endings hold a vowel)
            // and the stem is more than half of the word
            if (len < k.length && (!/[aeiou]/.test(k.slice(len)) || len * 2 <= k.length)) { continue; }
            (map[k.slice(0, len)] || []).forEach(function (t) { found[t] = true; });
          }
        });
        terms.forEach(function (t) {
          if (t.length < SETTINGS.fuzzy2Min) { return; }
          index.tokenSet.intersect(tokenSet('2', t)).toArray().concat(
            relatedSet(i).intersect(tokenSet('2', t)).toArray()
          ).forEach(function (x) {
            if (x.charAt(0) === t.charAt(0)) { found[x] = true; }
          });
        });
      });
      return Object.keys(found).sort(byLengthThenAlpha).slice(0, SETTINGS.maxFuzzyTerms);
    }

    /*
     * Typos in the ending: a typo can change what the stemmer strips ("radicalisaton" stays whole,
     * "radicalisation" -> "radicalis"), out of reach of the fuzzy matching on stems. So the
     * edit-distance-1 variants of the folded word are stemmed like the index's words; the stems in
     * the (loaded) index match as typos. Variants keep the first letters: same shards as the fuzzy
     * matching. ~2 ms for 13 letters, memoized (earlier words are searched at each keystroke).
     */
    function typoTerms(fold, tail) {
      var key = tail + fold, cached = typoCache[key];
      if (cached) { return cached; }
      var found = Object.create(null), head = fold.slice(0, SETTINGS.fuzzyShared), list;
      if (fold.length <= SETTINGS.typoMax && /^[a-z]+$/.test(fold)) {
        // Edits in the ending only (the last SETTINGS.typoTail letters): a typo before it leaves
        // the ending the stemmer strips alone, and the fuzzy matching of the stem finds it. Each
        // variant is stemmed: the cost of a word's first query (p95, issue 21).
        editVariants(fold, Math.max(SETTINGS.fuzzyShared, fold.length - tail)).forEach(function (variant) {
          var stem = analyzer.stem(variant);
          if (!found[stem] && stem.length >= SETTINGS.typoStemMin &&
              stem.slice(0, head.length) === head && indexHas(stem) && !analyzer.isStopWord(variant)) {
            found[stem] = true;
          }
        });
      }
      list = Object.keys(found).sort(byLengthThenAlpha);
      if (typoCached >= TYPO_CACHE) { typoCache = Object.create(null); typoCached = 0; }
      typoCache[key] = list;
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
                (stem.length >= SETTINGS.stemPrefixMin || fold.slice(0, stem.length) === stem) &&
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

    // The short stem of an over-stemmed word (its terms also hold the word: analyzer.js shortStem).
    function isShortStem(unit, term) {
      var short = manifest.analyzer && manifest.analyzer.shortStem || 0;
      return term.length <= short && unit.exact.some(function (t) { return t.length >= term.length + 3; });
    }

    /*
     * A French word (the guard knows it) the index does not hold, same family (issue 21): the index
     * terms that extend its stem or that its stem extends by at most nearStemSlack letters, stems
     * of nearStemMin+ letters, as half a match (kind SHORT); a typo is never completed this way
     * (« signalqwz » is not « signal »). « prévenir » → « préven » finds « prévent », « empêchent »
     * finds « empêch ».
     */
    function nearStems(index, terms) {
      var out = [], slack = SETTINGS.nearStemSlack, min = SETTINGS.nearStemMin;
      terms.forEach(function (t) {
        var k;
        if (t.length < min || !/^[a-z]+$/.test(t)) { return; }
        index.tokenSet.intersect(tokenSet('p', t)).toArray().forEach(function (x) {
          if (x.length - t.length <= slack && x !== t) { out.push(x); }
        });
        for (k = Math.max(min, t.length - slack); k < t.length; k++) {
          if (index.invertedIndex[t.slice(0, k)]) { out.push(t.slice(0, k)); }
        }
      });
      return uniq(out);
    }

    /*
     * Accents (issue 21, accents.py): for a word typed with accents whose first term the site
     * writes under two accented forms (« jeûne » / « jeune »), a function telling the documents
     * that hold the term only under another form than the one typed (they match it as half a
     * match, SHORT); null (neutral) otherwise, and when the typed form is none of the site's.
     */
    function otherForm(i, unit, term) {
      var map = accentMaps[i], entries, mine = Object.create(null), listed = Object.create(null);
      var typed = false, first = false;
      if (!unit.accent || term !== unit.exact[0] || !map || !Object.prototype.hasOwnProperty.call(map, term)) { return null; }
      entries = Array.isArray(map[term]) ? map[term] : [];
      entries.forEach(function (entry, j) {
        if (!Array.isArray(entry) || !Array.isArray(entry[1])) { return; }
        var same = entry[0] === unit.accent;
        typed = typed || same;
        first = first || (same && j === 0);
        entry[1].forEach(function (ref) { listed[ref] = true; if (same) { mine[ref] = true; } });
      });
      if (!typed) { return null; }
      // (a document the table does not list holds the first form only)
      return function (ref) { return listed[ref] ? !mine[ref] : !first; };
    }

    function makeUnit(word, allowFuzzy) {
      var open = word.open;
      var typo = allowFuzzy && !word.digits && word.fold.length >= SETTINGS.fuzzyMin;
      return {
        exact: word.terms.slice(),
        prefixes: open ? uniq([word.fold].concat(word.terms)).filter(function (p) {
          return p.length >= SETTINGS.prefixMin;
        }) : [],
        fuzzy: typo ? word.terms.filter(function (t) { return t.length >= SETTINGS.typoStemMin; }) : [],
        typo: typo ? word.fold : '',
        stem: typo && open && /^[a-z]+$/.test(word.fold) ? word.fold : '',
        accent: word.accent || '',
        related: [],
        sound: []
      };
    }

    function planWord(word) {
      var plan = { main: makeUnit(word, true), parts: null };
      if (word.parts) {
        plan.parts = word.parts.map(function (part) { return makeUnit(part, false); });
      }
      return plan;
    }

    function planShards(plan, first) {
      var out = unitShards(plan.main, first);
      (plan.parts || []).forEach(function (u) { out = out.concat(unitShards(u, first)); });
      return out;
    }

    /*
     * The matches of one word (or unit): dense arrays over the documents, no object per document
     * (the garbage collector dominated a query among 10,000 fiches: p95, issue 21). A document's
     * score for a word: its best term, and SETTINGS.otherTerms of the others (a page holding
     * « secte » and « sectaire » does not outweigh one about « dérive sectaire »); typo candidates
     * of one word are alternatives (the reader meant one of them): only the best counts (a page
     * holding « derrière » and « dérive » is no better a match of « derrive »).
     */
    function Matches() {
      var n = manifest.docCount || 0;
      this.refs = [];                      // documents matched (numbers), in order
      this.on = new Uint8Array(n);
      this.score = new Float64Array(n);
      this.sum = new Float64Array(n);
      this.best = new Float64Array(n);
      this.typo = new Float64Array(n);
      this.kind = new Float64Array(n);     // best kind of match
      this.head = new Int32Array(n).fill(-1);  // the terms matched in a document: linked lists
      this.next = [];
      this.term = [];
    }

    Matches.prototype.touch = function (i) {
      if (!this.on[i]) { this.on[i] = 1; this.refs.push(i); }
    };

    Matches.prototype.add = function (i, value, kind) {
      this.touch(i);
      if (kind !== undefined && kind <= SOUND) {
        if (value <= this.typo[i]) { return; }
        this.sum[i] += value - this.typo[i];
        this.typo[i] = value;
      } else {
        this.sum[i] += value;
      }
      if (value > this.best[i]) { this.best[i] = value; }
      this.score[i] = this.best[i] + SETTINGS.otherTerms * (this.sum[i] - this.best[i]);
    };

    Matches.prototype.addTerm = function (i, term, kind) {
      this.term.push(term);
      this.next.push(this.head[i]);
      this.head[i] = this.term.length - 1;
      if (kind > this.kind[i]) { this.kind[i] = kind; }
    };

    Matches.prototype.termsOf = function (i) {
      var out = [], k;
      for (k = this.head[i]; k !== -1; k = this.next[k]) { out.push(this.term[k]); }
      return out;
    };

    /* Matches of one unit (a Matches). */
    function evalUnit(unit) {
      var matches = new Matches(), typos = unit.typo ? typoTerms(unit.typo, unit.held ? SETTINGS.heldTail : SETTINGS.typoTail) : [];
      var passes = [], found = 0, stems, seen = unit.seen = Object.create(null);
      var held = unit.multi && unit.exact.some(indexHas);  // a sentence's word found as typed: no completion
      unitShards(unit).forEach(function (i) {
        var index = shards[i], kinds = Object.create(null), list;
        if (!index) { return; }
        unit.exact.forEach(function (t) {
          // (the short stem of an over-stemmed word, analyzer.js: « voi » of « voyant », is a stem match)
          if (index.invertedIndex[t]) { kinds[t] = isShortStem(unit, t) ? SHORT : EXACT; }
        });
        unit.prefixes.forEach(function (p) {
          if (held || (unit.multi && p.length < SETTINGS.prefixMultiMin)) { return; }
          list = index.tokenSet.intersect(tokenSet('p', p)).toArray();
          list.sort(byLengthThenAlpha);
          list.slice(0, SETTINGS.maxPrefixTerms).forEach(function (t) {
            if (!kinds[t] || kinds[t] < PREFIX) { kinds[t] = PREFIX; }
          });
        });
        found += Object.keys(kinds).length;
        passes.push({ index: index, kinds: kinds, typos: !unit.held || !!unit.held[i], shard: i });
      });
      // No exact or prefix match: the word may be typed past its stem (see stemTerms).
      stems = unit.stem && !found ? stemTerms(unit.stem) : [];
      passes.forEach(function (pass) {
        var index = pass.index, kinds = pass.kinds, expansions, list;
        stems.forEach(function (t) {
          if (index.invertedIndex[t]) { kinds[t] = STEM; }
        });
        if (!found && unit.french) { nearStems(index, unit.exact).forEach(function (t) { if (!kinds[t]) { kinds[t] = SHORT; } }); }
        (pass.typos ? unit.fuzzy : []).forEach(function (t) {
          var head = t.slice(0, SETTINGS.fuzzyShared);
          list = index.tokenSet.intersect(tokenSet('1', t)).toArray();
          list = list.filter(function (x) { return x.slice(0, head.length) === head; });
          list.sort(byLengthThenAlpha);
          list.slice(0, SETTINGS.maxFuzzyTerms).forEach(function (x) {
            if (!kinds[x]) { kinds[x] = FUZZY; }
          });
        });
        typos.filter(function (t) { return pass.typos && index.invertedIndex[t] && !kinds[t]; })
          .slice(0, SETTINGS.maxFuzzyTerms).forEach(function (t) { kinds[t] = FUZZY; });
        unit.related.forEach(function (t) {
          // A word of the same family shares the word's first letters (its core); a synonym not.
          var kind = unit.exact.some(function (e) { return e.slice(0, 4) === t.slice(0, 4); }) ? FAMILY : RELATED;
          // (a completion of the word being typed that is of its family weighs as the family)
          if (t.indexOf(' ') === -1 && index.invertedIndex[t] &&
              (!kinds[t] || kinds[t] < kind || (kinds[t] === PREFIX && kind === FAMILY))) {
            kinds[t] = kind;
          }
        });
        unit.sound.forEach(function (t) {
          if (index.invertedIndex[t] && (!kinds[t] || kinds[t] < SOUND)) { kinds[t] = SOUND; }
        });
        Object.keys(unit.corrected || {}).forEach(function (t) {
          var kind = unit.corrected[t];
          if (index.invertedIndex[t] && (!kinds[t] || kinds[t] < kind)) { kinds[t] = kind; }
        });
        expansions = Object.keys(kinds).sort();
        expansions.forEach(function (t) { if (!seen[t] || seen[t] < kinds[t]) { seen[t] = kinds[t]; } });
        if (!expansions.length) { return; }
        expansions.forEach(function (term) {
          var boost = kinds[term] === FAMILY ? familyBoost(unit, term) :
            kinds[term] === RELATED ? relatedBoost(unit, [term]) : BOOSTS[kinds[term]];
          var kind = kinds[term], other = kind === EXACT ? otherForm(pass.shard, unit, term) : null;
          var others = [], top = 0, j;
          eachPosting(index, term, function (ref, weight) {
            if (other && other(ref)) { others.push(ref, weight); return; }
            top = Math.max(top, boost * weight);
            matches.add(ref, boost * weight, kind);
            matches.addTerm(ref, term, kind);  // (a term's postings name a document once)
          });
          // The same letters, another accented word: half a match, never above the word typed.
          for (j = 0; j < others.length; j += 2) {
            matches.add(others[j], Math.min(BOOSTS[SHORT] * others[j + 1], top), SHORT);
            matches.addTerm(others[j], term, SHORT);
          }
        });
      });
      // Expressions (synonyms of several words): documents holding all of their terms.
      unit.related.forEach(function (phrase) {
        if (phrase.indexOf(' ') === -1) { return; }
        var parts = phrase.split(' '), boost = relatedBoost(unit, parts), n = manifest.docCount || 0;
        // count[d]: the phrase's first parts document d holds (dense: no object per document).
        var count = new Uint8Array(n), sums = new Float64Array(n), first = [], alive = true;
        parts.forEach(function (t, p) {
          var index = shards[shardOf(t)], hit = false;
          if (!alive) { return; }
          if (index) {
            eachPosting(index, t, function (ref, weight) {
              if (count[ref] !== p) { return; }
              count[ref] = p + 1;
              sums[ref] += boost * weight;
              hit = true;
              if (!p) { first.push(ref); }
            });
          }
          alive = hit;
        });
        first.sort(function (a, b) { return a - b; }).forEach(function (ref) {
          if (count[ref] !== parts.length) { return; }
          matches.add(ref, sums[ref] / parts.length);
          parts.forEach(function (t) { matches.addTerm(ref, t, RELATED); });
        });
      });
      return matches;
    }

    function evalWord(plan) {
      var matches = evalUnit(plan.main);
      if (!plan.parts) { return matches; }
      // A digit run also matches documents holding all of its groups.
      var partMatches = plan.parts.map(evalUnit), first = partMatches[0];
      first.refs.forEach(function (ref) {
        var score = 0, kind = EXACT, terms = [], ok = true;
        partMatches.forEach(function (pm) {
          if (!pm.on[ref]) { ok = false; return; }
          score += pm.score[ref];
          kind = Math.min(kind, pm.kind[ref]);
          terms = terms.concat(pm.termsOf(ref));
        });
        if (!ok) { return; }
        if (!matches.on[ref]) {
          matches.touch(ref);
          matches.score[ref] = score;
          matches.kind[ref] = kind;
        } else {
          matches.score[ref] = Math.max(matches.score[ref], score);
          matches.kind[ref] = Math.max(matches.kind[ref], kind);
        }
        terms.forEach(function (t) { matches.addTerm(ref, t, 0); });
      });
      return matches;
    }

    // A word whose terms are common in French but not on this site (« exactement », « vraiment »).
    function isCommon(word) {
      if (!word || word.digits || !word.terms.length) { return false; }
      return word.terms.every(function (t) { var set = commonSets[shardOf(t)]; return !!(set && set[t]); });
    }

    function typeOf(ref) {
      var code = manifest.docTypes.charAt(Number(ref));
      return manifest.types[Number(code)] || 'page';
    }

    function typeWeight(ref) {
      var w = SETTINGS.typeWeights[typeOf(ref)];
      return typeof w === 'number' ? w : 1;
    }

    /*
     * Ranking (issue 21), one score: the sum over words of the word's weight (its rarity on the
     * site: log(1 + N / (1 + documents it matches)), halved for a word common in French but not
     * here, isCommon) times the share of the document's best kind of match (KIND_SHARE: a typo is
     * a fraction of a match) times the document's share of the word's best BM25 score (field
     * weights count here, not as a tie-break) times the weight of the document's type
     * (SETTINGS.typeWeights); then times (share of the query's weight matched) ^ coverPower.
     */
    function rank(wordMatches, types, words) {
      var needed = wordMatches.length, n = manifest.docCount || 1, order = [];
      // Per document (dense arrays, no object per document until the results): words matched,
      // exact matches, the query's weight covered, the score.
      var matched = new Int32Array(n), exact = new Int32Array(n), cover = new Float64Array(n);
      var scores = new Float64Array(n);
      var corrections = [];
      // A word's rarity counts the documents holding it or its family: those reached only through
      // a synonym do not make it common (a word of a large synonym group is no « plus »); a page
      // reached only through a synonym gets the weight of all the word's pages (synonyms
      // included: « maman », rare, weighs as « parent » on a page that only says « parent »).
      var groupWeights = [];
      var weights = wordMatches.map(function (matches, k) {
        var own = 0, j, common = isCommon(words && words[k]) ? SETTINGS.commonWeight : 1;
        for (j = 0; j < matches.refs.length; j++) { if (matches.kind[matches.refs[j]] >= FAMILY) { own += 1; } }
        groupWeights[k] = common * Math.pow(Math.log(1 + n / (1 + matches.refs.length)), SETTINGS.idfPower);
        return common * Math.pow(Math.log(1 + n / (1 + (own || matches.refs.length))), SETTINGS.idfPower);
      });
      // Each word adds its weight times how well the document matches it (its score over the best
      // score of the word): a frequent word matched strongly cannot outweigh a rare one.
      var bestScores = wordMatches.map(function (matches) {
        return matches.refs.reduce(function (m, ref) { return Math.max(m, matches.score[ref]); }, 0) || 1;
      });
      var fieldPower = SETTINGS.fieldPower;
      wordMatches.forEach(function (matches, k) {
        var best = 0, fuzzyTerms = Object.create(null), ratio, refs = matches.refs, j, ref, kind, w;
        for (j = 0; j < refs.length; j++) {
          ref = refs[j];
          kind = matches.kind[ref];
          if (!matched[ref]) { order.push(ref); }
          matched[ref] += 1;
          w = kind === RELATED ? groupWeights[k] : weights[k];
          cover[ref] += w;
          if (kind === EXACT) { exact[ref] += 1; }
          if (kind > best) { best = kind; }
          if (kind <= SOUND) {
            uniq(matches.termsOf(ref)).forEach(function (t) { fuzzyTerms[t] = (fuzzyTerms[t] || 0) + 1; });
          }
          ratio = matches.score[ref] / bestScores[k];
          scores[ref] += w * (kind === PREFIX && needed > 1 ? SETTINGS.prefixMultiShare : KIND_SHARE[kind]) * (fieldPower === 1 ? ratio : Math.pow(ratio, fieldPower)) *
            typeWeight(ref);
        }
        // A word found only through typos or sound-alikes: a correction to suggest.
        if (best <= SOUND && best > 0 && words && words[k]) {
          corrections.push({ fold: words[k].fold, terms: Object.keys(fuzzyTerms).sort(function (a, b) {
            return fuzzyTerms[b] - fuzzyTerms[a] || byLengthThenAlpha(a, b);
          }).slice(0, 5) });
        }
      });
      var totalWeight = weights.reduce(function (a, b) { return a + b; }, 0) || 1;
      var full = 0;
      order.forEach(function (ref) {
        // The share of the query's meaning the document covers tempers its score (it does not
        // come first: a page whose title is the topic may beat one that merely mentions every word).
        scores[ref] *= Math.pow(cover[ref] / totalWeight, SETTINGS.coverPower);
        if (matched[ref] === needed) { full += 1; }
      });
      order.sort(function (a, b) {
        return scores[b] - scores[a] || cover[b] - cover[a] || a - b;
      });
      var counts = {};
      var ranked = order.map(function (ref) {
        var type = typeOf(ref);
        counts[type] = (counts[type] || 0) + 1;
        return new Result(ref, type, scores[ref], matched[ref], exact[ref] === needed, wordMatches);
      });
      var filtered = types && types.length ? ranked.filter(function (r) { return types.indexOf(r.type) !== -1; }) : ranked;
      return { total: filtered.length, results: filtered, all: ranked, counts: counts,
        partial: needed > 1 && !full && ranked.length > 0, words: needed, error: false,
        corrections: corrections };
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
     * Help first (issue 21): the contacts a query in distress or danger shows before any result,
     * from the manifest's `help` (content/data/detresse.yaml compiled by
     * plugins/search_index/distress.py, whose help_for() matches identically: same analyzer, an
     * expression's words in order with at most HELP_GAP words between, a word equal once folded,
     * sharing a stem, or one typo away when both have 5+ letters and the same first letter, or
     * sounding the same (helpSound) with 4+ letters and the same first letter, unless marked « = »; a
     * number range [lo, hi] matches a number within it). A situation is shown when one of its
     * `mots` is in the query, or one of its `ensembles`: an expression of each of the `lists`
     * it names (by index), anywhere in the query.
     */
    var HELP_GAP = 1, HELP_TYPO_MIN = 5, HELP_PLURAL_MIN = 6, HELP_SOUND_MIN = 4;
    // An elided little word is the same as the whole one (distress.py ELISIONS).
    var HELP_ELISIONS = { d: 'de', l: 'le', la: 'le', m: 'me', t: 'te', s: 'se', j: 'je', n: 'ne', qu: 'que', c: 'ce' };
    function helpElided(fold) {
      return Object.prototype.hasOwnProperty.call(HELP_ELISIONS, fold) ? HELP_ELISIONS[fold] : fold;
    }

    function oneTypo(a, b) {
      if (a === b) { return true; }
      var la = a.length, lb = b.length, diff = [], i, t;
      if (Math.abs(la - lb) > 1) { return false; }
      if (la === lb) {
        for (i = 0; i < la; i++) { if (a.charAt(i) !== b.charAt(i)) { diff.push(i); } }
        if (diff.length === 1) { return true; }
        return diff.length === 2 && diff[1] === diff[0] + 1 && a.charAt(diff[0]) === b.charAt(diff[1]) &&
          a.charAt(diff[1]) === b.charAt(diff[0]);
      }
      if (la > lb) { t = a; a = b; b = t; }
      i = 0;
      while (i < a.length && a.charAt(i) === b.charAt(i)) { i++; }
      return a.slice(i) === b.slice(i + 1);
    }

    function helpWord(word, trigger) {
      var fold = trigger[0], terms = trigger[1], n;
      if (typeof fold === 'number') { // a number range
        n = word.digits && word.fold.length <= 3 ? parseInt(word.fold, 10) : NaN;
        return n >= fold && n <= terms;
      }
      if (word.fold === fold || helpElided(word.fold) === helpElided(fold)) { return true; }
      if (!Array.isArray(terms) || !terms.length || !word.terms.length || word.digits) { return false; }
      if (word.terms.some(function (t) { return terms.indexOf(t) !== -1; })) { return true; }
      if (trigger[2]) { return false; }
      if (!/^[a-z]+$/.test(word.fold) || word.fold.charAt(0) !== fold.charAt(0)) { return false; }
      return (word.fold.length >= HELP_TYPO_MIN && fold.length >= HELP_TYPO_MIN && oneTypo(word.fold, fold)) ||
        (word.fold.length >= HELP_SOUND_MIN && fold.length >= HELP_SOUND_MIN && helpSound(word.fold) === helpSound(fold));
    }

    /* distress.py sound(): « menasse » and « menace », « batu » and « battu ». */
    function helpSound(fold) {
      return fold.replace(/ph/g, 'f').replace(/qu/g, 'k').replace(/y/g, 'i').replace(/c(?=[ei])/g, 's')
        .replace(/(.)\1+/g, '$1');
    }

    /* trigger_words() of distress.py: an expression as written in detresse.yaml, analyzed once. */
    var helpAnalyzed = Object.create(null);
    function helpTriggerWords(text) {
      if (typeof text !== 'string') { return []; }
      if (!helpAnalyzed[text]) {
        var out = [];
        text.split(/\s+/).forEach(function (piece) {
          // « =word »: one typo away from another French word, matched by its forms only.
          var strict = piece.charAt(0) === '=', range;
          piece = piece.replace(/^=+/, '');
          range = /^([0-9]{1,3})-([0-9]{1,3})$/.exec(piece);
          if (range) { out.push([parseInt(range[1], 10), parseInt(range[2], 10)]); return; }
          analyzer.tokenize(piece).forEach(function (token) {
            out.push(/^[0-9]/.test(token) ? [token, [token]] :
              [analyzer.fold(token), analyzer.wordTerms(token)].concat(strict ? [1] : []));
          });
        });
        helpAnalyzed[text] = out;
      }
      return helpAnalyzed[text];
    }

    function helpPhrase(words, expression) {
      var start, pos, k, j, next, phrase = helpTriggerWords(expression);
      if (!phrase.length) { return false; }
      for (start = 0; start < words.length; start++) {
        if (!helpWord(words[start], phrase[0])) { continue; }
        pos = start;
        for (k = 1; k < phrase.length; k++) {
          next = -1;
          for (j = pos + 1; j < Math.min(words.length, pos + 2 + HELP_GAP); j++) {
            if (helpWord(words[j], phrase[k])) { next = j; break; }
          }
          if (next === -1) { break; }
          pos = next;
        }
        if (k === phrase.length) { return true; }
      }
      return false;
    }

    /* helpFor(text) -> [{id, display, href, label}] (after load()); [] when no situation matches. */
    function helpFor(text) {
      var data = manifest && manifest.help, ids = [], out = [];
      if (!analyzer || !data || !Array.isArray(data.situations)) { return out; }
      var words = analyzer.tokenize(textOf(text)).map(function (token) {
        var digits = /^[0-9]/.test(token), terms = digits ? [token] : analyzer.wordTerms(token).slice();
        // A verb in the third person plural is also read as its singular (« frappent », « frappe »).
        if (!digits && terms.length && token.length >= HELP_PLURAL_MIN && /ent$/.test(token)) {
          analyzer.wordTerms(token.slice(0, -2)).forEach(function (t) { if (terms.indexOf(t) === -1) { terms.push(t); } });
        }
        return { fold: digits ? token : analyzer.fold(token), terms: terms, digits: digits };
      });
      if (!words.length) { return out; }
      var lists = Array.isArray(data.lists) ? data.lists : [], found = {};
      function inQuery(index) {
        if (!Object.prototype.hasOwnProperty.call(found, index)) {
          found[index] = typeof index === 'number' && index >= 0 && index < lists.length &&
            Array.isArray(lists[index]) && lists[index].some(function (phrase) { return helpPhrase(words, phrase); });
        }
        return found[index];
      }
      data.situations.forEach(function (s) {
        if (!s || !Array.isArray(s.mots) || !Array.isArray(s.contacts)) { return; }
        if (s.mots.some(function (phrase) { return helpPhrase(words, phrase); }) ||
            (Array.isArray(s.ensembles) && s.ensembles.some(function (parts) {
              return Array.isArray(parts) && parts.length > 0 && parts.every(inQuery);
            }))) {
          s.contacts.forEach(function (id) { if (ids.indexOf(id) === -1) { ids.push(id); } });
        }
      });
      ids.forEach(function (id) {
        var c = data.contacts && Object.prototype.hasOwnProperty.call(data.contacts, id) ? data.contacts[id] : null;
        if (c && typeof c.display === 'string' && typeof c.href === 'string' && /^(tel|sms):\+?[0-9]+$/.test(c.href)) {
          out.push({ id: String(id), display: c.display, href: c.href, label: String(c.label || '') });
        }
      });
      return out;
    }

    /*
     * search(text, {types: ['fiche', ...]}) -> Promise<{total, results: [{ref, type, score,
     * matchedWords, exact, terms}], all (before the type filter), counts: {type: n},
     * partial, words, error}>. Never rejects: on any failure resolves with error: true.
     */
    function search(text, opts) {
      var query = textOf(text);
      opts = opts || {};
      var help = [];
      return load().then(function () {
        help = helpFor(query);
        return searchLoaded(query, opts);
      }).then(function (result) {
        result.help = help;
        return result;
      }).catch(function (error) {
        return emptyResult({ error: true, message: String(error && error.message || error), help: help });
      });
    }

    function searchLoaded(query, opts) {
      return Promise.resolve().then(function () {
        var words = analyzer.analyzeQuery(query);
        var required = words.filter(function (w) { return w.terms.length > 0; });
        if (!required.length && words.length) {
          var last = words[words.length - 1];
          if (last.open && last.fold.length >= SETTINGS.prefixMin) { required = [last]; }
        }
        if (!required.length) { return emptyResult(); }
        var plans = required.map(planWord);
        if (required.length > 1) { plans.forEach(function (p) { p.main.multi = true; }); }
        var needed = [];
        var total = manifest.shards.reduce(function (sum, sh) { return sum + (sh.bytes || 0); }, 0);
        if (total <= SETTINGS.eagerBytes) {
          needed = manifest.shards.map(function (sh, i) { return i; });
        } else {
          plans.forEach(function (p) { needed = needed.concat(planShards(p, true)); });
          needed = uniq(needed.map(String)).map(Number);
        }
        return Promise.all(needed.map(loadShard)).then(function () {
          return guardWords(required, plans, total <= SETTINGS.eagerBytes);
        }).then(function () {
          // Then the typo ranges (of a word the index holds as typed: those fetched, typoRange).
          markHeld(plans, needed);
          var typos = [];
          plans.forEach(function (p) { typos = typos.concat(planShards(p)); });
          return Promise.all(uniq(typos.map(String)).map(Number).map(loadShard));
        }).then(function () {
          // Expressions of the synonyms typed as such ("lavage de cerveau").
          expressionSynonyms(required, plans);
          // Related terms (families, synonyms) of each word, and the shards that hold them.
          var more = [];
          plans.forEach(function (p, k) {
            if (required[k].digits) { return; }
            p.main.related = uniq((p.main.phrase || []).concat(relatedTerms(p.main.exact)))
              .slice(0, SETTINGS.maxRelated);
            p.main.related.forEach(function (x) {
              x.split(' ').forEach(function (t) { more = more.concat(shardFor(t)); });
            });
          });
          return Promise.all(uniq(more.map(String)).map(Number).map(loadShard));
        }).then(function () {
          var wordMatches = plans.map(evalWord), retry = [], more = [];
          // Words nothing matched: sound-alikes and 2-letter typos (a second, rarer round).
          plans.forEach(function (p, k) {
            var w = required[k];
            if (!wordMatches[k].refs.length && !w.digits && !p.main.french && w.fold.length >= SETTINGS.soundMin && /^[a-z]+$/.test(w.fold)) {
              retry.push(k);
              more = more.concat(soundShards(w.fold));
            }
          });
          return Promise.all(uniq(more.map(String)).map(Number).map(loadShard)).then(function () {
            var fixed = [], extra = [];
            retry.forEach(function (k) {
              plans[k].main.sound = soundTerms(required[k].fold, required[k].terms);
              wordMatches[k] = evalWord(plans[k]);
            });
            // Words found only through a stem, typos or sound-alikes (not as typed, nor by a
            // family or synonym): also the families of the terms found (and the synonym group
            // of a synonym-file word), in the shards that hold them.
            plans.forEach(function (p, k) {
              var seen = p.main.seen || {}, rel;
              if (required[k].digits || p.main.french) { return; }
              if (Object.keys(seen).some(function (t) { return seen[t] > STEM || seen[t] === SHORT || seen[t] === FAMILY || seen[t] === RELATED; })) { return; }
              (p.main.sound || []).forEach(function (t) { if (!seen[t]) { seen[t] = SOUND; } });
              if (!Object.keys(seen).length) { return; }
              rel = correctionRelated(Object.keys(seen).sort(byLengthThenAlpha), seen);
              if (!Object.keys(rel).length) { return; }
              p.main.corrected = rel;
              fixed.push(k);
              Object.keys(rel).forEach(function (t) { extra = extra.concat(shardFor(t)); });
            });
            if (!fixed.length) { return rank(wordMatches, opts.types, required); }
            return Promise.all(uniq(extra.map(String)).map(Number).map(loadShard)).then(function () {
              fixed.forEach(function (k) { wordMatches[k] = evalWord(plans[k]); });
              return rank(wordMatches, opts.types, required);
            });
          });
        });
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

    /*
     * « Vouliez-vous dire … ? »: the query with each word found only through typos or
     * sound-alikes replaced by the word of the shown results (titles, summaries) that gives the
     * matched term; '' when none. `docs`: getDocs of the shown results.
     */
    function suggest(text, result, docs) {
      if (!analyzer || !result || !result.corrections || !result.corrections.length) { return ''; }
      // A query in distress is never rewritten (issue 21).
      if ((result.help && result.help.length) || helpFor(text).length) { return ''; }
      var replace = Object.create(null), changed = false, source = textOf(text), out = '', pos = 0;
      result.corrections.forEach(function (c) {
        (docs || []).some(function (doc) {
          if (!doc) { return false; }
          return analyzer.tokenize(String(doc.title || '') + ' ' + String(doc.summary || '')).some(function (tok) {
            var terms = analyzer.wordTerms(tok), f = analyzer.fold(tok);
            // A likely typo only: two edits at most, or the same sound (« psichoterapie »).
            if (!(editDistance(f, c.fold, 2) <= 2 || soundKey(f) === soundKey(c.fold))) { return false; }
            if (terms.some(function (t) { return c.terms.indexOf(t) !== -1; })) {
              replace[c.fold] = tok;
              return true;
            }
            return false;
          });
        });
      });
      // The words replaced in the text as typed: accents, apostrophes and the rest are kept.
      analyzer.segments(source).forEach(function (seg) {
        var word = source.slice(seg.start, seg.end), f = analyzer.fold(analyzer.lower(word));
        if (replace[f] && replace[f] !== analyzer.lower(word)) {
          out += source.slice(pos, seg.start) + replace[f];
          pos = seg.end;
          changed = true;
        }
      });
      out += source.slice(pos);
      return changed ? out.trim() : '';
    }

    /* Edit distance of a and b (optimal string alignment), `max` + 1 when larger than `max`. */
    function editDistance(a, b, max) {
      if (Math.abs(a.length - b.length) > max) { return max + 1; }
      var prev2 = [], prev = [], cur, i, j, cost, best;
      for (j = 0; j <= b.length; j++) { prev[j] = j; }
      for (i = 1; i <= a.length; i++) {
        cur = [i];
        best = i;
        for (j = 1; j <= b.length; j++) {
          cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
          cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
          if (i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
            cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
          }
          best = Math.min(best, cur[j]);
        }
        if (best > max) { return max + 1; }
        prev2 = prev;
        prev = cur;
      }
      return prev[b.length];
    }

    return {
      load: load,
      search: search,
      suggest: suggest,
      help: helpFor,
      getDocs: getDocs,
      analyzer: function () { return analyzer; },
      manifest: function () { return manifest; },
      settings: SETTINGS
    };
  }

  return { createEngine: createEngine, settings: SETTINGS, bloomHas: bloomHas, decodeBits: decodeBits };
}));
