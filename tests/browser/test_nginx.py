"""deploy/nginx.conf, run by Debian's nginx on 127.0.0.1 over the real site: security headers on
every response, caching, 404 page, precompressed files; every page loaded in Chromium with no CSP
violation and no console error.

The config is rendered for the test: the lines marked « production only » (TLS, HTTP→HTTPS server)
are dropped, `root` and `listen` replaced. nginx runs as a child process (daemon off, single
process) with its pid, logs and temp folders under the test's tmp_path.
"""
from __future__ import annotations

import gzip
import http.client
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from site_pages import (all_pages, launch_isolated, page_file, record_requests, search_ready,
                        template_pages)

from plugins.admin_cms.core import index_html as admin_index_html

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")

SECURITY_HEADERS = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options",
                    "Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
                    "Strict-Transport-Security")
IMMUTABLE = "public, max-age=31536000, immutable"
THEME_CACHE = "public, max-age=604800"
PAGE_CACHE = "public, max-age=300"

MAIN_CONF = """daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 128; }}
http {{
    include {mime};
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' '
                              + (e.sourceFile || '') + ':' + e.lineNumber);
}, true);
"""


def render_config(text: str, root: Path, port: int) -> str:
    """deploy/nginx.conf for a local test: no TLS, no HTTP→HTTPS server, our root and port."""
    text = re.sub(r"# --- begin production only.*?# --- end production only ---\n", "", text, flags=re.S)
    text = "\n".join(line for line in text.splitlines() if "# production only" not in line) + "\n"
    text, roots = re.subn(r"^(\s*)root\s+[^;]+;", lambda m: f"{m.group(1)}root {root};", text, flags=re.M)
    text, servers = re.subn(r"^server \{\n", f"server {{\n    listen 127.0.0.1:{port};\n", text, flags=re.M)
    assert roots == 1 and servers == 1, "deploy/nginx.conf : un seul server et une seule racine attendus"
    return text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(proc, port: int, limit: float = 60) -> bool:
    """Wait until nginx accepts connections on `port` (True) or exits (False: the port was taken,
    try another). A bound, not a guess: a loaded machine gets the whole minute, a ready nginx none."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            try:
                proc.wait(timeout=0.05)  # returns at once if nginx stopped
                return False
            except subprocess.TimeoutExpired:
                pass
    pytest.fail(f"nginx ne répond pas sur le port {port} après {limit} s")


@pytest.fixture(scope="module")
def nginx_site(real_site, tmp_path_factory):
    """Base URL of nginx serving a copy of the real site, plus test files: a precompressed file
    (gzip_static) and a fingerprinted one (immutable caching)."""
    if not Path(NGINX).exists():
        pytest.fail("nginx absent : « make test » l’installe (apt-get install nginx).")
    tmp = tmp_path_factory.mktemp("nginx")
    root = tmp / "site"
    shutil.copytree(real_site, root)
    probe = root / "theme" / "probe.0123abcd.css"
    probe.write_text("/* fingerprinted probe */\n" + "p { margin: 0 }\n" * 200, encoding="utf-8")
    (root / "theme" / "probe.0123abcd.css.gz").write_bytes(gzip.compress(b"/* the precompressed one */\n"))
    (root / "admin").mkdir()  # the web editor's page (written by `make publish` only)
    (root / "admin" / "index.html").write_text(admin_index_html(), encoding="utf-8")
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / folder).mkdir()
    error_log = tmp / "error.log"
    for _attempt in range(5):
        port = free_port()
        (tmp / "site.conf").write_text(render_config(CONF.read_text(encoding="utf-8"), root, port), encoding="utf-8")
        (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp, mime=MIME_TYPES), encoding="utf-8")
        check = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(error_log)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        proc = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(error_log)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if listening(proc, port):
            break
    else:
        pytest.fail("nginx ne démarre pas : " + error_log.read_text(errors="replace"))
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def fetch(base: str, path: str, method: str = "GET", headers: dict | None = None):
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def missing_security_headers(headers: dict, skip: tuple[str, ...] = ()) -> list[str]:
    return [name for name in SECURITY_HEADERS if name not in skip and not headers.get(name.lower())]


def test_production_config_keeps_tls_and_redirects_http():
    text = CONF.read_text(encoding="utf-8")
    assert re.search(r"listen 443 ssl", text) and "return 301 https://$host$request_uri;" in text
    assert "Strict-Transport-Security" in text
    # add_header in a location would silently drop the server-level security headers there.
    depth_in_location = None
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0]
        if depth_in_location is None and re.match(r"\s*location\b", code):
            depth_in_location = depth
        if depth_in_location is not None:
            assert "add_header" not in code, f"deploy/nginx.conf:{number}: add_header dans un bloc location"
        depth += code.count("{") - code.count("}")
        if depth_in_location is not None and depth <= depth_in_location and "}" in code:
            depth_in_location = None


def conf_headers(path: str = "/") -> dict:
    """Server-level add_header of deploy/nginx.conf for `path`: `map $uri $var` values resolved."""
    text = CONF.read_text(encoding="utf-8")
    maps = {}
    for var, body in re.findall(r"map \$uri \$(\w+) \{(.*?)\n\}", text, flags=re.S):
        entries = re.findall(r'^\s*("~[^"]*"|default)\s+"([^"]*)";', body, flags=re.M)
        value = next((v for k, v in entries if k != "default" and re.search(k[2:-1], path)),
                     dict(entries).get("default"))
        maps[var] = value
    conf = {}
    for name, quoted, var in re.findall(r'add_header\s+([\w-]+)\s+(?:"([^"]*)"|\$(\w+))\s+always;', text):
        conf[name] = quoted if not var else maps.get(var)
    return conf


def test_headers_match_the_headers_file(real_site):
    """deploy/nginx.conf and the `_headers` file the build writes send the same security headers."""
    conf = conf_headers("/")
    text = (real_site / "_headers").read_text(encoding="utf-8")
    block = text.split("/*\n", 1)[1]
    published = dict(re.findall(r"^  ([\w-]+): (.*)$", block.split("\n/", 1)[0], flags=re.M))
    assert set(SECURITY_HEADERS) <= set(published)
    assert {k: conf.get(k) for k in published} == published, \
        "deploy/nginx.conf et _headers divergent : recopiez les en-têtes de _headers dans nginx.conf"
    # Paths with headers of their own (the web editor /admin/): the same in both files.
    admin = dict(re.findall(r"^  ([\w-]+): (.*)$", text.split("\n/admin/*\n", 1)[1].split("\n/", 1)[0],
                            flags=re.M))
    assert admin and {k: conf_headers("/admin/index.html").get(k) for k in admin} == admin


def test_every_page_and_file_has_the_security_headers_and_its_cache(nginx_site, real_site):
    problems = []
    for path in all_pages(real_site):
        url = "/404.html" if path == "/404.html" else path
        status, headers, _ = fetch(nginx_site, url)
        expected_status = 404 if path == "/404.html" else 200  # /404.html is only an error page
        if status != expected_status:
            problems.append(f"{path} : statut {status}")
        if missing_security_headers(headers):
            problems.append(f"{path} : en-têtes absents {missing_security_headers(headers)}")
        if headers.get("cache-control") != PAGE_CACHE:
            problems.append(f"{path} : Cache-Control {headers.get('cache-control')!r}")
        if not headers.get("content-type", "").startswith("text/html; charset=utf-8"):
            problems.append(f"{path} : Content-Type {headers.get('content-type')!r}")
    theme = real_site / "theme"
    for file in sorted(p for p in theme.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")):
        rel = "/" + file.relative_to(real_site).as_posix()
        status, headers, _ = fetch(nginx_site, rel, "HEAD")
        fingerprinted = re.search(r"\.[0-9a-f]{8,}\.[A-Za-z0-9]+$", file.name)
        if status != 200 or missing_security_headers(headers):
            problems.append(f"{rel} : statut {status}, en-têtes absents {missing_security_headers(headers)}")
        if headers.get("cache-control") != (IMMUTABLE if fingerprinted else THEME_CACHE):
            problems.append(f"{rel} : Cache-Control {headers.get('cache-control')!r}")
        if headers.get("content-type", "") in ("", "application/octet-stream"):
            problems.append(f"{rel} : type MIME inconnu (nosniff le bloquerait)")
    assert problems == []


def test_fingerprinted_file_is_immutable_and_precompressed_file_is_served(nginx_site):
    status, headers, body = fetch(nginx_site, "/theme/probe.0123abcd.css", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["cache-control"] == IMMUTABLE
    assert headers.get("content-encoding") == "gzip" and "accept-encoding" in headers.get("vary", "").lower()
    assert gzip.decompress(body) == b"/* the precompressed one */\n"   # the .gz file, not on-the-fly gzip
    status, headers, body = fetch(nginx_site, "/theme/probe.0123abcd.css")
    assert "content-encoding" not in headers and body.startswith(b"/* fingerprinted probe */")


def test_not_found_serves_the_404_page_with_headers(nginx_site, real_site):
    status, headers, body = fetch(nginx_site, "/page-qui-n-existe-pas/")
    assert status == 404 and not missing_security_headers(headers)
    assert body == (real_site / "404.html").read_bytes()
    status, headers, _ = fetch(nginx_site, "/_headers")
    assert status == 404
    status, headers, _ = fetch(nginx_site, "/fiches")
    assert status == 301 and headers["location"] == "/fiches/" and not missing_security_headers(headers)
    status, headers, _ = fetch(nginx_site, "/", "POST")
    assert status in (403, 405) and not missing_security_headers(headers)
    assert "nginx/" not in headers.get("server", "")   # no version disclosed


@pytest.fixture(scope="module")
def csp_browser(browser):
    isolated = launch_isolated(browser)
    yield isolated
    isolated.close()


def new_csp_page(csp_browser, width: int = 1280):
    context = csp_browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
    context.add_init_script(CSP_LISTENER)
    pg = context.new_page()
    pg.foreign, pg.errors, pg.responses = [], [], []
    record_requests(context, pg.foreign)
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("response", lambda response: pg.responses.append(response))
    return pg


def bad_headers(pg) -> list[str]:
    """Responses received so far without every security header. Chromium drops HSTS received over
    plain http (the test server) from what it caches: HSTS is checked by the HTTP tests above."""
    out = []
    for response in pg.responses:
        missing = missing_security_headers(response.all_headers(), skip=("Strict-Transport-Security",))
        if missing:
            out.append(f"{response.url} : {missing}")
    pg.responses.clear()
    return out


def test_every_page_obeys_the_csp_in_chromium(csp_browser, nginx_site, real_site):
    pg = new_csp_page(csp_browser)
    problems = []
    for path in all_pages(real_site):
        if path == "/404.html":
            continue  # reached below through a missing address, as readers do
        pg.errors.clear()
        pg.goto(nginx_site + path, wait_until="load")
        violations = pg.evaluate("window.__cspViolations")
        if violations or pg.errors:
            problems.append(f"{path} : CSP {violations} console {pg.errors}")
        problems += bad_headers(pg)
    pg.errors.clear()
    pg.goto(nginx_site + "/page-qui-n-existe-pas/", wait_until="load")
    violations = pg.evaluate("window.__cspViolations")
    errors = [e for e in pg.errors if "status of 404" not in e]   # the page's own 404 status
    if violations or errors:
        problems.append(f"404 : CSP {violations} console {errors}")
    problems += bad_headers(pg)
    pg.context.close()
    assert problems == [] and pg.foreign == []


def test_interactive_components_obey_the_csp(csp_browser, nginx_site, real_site):
    """What the DSFR and our scripts do on interaction (modals, theme switch, search, filter)."""
    pg = new_csp_page(csp_browser, width=375)
    pg.goto(nginx_site + "/", wait_until="load")
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-js') === 'true'")
    pg.locator("#bouton-menu").click()
    pg.locator("#modal-menu .fr-nav__link").first.wait_for(state="visible")
    pg.keyboard.press("Escape")
    pg.locator("footer button[aria-controls='fr-theme-modal']").click()
    pg.locator("label[for='fr-radios-theme-dark']").click()
    pg.wait_for_function("document.documentElement.getAttribute('data-fr-theme') === 'dark'")
    pg.keyboard.press("Escape")
    pg.keyboard.press("Shift")    # quick-exit count (role=status) shown
    pg.keyboard.press("Escape")
    if search_ready(real_site):
        pg.goto(nginx_site + "/recherche/", wait_until="load")
        field = pg.locator("main input[type=search]").first
        field.fill("emprise")
        field.press("Enter")
        pg.locator("main [data-search-results] a").first.wait_for(state="visible")
    aide = template_pages(real_site)["aide"]
    if aide and page_file(real_site, aide).is_file():
        pg.goto(nginx_site + aide, wait_until="load")
        select = pg.locator("main select").first
        if select.count():
            values = select.evaluate("el => [...el.options].map(o => o.value).filter(Boolean)")
            select.select_option(values[0])
    pg.wait_for_load_state("networkidle")
    violations = pg.evaluate("window.__cspViolations")
    missing = bad_headers(pg)
    pg.context.close()
    assert violations == [] and pg.errors == [] and missing == [] and pg.foreign == []


def test_csp_blocks_inline_code_and_is_reported(csp_browser, nginx_site):
    """Self-check of the detector above: what the policy forbids is blocked and seen."""
    pg = new_csp_page(csp_browser)
    pg.goto(nginx_site + "/", wait_until="load")
    pg.evaluate("""() => {
      document.body.setAttribute('style', 'outline: 1px solid red');
      const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.head.append(s);
    }""")
    pg.wait_for_function("window.__cspViolations.length >= 2")
    directives = " ".join(pg.evaluate("window.__cspViolations"))
    assert "style-src" in directives and "script-src" in directives
    assert pg.evaluate("window.__ran === undefined")
    pg.context.close()


def test_admin_gets_its_own_policy_and_the_pages_keep_theirs(nginx_site):
    """The web editor /admin/ (plugins/admin_cms) has its policy; no public URL gets it."""
    from plugins.admin_cms.core import ADMIN_OPENER_POLICY, admin_csp
    status, headers, _ = fetch(nginx_site, "/admin/")
    assert status == 200
    assert headers["content-security-policy"] == admin_csp()
    assert headers["cross-origin-opener-policy"] == ADMIN_OPENER_POLICY
    _, headers, _ = fetch(nginx_site, "/fiches/administration/")
    assert "unsafe-eval" not in headers["content-security-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
