"""`invoke publish`: build with publishconf.py into a new release folder, run every check, and
only then switch the published site to it, atomically, keeping the previous release.

    python -m iomsite.tools.publish [--public public] [--skip-checks a11y,...]

The published site is `public/`, a symbolic link to `releases/<time>/`; switching is one
rename of a new link over the old one (readers never see a half-copied site). The previous
release stays in `releases/` for a quick roll-back (`ln -sfn releases/<previous> public`).
A failing build or check leaves `public/` exactly as it was and says why.
"""

import argparse
import datetime
import os
import shutil
import sys
import time
from pathlib import Path

from iomsite.core import clock
from iomsite.plugins.incremental import api as incremental
from iomsite.plugins.schedule.plugin import EMBARGOED_MARKER, show_embargoed
from iomsite.tools import translations
from iomsite.tools.build import SEARCH_DIR, build
from iomsite.tools.check.html_validator import CheckerMissing
from iomsite.tools.check.run import CHECKS, project_settings, run_checks
from iomsite.tools.records import read_json, releases_folder, write_json
from iomsite.tools.search_index import MANIFEST as SEARCH_MANIFEST

ROOT = Path(__file__).resolve().parent.parent


def switch(public: Path, release: Path) -> None:
    """Point `public` at `release` with an atomic rename of a fresh symbolic link."""
    if public.exists() and not public.is_symlink():
        raise SystemExit(f"{public} is a folder, not a link made by publish: move it away first")
    temporary = public.with_name(f".{public.name}.new")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(os.path.relpath(release, public.parent))
    os.replace(temporary, public)


UNCHECKED = ".unchecked-"  # a release being built and checked: never deployed nor kept


def prune(releases: Path, public: Path, keep: int) -> None:
    """Keep the last `keep` releases and the one public/ points to; remove the folders that
    publishes killed before their checks ended left behind (an hour old: not a running one)."""
    current = public.resolve() if public.is_symlink() else None
    checked = [p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")]
    kept = sorted(checked, reverse=True)[:keep]
    for folder in checked:
        if folder not in kept and folder.resolve() != current:
            shutil.rmtree(folder)
    for folder in releases.glob(f"{UNCHECKED}*"):
        if folder.is_dir() and time.time() - folder.stat().st_mtime > 3600:
            shutil.rmtree(folder, ignore_errors=True)


def embargo_refusal(settings: dict, release: Path | None = None) -> str:
    """Why an output must not be published because it shows embargoed work, or ''."""
    if show_embargoed(settings):
        return (
            "the settings show embargoed items (SHOW_EMBARGOED, or SITE_SHOW_EMBARGOED in the "
            "environment): that is for previewing only; unset it and publish again"
        )
    if release is not None and (release / EMBARGOED_MARKER).exists():
        return f"{release} was built to preview embargoed items ({EMBARGOED_MARKER}) and is never published"
    return ""


def same_site(one: Path, other: Path) -> bool:
    """Whether two releases hold the same files with the same bytes (Pagefind's index files are
    named afresh at every run, from the same pages: they are left out of the comparison)."""

    def files(folder: Path) -> dict:
        return {
            p.relative_to(folder): p
            for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).parts[0] != SEARCH_DIR
        }

    mine, theirs = files(one), files(other)
    return mine.keys() == theirs.keys() and all(
        mine[k].stat().st_size == theirs[k].stat().st_size and mine[k].read_bytes() == theirs[k].read_bytes()
        for k in mine
    )


def addresses(release: Path) -> set[str]:
    """The pages a release publishes, as addresses (a list's further pages come and go)."""
    return {
        "/" + p.relative_to(release).as_posix().removesuffix("index.html")
        for p in release.rglob("*.html")
        if p.relative_to(release).parts[0] not in ("_email", SEARCH_DIR) and "/page/" not in p.as_posix()
    }


def vanished(previous: Path, release: Path) -> list[str]:
    return sorted(addresses(previous) - addresses(release))


