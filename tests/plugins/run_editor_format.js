// Runs plugins/admin_cms/static/editeur.js in Node (no browser) for tests/plugins/test_admin_cms.py:
// node run_editor_format.js editeur.js js-yaml.min.js formes.json FORMAT FILE prints toFile(fromFile(FILE));
// FORMAT « fileAndErrors »: the same, with the file the editor writes for each entry.
// FORMAT « localErrors »: FILE holds a JSON list of entries, the form's own checks are printed for each.
const fs = require("fs"), vm = require("vm");
const [editeur, jsyamlPath, formes, fn, file] = process.argv.slice(2);
const formats = {};
const sandbox = {
  console, URL,
  XMLHttpRequest: function () { this.open = () => {}; this.send = () => { this.status = 200; this.responseText = fs.readFileSync(formes, "utf8"); }; },
  localStorage: { setItem() {} },
};
sandbox.window = sandbox;
sandbox.window.location = { href: "http://127.0.0.1/admin/", origin: "http://127.0.0.1" };
sandbox.CMS = { registerCustomFormat(n, e, f) { formats[n] = f; }, registerEditorComponent() {}, registerPreviewStyle() {}, registerEventListener() {} };
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(jsyamlPath, "utf8"), sandbox);
const path = require("path");
vm.runInContext(fs.readFileSync(path.join(path.dirname(editeur), "regles.js"), "utf8"), sandbox);  // loaded first, as in index.html
vm.runInContext(fs.readFileSync(editeur, "utf8"), sandbox);
const text = fs.readFileSync(file, "utf8");
if (fn === "fileAndErrors") {  // FILE: a JSON list of entries; prints [{text, errors}]: the file the
  // editor writes (format miviludes-md) and the form's own messages, for each
  const f = formats["miviludes-md"], check = sandbox.window.miviludesFormat.localErrors;
  process.stdout.write(JSON.stringify(JSON.parse(text).map((e) => ({ text: f.toFile(e), errors: check(e) }))));
} else if (fn === "contactErrors") {  // FILE: a JSON list of contacts as the form holds them; prints
  // [{text, errors}]: the directory file the editor writes with that contact alone, and the form's messages
  const fmt = sandbox.window.miviludesFormat;
  process.stdout.write(JSON.stringify(JSON.parse(text).map((c) => ({ text: fmt.annuaireToFile({ contacts: [c] }),
                                                                     errors: fmt.contactErrors(c) }))));
} else if (fn === "annuaireErrors") {  // FILE: {contacts: […]} as the form holds it; prints {text, errors}
  const fmt = sandbox.window.miviludesFormat, data = JSON.parse(text);
  process.stdout.write(JSON.stringify({ text: fmt.annuaireToFile(data), errors: fmt.annuaireErrors(data) }));
} else if (fn === "localErrors") {  // FILE: a JSON list of entries; prints the form's messages for each
  process.stdout.write(JSON.stringify(JSON.parse(text).map(sandbox.window.miviludesFormat.localErrors)));
} else {
  const f = formats[fn];
  process.stdout.write(f.toFile(f.fromFile(text)));
}
