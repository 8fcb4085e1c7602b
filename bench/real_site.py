"""The real site's figures, on a copy of content/ (the project is not touched): a full build
(no previous output, no Markdown or content cache; the image cache kept, as in bench/run.py),
the search index's share of it, a rebuild with nothing changed, a rebuild after editing one
press release, and the preview (`invoke livereload`) from that edit to the page served and to
the whole site rebuilt. Medians of several runs.

    python bench/real_site.py [--runs 3] [--json FILE]
"""

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from preview_timing import preview_edits
from run import median, quiet, run

from iomsite.plugins.incremental.api import delete_store

ROOT = Path(__file__).resolve().parent.parent
EDITED = "press/2006-02-15-memorandum-combating-human-trafficking.en.md"


def copy_of_site(work: Path) -> None:
    shutil.copytree(ROOT / "content", work / "content")
    shutil.copy(ROOT / "pelicanconf.py", work / "pelicanconf.py")
    for name in ("theme", "plugins", "i18n"):
        (work / name).symlink_to(ROOT / name)
    for name in ("images", "pdf"):  # made from the same sources: excluded, as in bench/run.py
        if (ROOT / "cache" / name).is_dir():
            shutil.copytree(ROOT / "cache" / name, work / "cache" / name)
    # Files saved within 2 s of a build's start are not trusted by its nothing-changed stamp
    # (tools/unchanged.py): a copy made just before would make the first rebuild a real one.
    time.sleep(2.5)


def measure(work: Path, runs: int) -> dict:
    output = work / "output"
    build = [sys.executable, "-m", "iomsite.tools.build", "--settings", str(work / "pelicanconf.py")]
    build += ["--output", str(output)]
    rows: dict = {key: [] for key in ("full", "full_ready", "search", "noop", "edit", "served", "followed")}
    edited = work / "content" / EDITED
    for attempt in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        delete_store(work / "cache")
        quiet()
        result = run(build)
        rows["full"].append(result["seconds"])
        rows["full_ready"].append(result["seconds"] - result["search"])
        rows["search"].append(result["search"])
        rows["noop"].append(run(build)["seconds"])
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text + f"\nAn edit, run {attempt}.\n", encoding="utf-8")
        rows["edit"].append(run(build)["ready"])
    rows["served"], rows["followed"] = preview_edits(work, output, runs, EDITED, "/press/")
    return {
        "pages": sum(1 for _ in output.rglob("*.html")),
        "full_s": median(rows["full_ready"]),
        "full_with_search_s": median(rows["full"]),
        "search_in_full_s": median(rows["search"]),
        "nothing_changed_s": median(rows["noop"]),
        "edit_rebuild_s": median(rows["edit"]),
        "preview_edit_s": median(rows["served"]),
        "preview_site_s": median(rows["followed"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="also write the figures, by name, to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="real-site-bench-") as folder:
        copy_of_site(Path(folder))
        figures = measure(Path(folder), args.runs)
    print(f"\n| the real site ({figures['pages']} pages), median of {args.runs} | s |\n|---|---|")
    for name, label in (
        ("full_s", "full build without the search index"),
        ("search_in_full_s", "search index in the full build"),
        ("nothing_changed_s", "rebuild, nothing changed"),
        ("edit_rebuild_s", "rebuild after editing one press release (pages in place)"),
        ("preview_edit_s", "preview: edit to the edited page served"),
        ("preview_site_s", "preview: edit to the whole site rebuilt behind it"),
    ):
        print(f"| {label} | {figures[name]:.2f} |")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