def publish(settings_file: Path, public: Path, only=CHECKS, out=sys.stdout) -> int:
    settings = project_settings(settings_file)
    refusal = embargo_refusal(settings) or translations.refusal(Path(settings["PATH"]), out)
    if refusal:
        print(f"Publishing refused: {refusal.rstrip('.')}. {public} was not changed.", file=out)
        return 1
    releases = releases_folder(public)
    releases.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    # built and checked under a hidden name, given its own only once every check passed: a
    # publish killed half-way leaves nothing a roll-back or `deploy --release` could pick
    release = releases / f"{UNCHECKED}{stamp}"
    built_at = clock.now(settings)  # what was due when it was built (invoke go-live reads it)
    status = build(settings_file, release, out=out, strict=True)
    if status != 0:
        print(f"Publishing stopped: the build failed. {public} was not changed.", file=out)
        shutil.rmtree(release, ignore_errors=True)
        return status
    try:
        refusal = why_not_publishable(release, public)
        if refusal:
            print(f"Publishing stopped: {refusal} {public} was not changed.", file=out)
            return 1
        print(f"Checking the release ({', '.join(only)}):", file=out, flush=True)
        try:
            findings = run_checks(release, only, settings, out=out)
        except CheckerMissing as exc:
            print(f"Publishing stopped: a check could not run ({exc}). {public} was not changed.", file=out)
            return 2
        if findings:
            for finding in findings:
                print(f"  {finding}", file=out)
            print(
                f"Publishing stopped: {len(findings)} finding(s) above. {public} was not changed.", file=out
            )
            return 1
        # for the checks and rebuilds only
        for name in (".sources.json", *incremental.STATE_FILES, f"{SEARCH_DIR}/{SEARCH_MANIFEST}"):
            (release / name).unlink(missing_ok=True)
        shutil.rmtree(release / "_email", ignore_errors=True)  # e-mail editions: invoke newsletter-email
        current = public.resolve() if public.is_symlink() else None
        if current is not None and current.is_dir() and same_site(release, current):
            # nothing is due (a timer that runs publish at each embargo and expiry may run it twice)
            shutil.rmtree(release, ignore_errors=True)
            record_publication(releases, current.name, built_at)
            print(f"Nothing changed since {current.name}: {public} was left as it was.", file=out)
            return 0
        checked = releases / stamp
        os.replace(release, checked)
        release = checked
        switch(public, release)
    except BaseException:  # a refusal, a failed check or an interruption: no half release is kept
        if not (public.is_symlink() and public.resolve() == release.resolve()):
            shutil.rmtree(release, ignore_errors=True)
        raise
    record_publication(releases, release.name, built_at)
    prune(releases, public, keep_releases(settings))
    print(f"Published {release.name}: {public} -> {release}", file=out)
    return 0


def why_not_publishable(release: Path, public: Path) -> str:
    """Why a built release must not go public whatever the checks say (an embargo preview, a
    published address that would vanish), or '': said before the minute of checks."""
    refusal = embargo_refusal({}, release)
    if refusal:
        return f"{refusal}."
    current = public.resolve() if public.is_symlink() else None
    gone = vanished(current, release) if current is not None and current.is_dir() else []
    if not gone:
        return ""
    listed = "".join(f"\n  {address}" for address in gone)
    return (
        f"{len(gone)} address(es) were published and would disappear:{listed}\n"
        "Old links must keep working: add 'redirect_from: <address>' to the file that replaces "
        "each (or a line in content/data/redirects.yml), then publish again."
    )


def keep_releases(settings: dict) -> int:
    """How many releases are kept for rolling back (PUBLISH_KEEP_RELEASES, at least 2)."""
    return max(2, int(settings.get("PUBLISH_KEEP_RELEASES", 5)))


PUBLISHED_RECORD = "published.json"


def record_publication(releases: Path, name: str, built_at: datetime.datetime) -> None:
    """releases/published.json: the release now public and the site's clock when it was built,
    so that `invoke go-live` knows which moments have been published since."""
    write_json(releases / PUBLISHED_RECORD, {"release": name, "built_at": built_at.isoformat()})


def last_publication(releases: Path) -> dict:
    """{'release': name, 'built_at': aware datetime} of the last publish, or {}."""
    record = read_json(releases / PUBLISHED_RECORD)
    try:
        return {"release": record["release"], "built_at": datetime.datetime.fromisoformat(record["built_at"])}
    except (KeyError, TypeError, ValueError):
        return {}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "publishconf.py"))
    parser.add_argument("--public", default=str(ROOT / "public"))
    parser.add_argument("--only", default=",".join(CHECKS), help="checks to run (default: all)")
    args = parser.parse_args(argv)
    return publish(Path(args.settings).resolve(), Path(args.public).absolute(), tuple(args.only.split(",")))


if __name__ == "__main__":
    sys.exit(main())
