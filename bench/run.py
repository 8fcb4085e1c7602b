"""`invoke bench`: our full pipeline against plain Pelican on the same synthetic corpus, in the
same run, with medians of several runs. Prints one table (Markdown).

    python bench/run.py [--articles 250] [--photos 50] [--runs 3]

Rows: pages written; full build seconds (ours with a warm image cache, i.e. images excluded,
and plain Pelican 4.12 with its default theme and no plugins, on the same Markdown); the ratio;
a rebuild with nothing changed; after editing one article; after adding one photo; peak memory;
images processed and images per second (from a cold image cache).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402

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


def run(command, cwd=ROOT) -> tuple[float, int, str]:
    """(wall seconds, peak memory in MB of the child, output)."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{output[-2000:]}")
    return seconds, usage.ru_maxrss // 1024, output


def median(values):
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=250, help="articles per language")
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", default=str(ROOT / "bench" / ".work"))
    args = parser.parse_args()

    work = Path(args.workdir) / f"a{args.articles}-p{args.photos}"
    work.mkdir(parents=True, exist_ok=True)
    print(f"Generating the corpus in {work} ...", file=sys.stderr)
    generate(work, args.articles, args.photos)
    (work / "plainconf.py").write_text(PLAIN_CONF)
    shutil.copy(ROOT / "pelicanconf.py", work / "pelicanconf.py")
    for name in ("theme", "plugins", "i18n"):
        link = work / name
        if not link.exists():
            link.symlink_to(ROOT / name)
    shutil.rmtree(work / "cache", ignore_errors=True)

    python = sys.executable
    ours = [python, "-m", "tools.build", "--settings", str(work / "pelicanconf.py"), "--output", str(work / "output")]
    plain = [python, "-m", "pelican", "-s", str(work / "plainconf.py"), "-q"]

    print("Cold build (images processed) ...", file=sys.stderr)
    cold, cold_memory, cold_output = run(ours)
    processed_line = next(l for l in cold_output.splitlines() if l.startswith("Images:"))
    sources = int(processed_line.split("(")[1].split()[0])

    rows = {"plain": [], "ours": [], "noop": [], "edit": [], "photo": [], "memory": [], "plain_memory": []}
    for attempt in range(args.runs):
        print(f"Run {attempt + 1} of {args.runs} ...", file=sys.stderr)
        seconds, memory, _ = run(plain, cwd=work)
        rows["plain"].append(seconds)
        rows["plain_memory"].append(memory)
        seconds, memory, _ = run(ours)
        rows["ours"].append(seconds)
        rows["memory"].append(memory)
        rows["noop"].append(run(ours)[0])
        edited = work / "content" / "news" / "item-00001.md"
        edited.write_text(edited.read_text(encoding="utf-8") + f"\nAn edit, run {attempt}.\n", encoding="utf-8")
        rows["edit"].append(run(ours)[0])
        new_photo = work / "content" / "images" / f"added-{attempt}.jpg"
        shutil.copy(work / "content" / "images" / "photo-0000.jpg", new_photo)
        with new_photo.open("ab") as handle:
            handle.write(f"{attempt}".encode())  # different bytes: a new image to process
        target = work / "content" / "news" / "item-00002.md"
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("\n\n", f"\n\n![An added photo](/images/added-{attempt}.jpg)\n\n", 1), encoding="utf-8")
        rows["photo"].append(run(ours)[0])

    pages = sum(1 for _ in (work / "output").rglob("*.html"))
    plain_pages = sum(1 for _ in (work / "plain-output").rglob("*.html"))
    warm = median(rows["ours"])
    per_image = (cold - warm) / sources if sources else 0
    print(f"\n| {args.articles} articles per language ({3 * args.articles} in all), {args.photos} photos, median of {args.runs} | ours | plain Pelican |")
    print("|---|---|---|")
    print(f"| pages written | {pages} | {plain_pages} |")
    print(f"| full build, images excluded (warm image cache), s | {warm:.1f} | {median(rows['plain']):.1f} |")
    print(f"| ratio to plain Pelican | {warm / median(rows['plain']):.2f}x | 1.00x |")
    print(f"| rebuild, nothing changed, s | {median(rows['noop']):.1f} | |")
    print(f"| rebuild after editing one article, s | {median(rows['edit']):.1f} | |")
    print(f"| rebuild after adding one photo, s | {median(rows['photo']):.1f} | |")
    print(f"| peak memory, MB | {max(rows['memory'] + [cold_memory])} | {max(rows['plain_memory'])} |")
    print(f"| cold build with {sources} source images, s | {cold:.1f} | |")
    print(f"| images processed per second (cold minus warm build) | {1 / per_image if per_image > 0 else float('nan'):.2f} | |")


if __name__ == "__main__":
    main()
