"""Build the site safely: check the content, build into a fresh folder, and only then put it
in place of the old output (tools/put_in_place.py). A failed build leaves the previous site
untouched.

    python -m iomsite.tools.build [--settings pelicanconf.py] [--output output] [--report FILE]

Exit status 0 on success; 1 when the content has problems or the build logged any warning
or error (each printed in plain words); 2 on an internal error (a bug: run with --debug).

The outcome and the figures of the build go to a JSON report (default
`cache/build-report.json` beside the settings file), for tests and scripts:

    {"status": 0, "outcome": "built", "problems": [], "notices": [], "pages": 115,
     "articles": 21, "seconds": 3.2, "output": "/…/output", "search_index": "built",
     "incremental": {"pages_rendered": …, …}, "images": {"processed": …, …}}

`outcome` is one of built, unchanged (nothing changed since the last build: nothing was
done, tools/unchanged.py), content-problems, build-problems, internal-error,
not-put-in-place (moving the pages failed), search-index-failed. A build also reports its
`inputs` and its `clock` (whether live, its next change), from which the stamp is made.
"""

import argparse
import gc
import logging
import multiprocessing
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from iomsite.tools import unchanged

if __name__ == "__main__":  # nothing changed since the last build: done before Pelican is imported
    _skipped = unchanged.skip_if_unchanged(sys.argv[1:])
    if _skipped is not None:
        sys.stdout.flush()
        os._exit(_skipped)

from iomsite.core import buildreport, clock  # noqa: E402
from iomsite.plugins.incremental import api as incremental  # noqa: E402
from iomsite.tools.check_content import content_problems  # noqa: E402
from iomsite.tools.put_in_place import (  # noqa: E402
    apply_changes,
    html_files,
    link_tree,
    public,
    remove_in_background,
    swap_into_place,
)
from iomsite.tools.records import write_json  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

SEARCH_DIR = "pagefind"
# In a search index that no longer covers the pages beside it: written before pages go in place
# with the previous index, gone once the index is made again (a new folder). A build killed in
# between (or one with --no-search) leaves it, and the next build makes the index again.
STALE_INDEX = f"{SEARCH_DIR}/.stale"


def mark_index_stale(folder: Path) -> None:
    if (folder / SEARCH_DIR).is_dir():
        (folder / STALE_INDEX).touch()


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


def index_for_search(
    folder: Path, settings: dict, into: Path | None = None, previous: Path | None = None
) -> str:
    """Index the built site for search (tools/search_index.py), into `into` (default:
    folder/pagefind), as the settings ask (SEARCH_INDEX_JOBS, SEARCH_INDEX_PAGES_PER_RUN);
    the shards of `previous` (an index) whose pages did not change are reused. Returns an
    error message, or "" on success."""
    from iomsite.core.memory import give_back_free_memory, map_large_blocks
    from iomsite.tools.search_index import PAGES_PER_RUN, build_index

    # This process's memory is the build's peak: what rendering freed goes back first, and
    # the pages and bundles read now are not left in its heap (core/memory.py).
    give_back_free_memory()
    map_large_blocks()
    return build_index(
        folder,
        into or folder / SEARCH_DIR,
        settings.get("SEARCH_INDEX_JOBS", 2),
        settings.get("SEARCH_INDEX_PAGES_PER_RUN") or PAGES_PER_RUN,
        previous=previous,
    )


def refresh_search_index(output: Path, settings: dict) -> str:
    """Index the site in place: into a new folder (only the shards with a changed page indexed
    again, the others linked from the old index), then swapped for the old index."""
    fresh = output / f".{SEARCH_DIR}.building-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    previous = output / SEARCH_DIR
    error = index_for_search(output, settings, into=fresh, previous=previous if previous.is_dir() else None)
    if error:
        shutil.rmtree(fresh, ignore_errors=True)
        return error
    old = output / f".{SEARCH_DIR}.old-{os.getpid()}"
    if (output / SEARCH_DIR).exists():
        os.rename(output / SEARCH_DIR, old)
    os.rename(fresh, output / SEARCH_DIR)
    shutil.rmtree(old, ignore_errors=True)
    return ""


