/* The web editor's additions to Decap CMS (loaded after decap-cms.js, before Decap starts).
 *
 * - format « miviludes-md »: reads and writes content files in the one canonical form of
 *   plugins/content_schema/canonical.py (same rules, same order), so that changing one sentence
 *   changes one line of the file;
 * - editor component « contact »: the [[contact:ID]] shortcode, never escaped;
 * - before each save (local editor, `make editer`): the file about to be written is checked by the
 *   very checks of `make check` (tools/serve.py, /__apercu__/verifier); a mistake blocks the save
 *   and is shown with the message `make check` prints;
 * - the preview pane uses the site's own stylesheet.
 * Everything it needs comes from formes.json, written by the build (plugins/admin_cms).
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  if (!CMS) { return; }
  var rules = { order: [], sub_order: {}, date_fields: [], date_pattern: "^$", contacts: {} };
  try {
    var request = new XMLHttpRequest();
    request.open("GET", "formes.json", false); // before Decap starts: its config names this format
    request.send(null);
    if (request.status === 200) { rules = JSON.parse(request.responseText); }
  } catch (e) { /* the format below still works, without field order */ }
  var datePattern = new RegExp(rules.date_pattern);
  // The text opens as Markdown as written (Decap opens the last mode used, rich text by default,
  // which re-writes the whole text in its own style): one changed sentence stays one changed line.
  try { window.localStorage.setItem("cms.md-mode", "raw"); } catch (e) { /* storage off */ }

  function isEmpty(value) {
    return value === null || value === undefined || value === false || value === "" ||
      (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
  }
  function ordered(data, order) {
    var keys = order.filter(function (k) { return Object.prototype.hasOwnProperty.call(data, k); });
    Object.keys(data).forEach(function (k) { if (keys.indexOf(k) < 0) { keys.push(k); } });
    return keys.filter(function (k) { return !isEmpty(data[k]); }).map(function (k) { return [k, data[k]]; });
  }
  function scalar(value, date) {
    if (value === true) { return "true"; }
    if (typeof value === "number") { return String(value); }
    if (Array.isArray(value)) { return "[" + value.map(function (v) { return scalar(v); }).join(", ") + "]"; }
    if (value && typeof value === "object") {
      return "{" + ordered(value, []).map(function (kv) { return kv[0] + ": " + scalar(kv[1]); }).join(", ") + "}";
    }
    var text = String(value);
    if (date && datePattern.test(text)) { return text; }
    return JSON.stringify(text);
  }
  function isBlockList(value) {
    return Array.isArray(value) && value.length > 0 && value.every(function (v) {
      return v && typeof v === "object" && !Array.isArray(v);
    });
  }
  function toFile(data) {
    var lines = [];
    var fields = {};
    Object.keys(data).forEach(function (k) { if (k !== "body") { fields[k] = data[k]; } });
    ordered(fields, rules.order).forEach(function (kv) {
      var key = kv[0], value = kv[1];
      if (isBlockList(value)) {
        lines.push(key + ":");
        value.forEach(function (item) {
          ordered(item, rules.sub_order[key] || []).forEach(function (sub, index) {
            lines.push((index === 0 ? "  - " : "    ") + sub[0] + ": " + scalar(sub[1]));
          });
        });
      } else {
        lines.push(key + ": " + scalar(value, rules.date_fields.indexOf(key) >= 0));
      }
    });
    var body = String(data.body || "").replace(/\r\n?/g, "\n").replace(/^\n+/, "").replace(/[ \t\r\n]+$/, "");
    return "---\n" + lines.map(function (l) { return l + "\n"; }).join("") + "---\n\n" + body + "\n";
  }
  function fromFile(content) {
    var text = String(content).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
    var match = /^---\n([\s\S]*?\n)?---(?:\n|$)([\s\S]*)$/.exec(text);
    if (!match) { return { body: text }; }
    var data = window.jsyaml.load(match[1] || "", { schema: window.jsyaml.JSON_SCHEMA }) || {};
    data.body = match[2].replace(/^\n+/, "");
    return data;
  }
  CMS.registerCustomFormat("miviludes-md", "md", { fromFile: fromFile, toFile: toFile });

  // « miviludes-listes »: content/data/taxonomies.yaml and synonymes.yaml, written in their own style
  // (comment block kept, `id: "Libellé"`, `- [mot, autre mot]`): one changed entry, one changed line.
  // An `id: label` map is edited as a list of {id, label} (Decap cannot edit a map's keys).
  function plain(word) {
    var text = String(word).trim();
    return (/^[^\s\-?:,\[\]{}#&*!|>'"%@`0-9+.][^,\[\]{}#:"]*$/.test(text) &&
      !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(text)) ? text : JSON.stringify(text);
  }
  function listsFromFile(content) {
    var text = String(content).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
    var header = (/^(?:#[^\n]*\n|\n)*/.exec(text) || [""])[0];
    var data = window.jsyaml.load(text, { schema: window.jsyaml.JSON_SCHEMA }) || {};
    var out = { _entete: header };
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      out[key] = value && typeof value === "object" && !Array.isArray(value)
        ? Object.keys(value).map(function (id) { return { id: id, label: value[id] }; }) : value;
    });
    return out;
  }
  function listsToFile(data) {
    var lines = [];
    Object.keys(data).forEach(function (key) {
      var value = data[key];
      if (key === "_entete" || value === undefined || value === null) { return; }
      if (Array.isArray(value) && value.length && value.every(function (x) { return x && typeof x === "object" && !Array.isArray(x); })) {
        lines.push(key + ":");
        value.forEach(function (x) { lines.push("  " + String(x.id).trim() + ": " + JSON.stringify(String(x.label || ""))); });
      } else if (Array.isArray(value) && value.length && value.every(Array.isArray)) {
        lines.push(key + ":");
        value.forEach(function (group) { lines.push("  - [" + group.map(plain).join(", ") + "]"); });
      } else {
        lines.push(key + ": " + scalar(value));
      }
    });
    return (data._entete || "") + lines.map(function (l) { return l + "\n"; }).join("");
  }
  CMS.registerCustomFormat("miviludes-listes", "yaml", { fromFile: listsFromFile, toFile: listsToFile });

  // « miviludes-annuaire »: content/data/contacts.yaml (a list of contacts, edited as { contacts: […] })
  // and content/data/detresse.yaml ({ situations: […] }), written in one form (the header comment and
  // each contact's section comment kept; one field per line; texts between double quotes, lists on one
  // line): the files are kept in that form, so one changed field is one changed line.
  function pruned(value) {
    if (Array.isArray(value)) {
      return value.map(pruned).filter(function (v) { return v !== undefined; });
    }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) {
        var v = pruned(value[k]);
        if (v !== undefined) { out[k] = v; }
      });
      return Object.keys(out).length ? out : undefined;
    }
    if (value === null || value === undefined || value === false) { return undefined; }
    if (typeof value === "string" && value.trim() === "") { return undefined; }
    return value;
  }
  function contactFromFile(raw) {
    var item = Object.assign({}, raw);
    if (typeof item.source === "string") { item.source = [item.source]; }
    if (Array.isArray(item.area)) { item.area = item.area.join(", "); }
    return item;
  }
  function contactToLines(raw) {
    var item = pruned(raw) || {};
    if (typeof item.area === "string" && item.area.trim() !== "national") {
      item.area = item.area.split(/[\s,;]+/).filter(Boolean);
    }
    var lines = [];
    ordered(item, rules.contact_order || []).forEach(function (kv) {
      var key = kv[0], value = kv[1];
      if (key === "_commentaire") { return; }
      if (isBlockList(value)) {
        lines.push(key + ":");
        value.forEach(function (sub) { lines.push("  - " + scalar(sub)); });
      } else {
        lines.push(key + ": " + scalar(value, key === "verified"));
      }
    });
    return lines.map(function (l, i) { return (i === 0 ? "- " : "  ") + l; });
  }
  function annuaireFromFile(content) {
    var text = String(content).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
    var header = (/^(?:#[^\n]*\n|\n)*/.exec(text) || [""])[0];
    var data = window.jsyaml.load(text, { schema: window.jsyaml.JSON_SCHEMA });
    if (Array.isArray(data)) {
      // The comment lines just above each contact (« # --- Associations --- ») stay with it.
      var comments = [], pending = [];
      text.slice(header.length).split("\n").forEach(function (line) {
        if (/^#/.test(line)) { pending.push(line); }
        else if (/^- /.test(line)) { comments.push(pending.join("\n")); pending = []; }
      });
      return { _entete: header, contacts: data.map(function (raw, i) {
        var item = contactFromFile(raw || {});
        if (comments[i]) { item._commentaire = comments[i]; }
        return item;
      }) };
    }
    return Object.assign({ _entete: header }, data || {});
  }
  function annuaireToFile(data) {
    var blocks = [];
    if (Array.isArray(data.contacts)) {
      data.contacts.forEach(function (item) {
        var lines = contactToLines(item || {});
        if (!lines.length) { return; }
        var comment = item && item._commentaire ? String(item._commentaire).replace(/\n+$/, "") + "\n\n" : "";
        blocks.push(comment + lines.join("\n") + "\n");
      });
      return (data._entete || "") + blocks.join("\n");
    }
    var lines = ["situations:"];
    (data.situations || []).forEach(function (situation, index) {
      var s = pruned(situation) || {};
      if (index > 0) { lines.push(""); }
      lines.push("  - titre: " + plain(s.titre || ""));
      lines.push("    mots: [" + (s.mots || []).map(plain).join(", ") + "]");
      lines.push("    contacts: [" + (s.contacts || []).map(function (c) { return JSON.stringify(String(c)); }).join(", ") + "]");
    });
    return (data._entete || "") + lines.join("\n") + "\n";
  }
  CMS.registerCustomFormat("miviludes-annuaire", "yaml", { fromFile: annuaireFromFile, toFile: annuaireToFile });
  window.miviludesFormat = { toFile: toFile, fromFile: fromFile, // for the tests
    annuaireToFile: annuaireToFile, annuaireFromFile: annuaireFromFile };

  var contactIds = Object.keys(rules.contacts || {});
  CMS.registerEditorComponent({
    id: "contact",
    label: "Contact de l’annuaire",
    fields: [{ name: "id", label: "Contact", widget: "select",
               options: contactIds.map(function (id) { return { label: rules.contacts[id], value: id }; }) }],
    pattern: /^\[\[contact:([^\]\s]+)\]\]$/,
    fromBlock: function (match) { return { id: match[1] }; },
    toBlock: function (data) { return "[[contact:" + (data.id || "") + "]]"; },
    toPreview: function (data) {
      var p = document.createElement("p");
      p.textContent = "Carte de contact : " + (rules.contacts[data.id] || data.id || "");
      return p.outerHTML;
    },
  });

  // The preview pane in the site's own stylesheet: the one the home page links (same origin only).
  var css = rules.preview_css;
  if (!css) {
    try {
      var home = new XMLHttpRequest();
      home.open("GET", "../", false);
      home.send(null);
      var link = /<link[^>]*rel="stylesheet"[^>]*href="([^"]+\.css)"/.exec(home.responseText || "");
      var address = link && new URL(link[1], new URL("../", window.location.href));
      if (address && address.origin === window.location.origin) { css = address.href; }
    } catch (e) { /* no site built yet: Decap's own preview style */ }
  }
  if (css) { CMS.registerPreviewStyle(css); }

  // The preview pane: the page as the site lays it out (theme/templates/layouts/content.html: badge,
  // title, dates, « En bref », text, sources, « Où s’adresser ? »), in the site's stylesheet, in French.
  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre"];
  function dateFr(value) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value || ""));
    if (!m) { return String(value || ""); }
    var day = parseInt(m[3], 10);
    return (day === 1 ? "1er" : String(day)) + " " + MONTHS[parseInt(m[2], 10) - 1] + " " + m[1];
  }
  var KIND_LABELS = { fiches: "Fiche", prevention: "Guide de prévention", rapports: "Rapport" };
  var h = window.h;
  if (h && CMS.registerPreviewTemplate) {
    Object.keys(rules.folders || {}).forEach(function (collection) {
      CMS.registerPreviewTemplate(collection, function (props) {
        var data = props.entry.get("data").toJS();
        var dates = [];
        if (data.date) { dates.push("Publié le " + dateFr(data.date)); }
        if (data.updated) { dates.push("Mis à jour le " + dateFr(data.updated)); }
        var sources = (data.sources || []).filter(function (x) { return x && x.title; });
        var contacts = (data.contacts || []).map(function (id) { return (rules.contacts || {})[id] || id; });
        return h("main", { className: "fr-container fr-my-4w apercu-editeur", lang: "fr" },
          h("p", { className: "fr-badge fr-badge--info fr-badge--no-icon" }, "Aperçu : brouillon non publié"),
          h("article", { className: "fr-grid-row fr-grid-row--gutters contenu-" + collection },
            h("div", { className: "fr-col-12 fr-col-lg-8" },
              h("header", { className: "entete-contenu" },
                KIND_LABELS[collection] ? h("p", { className: "fr-badge fr-badge--sm" }, KIND_LABELS[collection]) : null,
                h("h1", null, data.title || "(sans titre)"),
                dates.length ? h("p", { className: "fr-text--sm dates" }, dates.join(" · ")) : null),
              data.summary ? h("div", { className: "fr-callout en-bref" },
                h("h2", { className: "fr-callout__title" }, "En bref"),
                h("p", { className: "fr-callout__text" }, data.summary)) : null,
              h("div", { className: "corps" }, props.widgetFor("body")),
              sources.length ? h("section", { className: "sources" }, h("h2", null, "Sources"),
                h("ul", null, sources.map(function (x, i) {
                  return h("li", { key: i }, x.title + (x.url ? " (" + x.url + ")" : ""));
                }))) : null,
              contacts.length ? h("section", { className: "contacts" }, h("h2", null, "Où s’adresser ?"),
                h("ul", null, contacts.map(function (name, i) { return h("li", { key: i }, name); }))) : null)));
      });
    });
  }

  function slugOf(title) {
    return String(title || "nouvelle-page").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "nouvelle-page";
  }
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
  window.miviludesFormat.localErrors = localErrors;
  if (!rules.verify_url) {
    CMS.registerEventListener({
      name: "preSave",
      handler: function (event) {
        var entry = event.entry;
        if (!(rules.folders || {})[entry.get("collection")]) { return; }
        var errors = localErrors(entry.get("data").toJS());
        if (errors.length) { throw new Error("\n" + errors.join("\n")); }
      },
    });
  }
  if (rules.verify_url) {
    CMS.registerEventListener({
      name: "preSave",
      handler: async function (event) {
        var entry = event.entry;
        var data = entry.get("data").toJS();
        var folder = (rules.folders || {})[entry.get("collection")];
        var path = entry.get("path") || (folder ? folder + "/" + slugOf(data.title) + ".md" : "");
        var writer = path.slice(-3) === ".md" ? toFile
          : (entry.get("collection") === "annuaire" ? annuaireToFile : listsToFile);
        var text = writer(data);
        // Files uploaded with this entry: sent with it when it is saved, not in content/ yet.
        var media = entry.get("mediaFiles");
        var uploads = media && media.toJS ? media.toJS().map(function (f) { return f.path; }).filter(Boolean) : [];
        var answer;
        try {
          var response = await fetch(rules.verify_url, {
            method: "POST", headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ path: path, text: text, uploads: uploads }),
          });
          answer = await response.json();
        } catch (e) {
          throw new Error("vérification impossible (le serveur de « make editer » répond-il ?) : rien n’est enregistré.");
        }
        if (answer.errors && answer.errors.length) {
          throw new Error("\n" + answer.errors.join("\n"));
        }
      },
    });
  }
})();
