"""No layout shift when the scripts start (Lighthouse CLS, issue 9), on the pages Lighthouse measures.

Progressive enhancement must not move what is already on screen: the /aide/ filter that js/aide.js
reveals is laid out from the first paint (class `avec-js` set by js/scheme.js), the elements the
search UI adds to /recherche/ take no room before a search. Fonts are refused here, so a web font
swap (timing, not layout) never adds a shift: only what the scripts do is measured.
"""
from __future__ import annotations

import pytest

from site_pages import settled

MOBILE = {"viewport": {"width": 412, "height": 823}, "locale": "fr-FR", "device_scale_factor": 2,
          "is_mobile": True, "has_touch": True}
OBSERVE = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__shifts.push({value: entry.value, nodes: (entry.sources || []).map((s) => s.node ?
      s.node.nodeName + (s.node.id ? '#' + s.node.id : '') + (s.node.className ? '.' + s.node.className : '') : '?')});
  }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("path", ["/", "/aide/", "/recherche/", "/fiches/emprise/"])
def test_scripts_shift_nothing_on_screen(browser, served_site, path):
    context = browser.new_context(**MOBILE)
    try:
        context.add_init_script(OBSERVE)
        context.route("**/*.woff2", lambda route: route.abort())
        page = context.new_page()
        page.goto(served_site + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        settled(page)  # late shifts (fonts, scripts) have happened
        shifts = page.evaluate("window.__shifts")
    finally:
        context.close()
    assert sum(s["value"] for s in shifts) < 0.005, f"{path} : décalages de mise en page {shifts}"
