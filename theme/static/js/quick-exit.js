/* Quick exit « Quitter le site » (theme/templates/partials/quick_exit.html).
   - Clicking any [data-quick-exit] link, or pressing Shift three times in a row, hides the page at
     once and replaces it by the neutral site with location.replace (the page leaves the history).
   - The Shift count is shown next to the button and announced (role="status"); any other key, or
     five seconds without a press, resets it. Shift used with another key (a capital) never counts.
   - pageshow: a page restored from the back/forward cache comes back clean (count reset); if it was
     quitting, it stays hidden and quits again.
   First part of the site's module bundle (ASSETS_BUNDLES, pelicanconf.py): runs once the page is
   parsed, before the DSFR parts. Plain ES5 in its own function, no storage, no cookie. */
(function () {
  'use strict';

  var PRESSES = 3;
  var RESET_AFTER_MS = 5000;
  var HIDDEN_CLASS = 'sortie-rapide-active';

  var count = 0;
  var resetTimer = null;
  var quitting = false;
  var shiftAlone = false;

  function exitUrl(link) {
    var source = link || document.querySelector('a[data-quick-exit]');
    return source ? source.href : 'about:blank';
  }

  function hidePage() {
    document.documentElement.classList.add(HIDDEN_CLASS);
    if (document.body) {
      document.body.style.setProperty('display', 'none', 'important');
    }
  }

  function quit(link) {
    quitting = true;
    hidePage();
    window.location.replace(exitUrl(link));
  }

  function showCount(text) {
    var status = document.querySelector('[data-quick-exit-count]');
    if (status) {
      status.textContent = text;
    }
  }

  function resetCount() {
    count = 0;
    if (resetTimer) {
      window.clearTimeout(resetTimer);
      resetTimer = null;
    }
    showCount('');
  }

  // A press counts when Shift is released with no other key pressed meanwhile: Shift + letter
  // (typing a capital) never counts, and any other key resets the count.
  function onKeyDown(event) {
    if (event.key === 'Shift') {
      if (!event.repeat) {
        shiftAlone = true;
      }
      return;
    }
    shiftAlone = false;
    if (count) {
      resetCount();
    }
  }

  function onKeyUp(event) {
    if (event.key !== 'Shift' || !shiftAlone) {
      return;
    }
    shiftAlone = false;
    count += 1;
    if (count >= PRESSES) {
      resetCount();
      quit(null);
      return;
    }
    showCount('Touche Maj : ' + count + ' sur ' + PRESSES + '. Encore ' + (PRESSES - count) +
              ' pour quitter le site.');
    if (resetTimer) {
      window.clearTimeout(resetTimer);
    }
    resetTimer = window.setTimeout(resetCount, RESET_AFTER_MS);
  }

  function onClick(event) {
    var link = event.target.closest ? event.target.closest('a[data-quick-exit]') : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    quit(link);
  }

  function onPageShow(event) {
    if (quitting) {
      hidePage();
      window.location.replace(exitUrl(null));
      return;
    }
    if (event.persisted) {
      document.documentElement.classList.remove(HIDDEN_CLASS);
      if (document.body) {
        document.body.style.removeProperty('display');
      }
    }
    resetCount();
  }

  document.addEventListener('click', onClick, true);
  document.addEventListener('keydown', onKeyDown, true);
  document.addEventListener('keyup', onKeyUp, true);
  window.addEventListener('pageshow', onPageShow);
})();
