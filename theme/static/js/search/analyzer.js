/*
 * French text analysis of the site search: the browser twin of plugins/search_index/analyzer.py.
 *
 * Same pipeline, same order, same data (the data comes from the search manifest, built from the
 * Python package's data files, so both sides use the very same stop words and folding tables):
 *   NFKC -> tokens (letter runs / digit runs; spaces, hyphens, both apostrophes, punctuation,
 *   emoji are separators) -> digit runs joined ("116 006" -> 116, 006, 116006) -> lowercase
 *   (shipped table) -> stop words (folded comparison) -> Snowball French stem of the accented
 *   word, then accent folding (+ the stem of the folded word when the word has accents).
 * The stemmer below is an exact port of NLTK 3.10.4's FrenchStemmer (Python semantics kept:
 * substring tests, negative indexes); tests/plugins/test_search_parity.py compares both sides.
 *
 * Plain ES2017, no dependency. Node: module.exports. Browser: window.MiviludesSearch.analyzer.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module && module.exports) {
    module.exports = api;
  }
  if (root) {
    root.MiviludesSearch = root.MiviludesSearch || {};
    root.MiviludesSearch.analyzer = api;
  }
}(typeof globalThis !== 'undefined' ? globalThis : (typeof self !== 'undefined' ? self : (typeof window !== 'undefined' ? window : null)), function () {
  'use strict';

  /* ---------------------------------------------------------------- Snowball French (NLTK) */

  var VOWELS = 'aeiouy\u00e2\u00e0\u00eb\u00e9\u00ea\u00e8\u00ef\u00ee\u00f4\u00fb\u00f9';
  var STEP1 = ['issements', 'issement', 'atrices', 'atrice', 'ateurs', 'ations', 'logies',
    'usions', 'utions', 'ements', 'amment', 'emment', 'ances', 'iqUes', 'ismes', 'ables', 'istes',
    'ateur', 'ation', 'logie', 'usion', 'ution', 'ences', 'ement', 'euses', 'ments', 'ance',
    'iqUe', 'isme', 'able', 'iste', 'ence', 'it\u00e9s', 'ives', 'eaux', 'euse', 'ment', 'eux',
    'it\u00e9', 'ive', 'ifs', 'aux', 'if'];
  var STEP2A = ['issaIent', 'issantes', 'iraIent', 'issante', 'issants', 'issions', 'irions',
    'issais', 'issait', 'issant', 'issent', 'issiez', 'issons', 'irais', 'irait', 'irent', 'iriez',
    'irons', 'iront', 'isses', 'issez', '\u00eemes', '\u00eetes', 'irai', 'iras', 'irez', 'isse',
    'ies', 'ira', '\u00eet', 'ie', 'ir', 'is', 'it', 'i'];
  var STEP2B = ['eraIent', 'assions', 'erions', 'assent', 'assiez', '\u00e8rent', 'erais',
    'erait', 'eriez', 'erons', 'eront', 'aIent', 'antes', 'asses', 'ions', 'erai', 'eras', 'erez',
    '\u00e2mes', '\u00e2tes', 'ante', 'ants', 'asse', '\u00e9es', 'era', 'iez', 'ais', 'ait',
    'ant', '\u00e9e', '\u00e9s', 'er', 'ez', '\u00e2t', 'ai', 'as', '\u00e9', 'a'];
  var STEP2B_DELETE = ['eraIent', 'erions', '\u00e8rent', 'erais', 'erait', 'eriez', 'erons',
    'eront', 'erai', 'eras', 'erez', '\u00e9es', 'era', 'iez', '\u00e9e', '\u00e9s', 'er', 'ez',
    '\u00e9'];
  var STEP2B_DELETE_E = ['assions', 'assent', 'assiez', 'aIent', 'antes', 'asses', '\u00e2mes',
    '\u00e2tes', 'ante', 'ants', 'asse', 'ais', 'ait', 'ant', '\u00e2t', 'ai', 'as', 'a'];
  var STEP4 = ['i\u00e8re', 'I\u00e8re', 'ion', 'ier', 'Ier', 'e', '\u00eb'];

  function PyIndexError() {}

  /* Python s[i] (negative i counts from the end; out of range raises). */
  function at(s, i) {
    var j = i < 0 ? s.length + i : i;
    if (j < 0 || j >= s.length) { throw new PyIndexError(); }
    return s.charAt(j);
  }
  /* Python `c in VOWELS` for one character. */
  function isVowel(c) { return c.length === 1 && VOWELS.indexOf(c) !== -1; }
  /* Python `a in b` for strings (substring test). */
  function has(haystack, needle) { return haystack.indexOf(needle) !== -1; }
  /* Python s[:-n] (n > 0). */
  function cut(s, n) { return s.slice(0, Math.max(0, s.length - n)); }
  function endsWith(s, suffix) { return s.length >= suffix.length && s.slice(s.length - suffix.length) === suffix; }
  function startsWith(s, prefix) { return s.slice(0, prefix.length) === prefix; }
  function oneOf(value, list) { return list.indexOf(value) !== -1; }

  function r1r2(word) {
    var r1 = '', r2 = '', i;
    for (i = 1; i < word.length; i++) {
      if (!isVowel(word.charAt(i)) && isVowel(word.charAt(i - 1))) { r1 = word.slice(i + 1); break; }
    }
    for (i = 1; i < r1.length; i++) {
      if (!isVowel(r1.charAt(i)) && isVowel(r1.charAt(i - 1))) { r2 = r1.slice(i + 1); break; }
    }
    return [r1, r2];
  }

  function rvFrench(word) {
    var rv = '', i;
    if (word.length >= 2) {
      if (startsWith(word, 'par') || startsWith(word, 'col') || startsWith(word, 'tap') ||
          (isVowel(word.charAt(0)) && isVowel(word.charAt(1)))) {
        rv = word.slice(3);
      } else {
        for (i = 1; i < word.length; i++) {
          if (isVowel(word.charAt(i))) { rv = word.slice(i + 1); break; }
        }
      }
    }
    return rv;
  }

  function stemUnsafe(word) {
    var step1Success = false, rvEndingFound = false, step2aSuccess = false, step2bSuccess = false;
    var chars = word.split(''), i, suffix, n, regions, r1, r2, rv;

    for (i = 1; i < chars.length; i++) {
      if (chars[i - 1] === 'q' && chars[i] === 'u') { chars[i] = 'U'; }
    }
    for (i = 1; i < chars.length - 1; i++) {
      if (isVowel(chars[i - 1]) && isVowel(chars[i + 1])) {
        if (chars[i] === 'u') { chars[i] = 'U'; } else if (chars[i] === 'i') { chars[i] = 'I'; }
      }
      if (isVowel(chars[i - 1]) || isVowel(chars[i + 1])) {
        if (chars[i] === 'y') { chars[i] = 'Y'; }
      }
    }
    word = chars.join('');

    regions = r1r2(word);
    r1 = regions[0];
    r2 = regions[1];
    rv = rvFrench(word);

    // STEP 1: standard suffix removal
    for (i = 0; i < STEP1.length; i++) {
      suffix = STEP1[i];
      n = suffix.length;
      if (!endsWith(word, suffix)) { continue; }
      if (suffix === 'eaux') {
        word = cut(word, 1);
        step1Success = true;
      } else if (suffix === 'euse' || suffix === 'euses') {
        if (has(r2, suffix)) {
          word = cut(word, n);
          step1Success = true;
        } else if (has(r1, suffix)) {
          word = cut(word, n) + 'eux';
          step1Success = true;
        }
      } else if ((suffix === 'ement' || suffix === 'ements') && has(rv, suffix)) {
        word = cut(word, n);
        step1Success = true;
        if (word.slice(-2) === 'iv' && has(r2, 'iv')) {
          word = cut(word, 2);
          if (word.slice(-2) === 'at' && has(r2, 'at')) { word = cut(word, 2); }
        } else if (word.slice(-3) === 'eus') {
          if (has(r2, 'eus')) {
            word = cut(word, 3);
          } else if (has(r1, 'eus')) {
            word = cut(word, 1) + 'x';
          }
        } else if (oneOf(word.slice(-3), ['abl', 'iqU'])) {
          if (has(r2, 'abl') || has(r2, 'iqU')) { word = cut(word, 3); }
        } else if (oneOf(word.slice(-3), ['i\u00e8r', 'I\u00e8r'])) {
          if (has(rv, 'i\u00e8r') || has(rv, 'I\u00e8r')) { word = cut(word, 3) + 'i'; }
        }
      } else if (suffix === 'amment' && has(rv, suffix)) {
        word = cut(word, 6) + 'ant';
        rv = cut(rv, 6) + 'ant';
        rvEndingFound = true;
      } else if (suffix === 'emment' && has(rv, suffix)) {
        word = cut(word, 6) + 'ent';
        rvEndingFound = true;
      } else if ((suffix === 'ment' || suffix === 'ments') && has(rv, suffix) &&
                 !startsWith(rv, suffix) && isVowel(at(rv, rv.lastIndexOf(suffix) - 1))) {
        word = cut(word, n);
        rv = cut(rv, n);
        rvEndingFound = true;
      } else if (suffix === 'aux' && has(r1, suffix)) {
        word = cut(word, 2) + 'l';
        step1Success = true;
      } else if ((suffix === 'issement' || suffix === 'issements') && has(r1, suffix) &&
                 !isVowel(at(word, -n - 1))) {
        word = cut(word, n);
        step1Success = true;
      } else if (oneOf(suffix, ['ance', 'iqUe', 'isme', 'able', 'iste', 'eux', 'ances', 'iqUes',
        'ismes', 'ables', 'istes']) && has(r2, suffix)) {
        word = cut(word, n);
        step1Success = true;
      } else if (oneOf(suffix, ['atrice', 'ateur', 'ation', 'atrices', 'ateurs', 'ations']) &&
                 has(r2, suffix)) {
        word = cut(word, n);
        step1Success = true;
        if (word.slice(-2) === 'ic') {
          word = has(r2, 'ic') ? cut(word, 2) : cut(word, 2) + 'iqU';
        }
      } else if ((suffix === 'logie' || suffix === 'logies') && has(r2, suffix)) {
        word = cut(word, n) + 'log';
        step1Success = true;
      } else if (oneOf(suffix, ['usion', 'ution', 'usions', 'utions']) && has(r2, suffix)) {
        word = cut(word, n) + 'u';
        step1Success = true;
      } else if ((suffix === 'ence' || suffix === 'ences') && has(r2, suffix)) {
        word = cut(word, n) + 'ent';
        step1Success = true;
      } else if ((suffix === 'it\u00e9' || suffix === 'it\u00e9s') && has(r2, suffix)) {
        word = cut(word, n);
        step1Success = true;
        if (word.slice(-4) === 'abil') {
          word = has(r2, 'abil') ? cut(word, 4) : cut(word, 2) + 'l';
        } else if (word.slice(-2) === 'ic') {
          word = has(r2, 'ic') ? cut(word, 2) : cut(word, 2) + 'iqU';
        } else if (word.slice(-2) === 'iv') {
          if (has(r2, 'iv')) { word = cut(word, 2); }
        }
      } else if (oneOf(suffix, ['if', 'ive', 'ifs', 'ives']) && has(r2, suffix)) {
        word = cut(word, n);
        step1Success = true;
        if (word.slice(-2) === 'at' && has(r2, 'at')) {
          word = cut(word, 2);
          if (word.slice(-2) === 'ic') {
            word = has(r2, 'ic') ? cut(word, 2) : cut(word, 2) + 'iqU';
          }
        }
      }
      break;
    }

    // STEP 2a: verb suffixes beginning with "i"
    if (!step1Success || rvEndingFound) {
      for (i = 0; i < STEP2A.length; i++) {
        suffix = STEP2A[i];
        if (!endsWith(word, suffix)) { continue; }
        if (has(rv, suffix) && rv.length > suffix.length &&
            !isVowel(at(rv, rv.lastIndexOf(suffix) - 1))) {
          word = cut(word, suffix.length);
          step2aSuccess = true;
        }
        break;
      }
      // STEP 2b: other verb suffixes
      if (!step2aSuccess) {
        for (i = 0; i < STEP2B.length; i++) {
          suffix = STEP2B[i];
          n = suffix.length;
          if (!endsWith(rv, suffix)) { continue; }
          if (suffix === 'ions' && has(r2, 'ions')) {
            word = cut(word, 4);
            step2bSuccess = true;
          } else if (oneOf(suffix, STEP2B_DELETE)) {
            word = cut(word, n);
            step2bSuccess = true;
          } else if (oneOf(suffix, STEP2B_DELETE_E)) {
            word = cut(word, n);
            rv = cut(rv, n);
            step2bSuccess = true;
            if (endsWith(rv, 'e')) { word = cut(word, 1); }
          }
          break;
        }
      }
    }

    if (step1Success || step2aSuccess || step2bSuccess) {
      // STEP 3
      if (at(word, -1) === 'Y') {
        word = cut(word, 1) + 'i';
      } else if (at(word, -1) === '\u00e7') {
        word = cut(word, 1) + 'c';
      }
    } else {
      // STEP 4: residual suffixes
      if (word.length >= 2 && at(word, -1) === 's' && 'aiou\u00e8s'.indexOf(at(word, -2)) === -1) {
        word = cut(word, 1);
      }
      for (i = 0; i < STEP4.length; i++) {
        suffix = STEP4[i];
        if (!endsWith(word, suffix)) { continue; }
        if (has(rv, suffix)) {
          if (suffix === 'ion' && has(r2, suffix) && 'st'.indexOf(at(rv, -4)) !== -1) {
            word = cut(word, 3);
          } else if (oneOf(suffix, ['ier', 'i\u00e8re', 'Ier', 'I\u00e8re'])) {
            word = cut(word, suffix.length) + 'i';
          } else if (suffix === 'e') {
            word = cut(word, 1);
          } else if (suffix === '\u00eb' && word.slice(-3, -1) === 'gu') {
            word = cut(word, 1);
          }
          break;
        }
      }
    }

    // STEP 5: undouble
    if (endsWith(word, 'enn') || endsWith(word, 'onn') || endsWith(word, 'ett') ||
        endsWith(word, 'ell') || endsWith(word, 'eill')) {
      word = cut(word, 1);
    }

    // STEP 6: un-accent
    var length = word.length, c;
    for (i = 1; i < length; i++) {
      c = at(word, -i);
      if (!isVowel(c)) { continue; }
      if (i !== 1 && (c === '\u00e9' || c === '\u00e8')) {
        word = word.slice(0, word.length - i) + 'e' + word.slice(word.length - i + 1);
      }
      break;
    }

    return word.replace(/I/g, 'i').replace(/U/g, 'u').replace(/Y/g, 'y');
  }

  /* Snowball French stem of a lowercase word (the word itself if NLTK would raise). */
  function frenchStem(word) {
    try {
      return stemUnsafe(word);
    } catch (e) {
      if (e instanceof PyIndexError) { return word; }
      throw e;
    }
  }

  /* ---------------------------------------------------------------- analyzer */

  function rangeClass(chars) {
    var cps = chars.map(function (c) { return c.charCodeAt(0); }).sort(function (a, b) { return a - b; });
    var out = '', i = 0, j;
    function hex(cp) { return '\\u' + ('0000' + cp.toString(16)).slice(-4); }
    while (i < cps.length) {
      j = i;
      while (j + 1 < cps.length && cps[j + 1] === cps[j] + 1) { j++; }
      out += i === j ? hex(cps[i]) : hex(cps[i]) + '-' + hex(cps[j]);
      i = j + 1;
    }
    return out;
  }

  function translate(text, table) {
    var out = '', i, c, r;
    for (i = 0; i < text.length; i++) {
      c = text.charAt(i);
      r = table[c];
      out += r === undefined ? c : r;
    }
    return out;
  }

  function isDigit(c) { return c >= '0' && c <= '9' && c.length === 1; }

  /*
   * config: manifest.analyzer (plugins/search_index/analyzer.py config()).
   * Returns {analyze, analyzeQuery, tokenize, wordTerms, segments, stem, fold, lower, config}.
   */
  function createAnalyzer(config) {
    var lowerTable = Object.create(null), foldTable = Object.create(null), letters = Object.create(null);
    var i, c, key, chars;
    var ascii = 'abcdefghijklmnopqrstuvwxyz';
    for (i = 0; i < 26; i++) {
      letters[ascii.charAt(i)] = true;
      letters[ascii.charAt(i).toUpperCase()] = true;
      lowerTable[ascii.charAt(i).toUpperCase()] = ascii.charAt(i);
    }
    for (i = 0; i + 1 < config.lower.length; i += 2) {
      lowerTable[config.lower.charAt(i)] = config.lower.charAt(i + 1);
      letters[config.lower.charAt(i)] = true;
      letters[config.lower.charAt(i + 1)] = true;
    }
    for (key in config.fold) {
      if (Object.prototype.hasOwnProperty.call(config.fold, key)) {
        chars = config.fold[key];
        for (i = 0; i < chars.length; i++) {
          foldTable[chars.charAt(i)] = key;
          letters[chars.charAt(i)] = true;
        }
      }
    }
    var letterClass = rangeClass(Object.keys(letters));
    var maxToken = config.maxTokenLength, maxGroups = config.maxJoinGroups;
    var maxDigits = config.maxJoinDigits, maxWords = config.maxQueryWords;
    var joinSeparators = config.joinSeparators;
    var stop = Object.create(null);
    config.stopWords.forEach(function (w) { stop[translate(translate(w, lowerTable), foldTable)] = true; });
    var cache = Object.create(null);
    var tokenChar = new RegExp('^(?:[' + letterClass + ']|[0-9])$');

    function lower(text) { return translate(text, lowerTable); }
    function fold(text) { return translate(text, foldTable); }

    function scan(text) {
      var re = new RegExp('([' + letterClass + ']+)|([0-9]+)', 'g');
      var items = [], run = [], prevEnd = -1, m;
      while ((m = re.exec(text)) !== null) {
        if (m[1] !== undefined) {
          if (run.length) { items.push(['n', run]); run = []; }
          items.push(['w', lower(m[1]).slice(0, maxToken)]);
          continue;
        }
        if (run.length && m.index - prevEnd === 1 && joinSeparators.indexOf(text.charAt(prevEnd)) !== -1) {
          run.push(m[2].slice(0, maxToken));
        } else {
          if (run.length) { items.push(['n', run]); }
          run = [m[2].slice(0, maxToken)];
        }
        prevEnd = m.index + m[0].length;
      }
      if (run.length) { items.push(['n', run]); }
      return items;
    }

    function joinable(run) {
      var total = 0;
      run.forEach(function (g) { total += g.length; });
      return run.length > 1 && run.length <= maxGroups && total <= maxDigits;
    }

    function asText(text) {
      if (text === null || text === undefined) { return ''; }
      return String(text).normalize('NFKC');
    }

    function tokenize(text) {
      var tokens = [];
      scan(asText(text)).forEach(function (item) {
        if (item[0] === 'w') {
          tokens.push(item[1]);
        } else {
          Array.prototype.push.apply(tokens, item[1]);
          if (joinable(item[1])) { tokens.push(item[1].join('')); }
        }
      });
      return tokens;
    }

    function wordTerms(token) {
      var cached = cache[token];
      if (cached !== undefined) { return cached; }
      var terms, folded, first, second;
      if (isDigit(token.charAt(0))) {
        terms = token ? [token] : [];
      } else {
        folded = fold(token);
        if (stop[folded]) {
          terms = [];
        } else {
          first = fold(frenchStem(token));
          second = folded === token ? first : frenchStem(folded);
          terms = [];
          [first, second].forEach(function (t) { if (t && terms.indexOf(t) === -1) { terms.push(t); } });
        }
      }
      cache[token] = terms;
      return terms;
    }

    function isStopWord(token) {
      return !isDigit(token.charAt(0)) && stop[fold(token)] === true;
    }

    function analyze(text) {
      var out = [];
      tokenize(text).forEach(function (token) { Array.prototype.push.apply(out, wordTerms(token)); });
      return out;
    }

    function queryWord(foldForm, terms, digits) {
      return { fold: foldForm, terms: terms.slice(), digits: digits, open: false };
    }

    function analyzeQuery(text) {
      var words = [];
      text = asText(text);
      scan(text).forEach(function (item) {
        var value = item[1], joined, word;
        if (item[0] === 'w') {
          words.push(queryWord(fold(value), wordTerms(value), false));
        } else if (joinable(value)) {
          joined = value.join('');
          word = queryWord(joined, [joined], true);
          word.parts = value.map(function (g) { return queryWord(g, [g], true); });
          words.push(word);
        } else {
          value.forEach(function (g) { words.push(queryWord(g, [g], true)); });
        }
      });
      if (words.length && tokenChar.test(text.charAt(text.length - 1))) {
        words[words.length - 1].open = true;
        if (words[words.length - 1].parts) {
          words[words.length - 1].parts[words[words.length - 1].parts.length - 1].open = true;
        }
      }
      return firstWords(words);
    }

    /* Words up to the maxWords-th with terms (stop words do not count); 3 x maxWords in all. */
    function firstWords(words) {
      var kept = 0, i, n = Math.min(words.length, 3 * maxWords);
      for (i = 0; i < n; i++) {
        if (words[i].terms.length) {
          kept += 1;
          if (kept === maxWords) { return words.slice(0, i + 1); }
        }
      }
      return words.slice(0, n);
    }

    /* Highlighting: [{start, end, terms}] over the ORIGINAL text (no normalization shift). */
    var segmentRe = '[' + letterClass + '\\u0300-\\u036f\\ufb00-\\ufb06]+|[0-9]+(?:[' +
      joinSeparators.replace(/[\\\]\-^]/g, '\\$&') + '\\u00a0\\u202f\\u2009\\u2007][0-9]+)*';
    function segments(text) {
      var re = new RegExp(segmentRe, 'g'), out = [], m;
      text = text === null || text === undefined ? '' : String(text);
      while ((m = re.exec(text)) !== null) {
        out.push({ start: m.index, end: m.index + m[0].length, terms: analyze(m[0]) });
      }
      return out;
    }

    return {
      config: config,
      letterClass: letterClass,
      separator: new RegExp('[^' + letterClass + '0-9]+'),
      lower: lower,
      fold: fold,
      stem: frenchStem,
      tokenize: tokenize,
      wordTerms: wordTerms,
      isStopWord: isStopWord,
      analyze: analyze,
      analyzeQuery: analyzeQuery,
      segments: segments
    };
  }

  /* ---------------------------------------------------------------- lunr glue */

  var active = null;

  function stopWordFilter(token) {
    if (!active) { return token; }
    var s = token.toString();
    return active.isStopWord(s) ? null : token;
  }

  function stemmer(token) {
    if (!active) { return token; }
    var terms = active.wordTerms(token.toString());
    if (terms.length === 0) { return null; }
    if (terms.length === 1) { return token.update(function () { return terms[0]; }); }
    return terms.map(function (t) { return token.clone(function () { return t; }); });
  }

  /*
   * Registers the two pipeline functions under the labels the serialized index names (so that
   * lunr.Index.load accepts it) and points lunr's own tokenizer and query lexer at the same
   * separators. Call once the manifest (hence the analyzer config) is known.
   */
  function registerLunr(lunr, analyzer) {
    active = analyzer;
    var labels = analyzer.config.labels;
    if (lunr.Pipeline.registeredFunctions[labels.stop] !== stopWordFilter) {
      lunr.Pipeline.registerFunction(stopWordFilter, labels.stop);
    }
    if (lunr.Pipeline.registeredFunctions[labels.stem] !== stemmer) {
      lunr.Pipeline.registerFunction(stemmer, labels.stem);
    }
    lunr.tokenizer.separator = analyzer.separator;
    if (lunr.QueryLexer) { lunr.QueryLexer.termSeparator = analyzer.separator; }
    return analyzer;
  }

  return {
    createAnalyzer: createAnalyzer,
    registerLunr: registerLunr,
    frenchStem: frenchStem,
    pipelineFunctions: { stopWordFilter: stopWordFilter, stemmer: stemmer }
  };
}));