def indexed_again() -> str:
    figures = buildreport.collected().get("search", {})
    pages, shards, of = (figures.get(key, 0) for key in ("pages_indexed", "shards_indexed", "shards"))
    return f"{pages} pages in {shards} of {of} shards indexed"


def clean_interrupted(output: Path) -> bool:
    """What a killed build left behind, removed: its staging copy beside the output and a
    half-made search index inside it (and Pagefind's work folder beside that, `..pagefind.…`).
    True if the search index must be made again."""
    from iomsite.tools.plain_words import pid_alive

    def dead(path: Path) -> bool:
        pid = path.name.rsplit("-", 1)[-1]
        return pid.isdigit() and not pid_alive(int(pid))

    for staging in output.parent.glob(f".{output.name}.building-*"):
        if dead(staging):
            shutil.rmtree(staging, ignore_errors=True)
    index_left = False
    if output.is_dir():
        for leftover in [*output.glob(f".{SEARCH_DIR}.*-*"), *output.glob(f"..{SEARCH_DIR}.*-*")]:
            if not dead(leftover):
                continue
            index_left = True
            if leftover.name.startswith(f".{SEARCH_DIR}.old-") and not (output / SEARCH_DIR).exists():
                os.rename(leftover, output / SEARCH_DIR)  # killed between the two renames: the old index back
            else:
                shutil.rmtree(leftover, ignore_errors=True)
    return index_left or (output / STALE_INDEX).exists()


class ContentCheck:
    """The content check, in a second process while Pelican builds (another core): its verdict
    decides, before anything is put in place, whether the build counts."""

    def __init__(self, settings: dict, strict: bool):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.strict = strict
        self.found = None

        def check():
            try:
                sender.send(("ok", content_problems(settings)))
            except Exception as exc:  # reported by the build as an internal error
                sender.send(("error", repr(exc)))

        self.process = context.Process(target=check, daemon=True)
        self.process.start()
        sender.close()

    def verdict(self) -> tuple[list, list]:
        """(problems that stop the build, advisory ones), waiting for the check if need be."""
        if self.found is None:
            try:
                self.found = self.receiver.recv()
            except EOFError:
                self.found = ("error", "the content check stopped")
            self.process.join()
        status, found = self.found
        if status != "ok":
            raise RuntimeError(f"content check: {found}")
        problems = [p for p in found if self.strict or not p.advisory]
        return problems, [p for p in found if p not in problems]

    def stop_if_problems(self, *args, **kwargs) -> None:
        """At `article_writer_finalized`, before the pages are rendered: a mistake in one file
        can change every page (an article gone from the lists), and rendering them all at
        3,000 articles took 10 s before the writer saw the problem; the check has long
        finished by then."""
        try:
            problems, _ = self.verdict()
        except RuntimeError:
            return  # the build goes on; its end reports the check's failure
        if problems:
            raise ContentProblemsFound

    def stop_if_problems_known(self, *args, **kwargs) -> None:
        """Once every file is read (`all_generators_finalized`): stop if the check has already
        found problems (3,000 articles: 1 s instead of 3), without waiting for it."""
        if self.found is not None or self.receiver.poll():
            self.stop_if_problems()


class ContentProblemsFound(Exception):
    """Raised inside Pelican's run to stop a build whose content has problems."""


