/* Applies the saved display scheme (light/dark/system) before the first paint, so the page never
   flashes in the wrong scheme. Same logic as the DSFR snippet, as a file (no inline script: CSP).
   Also marks <html> with the class "avec-js" (scripts run): what a script will show anyway is laid
   out from the first paint (css/site.css), so revealing it later shifts nothing (CLS). */
(function () {
  var root = document.documentElement;
  root.classList.add('avec-js');
  var stored = null;
  try { stored = window.localStorage ? window.localStorage.getItem('scheme') : null; } catch (e) { stored = null; }
  var scheme = stored || root.getAttribute('data-fr-scheme') || 'system';
  var dark = scheme === 'dark' ||
    (scheme === 'system' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  if (dark) {
    root.setAttribute('data-fr-theme', 'dark');
    root.style.colorScheme = 'dark';
  }
})();
