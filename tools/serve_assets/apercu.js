/* Development preview only (tools/serve.py, never in output/): reloads the page after a successful
   rebuild and shows the errors of a failed one over the page, in French. The messages are inserted
   as text (textContent), never as markup. */
(function () {
  "use strict";
  var STATE_URL = "/__apercu__/etat.json";
  var lastBuild = null;
  var panel = null;

  function hide() {
    if (panel) {
      panel.remove();
      panel = null;
    }
  }

  function show(errors, total) {
    hide();
    panel = document.createElement("section");
    panel.className = "apercu-erreurs";
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-labelledby", "apercu-erreurs-titre");
    var title = document.createElement("h2");
    title.id = "apercu-erreurs-titre";
    title.textContent = "La construction a échoué : " + total + " erreur" + (total > 1 ? "s" : "") + " à corriger";
    var intro = document.createElement("p");
    intro.textContent = "La page ci-dessous est la version précédente. Corrigez chaque fichier à la ligne " +
      "indiquée (fichier:ligne : problème — comment corriger) : l’aperçu se met à jour tout seul.";
    var list = document.createElement("ol");
    errors.forEach(function (message) {
      var item = document.createElement("li");
      var code = document.createElement("code");
      var match = /^([^:\s][^:]*:\d+):\s?/.exec(message);
      if (match) {
        code.textContent = match[1];
        item.appendChild(code);
        item.appendChild(document.createTextNode(" " + message.slice(match[0].length)));
      } else {
        item.textContent = message;
      }
      list.appendChild(item);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Masquer les erreurs";
    close.addEventListener("click", hide);
    panel.appendChild(title);
    panel.appendChild(intro);
    panel.appendChild(list);
    if (total > errors.length) {
      var more = document.createElement("p");
      more.textContent = "… et " + (total - errors.length) + " autre(s), listées dans le terminal.";
      panel.appendChild(more);
    }
    panel.appendChild(close);
    document.body.appendChild(panel);
  }

  function poll() {
    fetch(STATE_URL, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (lastBuild !== null && state.build !== lastBuild && state.errors.length === 0) {
          window.location.reload();
          return;
        }
        if (state.build !== lastBuild) {
          if (state.errors.length) {
            show(state.errors, state.total);
          } else {
            hide();
          }
        }
        lastBuild = state.build;
      })
      .catch(function () { /* server restarting: try again */ })
      .then(function () { window.setTimeout(poll, 1000); });
  }

  poll();
})();
