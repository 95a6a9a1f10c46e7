/* The web editor's additions to Decap CMS (loaded after decap-cms.js, before Decap starts).
 *
 * - format « miviludes-md »: reads and writes content files in the one canonical form of
 *   plugins/common/rules/canonical.py (same rules, same order), so that changing one sentence
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
    // detresse.yaml: the named word lists (« listes »: nom, mots), then the situations (titre,
    // mots, ensembles « enfant + violence », contacts); a blank line between two items.
    var lines = [];
    var lists = (data.listes || []).map(function (l) { return pruned(l) || {}; }).filter(function (l) {
      return l.nom || (l.mots || []).length;
    });
    if (lists.length) {
      lines.push("listes:");
      lists.forEach(function (l, index) {
        if (index > 0) { lines.push(""); }
        lines.push("  - nom: " + plain(l.nom || ""));
        lines.push("    mots: [" + (l.mots || []).map(plain).join(", ") + "]");
      });
      lines.push("");
    }
    lines.push("situations:");
    (data.situations || []).forEach(function (situation, index) {
      var s = pruned(situation) || {};
      if (index > 0) { lines.push(""); }
      lines.push("  - titre: " + plain(s.titre || ""));
      if ((s.mots || []).length || !(s.ensembles || []).length) {
        lines.push("    mots: [" + (s.mots || []).map(plain).join(", ") + "]");
      }
      if ((s.ensembles || []).length) {
        lines.push("    ensembles: [" + s.ensembles.map(plain).join(", ") + "]");
      }
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
  // « Voir la page telle qu’elle sera publiée » (local editor, `make editer`): the file about to be
  // written (as the save check sends it) is posted to tools/serve.py, which builds the site with it
  // (its own templates, CSS and plugins) and opens the page in a new tab, or lists the build's errors.
  var draftUrl = rules.verify_url ? new URL("brouillon", new URL(rules.verify_url, window.location.href)).href : "";
  function draftForm(entry, collection, data) {
    if (!draftUrl) { return null; }
    var path = entry.get("path") || rules.folders[collection] + "/" + slugOf(data.title) + ".md";
    return h("form", { method: "post", action: draftUrl, target: "_blank", className: "apercu-complet" },
      h("input", { type: "hidden", name: "path", value: path }),
      h("input", { type: "hidden", name: "text", value: toFile(data) }),
      h("button", { type: "submit", className: "fr-btn fr-btn--secondary fr-btn--sm" },
        "Voir la page telle qu’elle sera publiée"),
      h("p", { className: "fr-hint-text" }, "Construit le site avec ce brouillon (quelques secondes), " +
        "dans un nouvel onglet ; rien n’est publié ni enregistré."));
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
          draftForm(props.entry, collection, data),
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
  // The checks of one entry where no save check answers (static/regles.js, rules of formes.json).
  var localErrors = window.miviludesChecks ? window.miviludesChecks(rules, datePattern)
    : function () { return []; };
  window.miviludesFormat.localErrors = localErrors;
  // A contact of the directory's form, checked as the editor writes it (read back from its text).
  function contactErrors(item) {
    if (!localErrors.contact) { return []; }
    var raw = window.jsyaml.load(annuaireToFile({ contacts: [item || {}] }), { schema: window.jsyaml.JSON_SCHEMA });
    return localErrors.contact(Array.isArray(raw) && raw.length ? raw[0] : {});
  }
  window.miviludesFormat.contactErrors = contactErrors;
  // The whole directory as the editor writes it: each contact's checks, and an id used twice (with the
  // line, in the written file, of its first use).
  function annuaireErrors(data) {
    var errors = [], seen = {}, rule = ((rules.contact || {}).duplicate) || "";
    function add(m) { if (errors.indexOf(m) < 0) { errors.push(m); } }
    (data.contacts || []).forEach(function (item) { contactErrors(item).forEach(add); });
    annuaireToFile(data).split("\n").forEach(function (line, index) {
      var m = /^- id: (.*)$/.exec(line);
      if (!m || !rule) { return; }
      var cid = window.jsyaml.load(m[1], { schema: window.jsyaml.JSON_SCHEMA });
      if (typeof cid !== "string") { return; }
      if (Object.prototype.hasOwnProperty.call(seen, cid)) {
        add(rule.split("{valeur}").join(cid).split("{ligne}").join(String(seen[cid])));
      } else { seen[cid] = index + 1; }
    });
    return errors;
  }
  window.miviludesFormat.annuaireErrors = annuaireErrors;
  if (!rules.verify_url) {
    CMS.registerEventListener({
      name: "preSave",
      handler: function (event) {
        var entry = event.entry, data = entry.get("data").toJS(), errors = [];
        if ((rules.folders || {})[entry.get("collection")]) { errors = localErrors(data); }
        else if (Array.isArray(data.contacts)) { errors = annuaireErrors(data); }
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

  // Retiring a published page (« Supprimer l’entrée publiée ») has no preSave event: in the local
  // editor, the request that deletes files is held until the save check has seen the site without
  // them; a page another page still lists (`related`, a link) is not deleted, and the error shows
  // the messages of `make check` for those pages.
  if (rules.verify_url && window.fetch) {
    var send = window.fetch.bind(window);
    window.fetch = async function (input, init) {
      var body = init && typeof init.body === "string" ? init.body : "";
      if (body.indexOf("\"action\":\"deleteFile") >= 0) {
        var asked = JSON.parse(body);
        var params = asked.params || {};
        var paths = asked.action === "deleteFiles" ? params.paths || [] : [params.path];
        if (asked.action === "deleteFiles" || asked.action === "deleteFile") {
          var answer;
          try {
            answer = await (await send(rules.verify_url, { method: "POST",
              headers: { "Content-Type": "application/json" }, body: JSON.stringify({ deleted: paths }) })).json();
          } catch (e) {
            throw new Error("vérification impossible (le serveur de « make editer » répond-il ?) : rien n’est supprimé.");
          }
          if (answer.errors && answer.errors.length) {
            throw new Error("\n" + answer.errors.join("\n"));
          }
        }
      }
      return send(input, init);
    };
  }
})();
