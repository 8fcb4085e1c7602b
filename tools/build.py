"""Build the site safely: check the content, build into a fresh folder, and only then put it
in place of the old output. A failed build leaves the previous site untouched.

    python -m tools.build [--settings pelicanconf.py] [--output output]

Exit status 0 on success; 1 when the content has problems or the build logged any warning
or error (each printed in plain words); 2 on an internal error (a bug: run with --debug).
"""
import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from tools.check_content import content_problems, is_advisory  # noqa: E402


class Collector(logging.Handler):
    """Keeps every warning and error the build logs, so that any of them fails the build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []
        self.notices = []

    def emit(self, record):
        # Pelican's own alt-text warning: the content check reports alt-less images with their
        # line, and images marked decorative have an empty alt on purpose.
        if str(record.msg).startswith("Empty alt attribute"):
            return
        if record.name.startswith("site.notice"):  # advisory: shown, but the build goes on
            self.notices.append(record)
            return
        self.records.append(record)


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with renames; the old site is kept as `<output>.previous`."""
    previous = output.with_name(output.name + ".previous")
    if output.exists():
        if previous.exists():
            shutil.rmtree(previous)
        os.rename(output, previous)
    os.rename(staging, output)


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def index_for_search(folder: Path) -> str:
    """Run Pagefind on the built site (one index per language, from <html lang>).
    Returns an error message, or "" on success."""
    import subprocess
    proc = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", "pagefind"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return (proc.stderr or proc.stdout).strip()[-500:]
    return ""


def build(settings_file: Path, output: Path, debug: bool = False, out=sys.stdout, search: bool = True,
          strict: bool = False) -> int:
    """`strict` (publishing): advisory content problems stop the build too."""
    from pelican import Pelican
    from pelican.settings import read_settings

    started = time.perf_counter()
    settings = read_settings(str(settings_file))
    found = content_problems(settings)
    problems = [p for p in found if strict or not is_advisory(p)]
    early_notices = [p for p in found if p not in problems]
    if problems:
        print(f"The content has {len(problems)} problem(s); nothing was built:", file=out)
        for problem in problems:
            print(f"  {problem}", file=out)
        return 1

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.with_name(f".{output.name}.building-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    settings = read_settings(str(settings_file), override={
        "OUTPUT_PATH": str(staging), "CONTENT_CHECKED": True})

    from tools.progress import Progress
    progress = Progress(out)
    collector = Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    try:
        Pelican(settings).run()
    except SystemExit:
        pass  # a plugin stopped the build; its reason is in the collected errors
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        print("The build stopped because of an internal error (not a content mistake). "
              "Nothing was changed in the published folder. Run again with --debug and "
              "report the output.", file=out)
        if debug:
            raise
        return 2
    finally:
        root.removeHandler(collector)
        progress.close()

    if collector.records:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"The build found {len(collector.records)} problem(s); {output.name}/ was not "
              "changed:", file=out)
        for record in collector.records:
            print(f"  {record.getMessage()}", file=out)
        return 1

    if settings.get("SEARCH_INDEX", True) and search:
        error = index_for_search(staging)
        if error:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"The search index could not be built; {output.name}/ was not changed: {error}", file=out)
            return 1
    for problem in early_notices:
        print(f"Notice: {problem} (this stops `invoke publish`)", file=out)
    for record in collector.notices:
        print(f"Notice: {record.getMessage()}", file=out)
    pages = count_pages(staging)
    swap_into_place(staging, output)
    seconds = time.perf_counter() - started
    print(f"Built {pages} pages into {output} in {seconds:.1f} s.", file=out)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=None, help="folder to build into (default: OUTPUT_PATH)")
    parser.add_argument("--debug", action="store_true", help="show internal details")
    parser.add_argument("--no-search", action="store_true", help="skip the search index (faster previews)")
    args = parser.parse_args(argv)
    settings_file = Path(args.settings).resolve()
    if args.output:
        output = Path(args.output)
    else:
        from pelican.settings import read_settings
        output = Path(read_settings(str(settings_file))["OUTPUT_PATH"])
    return build(settings_file, output, debug=args.debug, search=not args.no_search)


if __name__ == "__main__":
    sys.exit(main())
