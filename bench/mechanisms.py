"""What each part of the incremental layer saves (issue 21): the same builds with one part
switched off at a time (INCREMENTAL_OFF, plugins/incremental/api.py), on the synthetic corpus.
Prints one table (Markdown); checks on the way that every configuration builds the same site.

    python bench/mechanisms.py [--articles 1000] [--photos 50] [--runs 1]

Columns: a first build (empty output and caches), a rebuild with nothing changed (the settings
file saved with the same bytes, so that the build runs instead of being skipped by
tools/unchanged.py), a rebuild after editing one article; each the median of the runs, search
index left out (--no-search).
Rows: everything on; then each part off: the Markdown cache and its pool (markdown), the
content-object cache (content), rendering on every core (parallel), writing only what changed
(sparse), the taxonomy and source-path shortcuts (taxonomy); and reused pages off (--full).
"""

import argparse
import filecmp
import os
import shutil
import statistics
import sys
from pathlib import Path

from run import ROOT, bench_site, quiet, run, settle

EDITED_AT = 1_700_000_000  # a fixed time for the edited file: every configuration sees the same
PARTS = ("", "markdown", "content", "parallel", "sparse", "taxonomy", "reuse")


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ between two outputs (the build state and the search index aside)."""
    found = []
    comparison = filecmp.dircmp(left, right, ignore=[".build-state.json", "pagefind"])

    def walk(c, prefix=""):
        found.extend(prefix + name for name in c.left_only + c.right_only + c.diff_files)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles per language")
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workdir", default=str(ROOT / "bench" / ".work"))
    args = parser.parse_args()

    work = Path(args.workdir) / f"mechanisms-a{args.articles}-p{args.photos}"
    work.mkdir(parents=True, exist_ok=True)
    bench_site(work, args.articles, args.photos)
    output, reference = work / "output", work / "reference"
    edited = work / "content" / "news" / "item-00001.md"
    original = edited.read_text(encoding="utf-8")
    build = [sys.executable, "-m", "iomsite.tools.build", "--settings", str(work / "pelicanconf.py")]
    build += ["--no-search", "--output", str(output)]

    rows = {}
    for part in PARTS:
        env = {"INCREMENTAL_OFF": part} if part and part != "reuse" else {}
        full = ["--full"] if part == "reuse" else []
        times = {"first": [], "noop": [], "edit": []}
        for attempt in range(args.runs):
            print(f"{part or 'everything on'}: run {attempt + 1} of {args.runs} ...", file=sys.stderr)
            edited.write_text(original, encoding="utf-8")
            os.utime(edited, (EDITED_AT, EDITED_AT))
            shutil.rmtree(output, ignore_errors=True)
            shutil.rmtree(work / "cache", ignore_errors=True)
            quiet()
            times["first"].append(run(build + full, env=env)["seconds"])
            settle(output)
            # the settings saved with the same bytes (a content file's time would date its feed
            # entry): the layer's own no-change rebuild, not tools/unchanged.py's skip
            (work / "pelicanconf.py").touch()
            times["noop"].append(run(build + full, env=env)["seconds"])
            edited.write_text(original + f"\nAn edit, run {attempt}.\n", encoding="utf-8")
            os.utime(edited, (EDITED_AT, EDITED_AT))  # the feeds' dates come from it (outside git)
            times["edit"].append(run(build + full, env=env)["ready"])
        if not part:
            shutil.rmtree(reference, ignore_errors=True)
            shutil.copytree(output, reference, symlinks=True)
        else:
            changed = differences(reference, output)
            if changed:
                raise SystemExit(f"with {part} off the site differs: {changed[:10]}")
        rows[part] = {key: statistics.median(values) for key, values in times.items()}

    base = rows[""]
    print(
        f"\n| {args.articles} articles per language ({3 * args.articles} in all), median of {args.runs} "
        "| first build, s | nothing changed, s | one article edited, s |"
    )
    print("|---|---|---|---|")
    for part, row in rows.items():
        label = "everything on" if not part else f"{part} off"
        cells = [f"{row[k]:.1f}" + ("" if not part else f" ({row[k] - base[k]:+.1f})") for k in base]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\nEvery configuration built the same site, file for file.")


if __name__ == "__main__":
    main()
