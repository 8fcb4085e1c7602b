"""The nginx configuration operators install (`python -m iomsite.tools.deploy --nginx`), run
by Debian's nginx on 127.0.0.1 serving the real site as deploy sends it: every file with its
type, caching and security headers, text compressed, each language's 404 page, the hosts' own
files refused, and every form of every old address a permanent redirect to the right page."""

import gzip
import http.client
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, free_port, run_module
from PIL import Image

from iomsite.plugins.headers.rules import cache_control, content_type, security_headers
from iomsite.tools.deploy import NOT_PUBLISHED

NGINX = "/usr/sbin/nginx"  # Debian's (scripts/setup-checks installs it)
CAMPAIGN = "/campaigns/world-day-against-trafficking-2019/"
OLD = "/index.php/en/newsletters/325-act-and-educate-to-endhumantrafficking"
HOST_FILES = ("_headers", "_redirects", "_redirects.nginx")
# the kinds of files the test must have met, so that it cannot pass on a site missing them
KINDS = (".html", ".css", ".js", ".json", ".atom.xml", ".rss.xml", "sitemap.xml", ".txt",
         ".pdf", ".png", ".webp", ".jpg", ".svg", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter",
         ".pagefind")  # fmt: skip


@pytest.fixture(scope="module")
def rules() -> dict:
    """The publishing settings the headers are made from."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "publishconf.py"))


def printed_configuration(root: Path, port: int) -> str:
    """What operators get, with only the listening address changed to a free local port."""
    proc = run_module("iomsite.tools.deploy", "--settings", ROOT / "publishconf.py", "--nginx", root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("    listen 80;\n") == 1, proc.stdout
    return proc.stdout.replace("    listen 80;\n", f"    listen 127.0.0.1:{port};\n")


def main_configuration(folder: Path, site_conf: Path) -> str:
    """A throw-away nginx.conf: Debian's MIME table at http level, as in /etc/nginx/nginx.conf,
    then the printed text; every file nginx writes stays in `folder`."""
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "".join(f"    {kind}_temp_path {folder / kind};\n" for kind in kinds)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private folders
    return (
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log off;\n{temp}"
        f"    include {site_conf};\n}}\n"
    )


def add_other_image_kinds(www: Path) -> None:
    """The real site has PNG and WebP images only: a JPEG (made from one of its PNGs) and an SVG
    test that nginx types those too. Test files only, in the served copy."""
    png = next((www / "media").glob("*.png"))
    Image.open(png).convert("RGB").save(www / "media" / "nginx-test-photo.jpg", "JPEG")
    (www / "media" / "nginx-test-logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n'
    )


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    """nginx serving a copy of the real site as deploy sends it (host files included, as rsync
    sends them), with the printed configuration; stopped after the module."""
    folder = tmp_path_factory.mktemp("nginx")
    www = folder / "www"
    shutil.copytree(site.folder, www, ignore=shutil.ignore_patterns(*NOT_PUBLISHED, "_email"))
    add_other_image_kinds(www)
    port = free_port()
    (folder / "site.conf").write_text(printed_configuration(www, port))
    conf = folder / "nginx.conf"
    conf.write_text(main_configuration(folder, folder / "site.conf"))
    errors = str(folder / "error.log")
    check = subprocess.run([NGINX, "-t", "-e", errors, "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "[warn]" not in check.stderr and "[emerg]" not in check.stderr, check.stderr
    server = subprocess.Popen([NGINX, "-e", errors, "-c", str(conf), "-g", "daemon off;"])
    try:
        wait_for(port, server)
        yield port, www
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert server.poll() is None, "nginx stopped"
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("nginx did not start listening")


def get(port: int, path: str, **headers) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request, as a browser sends it (redirects not followed, nothing decompressed)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "www.iom.tj", **headers})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def lang_of(body: bytes) -> str:
    return BeautifulSoup(body, "lxml").html["lang"]


def test_every_file_is_served_with_its_type_caching_and_security_headers(nginx, rules):
    port, www = nginx
    files = [p.relative_to(www).as_posix() for p in sorted(www.rglob("*")) if p.is_file()]
    files = [path for path in files if path not in HOST_FILES]
    for path in files:
        status, headers, body = get(port, "/" + path)
        assert status == 200 and body == (www / path).read_bytes(), path
        assert headers["Content-Type"] == content_type(path), path  # what object storage gets too
        assert headers["Cache-Control"] == cache_control("/" + path, rules), path
        for name, value in security_headers(rules):
            assert headers[name] == value, (path, name)
    assert not [kind for kind in KINDS if not any(path.endswith(kind) for path in files)]


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/", "text/html; charset=utf-8"),
        ("/feeds/all.atom.xml", "application/xml; charset=utf-8"),
        ("/feeds/all.rss.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/pagefind/pagefind-entry.json", "application/json; charset=utf-8"),
        ("/pagefind/pagefind.js", "application/javascript; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/media/nginx-test-logo.svg", "image/svg+xml; charset=utf-8"),
        ("/media/nginx-test-photo.jpg", "image/jpeg"),
        ("/newsletters/2012/iom-tajikistan-newsletter-2012-en.pdf", "application/pdf"),
        ("/pagefind/wasm.en.pagefind", "application/octet-stream"),
    ],
)
def test_each_kind_of_file_has_its_type(nginx, path, kind):
    port, _ = nginx
    status, headers, _ = get(port, path)
    assert status == 200 and headers["Content-Type"] == kind


def test_hashed_files_are_kept_a_year_and_pages_five_minutes(nginx):
    port, www = nginx
    css = "/theme/" + next((www / "theme").glob("*.css")).name
    image = "/media/" + next((www / "media").glob("*.webp")).name
    index = "/pagefind/" + next((www / "pagefind").glob("*.pf_meta")).name
    for path in (css, image, index, "/pagefind/wasm.en.pagefind"):
        assert get(port, path)[1]["Cache-Control"] == "public, max-age=31536000, immutable", path
    for path in ("/", "/about/", "/ru/", "/feeds/all.atom.xml", "/pagefind/pagefind-entry.json", "/no-such"):
        assert get(port, path)[1]["Cache-Control"] == "public, max-age=300, must-revalidate", path


def test_text_is_compressed_for_readers_who_accept_gzip(nginx):
    port, www = nginx
    css = "theme/" + next((www / "theme").glob("*.css")).name
    for path in ("index.html", css, "feeds/all.atom.xml", "sitemap.xml", "pagefind/pagefind.js",
                 "pagefind/pagefind-entry.json", "media/nginx-test-logo.svg"):  # fmt: skip
        status, headers, body = get(port, "/" + path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip", path
        assert headers["Vary"] == "Accept-Encoding" and gzip.decompress(body) == (www / path).read_bytes()
    image = "media/" + next((www / "media").glob("*.webp")).name
    for path in (image, "newsletters/2012/iom-tajikistan-newsletter-2012-en.pdf"):  # compressed already
        status, headers, body = get(port, "/" + path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and "Content-Encoding" not in headers and body == (www / path).read_bytes()


@pytest.mark.parametrize("prefix, lang", [("", "en"), ("/ru", "ru"), ("/tg", "tg")])
def test_each_language_has_its_404_page(nginx, rules, prefix, lang):
    port, www = nginx
    status, headers, body = get(port, f"{prefix}/no-such")
    assert status == 404 and lang_of(body) == lang
    assert body == (www / prefix.lstrip("/") / "404.html").read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"] == dict(security_headers(rules))["Content-Security-Policy"]
    assert get(port, f"{prefix}/index.php/")[0] == 404  # a folder without a page (old addresses')


@pytest.mark.parametrize("name", HOST_FILES)
def test_the_hosts_files_are_not_served(nginx, name):
    port, www = nginx
    status, _, body = get(port, f"/{name}")
    assert status == 404 and body == (www / "404.html").read_bytes()


def translations(www: Path) -> dict:
    """{language: address} of the campaign, from its page's hreflang alternates."""
    page = BeautifulSoup((www / CAMPAIGN.strip("/") / "index.html").read_bytes(), "lxml")
    links = page.find_all("link", rel="alternate", hreflang=["en", "ru", "tg"])
    return {link["hreflang"]: "/" + link["href"].split("//", 1)[1].split("/", 1)[1] for link in links}


