/* The web editor's own checks of one entry (loaded before editeur.js), for the editor on the forge
 * (production), where no save check answers: every rule comes from formes.json, written by the build
 * (plugins/admin_cms/form_rules.py) with the messages `make check` prints — nothing is decided here
 * that the content checks do not decide. window.miviludesChecks(rules, datePattern) -> localErrors.
 */
(function () {
  "use strict";
  window.miviludesChecks = function (rules, datePattern) {
    // Where no save check answers (the editor on the forge, in production): the checks of one entry
    // exported by the build (formes.json « checks »: a test per field and the message `make check`
    // prints for it). Everything else is checked by the pull request's `make check`.
    function valuesAt(data, path) {
      var parts = path.split(".*.");
      var top = data[parts[0]];
      if (parts.length === 1) { return [[top, 1]]; }
      return (Array.isArray(top) ? top : []).map(function (item, i) {
        return [item ? item[parts[1]] : undefined, i + 1];
      });
    }
    function localErrors(data) {
      var errors = [];
      (rules.checks || []).forEach(function (rule) {
        valuesAt(data, rule.field).forEach(function (pair) {
          var value = pair[0];
          if (typeof value !== "string" || value === "") { return; }
          var found = null;
          if (rule.must && !new RegExp(rule.must, rule.flags || "").test(value)) { found = ""; }
          if (rule.never) {
            var match = new RegExp(rule.never, rule.flags || "").exec(value);
            if (match) { found = match[0]; }
          }
          if (rule.real_date && datePattern.test(value) && !isDate(value)) { found = ""; }
          if (found === null) { return; }
          var text = rule.message.split("{n}").join(String(pair[1])).split("{valeur_repr}").join("'" + value + "'")
            .split("{valeur}").join(value.trim()).split("{trouve}").join(found);
          if (errors.indexOf(text) < 0) { errors.push(text); }
        });
      });
      dateOrderErrors(data, errors);
      var body = String(data.body || "");
      templateHeadingErrors(body, errors);
      sourceErrors(data, errors);
      penaltyErrors([data.summary, data.body], errors);
      markupErrors(body, errors);
      // As make check: a file with a mistake of its own is not resolved against the other pages and
      // the directory (one mistake, one message); its references are checked once it is corrected.
      if (!errors.length) { referenceErrors(data, errors); }
      return errors;
    }
    function fill(text, values) {
      Object.keys(values).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
      return text;
    }
    function push(errors, text) { if (errors.indexOf(text) < 0) { errors.push(text); } }
    function isDate(text) {  // AAAA-MM-JJ and a real day (make check reads the date, 2026-02-30 is none)
      if (typeof text !== "string" || !datePattern.test(text)) { return false; }
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!m) { return false; }
      var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
    }
    // Dates that must not come before another (formes.json « date_order »).
    function dateOrderErrors(data, errors) {
      (rules.date_order || []).forEach(function (rule) {
        var later = data[rule.field], earlier = data[rule.not_before];
        if (isDate(later) && isDate(earlier) && later < earlier) {
          push(errors, fill(rule.message, { valeur: later, avant: earlier }));
        }
      });
    }
    // difflib.SequenceMatcher(None, a, b).ratio() (no junk: short identifiers), for the « vouliez-vous
    // dire » of make check (difflib.get_close_matches(word, known, 1, 0.6)).
    function ratio(a, b) {
      var b2j = {};
      for (var j = 0; j < b.length; j++) { (b2j[b[j]] = b2j[b[j]] || []).push(j); }
      function longest(alo, ahi, blo, bhi) {
        var besti = alo, bestj = blo, bestsize = 0, j2len = {};
        for (var i = alo; i < ahi; i++) {
          var next = {}, js = b2j[a[i]] || [];
          for (var x = 0; x < js.length; x++) {
            var jj = js[x];
            if (jj < blo) { continue; }
            if (jj >= bhi) { break; }
            var k = (j2len[jj - 1] || 0) + 1;
            next[jj] = k;
            if (k > bestsize) { besti = i - k + 1; bestj = jj - k + 1; bestsize = k; }
          }
          j2len = next;
        }
        return [besti, bestj, bestsize];
      }
      var matches = 0, queue = [[0, a.length, 0, b.length]];
      while (queue.length) {
        var q = queue.pop(), m = longest(q[0], q[1], q[2], q[3]), size = m[2];
        if (!size) { continue; }
        matches += size;
        if (q[0] < m[0] && q[2] < m[1]) { queue.push([q[0], m[0], q[2], m[1]]); }
        if (m[0] + size < q[1] && m[1] + size < q[3]) { queue.push([m[0] + size, q[1], m[1] + size, q[3]]); }
      }
      var total = a.length + b.length;
      return total ? 2 * matches / total : 1;
    }
    function closest(word, known) {
      var best = null, bestScore = -1;
      known.forEach(function (x) {
        var score = ratio(x, word);
        if (score >= 0.6 && (score > bestScore || (score === bestScore && x > best))) { best = x; bestScore = score; }
      });
      return best;
    }
    // Known pages and contacts (formes.json « references », lists of the site when it was built).
    function referenceErrors(data, errors) {
      var refs = rules.references;
      if (!refs) { return; }
      (refs.page_fields || []).forEach(function (rule) {
        valuesAt(data, rule.field).forEach(function (pair) {
          (Array.isArray(pair[0]) ? pair[0] : [pair[0]]).forEach(function (slug) {
            if (slug === undefined || slug === null || slug === "") { return; }
            slug = String(slug);
            if ((refs.pages || []).indexOf(slug) >= 0) { return; }
            var draft = (refs.drafts || []).indexOf(slug) >= 0;
            push(errors, fill(draft ? rule.draft : rule.unknown, { valeur: slug, n: String(pair[1]) }));
          });
        });
      });
      var contact = refs.contacts;
      if (!contact) { return; }
      function check(cid) {
        cid = String(cid);
        if (contact.known.indexOf(cid) >= 0) { return; }
        if (cid === "") { push(errors, contact.empty); return; }
        var close = closest(cid, contact.known);
        push(errors, fill(contact.message, { valeur: cid, indice: close ? fill(contact.hint, { proche: close }) : "" }));
      }
      var cited = data[contact.field];
      (Array.isArray(cited) ? cited : (cited === undefined || cited === null || cited === "" ? [] : [cited]))
        .forEach(check);
      var inline = new RegExp(contact.inline, "g"), found;
      var body = String(data.body || "");
      while ((found = inline.exec(body)) !== null) { check(found[1]); }
    }
    // Headings the page template writes itself (content_schema.rules.TEMPLATE_HEADINGS), outside
    // fenced code, compared as make check compares them (plain text, lower case, no accents).
    function plainText(text) {  // common/rules/headings.plain
      return String(text).replace(/[\u2019\u2018]/g, "'").replace(/[«»\u201c\u201d]/g, '"')
        .replace(/[\s\u00a0\u202f\u2007]+/g, " ").trim().replace(/ ([?!:;])/g, "$1");
    }
    function fold(text) {
      text = plainText(text);
      return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/[ ?!.:;]+$/, "");
    }
    function templateHeadingErrors(body, errors) {
      var rule = (rules.markup || {}).template_headings;
      if (!rule) { return; }
      var heading = new RegExp(rule.heading), fence = new RegExp(rule.fence), open = null;
      body.replace(/\r\n?/g, "\n").split("\n").forEach(function (line) {
        var marker = fence.exec(line);
        if (marker) { open = open === marker[1] ? null : (open || marker[1]); return; }
        if (open) { return; }
        var m = heading.exec(line);
        if (!m || !m[2].trim()) { return; }
        var field = Object.prototype.hasOwnProperty.call(rule.folded, fold(m[2])) ? rule.folded[fold(m[2])] : null;
        if (field) { push(errors, fill(rule.message, { texte: m[2].trim(), champ: field })); }
      });
    }
    // A source that is a site's home page (common/rules/sources.py, formes.json « sources »): the fact
    // base gives the precise page of that site, or the title names a page. An address is split as
    // Python's urlsplit does for these (scheme, host, path, query, fragment).
    function splitUrl(url) {
      var rest = String(url).trim(), out = { netloc: "", path: "", query: "", fragment: "" };
      var m = /^([A-Za-z][A-Za-z0-9+.-]*):([\s\S]*)$/.exec(rest);
      if (m) { rest = m[2]; }
      var at = rest.indexOf("#");
      if (at >= 0) { out.fragment = rest.slice(at + 1); rest = rest.slice(0, at); }
      at = rest.indexOf("?");
      if (at >= 0) { out.query = rest.slice(at + 1); rest = rest.slice(0, at); }
      if (rest.slice(0, 2) === "//") {
        var end = rest.indexOf("/", 2);
        out.netloc = end < 0 ? rest.slice(2) : rest.slice(2, end);
        rest = end < 0 ? "" : rest.slice(end);
      }
      out.path = rest;
      var host = out.netloc.slice(out.netloc.lastIndexOf("@") + 1).replace(/:[0-9]*$/, "").toLowerCase().replace(/\.+$/, "");
      out.host = host.slice(0, 4) === "www." ? host.slice(4) : host;
      return out;
    }
    function segments(path) {
      try { path = decodeURIComponent(path); } catch (e) { /* as written */ }
      return path.split("/").filter(Boolean);
    }
    function precisePages(url) {  // fact_base.FactIndex.precise_pages
      var rule = rules.sources, parts = splitUrl(url);
      if (!rule || !Object.prototype.hasOwnProperty.call(rule.pages, parts.host) || parts.query || parts.fragment) { return []; }
      var folder = segments(parts.path);
      return rule.pages[parts.host].filter(function (page) {
        return page[1].length > folder.length && folder.every(function (s, i) { return page[1][i] === s; });
      }).map(function (page) { return page[0]; });
    }
    function sourceErrors(data, errors) {
      var rule = rules.sources;
      if (!rule) { return; }
      (Array.isArray(data.sources) ? data.sources : []).forEach(function (source) {
        var url = source && source.url;
        if (typeof url !== "string") { return; }
        var title = String(source.title === undefined || source.title === null ? "" : source.title);
        var parts = splitUrl(url), precise = precisePages(url);
        if (precise.length) {
          push(errors, fill(rule.precise, { titre: title, valeur: url,
            choix: precise.length === 1 ? precise[0] : rule.several + precise.join(", ") }));
          return;
        }
        var plainTitle = plainText(title);
        if (parts.netloc && (parts.path === "" || parts.path === "/") && !parts.query && !parts.fragment &&
            plainTitle.toLowerCase().indexOf("accueil") < 0 && new RegExp(rule.page_title).test(plainTitle)) {
          push(errors, fill(rule.titled, { titre: title, valeur: url, site: title.split(",")[0].trim() || rule.unnamed_site }));
        }
      });
    }
    // « jusqu’à N ans » (common/rules/penalties.py, formes.json « penalties »): the article is one
    // named in the same sentence (or line), else the last one before; N must be the fact base's
    // highest tier for it, and « jusqu’à » is refused where a heavier tier is marked CHECK.
    function penaltyErrors(texts, errors) {
      var rule = rules.penalties;
      if (!rule) { return; }
      function firstAtOrAfter(list, value) {
        var i = 0;
        while (i < list.length && list[i] < value) { i++; }
        return i;
      }
      texts.forEach(function (text) {
        if (typeof text !== "string") { return; }
        var upTo = new RegExp(rule.up_to, "giu"), m, bounds = null, starts = [], names = [];
        while ((m = upTo.exec(text)) !== null) {
          if (bounds === null) {
            bounds = [];
            var b = /\. |\n/g, x, a = new RegExp(rule.article, "gu");
            while ((x = b.exec(text)) !== null) { bounds.push(x.index); b.lastIndex = x.index + 1; }
            while ((x = a.exec(text)) !== null) { starts.push(x.index); names.push(x[1]); }
          }
          var start = m.index, end = m.index + m[0].length;
          var before = firstAtOrAfter(bounds, start), left = before ? bounds[before - 1] + 1 : 0;
          var after = firstAtOrAfter(bounds, end), right = after < bounds.length ? bounds[after] : Infinity;
          var first = firstAtOrAfter(starts, left), last = firstAtOrAfter(starts, start) - 1;
          var article = first < starts.length && starts[first] < right ? names[first] : (last >= 0 ? names[last] : null);
          if (article === null || !Object.prototype.hasOwnProperty.call(rule.highest, article)) { continue; }
          var years = parseInt(m[1], 10), highest = rule.highest[article];
          if (rule.uncertain.indexOf(article) >= 0) {
            push(errors, fill(rule.unsure, { trouve: m[0], article: article, annees: String(years) }));
          } else if (years !== highest) {
            push(errors, fill(rule.wrong, { trouve: m[0], article: article, max: String(highest) }));
          }
        }
      });
    }
    // Lists and quotes nested too deep, or too many « [ » in a paragraph (content_schema.render, before
    // Markdown: a body over these limits gets that message alone).
    function nestingError(body) {
      var n = (rules.markup || {}).nesting;
      if (!n) { return null; }
      var prefix = new RegExp(n.prefix), brackets = 0, lines = body.split("\n");
      for (var i = 0; i < lines.length; i++) {
        var line = lines[i];
        if (!line.trim()) { brackets = 0; }
        brackets += line.split("[").length - 1;
        if (brackets > n.max_brackets) { return n.brackets_message; }
        var p = prefix.exec(line)[0];
        if (p.length < n.max) { continue; }
        var markers = (p.match(new RegExp(n.marker, "g")) || []).length, col = 0;
        for (var c = 0; c < p.length; c++) { col = p[c] === "\t" ? col + 4 - col % 4 : col + 1; }
        if (markers + Math.floor((col - markers) / 4) > n.max) { return n.message; }
      }
      return null;
    }
    // The text as Python-Markdown reads raw HTML in it: fenced and indented code blocks (an indented
    // line after a blank one, outside a list), code spans and comments left out. « \< » is no escape
    // in Python-Markdown: the tag after it is read.
    function withoutCode(body) {
      var text = body.replace(/^(```|~~~)[^\n]*\n[\s\S]*?(^\1[^\n]*$|(?![\s\S]))/gm, "");
      var out = [], blank = true, code = false, list = false;
      text.split("\n").forEach(function (line) {
        if (!line.trim()) { out.push(code ? "" : line); blank = true; return; }
        if (/^( {4}|\t)/.test(line)) {
          code = code || (blank && !list);
          out.push(code ? "" : line);
        } else {
          code = false;
          if (/^ {0,3}([-*+]|\d+[.)])[ \t]/.test(line)) { list = true; } else if (blank) { list = false; }
          out.push(line);
        }
        blank = false;
      });
      return withoutSpansAndComments(out.join("\n"));
    }
    // Comments (an unclosed one hides the rest, as for the HTML parser) and code spans, in one pass:
    // linear (a run of backticks without its closing run is remembered, never searched again).
    function withoutSpansAndComments(text) {
      var out = [], i = 0, n = text.length, unclosed = {};
      function closing(run, from) {
        while (true) {
          var at = text.indexOf(run, from);
          if (at < 0) { return -1; }
          var end = at + run.length;
          if (text[end] !== "`" && text[at - 1] !== "`") { return at; }
          while (text[end] === "`") { end++; }
          from = end;
        }
      }
      while (i < n) {
        if (text[i] === "<" && text.slice(i, i + 4) === "<!--") {
          var end = text.indexOf("-->", i + 4);
          if (end < 0) { break; }
          i = end + 3;
        } else if (text[i] === "`") {
          var j = i;
          while (j < n && text[j] === "`") { j++; }
          var run = text.slice(i, j), close = unclosed[run.length] ? -1 : closing(run, j);
          if (close < 0) { unclosed[run.length] = true; out.push(run); i = j; } else { i = close + run.length; }
        } else {
          var next = i;
          while (next < n && text[next] !== "`" && text[next] !== "<") { next++; }
          if (next === i) { next = i + 1; }
          out.push(text.slice(i, next));
          i = next;
        }
      }
      return out.join("");
    }
    // Markup of the body refused by plugins/content_sanitize (formes.json « markup »): raw tags and
    // attributes outside its allow-list, link addresses, images without alternative text, heading
    // levels and level-1 titles, read in the Markdown text as Python-Markdown reads it.
    function markupErrors(body, errors) {
      var markup = rules.markup;
      if (!markup) { return; }
      body = body.replace(/\r\n?/g, "\n");
      var deep = nestingError(body);
      if (deep) { push(errors, deep); return; }
      var text = withoutCode(body);
      var allowed = markup.allowed || {}, swallowing = markup.removed_with_content || [];
      var tag = /<([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)\/?>/g, m;
      while ((m = tag.exec(text)) !== null) {
        var name = m[1].toLowerCase();
        if ((markup.ignored || []).indexOf(name) >= 0) { continue; }
        var known = Object.prototype.hasOwnProperty.call(allowed, name);
        if (!known) { push(errors, (markup.tags || {})[name] || fill(markup.other_tag, { balise: name })); }
        if (swallowing.indexOf(name) >= 0) {  // its content (up to its end tag) is never read
          var close = new RegExp("</" + name + "\\s*>", "i").exec(text.slice(tag.lastIndex));
          text = text.slice(0, tag.lastIndex) + (close ? text.slice(tag.lastIndex + close.index + close[0].length) : "");
          continue;
        }
        var attribute = /([^\s"'=<>\/`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g, a, attrs = {};
        while ((a = attribute.exec(m[2] || "")) !== null) {
          var attr = a[1].toLowerCase(), value = a[2] === undefined ? "" : a[2].replace(/^["']|["']$/g, "");
          attrs[attr] = value;
          if (attr.slice(0, 2) === "on") { push(errors, fill(markup.handler, { attribut: attr })); }
          else if (attr === "style") { push(errors, markup.style); }
          else if (known && allowed[name].indexOf(attr) < 0) {
            push(errors, fill(markup.attribute, { attribut: attr, balise: name }));
          } else if (value !== "") {
            urlErrors(name, attr, value, errors);
          }
        }
        if (name === "img") { altError(attrs.src || "", attrs.alt || "", errors); }
      }
      var link = /(!?)\[([^\]\n]*)\]\(\s*<?((?:[^\s()<>]|\([^\s()]*\))*)/g;
      while ((m = link.exec(text)) !== null) {
        urlErrors(m[1] ? "img" : "a", m[1] ? "src" : "href", m[3], errors);
        if (m[1]) { altError(m[3], m[2], errors); }
      }
      // Reference-style links: the address of each definition that the text uses.
      var definition = /^ {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?/gm;
      while ((m = definition.exec(text)) !== null) {
        if (text.toLowerCase().split("[" + m[1].toLowerCase() + "]").length > 2) { urlErrors("a", "href", m[2], errors); }
      }
      headingErrors(text, errors);
      if (markup.tags && markup.tags.h1 && (new RegExp(markup.h1_markdown, "m").test(text) ||
          setextTitles(text).some(function (t) { return t[1] === 1; }))) {
        push(errors, markup.tags.h1);
      }
    }
    // An image without alternative text (content_sanitize: alt missing or blank).
    function altError(src, alt, errors) {
      var markup = rules.markup || {};
      if (!markup.no_alt || String(alt).trim()) { return; }
      var shown = String(src).trim().replace(/^\{(filename|static|attach|index|category|tag|author)\}/, "").slice(0, 60);
      push(errors, fill(markup.no_alt, { valeur: shown }));
    }
    // A link's scheme and a remote image (content_sanitize.url_problem), from the address as written.
    function urlErrors(tag, attr, value, errors) {
      var schemes = (rules.markup || {}).schemes;
      if (!schemes || schemes.attributes.indexOf(attr) < 0) { return; }
      var url = String(value).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").replace(/[\t\n\r]/g, "");
      if (url === "" || /^\{(filename|static|attach|index|category|tag|author)\}/.test(url)) { return; }
      var scheme = (/^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url) || [null, ""])[1].toLowerCase();
      var shown = String(value).trim();
      if (schemes.code.indexOf(scheme) >= 0) { push(errors, fill(schemes.code_message, { valeur: shown.slice(0, 40) })); }
      else if (scheme && schemes.allowed.indexOf(scheme) < 0) {
        push(errors, fill(schemes.other_message, { valeur: shown.slice(0, 40) }));
      } else if (scheme === "tel" || scheme === "mailto") {  // the rules of contacts (escaping/urls.py)
        var rest = url.slice(scheme.length + 1), number;
        try { rest = decodeURIComponent(scheme === "tel" ? rest : rest.split("?")[0]); } catch (e) { /* as written */ }
        number = (rest.match(/[0-9]/g) || []).length;
        if (scheme === "tel" && (!new RegExp(schemes.tel_body).test(rest) || number < 2 || number > 15)) {
          push(errors, fill(schemes.tel_message, { valeur: shown.slice(0, 40) }));
        } else if (scheme === "mailto" && !new RegExp(schemes.email).test(rest)) {
          push(errors, fill(schemes.mailto_message, { valeur: shown.slice(0, 40) }));
        }
      } else if (tag === "img" && attr === "src" && (scheme || url.replace(/\\/g, "/").slice(0, 2) === "//")) {
        push(errors, fill(schemes.remote_image, { valeur: shown.slice(0, 60) }));
      }
    }
    // Underlined titles ([position, level]): a line with text, then a line of « = » (1) or « - » (2).
    // Line by line (a pattern « text, then newline » would backtrack on a long line without one).
    function setextTitles(text) {
      var out = [], lines = text.split("\n"), at = 0;
      for (var i = 0; i + 1 < lines.length; i++) {
        var under = /^(=+|-+)[ \t]*$/.exec(lines[i + 1]);
        if (under && /\S/.test(lines[i])) { out.push([at, under[1][0] === "=" ? 1 : 2]); }
        at += lines[i].length + 1;
      }
      return out;
    }
    // Heading levels in document order (Markdown « ## » and underlined titles, raw <h2>…<h6>): a level
    // may not be skipped (content_sanitize, from level « start »).
    function headingErrors(text, errors) {
      var skip = (rules.markup || {}).heading_skip;
      if (!skip) { return; }
      var found = [], m;
      var atx = /^(#{1,6})(?!#)/gm, raw = /<h([1-6])[\s>\/]/gi;
      while ((m = atx.exec(text)) !== null) { found.push([m.index, m[1].length]); }
      found = found.concat(setextTitles(text));
      while ((m = raw.exec(text)) !== null) { found.push([m.index, +m[1]]); }
      found.sort(function (x, y) { return x[0] - y[0]; });
      var last = skip.start;
      found.forEach(function (pair) {
        var level = pair[1];
        if (level < 2) { return; }
        if (level > last + 1) {
          push(errors, fill(skip.message, { niveau: String(level), precedent: String(last),
            attendu: new Array(last + 2).join("#") }));
        }
        last = level;
      });
    }
    // The checks of one contact of content/data/contacts.yaml (formes.json « contact »: tests of the
    // directory's schema, messages of plugins/common/rules/contact_checks.py), on the contact as the
    // editor writes it (`raw`: read back from the file's text). Not checked here: communes, the fact
    // base's precise pages, duplicate ids, invisible characters (the pull request's make check does).
    function contactValues(value, parts) {
      if (!parts.length) { return [value]; }
      if (value === undefined || value === null) { return []; }
      if (parts[0] === "*") {
        return Array.isArray(value) ? [].concat.apply([], value.map(function (v) { return contactValues(v, parts.slice(1)); })) : [];
      }
      return typeof value === "object" && !Array.isArray(value) ? contactValues(value[parts[0]], parts.slice(1)) : [];
    }
    function stringsIn(value, path, out) {
      if (typeof value === "string") { out.push([path, value]); }
      else if (Array.isArray(value)) { value.forEach(function (v, i) { stringsIn(v, path.concat([i]), out); }); }
      else if (value && typeof value === "object") { Object.keys(value).forEach(function (k) { stringsIn(value[k], path.concat([k]), out); }); }
      return out;
    }
    function contactErrors(raw) {
      var c = rules.contact, errors = [];
      if (!c || !raw || typeof raw !== "object") { return errors; }
      Object.keys(c.required).forEach(function (k) { if (raw[k] === undefined) { push(errors, c.required[k]); } });
      c.patterns.forEach(function (rule) {
        contactValues(raw, rule.field.split(".")).forEach(function (v) {
          if (typeof v === "string" && !new RegExp(rule.must).test(v)) { push(errors, fill(rule.message, { valeur: v })); }
        });
      });
      Object.keys(c.enums).forEach(function (path) {
        var rule = c.enums[path];
        contactValues(raw, path.split(".")).forEach(function (v) {
          if (typeof v !== "string" || rule.choices.indexOf(v) >= 0) { return; }
          var close = closest(v, rule.choices);
          push(errors, fill(rule.message, { valeur: v, indice: close ? fill(rule.hint, { proche: close }) : "" }));
        });
      });
      var departement = new RegExp(c.departement_re);
      if (typeof raw.area === "string" && raw.area !== "national") { push(errors, fill(c.area_string, { valeur: raw.area })); }
      (Array.isArray(raw.area) ? raw.area : []).forEach(function (code) {
        if (typeof code !== "string" || (departement.test(code) && c.codes.indexOf(code) >= 0)) { return; }
        var close = "";
        if (/^[0-9]$/.test(code)) { close = "0" + code; }
        else if (code.toUpperCase() !== code && !departement.test(code) && departement.test(code.toUpperCase())) { close = code.toUpperCase(); }
        push(errors, fill(c.departement, { valeur: code, indice: close ? fill(c.departement_hint, { proche: close }) : "" }));
      });
      var tag = new RegExp(c.tag_re);
      stringsIn(raw, [], []).forEach(function (pair) {
        var path = pair[0], text = pair[1];
        var names = path.filter(function (p) { return typeof p === "string"; });
        var name = names[names.length - 1] || "", where = names.join(".");
        if (c.url_fields.indexOf(name) >= 0 || name === "email") { return; }
        if (tag.test(text)) { push(errors, fill(c.tag, { champ: where })); }
        else if (c.formula_fields.indexOf(name) >= 0 && c.formula_starts.indexOf(text.replace(/^\s+/, "").charAt(0)) >= 0) {
          push(errors, fill(c.formula, { champ: where, signe: text.replace(/^\s+/, "").charAt(0) }));
        }
      });
      var phones = [["phone", raw.phone], ["sms", raw.sms]];
      (Array.isArray(raw.channels) ? raw.channels : []).forEach(function (ch) { if (ch && typeof ch === "object") { phones.push(["channels.phone", ch.phone]); } });
      phones.forEach(function (pair) {
        var name = pair[0], p = pair[1];
        if (!p || typeof p !== "object" || Array.isArray(p)) { return; }
        var e164 = p.e164, display = p.display;
        if (typeof e164 !== "string" || typeof display !== "string" || !new RegExp(c.phone_re).test(e164) || tag.test(display)) { return; }
        if (!new RegExp(c.display_re).test(display)) { push(errors, fill(c.display, { champ: name })); return; }
        if (e164.slice(0, 3) === "+33" && (e164.length !== 12 || e164[3] === "0")) {
          push(errors, fill(c.french_length, { champ: name, valeur: e164 })); return;
        }
        var digits = display.replace(/\D/g, ""), wanted = [e164.replace(/\D/g, "")];
        if (e164.slice(0, 3) === "+33") { wanted.push("0" + e164.slice(3)); }
        if (wanted.indexOf(digits) < 0) { push(errors, fill(c.mismatch, { champ: name, valeur: e164, affiche: display })); }
      });
      if (typeof raw.verified === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw.verified) && !isDate(raw.verified)) {
        push(errors, fill(c.verified_real, { valeur: raw.verified }));
      }
      if (c.audience && c.audiences && Array.isArray(raw.audiences)) {
        raw.audiences.forEach(function (a) {
          if (typeof a !== "string" || c.audiences.indexOf(a) >= 0) { return; }
          var close = closest(a, c.audiences);
          push(errors, fill(c.audience[0], { valeur: a, indice: close ? fill(c.audience[1], { proche: close }) : "" }));
        });
      }
      if (c.needs_phone.kinds.indexOf(raw.kind) >= 0 && raw.phone === undefined && raw.sms === undefined) {
        push(errors, fill(c.needs_phone.message, { kind: raw.kind }));
      }
      if (c.needs_form.kinds.indexOf(raw.kind) >= 0 && raw.form === undefined) { push(errors, c.needs_form.message); }
      (typeof raw.source === "string" ? [raw.source] : (Array.isArray(raw.source) ? raw.source : [])).forEach(function (url) {
        var precise = typeof url === "string" ? precisePages(url) : [];
        if (precise.length) {
          push(errors, fill(c.source_precise, { valeur: url,
            choix: precise.length === 1 ? precise[0] : rules.sources.several + precise.join(", ") }));
        }
      });
      return errors;
    }
    localErrors.contact = contactErrors;
    return localErrors;
  };
})();
