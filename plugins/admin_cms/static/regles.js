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
          if (found === null) { return; }
          var text = rule.message.split("{n}").join(String(pair[1])).split("{valeur}").join(value.trim())
            .split("{trouve}").join(found);
          if (errors.indexOf(text) < 0) { errors.push(text); }
        });
      });
      dateOrderErrors(data, errors);
      referenceErrors(data, errors);
      markupErrors(String(data.body || ""), errors);
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
    // Markup of the body refused by plugins/content_sanitize (formes.json « markup »): raw tags and
    // attributes outside its allow-list, and level-1 titles. Read in the Markdown text: code (fenced
    // blocks, `spans`), comments and escaped « \< » are left out, as Markdown leaves them.
    function markupErrors(body, errors) {
      var markup = rules.markup;
      if (!markup) { return; }
      var text = body.replace(/\r\n?/g, "\n").replace(/^(```|~~~)[^\n]*\n[\s\S]*?(^\1[^\n]*$|(?![\s\S]))/gm, "")
        .replace(/<!--[\s\S]*?-->/g, "").replace(/(`+)[\s\S]*?\1/g, "").replace(/\\</g, "");
      var allowed = markup.allowed || {};
      var tag = /<([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)\/?>/g, m;
      while ((m = tag.exec(text)) !== null) {
        var name = m[1].toLowerCase();
        if ((markup.ignored || []).indexOf(name) >= 0) { continue; }
        var known = Object.prototype.hasOwnProperty.call(allowed, name);
        if (!known) { push(errors, (markup.tags || {})[name] || fill(markup.other_tag, { balise: name })); }
        var attribute = /([^\s"'=<>\/`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g, a;
        while ((a = attribute.exec(m[2] || "")) !== null) {
          var attr = a[1].toLowerCase();
          if (attr.slice(0, 2) === "on") { push(errors, fill(markup.handler, { attribut: attr })); }
          else if (attr === "style") { push(errors, markup.style); }
          else if (known && allowed[name].indexOf(attr) < 0) {
            push(errors, fill(markup.attribute, { attribut: attr, balise: name }));
          } else if (a[2] !== undefined) {
            urlErrors(name, attr, a[2].replace(/^["']|["']$/g, ""), errors);
          }
        }
      }
      var link = /(!?)\[[^\]\n]*\]\(\s*<?((?:[^\s()<>]|\([^\s()]*\))*)/g;
      while ((m = link.exec(text)) !== null) { urlErrors(m[1] ? "img" : "a", m[1] ? "src" : "href", m[2], errors); }
      headingErrors(text, errors);
      if (markup.tags && markup.tags.h1 && (new RegExp(markup.h1_markdown, "m").test(text) ||
          /^[^\n]*\S[^\n]*\n=+[ \t]*$/m.test(text))) {
        push(errors, markup.tags.h1);
      }
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
      } else if (tag === "img" && attr === "src" && (scheme || url.replace(/\\/g, "/").slice(0, 2) === "//")) {
        push(errors, fill(schemes.remote_image, { valeur: shown.slice(0, 60) }));
      }
    }
    // Heading levels in document order (Markdown « ## » and underlined titles, raw <h2>…<h6>): a level
    // may not be skipped (content_sanitize, from level « start »).
    function headingErrors(text, errors) {
      var skip = (rules.markup || {}).heading_skip;
      if (!skip) { return; }
      var found = [], m;
      var atx = /^(#{1,6})(?!#)/gm, setext = /^[^\n]*\S[^\n]*\n(=+|-+)[ \t]*$/gm, raw = /<h([1-6])[\s>\/]/gi;
      while ((m = atx.exec(text)) !== null) { found.push([m.index, m[1].length]); }
      while ((m = setext.exec(text)) !== null) { found.push([m.index, m[1][0] === "=" ? 1 : 2]); }
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
    return localErrors;
  };
})();