def build(
    settings_file: Path,
    output: Path,
    debug: bool = False,
    out=sys.stdout,
    search: bool = True,
    strict: bool = False,
    full: bool = False,
    report: Path | None = None,
) -> int:
    """`strict` (publishing): advisory content problems stop the build too, and the search
    index is built before the new site is put in place. `full`: render every page (the
    previous build's pages are otherwise reused where nothing they depend on changed).
    `report`: where the JSON report goes (default: cache/build-report.json beside the
    settings file)."""
    started = time.perf_counter()
    facts: dict = {"problems": [], "notices": [], "output": str(output.resolve())}
    buildreport.forget()
    status = _build(settings_file, output, debug, out, search, strict, full, facts)
    write_json(
        report or settings_file.parent / "cache" / "build-report.json",
        {
            "status": status,
            **facts,
            "seconds": round(time.perf_counter() - started, 2),
            **buildreport.collected(),
        },
    )
    return status


def _build(settings_file, output, debug, out, search, strict, full, facts) -> int:
    from pelican.settings import read_settings

    started = time.perf_counter()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.with_name(f".{output.name}.building-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    index_interrupted = clean_interrupted(output)
    reuse = output.is_dir() and not full
    # A rebuild writes only what changed and moves it into the output; publishing makes a
    # whole new release (tools/put_in_place.py).
    sparse = reuse and not strict and not incremental.switched_off("sparse")
    settings = read_settings(
        str(settings_file),
        override={
            "OUTPUT_PATH": str(staging),
            "CONTENT_CHECK_AT_START": False,  # ContentCheck runs it beside Pelican
            **incremental.build_settings(output if reuse else None, sparse),
        },
    )
    content_check = ContentCheck(settings, strict)  # forked before Pelican changes them
    crashed, collector = run_pelican(settings, content_check, out, debug, facts)
    facts.update(
        inputs=unchanged.inputs(settings_file, settings),
        caches=unchanged.caches(settings_file, settings),
        clock=clock.outlook(settings),
    )
    try:
        problems, early_notices = content_check.verdict()
    except RuntimeError as exc:  # the check itself failed (a bug): never a reason to build
        crashed, problems, early_notices = crashed or exc, [], []
    status = why_stopped(problems, crashed, collector, output, settings_file, facts, out)
    if status is not None:
        shutil.rmtree(staging, ignore_errors=True)
        if debug and facts["outcome"] == "internal-error":
            raise crashed
        return status

    indexing = settings.get("SEARCH_INDEX", True) and search
    say_notices(early_notices, collector, indexing, facts, out)
    place = Placing(staging, output, settings, indexing, index_interrupted, reuse, strict, facts, out)
    status = place.changes_in() if sparse else place.whole_site()
    if status is not None:
        return status
    leftover = output.with_name(output.name + ".previous")  # kept by builds before 2026-11-25
    if leftover.is_dir():
        remove_in_background(leftover)
    seconds = time.perf_counter() - started
    facts.update(outcome="built", pages=place.pages)
    print(f"Built {place.pages} pages into {output} in {seconds:.1f} s.", file=out)
    if place.refresh_after_swap:
        error = refresh_search_index(output, settings)
        facts["search_index"] = "refreshed"
        if error:
            facts.update(outcome="search-index-failed", problems=[error])
            print(
                f"The search index could not be refreshed (the pages are in place; search "
                f"still finds the previous texts): {error}",
                file=out,
            )
            return 1
        print(
            f"Search index refreshed in {time.perf_counter() - started - seconds:.1f} s ({indexed_again()}).",
            file=out,
        )
    return 0


def run_pelican(settings, content_check, out, debug, facts):
    """Pelican's run with the content check beside it, the progress lines and every log
    record collected: (the exception of a crash or None, the collector)."""
    from pelican import Pelican, signals

    from iomsite.tools.progress import Progress

    signals.all_generators_finalized.connect(content_check.stop_if_problems_known)
    signals.article_writer_finalized.connect(content_check.stop_if_problems)
    progress = Progress(out)
    collector = Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    crashed = None
    # A build makes hundreds of thousands of objects that live to its end (content, URLs,
    # fingerprints), which the collector's default thresholds scan again and again. Collecting
    # rarely measured 3.6 s against 3.9 s for an edit rebuild at 3,000 articles (means of six
    # alternating runs; noisy); garbage cycles are few and the process is short-lived.
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 1000)
    try:
        Pelican(settings).run()
    except (SystemExit, ContentProblemsFound):
        pass  # a plugin or the content check stopped the build; the reasons follow
    except Exception as exc:
        crashed = exc
        logging.getLogger(__name__).debug("internal error", exc_info=True)
    finally:
        signals.all_generators_finalized.disconnect(content_check.stop_if_problems_known)
        signals.article_writer_finalized.disconnect(content_check.stop_if_problems)
        root.removeHandler(collector)
        progress.close()
    facts["articles"] = progress.articles
    return crashed, collector


