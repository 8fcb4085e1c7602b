"""Every form of an old address that the authoring guide (section 11b) promises works on every
kind of host: an HTML page at its path (S3 website hosting, any static server), a `_redirects`
line (Netlify, Cloudflare Pages) valid for both hosts as their documentation describes the
file, and, after a real deploy to object storage (moto's S3 server), S3's website redirect on
each page. `_headers` is checked against both hosts' format too. (nginx: tests/tools/test_nginx.py.)"""

import os
import re
import shutil
from urllib.parse import unquote

from conftest import MINIMAL_PRESS, ROOT, run_module

from iomsite.plugins.headers.rules import YEAR, security_headers

CAMPAIGN = "/campaigns/world-day-against-trafficking-2019/"
OLD = "/index.php/en/newsletters/325-act-and-educate-to-endhumantrafficking"
SITE = "https://www.iom.tj"

# --- the hosts' formats, as their documentation gives them ------------------------------------
# Netlify: docs.netlify.com/manage/routing/redirects/overview and .../redirect-options: one rule a
# line, `from [query key=value ...] to [status[!]] [conditions]`, `#` starts a comment (also
# after a rule), blank lines ignored; `to` is a path or a URL.
# Cloudflare Pages: developers.cloudflare.com/pages/configuration/redirects: `source destination
# [code?]` and nothing else (any other line "will be ignored"), `#` lines are comments, codes
# 301, 302, 303, 307, 308 (200 for a rewrite), 2,000 static and 100 dynamic redirects, static
# before dynamic, 1,000 characters a declaration; the topmost of two rules for a source applies.
CLOUDFLARE_CODES = {"200", "301", "302", "303", "307", "308"}


def netlify_redirects(text: str) -> tuple[dict, list]:
    """{from: (to, status)} and the problems, as Netlify reads _redirects."""
    rules, problems = {}, []
    for number, line in enumerate(text.splitlines(), 1):
        tokens = line.split()
        tokens = tokens[: next((i for i, t in enumerate(tokens) if t.startswith("#")), len(tokens))]
        if not tokens:
            continue
        target = next(
            (i for i, t in enumerate(tokens[1:], 1) if t.startswith(("/", "http://", "https://"))), 0
        )
        if not tokens[0].startswith("/") or not target:
            problems.append((number, "needs a path and a destination starting with / or http(s)://"))
            continue
        if target > 1:
            problems.append((number, "matches query parameters"))  # Netlify can; Cloudflare cannot
        status = tokens[target + 1] if len(tokens) > target + 1 else "301"
        if not re.fullmatch(r"[1-5]\d\d!?", status) or len(tokens) > target + 2:
            problems.append((number, f"status or conditions {tokens[target + 1 :]}"))
        rules.setdefault(tokens[0], (tokens[target], status))  # the first matching rule applies
    return rules, problems


def cloudflare_redirects(text: str) -> tuple[dict, list]:
    """{source: (destination, code)} and the problems, as Cloudflare Pages reads _redirects."""
    rules, problems, static, dynamic = {}, [], 0, 0
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        tokens = line.split()
        if len(line) > 1000 or len(tokens) not in (2, 3):
            problems.append((number, "over 1,000 characters or not 2 or 3 parts: ignored"))
            continue
        source, destination, code = (*tokens, "302")[:3]
        if re.search(r"\*|:[A-Za-z]\w*", source):
            dynamic += 1
        elif dynamic:
            problems.append((number, "a static redirect after a dynamic one"))
        else:
            static += 1
        if static > 2000 or dynamic > 100:
            problems.append((number, "past 2,000 static or 100 dynamic redirects: ignored"))
            continue
        if not source.startswith("/") or not destination.startswith(("/", "https://")):
            problems.append((number, "a source must be a path, a destination a path or https:// URL"))
        if code not in CLOUDFLARE_CODES:
            problems.append((number, f"code {code}: ignored"))
        if source in rules:
            problems.append((number, f"a second rule for {source}: ignored"))
        rules.setdefault(source, (destination, code))
    return rules, problems