def test_every_form_of_the_old_address_is_a_permanent_redirect(nginx):
    port, www = nginx
    pages = translations(www)
    assert pages["en"] == CAMPAIGN and set(pages) == {"en", "ru", "tg"}
    rest = OLD.removeprefix("/index.php/en/")
    forms = {}  # {old address: language of the page it must lead to}
    for lang in ("en", "ru", "tg"):
        for start in ("/index.php", ""):
            forms[f"{start}/{lang}/{rest}"] = forms[f"{start}/{lang}/{rest}/"] = lang
        forms[f"/index.php/{lang}/activities/counter-trafficking/325-act-and-educate"] = lang  # another menu
    for query in ("option=com_content&view=article&id=325", "option=com_content&view=article&id=325&catid=12",
                  "option=com_content&id=325&view=article"):  # fmt: skip
        forms[f"/index.php?{query}"] = "en"
    lines = (www / "_redirects").read_text().splitlines()
    assert {line.split()[0] for line in lines if line.startswith("/")} <= set(forms), "a form left untried"
    for old, lang in forms.items():
        status, headers, _ = get(port, old)
        assert status == 301 and headers["Location"] == pages[lang], old
        status, _, body = get(port, headers["Location"])
        assert status == 200 and lang_of(body) == lang, old
    assert final_status(port, "/index.php?option=com_content&view=article&id=3250") == 404  # another article


def final_status(port: int, path: str) -> int:
    """The status a browser ends with, following redirects (nginx adds a folder's slash)."""
    for _ in range(5):
        status, headers, _ = get(port, path)
        if status not in (301, 302):
            return status
        path = headers["Location"]
    raise AssertionError(f"{path}: too many redirects")