def why_stopped(problems, crashed, collector, output, settings_file, facts, out):
    """The exit status of a build that must not be put in place (the content's mistakes
    first: they explain any other failure), having said why; None when it may."""
    if problems:
        facts.update(outcome="content-problems", problems=[str(p) for p in problems])
        print(f"The content has {len(problems)} problem(s); nothing was built:", file=out)
        for problem in problems:
            print(f"  {problem}", file=out)
        return 1
    if crashed is not None:
        return internal_error(crashed, output, settings_file, facts, out)
    if collector.records:
        messages = Counter(record.getMessage() for record in collector.records)
        facts.update(outcome="build-problems", problems=list(messages))
        print(f"The build found {len(messages)} problem(s); {output.name}/ was not changed:", file=out)
        for message, times in messages.items():  # a theme problem repeats on every page
            print(f"  {message}" + (f" (on {times} pages)" if times > 1 else ""), file=out)
        return 1
    return None


def internal_error(crashed, output, settings_file, facts, out) -> int:
    facts["outcome"] = "internal-error"
    from iomsite.tools.plain_words import explain

    plain = explain(crashed, settings_file.parent)
    if plain:
        facts.update(outcome="build-problems", problems=[plain])
        print(f"{plain} {output.name}/ was not changed.", file=out)
        return 1
    print(
        "The build stopped because of an internal error (not a content mistake). "
        "Nothing was changed in the published folder. Run again with --debug and "
        "report the output.",
        file=out,
    )
    return 2


def say_notices(early_notices, collector, indexing, facts, out) -> None:
    facts["notices"] = [str(p) for p in early_notices] + [r.getMessage() for r in collector.notices]
    facts["search_index"] = "not-indexed" if not indexing else "kept"
    for problem in early_notices:
        print(f"Notice: {problem} (this stops `invoke publish`)", file=out)
    for record in collector.notices:
        print(f"Notice: {record.getMessage()}", file=out)