def headers_blocks(text: str) -> tuple[dict, list]:
    """{path: {name: value}} and the problems, as Netlify and Cloudflare Pages read _headers
    (docs.netlify.com/manage/routing/headers, developers.cloudflare.com/pages/configuration/
    headers): a path line, then indented `Name: value` lines; `#` comments; at most 100 rules
    and 2,000 characters a line on Cloudflare."""
    blocks, problems, path = {}, [], None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        if len(line) > 2000:
            problems.append((number, "longer than 2,000 characters"))
        if not line[0].isspace():
            path = line.strip()
            if not path.startswith(("/", "https://")) or path in blocks:
                problems.append((number, f"not a new path: {path}"))
            blocks[path] = {}
            continue
        name, colon, value = line.strip().partition(":")
        if path is None or not colon or not name or " " in name or not value.strip():
            problems.append((number, "expected 'Name: value' under a path"))
            continue
        blocks[path][name] = value.strip()
    if len(blocks) > 100 or any(not headers for headers in blocks.values()):
        problems.append((0, "over 100 rules, or a path without headers"))
    return blocks, problems


# --- the real site ------------------------------------------------------------------------


def campaign_in_each_language(site) -> dict:
    """{language: address} of the campaign, from its page's hreflang alternates."""
    links = site.page(CAMPAIGN).find_all("link", rel="alternate", hreflang=["en", "ru", "tg"])
    return {link["hreflang"]: link["href"].removeprefix(SITE) for link in links}


def promised_forms() -> dict:
    """{old address: language}: the declared address with and without index.php, in each
    language (the guide's promise for any host)."""
    rest = OLD.removeprefix("/index.php/en/")
    return {f"{start}/{lang}/{rest}": lang for lang in ("en", "ru", "tg") for start in ("/index.php", "")}


def test_every_promised_form_has_a_redirect_page_to_the_page_in_its_language(site):
    pages = campaign_in_each_language(site)
    assert pages["en"] == CAMPAIGN and set(pages) == {"en", "ru", "tg"}
    for old, lang in promised_forms().items():
        page = site.page(old + "/")
        target = pages[lang]
        assert page.html["lang"] == lang, old
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}", old
        assert page.find("link", rel="canonical")["href"] == SITE + target
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert page.find("main").find("a", href=target)
        assert site.page(target).html["lang"] == lang  # the page it leads to is there, in that language


def test_every_promised_form_has_a_redirects_line_both_hosts_accept(site):
    text = (site.folder / "_redirects").read_text(encoding="utf-8")
    netlify, netlify_problems = netlify_redirects(text)
    cloudflare, cloudflare_problems = cloudflare_redirects(text)
    assert netlify_problems == [] and cloudflare_problems == []
    assert {old: rule[0] for old, rule in netlify.items()} == {
        old: rule[0] for old, rule in cloudflare.items()
    }
    assert {rule[1] for rule in cloudflare.values()} == {"301"}  # permanent, and not forced (`301!`)
    pages = campaign_in_each_language(site)
    for old, lang in promised_forms().items():
        assert cloudflare[old] == cloudflare[old + "/"] == (pages[lang], "301"), old


def test_the_headers_file_is_valid_for_both_hosts_and_says_what_the_rules_say(site):
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    blocks, problems = headers_blocks((site.folder / "_headers").read_text(encoding="utf-8"))
    assert problems == []
    assert blocks == {
        "/*": dict(security_headers(settings)),
        "/theme/*": {"Cache-Control": YEAR},
        "/media/*": {"Cache-Control": YEAR},
    }


