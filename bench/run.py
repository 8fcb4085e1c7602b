"""`invoke bench`: our full pipeline against plain Pelican on the same synthetic corpus, in the
same run, with medians of several runs. Prints one table (Markdown).

    python bench/run.py [--articles 250] [--photos 50] [--runs 3] [--json FILE]

Rows: pages written; full build seconds (ours from an empty output folder and an empty
Markdown cache, with a warm image cache, i.e. images excluded; plain Pelican 4.12 with its
default theme and no plugins, on the same Markdown); the ratio; the search index's share; a
rebuild with nothing changed; after editing one article (until the new pages are in place; the
search index is refreshed just after, its time on the next row); after adding one photo; peak
memory; images processed and images per second (from a cold image cache). Plain Pelican's own
rebuild after the same edit, with its content cache warm (`CACHE_CONTENT`), is measured too:
the issue quotes both plain figures for its machine, so they say how this machine compares.
Then the preview (`invoke livereload`'s server: edit to the page served, polled over HTTP, and
to the whole site rebuilt; bench/preview_timing.py) and Hugo (bench/hugo_peer.py, if installed).
At the issue's size (1,000 articles per language) the last rows divide the edit rebuilds by
how much slower plain Pelican's full build was here than on the issue's machine (about 9 s):
the issue's time goals were set on that machine.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import generate
from hugo_peer import measure as measure_hugo
from preview_timing import preview_edits

from iomsite.plugins.incremental.api import delete_store

ROOT = Path(__file__).resolve().parent.parent

PLAIN_CONF = """\
PATH = "content"
OUTPUT_PATH = "plain-output"
ARTICLE_PATHS = ["press", "news", "newsletters", "campaigns"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
TIMEZONE = "Asia/Dushanbe"
DEFAULT_LANG = "en"
SITENAME = "Bench"
SITEURL = ""
"""


def settle(output: Path, limit: float = 60) -> None:
    """Wait until the site a full build replaced is deleted (tools/put_in_place.py does it in
    the background). A writer's session has one full build, then rebuilds that delete
    nothing in the background: they are measured that way."""
    deadline = time.monotonic() + limit
    while any(output.parent.glob(f".{output.name}.deleting-*")) and time.monotonic() < deadline:
        time.sleep(0.2)


def quiet() -> None:
    """Before a timed full build: the files the previous build wrote are flushed to disk
    first, so neither side pays for the other's writes."""
    os.sync()
    time.sleep(1)


def run(command, cwd=ROOT, env=None) -> dict:
    """Wall seconds, seconds until the new pages were in place ("Built ..." line), peak memory
    in MB of the child and its children, and the output. `env`: extra environment variables."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    lines, pages_ready = [], None
    for line in proc.stdout:
        lines.append(line)
        if pages_ready is None and line.startswith("Built "):
            pages_ready = time.perf_counter() - started
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    output = "".join(lines)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{output[-2000:]}")
    return {
        "seconds": seconds,
        "ready": pages_ready or seconds,
        "memory": usage.ru_maxrss // 1024,
        "output": output,
        "search": seconds_in(output, "Search index (?:built|refreshed) in"),
    }


def seconds_in(output: str, pattern: str) -> float:
    found = re.search(pattern + r" ([\d.]+) s", output)
    return float(found.group(1)) if found else 0.0


def pages_counts(output: str) -> str:
    found = re.search(r"Pages: (\d+) rendered, (\d+) reused from the previous build \((\d+) files", output)
    return f"{found.group(1)} rendered ({found.group(3)} files), {found.group(2)} reused" if found else "?"


# Plain Pelican's full build of 1,000 articles per language on the machine the issue's time
# goals were measured on.
ISSUE_ARTICLES, ISSUE_PLAIN_SECONDS = 1000, 9.0


def bench_site(work: Path, articles: int, photos: int) -> None:
    """The synthetic corpus in `work`, with the site's settings, theme, plugins and catalogues."""
    print(f"Generating the corpus in {work} ...", file=sys.stderr)
    generate(work, articles, photos)
    shutil.copy(ROOT / "pelicanconf.py", work / "pelicanconf.py")
    # Newsletter PDFs are an output plain Pelican does not make: timed on their own
    # (`python bench/pdf.py`), kept out of the build's comparison.
    with (work / "pelicanconf.py").open("a", encoding="utf-8") as conf:
        conf.write("\nNEWSLETTER_PDF = False\n")
    for name in ("theme", "plugins", "i18n"):
        if not (work / name).exists():
            (work / name).symlink_to(ROOT / name)


def median(values):
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=250, help="articles per language")
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", default=str(ROOT / "bench" / ".work"))
    parser.add_argument("--json", help="also write every figure, by name, to this file")
    args = parser.parse_args()

    work = Path(args.workdir) / f"a{args.articles}-p{args.photos}"
    work.mkdir(parents=True, exist_ok=True)
    bench_site(work, args.articles, args.photos)
    (work / "plainconf.py").write_text(PLAIN_CONF)
    shutil.rmtree(work / "cache", ignore_errors=True)

    python = sys.executable
    output = work / "output"
    ours = [
        python,
        "-m",
        "iomsite.tools.build",
        "--settings",
        str(work / "pelicanconf.py"),
        "--output",
        str(output),
    ]
    plain = [python, "-m", "pelican", "-s", str(work / "plainconf.py"), "-q"]
    # Plain Pelican with its content cache, as the issue measured its rebuild.
    (work / "plaincache.py").write_text(
        PLAIN_CONF + "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"
        "CACHE_PATH = 'plain-cache'\nOUTPUT_PATH = 'plain-cached-output'\n"
    )
    plain_cached = [python, "-m", "pelican", "-s", str(work / "plaincache.py"), "-q"]

    def fresh_start():
        """A full build: no previous output, no Markdown or content cache (the image cache is
        kept: images are measured on their own, and the compiled templates are kept like .pyc
        files)."""
        for folder in (output, output.with_name("output.previous")):
            shutil.rmtree(folder, ignore_errors=True)
        delete_store(work / "cache")

    print("Cold build (images processed) ...", file=sys.stderr)
    fresh_start()
    cold = run(ours)
    processed_line = next(line for line in cold["output"].splitlines() if line.startswith("Images:"))
    sources = int(processed_line.split("(")[1].split()[0])

    rows = {
        key: []
        for key in (
            "plain",
            "plain_rebuild",
            "full",
            "full_ready",
            "full_search",
            "noop",
            "edit",
            "edit_search",
            "photo",
            "warm_edit",
            "preview_site",
            "memory",
            "plain_memory",
        )
    }
    edit_counts = ""
    for attempt in range(args.runs):
        print(f"Run {attempt + 1} of {args.runs} ...", file=sys.stderr)
        shutil.rmtree(work / "plain-output", ignore_errors=True)
        quiet()
        result = run(plain, cwd=work)
        rows["plain"].append(result["seconds"])
        rows["plain_memory"].append(result["memory"])
        shutil.rmtree(work / "plain-cache", ignore_errors=True)
        run(plain_cached, cwd=work)  # fills its content cache
        fresh_start()
        quiet()
        result = run(ours)
        rows["full"].append(result["seconds"])
        rows["full_ready"].append(result["seconds"] - result["search"])
        rows["full_search"].append(result["search"])
        rows["memory"].append(result["memory"])
        settle(output)
        rows["noop"].append(run(ours)["seconds"])
        edited = work / "content" / "news" / "item-00001.md"
        edited.write_text(
            edited.read_text(encoding="utf-8") + f"\nAn edit, run {attempt}.\n", encoding="utf-8"
        )
        result = run(ours)
        rows["edit"].append(result["ready"])
        rows["edit_search"].append(result["search"])
        rows["memory"].append(result["memory"])
        edit_counts = pages_counts(result["output"])
        quiet()
        rows["plain_rebuild"].append(run(plain_cached, cwd=work)["seconds"])  # the same edit
        new_photo = work / "content" / "images" / f"added-{attempt}.jpg"
        shutil.copy(work / "content" / "images" / "photo-0000.jpg", new_photo)
        with new_photo.open("ab") as handle:
            handle.write(f"{attempt}".encode())  # different bytes: a new image to process
        target = work / "content" / "news" / "item-00002.md"
        text = target.read_text(encoding="utf-8")
        target.write_text(
            text.replace("\n\n", f"\n\n![An added photo](/images/added-{attempt}.jpg)\n\n", 1),
            encoding="utf-8",
        )
        rows["photo"].append(run(ours)["ready"])

    served, followed = preview_edits(work, output, args.runs)
    rows["warm_edit"], rows["preview_site"] = served, followed
    print("Hugo (if installed) ...", file=sys.stderr)
    hugo = measure_hugo(work / "content", work, args.runs)  # after ours: its server edits its own copy

    pages = sum(1 for _ in output.rglob("*.html"))
    plain_pages = sum(1 for _ in (work / "plain-output").rglob("*.html"))
    full_ready, plain_seconds = median(rows["full_ready"]), median(rows["plain"])
    per_image = (cold["seconds"] - median(rows["full"])) / sources if sources else 0
    print(
        f"\n| {args.articles} articles per language ({3 * args.articles} in all), {args.photos} photos, "
        f"median of {args.runs} | ours | plain Pelican | Hugo |"
    )
    print("|---|---|---|---|")
    print(f"| pages written | {pages} | {plain_pages} |")
    print(
        f"| full build without the search index, images excluded, s | {full_ready:.1f} "
        f"| {plain_seconds:.1f} |"
    )
    # Each run builds plain Pelican then ours: the median of those pairs' ratios follows the
    # machine's speed from one run to the next better than the ratio of the medians.
    ratios = sorted(ours / theirs for ours, theirs in zip(rows["full_ready"], rows["plain"]))
    print(
        f"| ratio to plain Pelican (median of each run's ratio; of the medians: "
        f"{full_ready / plain_seconds:.2f}x) | {median(ratios):.2f}x | 1.00x |"
    )
    print(f"| search index (Pagefind) in the full build, s | +{median(rows['full_search']):.1f} | |")
    print(f"| rebuild, nothing changed, s | {median(rows['noop']):.1f} | |")
    print(
        f"| rebuild after editing one article, s (pages in place) | {median(rows['edit']):.1f} | "
        f"{median(rows['plain_rebuild']):.1f} (content cache warm) |"
    )
    print(f"| pages after that edit | {edit_counts} | |")
    print(f"| search index refreshed after the edit, s | +{median(rows['edit_search']):.1f} | |")
    print(f"| rebuild after adding one photo, s | {median(rows['photo']):.1f} | |")
    print(
        "| preview (`invoke livereload`): edit to the edited page served (polled over HTTP), s | "
        f"{median(rows['warm_edit']):.2f} | |"
    )
    print(
        "| preview: edit to the whole site rebuilt behind it (no search index), s | "
        f"{median(rows['preview_site']):.1f} | |"
    )
    if hugo:  # bench/hugo_peer.py: the same corpus, minimal layouts, no search, no images
        print(f"| Hugo {hugo['hugo_version']}: pages written | | | {hugo['hugo_pages']} |")
        print(f"| Hugo: full build, s | | | {hugo['hugo_full_s']:.1f} |")
        print(f"| Hugo: `hugo server`, edit to the page served, s | | | {hugo['hugo_server_edit_s']:.2f} |")
    print(f"| peak memory, MB | {max(rows['memory'] + [cold['memory']])} | {max(rows['plain_memory'])} |")
    print(f"| cold build with {sources} source images, s | {cold['seconds']:.1f} | |")
    print(
        "| images processed per second (cold minus warm build) | "
        f"{1 / per_image if per_image > 0 else float('nan'):.2f} | |"
    )
    if args.articles == ISSUE_ARTICLES:
        slower = plain_seconds / ISSUE_PLAIN_SECONDS
        print(
            f"| this machine against the issue's: plain Pelican's full build here, s (issue: about "
            f"{ISSUE_PLAIN_SECONDS:.0f}) | | {plain_seconds:.1f} ({slower:.2f}x slower) |"
        )
        print(
            f"| rebuild after editing one article, scaled to the issue's machine (/ {slower:.2f}), s | "
            f"{median(rows['edit']) / slower:.1f} | |"
        )
        print(
            f"| preview, edit to the page served, scaled the same way, s | "
            f"{median(rows['warm_edit']) / slower:.2f} | |"
        )
    if args.json:
        write_figures(Path(args.json), args, rows, cold, pages, plain_pages, sources, edit_counts, hugo)