@dataclass
class Placing:
    """Putting a finished build in place: only what changed moved into the output (a rebuild),
    or the whole staging folder swapped in (a first build, --full, publishing), with the
    search index made before or just after. Each step returns an exit status when it stops
    the build, else None; `pages` and `refresh_after_swap` say what it did."""

    staging: Path
    output: Path
    settings: dict
    indexing: bool
    index_interrupted: bool
    reuse: bool
    strict: bool
    facts: dict
    out: object
    pages: int = 0
    refresh_after_swap: bool = False

    def changes_in(self):
        """A rebuild: only what changed moves into the output; the index follows just after."""
        output, facts = self.output, self.facts
        mark_index_stale(output)  # until the index covers the pages moved in below
        try:
            changes = apply_changes(self.staging, output, leave=(SEARCH_DIR, f".{SEARCH_DIR}."))
        except OSError as exc:  # a full disk, a file someone locked: the next build repairs it
            shutil.rmtree(self.staging, ignore_errors=True)
            facts.update(outcome="not-put-in-place", problems=[str(exc)])
            print(
                f"The new pages could not all be moved into {output.name}/ ({exc.strerror or exc}: "
                f"{exc.filename or ''}). Free some disk space or close what holds the file, then "
                "build again: the next build completes the site.",
                file=self.out,
            )
            return 1
        self.pages = changes.pages
        if not changes.pages_changed and not self.index_interrupted:
            (output / STALE_INDEX).unlink(missing_ok=True)
        # The pages first; the index after (search finds the previous texts meanwhile).
        self.refresh_after_swap = self.indexing and (
            changes.pages_changed or self.index_interrupted or not (output / SEARCH_DIR).is_dir()
        )
        return None

    def whole_site(self):
        """The staging folder swapped in whole, with an index: the previous one while it
        still fits the pages (or until the refresh just after), else made before the swap."""
        output, staging = self.output, self.staging
        built = html_files(staging)
        if not self.indexing and self.reuse and (output / SEARCH_DIR).is_dir():
            link_tree(output / SEARCH_DIR, staging / SEARCH_DIR)  # search keeps working
            if self.index_interrupted or public(built) != public(html_files(output)):
                mark_index_stale(staging)
        elif self.indexing and self.index_before_swap(built) is not None:
            return 1
        self.pages = len(built)
        swap_into_place(staging, output)
        return None

    def index_before_swap(self, built):
        output, staging, facts = self.output, self.staging, self.facts
        previous_index = output / SEARCH_DIR
        unchanged = (
            self.reuse
            and not self.index_interrupted
            and previous_index.is_dir()
            and public(built) == public(html_files(output))
        )
        if unchanged or (previous_index.is_dir() and not self.strict):
            # Same pages: the same index. Changed pages (`--full`): the old index stays
            # usable while the new pages go in place, and is refreshed just after.
            link_tree(previous_index, staging / SEARCH_DIR)
            self.refresh_after_swap = not unchanged
            if self.refresh_after_swap:
                mark_index_stale(staging)
            return None
        indexing_started = time.perf_counter()
        error = index_for_search(staging, self.settings)
        facts["search_index"] = "built"
        print(
            f"Search index built in {time.perf_counter() - indexing_started:.1f} s ({indexed_again()}).",
            file=self.out,
        )
        if error:
            shutil.rmtree(staging, ignore_errors=True)
            facts.update(outcome="search-index-failed", problems=[error])
            print(
                f"The search index could not be built; {output.name}/ was not changed: {error}", file=self.out
            )
            return 1
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--output", default=None, help="folder to build into (default: OUTPUT_PATH)")
    parser.add_argument("--debug", action="store_true", help="show internal details")
    parser.add_argument(
        "--no-search",
        action="store_true",
        help="do not index for search (faster previews; the previous index is kept)",
    )
    parser.add_argument("--report", default=None, help="where the JSON report goes")
    parser.add_argument(
        "--full",
        action="store_true",
        help="render every page (by default, pages nothing changed for are reused)",
    )
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(argv)
    started_ns = unchanged.IMPORTED_NS if __name__ == "__main__" else time.time_ns()
    if unchanged.skip_if_unchanged(argv) is not None:  # the warm preview's builds (the command line's: above)
        return 0
    settings_file = Path(args.settings).resolve()
    if args.output:
        output = Path(args.output)
    else:
        from pelican.settings import read_settings

        output = Path(read_settings(str(settings_file))["OUTPUT_PATH"])
    try:
        status = build(
            settings_file,
            output,
            debug=args.debug,
            search=not args.no_search,
            full=args.full,
            report=Path(args.report) if args.report else None,
        )
        if status == 0:
            unchanged.record(argv, started_ns)
        return status
    except OSError as exc:  # outside Pelican: the settings' cache folder, the output's folder
        from iomsite.tools.plain_words import explain

        plain = explain(exc, settings_file.parent)
        if not plain or args.debug:
            raise
        print(plain)
        return 1


if __name__ == "__main__":
    status = main()
    # A build stopped early leaves worker processes waiting for work (the Markdown pool): they
    # would keep the output pipes open, and whoever waits for this build would wait for them.
    for child in multiprocessing.active_children():
        child.terminate()
    # Every file is written and closed: skip tearing down a large site's objects one by one
    # (half a second on a big archive), which exiting normally does.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
