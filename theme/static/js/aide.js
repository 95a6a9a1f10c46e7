// /aide/: filter the help directory by département or postcode (templates/aide.html).
// Without this script every contact is listed, with a listing by département. Privacy: the choice
// is never written to the address, to storage or sent anywhere; the postcode table
// (/aide/codes-postaux.json, same site) is fetched only once the reader types in the postcode field.

const form = document.getElementById("aide-filtre");
if (form) {
  setUp(form);
}

function setUp(form) {
  const select = form.querySelector("#aide-departement");
  const postcode = form.querySelector("#aide-code-postal");
  const clearButton = form.querySelector("#aide-effacer");
  const status = form.querySelector("#aide-resultat");
  const postcodeGroup = postcode.closest(".fr-input-group");
  const postcodeMessages = form.querySelector("#aide-code-postal-messages");
  const cards = Array.from(document.querySelectorAll(".aide-section [data-area]"));
  const sections = Array.from(document.querySelectorAll(".aide-section"));
  const names = new Map(Array.from(select.options).filter((o) => o.value).map((o) => [o.value, o.textContent]));
  let postcodeMap = null;

  // Show the filter, hide the listing by département (the filter replaces it).
  form.hidden = false;
  const listing = document.getElementById("par-departement");
  if (listing) listing.hidden = true;

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
  }

  function apply(codes, where) {
    let shown = 0;
    for (const card of cards) {
      const area = card.dataset.area || "";
      const visible = codes.length === 0 || area === "" || area === "national" ||
        area.split(" ").some((code) => codes.includes(code));
      (card.closest("li") || card).hidden = !visible;
      if (visible) shown += 1;
    }
    for (const section of sections) {
      section.hidden = !section.querySelector("li:not([hidden]) [data-area]");
    }
    const count = plural(shown, "contact affiché", "contacts affichés");
    status.textContent = codes.length === 0
      ? `${count} : tous les contacts.`
      : `${count} pour ${where} : les contacts nationaux et ceux de ce département.`;
    return count;
  }

  function setPostcodeMessage(text) {
    postcodeMessages.textContent = "";
    postcodeGroup.classList.toggle("fr-input-group--error", Boolean(text));
    postcode.setAttribute("aria-invalid", text ? "true" : "false");
    if (text) {
      const message = document.createElement("p");
      message.className = "fr-message fr-message--error";
      message.textContent = text;
      postcodeMessages.append(message);
    }
  }

  function loadPostcodeMap() {
    if (!postcodeMap) {
      postcodeMap = fetch(form.dataset.codesPostaux, { credentials: "omit" })
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status))))
        .catch(() => {
          postcodeMap = null;
          return null;
        });
    }
    return postcodeMap;
  }

  // Same look-up as plugins/contacts/geo.lookup_postcode_map: 5, 4, 3 then 2 first digits.
  function lookup(map, code) {
    for (const length of [5, 4, 3, 2]) {
      const value = map[code.slice(0, length)];
      if (value !== undefined) return Array.isArray(value) ? value : [value];
    }
    return [];
  }

  select.addEventListener("change", () => {
    postcode.value = "";
    setPostcodeMessage("");
    apply(select.value ? [select.value] : [], names.get(select.value) || "");
  });

  postcode.addEventListener("input", async () => {
    const value = postcode.value.trim();
    const mapPromise = loadPostcodeMap();
    if (value === "") {
      setPostcodeMessage("");
      apply(select.value ? [select.value] : [], names.get(select.value) || "");
      return;
    }
    if (!/^\d{0,5}$/.test(value)) {
      setPostcodeMessage("Le code postal ne contient que des chiffres, par exemple 69003.");
      return;
    }
    setPostcodeMessage("");
    if (value.length < 5) return;
    const map = await mapPromise;
    if (postcode.value.trim() !== value) return; // the reader kept typing
    if (!map) {
      setPostcodeMessage("La liste des codes postaux n’a pas pu être chargée : choisissez votre département dans la liste.");
      return;
    }
    const codes = lookup(map, value).filter((code) => names.has(code));
    if (codes.length === 0) {
      setPostcodeMessage("Code postal inconnu : vérifiez les 5 chiffres ou choisissez votre département dans la liste.");
      return;
    }
    select.value = codes.length === 1 ? codes[0] : "";
    apply(codes, `le ${value} (${codes.map((code) => names.get(code)).join(", ")})`);
  });

  clearButton.addEventListener("click", () => {
    select.value = "";
    postcode.value = "";
    setPostcodeMessage("");
    status.textContent = `Filtre effacé, ${apply([], "")}.`;
  });

  form.addEventListener("submit", (event) => event.preventDefault());
}