def test_the_parsers_refuse_what_the_hosts_refuse():
    """The checks above can fail: each kind of line a host ignores or rejects is found."""
    _, netlify = netlify_redirects("/a\n/index.php id=3 /b 301\n/c /d 301 Country=tj\n# ok\n")
    assert [number for number, _ in netlify] == [1, 2, 3]
    _, cloudflare = cloudflare_redirects(
        "/c /d 301\n/c /e 301\n/index.php id=3 /b 301\n/a /b 301!\n/a/* /b 301\n/f /g 301\n"
        + "/x" * 600
        + " /y\n"
    )
    assert [number for number, _ in cloudflare] == [2, 3, 4, 6, 7]
    _, headers = headers_blocks("  X-A: b\n/a\n  X A: b\n/b\n")
    assert [number for number, _ in headers] == [1, 3, 0]


def test_after_a_deploy_to_object_storage_each_redirect_page_is_an_s3_website_redirect(site, s3, tmp_path):
    client, env = s3
    release = tmp_path / "releases" / "20261201-090000-000000"
    shutil.copytree(site.folder, release)
    (tmp_path / "public").symlink_to(release)
    done = run_module(
        "iomsite.tools.deploy", "--settings", ROOT / "publishconf.py", "--public", tmp_path / "public",
        "--target", "s3://site/hosts", env={**os.environ, **env},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    pages = campaign_in_each_language(site)
    redirected = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket="site", Prefix="hosts/"):
        for item in page.get("Contents", []):
            if item["Key"].endswith(".html"):
                head = client.head_object(Bucket="site", Key=item["Key"])
                if "WebsiteRedirectLocation" in head:
                    redirected[item["Key"].removeprefix("hosts/")] = head["WebsiteRedirectLocation"]
    assert redirected == {
        f"{old.lstrip('/')}/index.html": pages[lang] for old, lang in promised_forms().items()
    }


# --- declared in bulk, on a fixture --------------------------------------------------------


def test_a_joomla_address_in_the_data_file_gets_every_form_and_a_declared_form_keeps_its_own(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    fixture_site.write("press/two.md", MINIMAL_PRESS.replace("A minimal press release", "Another release"))
    (fixture_site.root / "content" / "data" / "redirects.yml").write_text(
        "- from: /index.php/ru/press/12-memorandum\n  to: press/ok.md\n"
        "- from: /tg/press/12-memorandum/\n  to: press/two.md\n"
        "- from: /старый/адрес\n  to: press/ok.md\n",
        encoding="utf-8",
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    text = (result.folder / "_redirects").read_text(encoding="utf-8")
    rules, problems = cloudflare_redirects(text)
    assert problems == [] and netlify_redirects(text)[1] == []
    ok, two = "/press/a-minimal-press-release/", "/press/another-release/"
    expected = {
        f"{start}/{lang}/press/12-memorandum": ok
        for lang in ("en", "ru", "tg")
        for start in ("/index.php", "")
    }
    expected["/tg/press/12-memorandum"] = two  # declared on its own: not overridden by a form of another
    expected["/%D1%81%D1%82%D0%B0%D1%80%D1%8B%D0%B9/%D0%B0%D0%B4%D1%80%D0%B5%D1%81"] = (
        ok  # as browsers send it
    )
    for old, target in expected.items():
        assert rules[old] == rules[old + "/"] == (target, "301"), old
        page = result.page(unquote(old) + "/")  # the page's folder has the address's own letters
        assert page.html["lang"] == "en"  # no translation: the English page, in any language's form
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert len(rules) == 2 * len(expected)


def test_passing_cloudflares_limit_is_said(fixture_site):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    entries = "".join(f"- from: /index.php/en/press/{n}-item\n  to: press/ok.md\n" for n in range(1, 168))
    (fixture_site.root / "content" / "data" / "redirects.yml").write_text(entries, encoding="utf-8")
    result = fixture_site.build()
    assert result.returncode == 0, result.output  # a notice: Netlify and nginx read them all
    assert "_redirects has 2004 redirects; Cloudflare Pages reads only the first 2000" in result.output
    rules, problems = cloudflare_redirects((result.folder / "_redirects").read_text(encoding="utf-8"))
    assert len(rules) == 2000 and [number for number, _ in problems] == [2002, 2003, 2004, 2005]