def write_figures(
    target: Path, args, rows: dict, cold: dict, pages: int, plain_pages: int, sources, edits, hugo
):
    """Every figure of the table by its name (seconds, megabytes), for comparing runs; Hugo's
    (hugo_full_s, hugo_server_edit_s, hugo_pages, hugo_version) where it is installed."""
    figures = {
        "articles_per_language": args.articles,
        "photos": args.photos,
        "runs": args.runs,
        "pages": pages,
        "plain_pages": plain_pages,
        "plain_full_s": median(rows["plain"]),
        "plain_edit_rebuild_s": median(rows["plain_rebuild"]),
        "full_s": median(rows["full_ready"]),
        "full_with_search_s": median(rows["full"]),
        "search_in_full_s": median(rows["full_search"]),
        "nothing_changed_s": median(rows["noop"]),
        "edit_rebuild_s": median(rows["edit"]),
        "edit_search_refresh_s": median(rows["edit_search"]),
        "photo_rebuild_s": median(rows["photo"]),
        "preview_edit_s": median(rows["warm_edit"]),
        "preview_site_s": median(rows["preview_site"]),
        "peak_memory_mb": max(rows["memory"] + [cold["memory"]]),
        "plain_peak_memory_mb": max(rows["plain_memory"]),
        "cold_build_s": cold["seconds"],
        "source_images": sources,
        "pages_after_edit": edits,
        **(hugo or {}),
    }
    target.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
