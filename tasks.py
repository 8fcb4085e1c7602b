"""Tasks for writers and developers: `invoke --list` shows them all."""

import shutil
import sys
from pathlib import Path

from invoke import task

from iomsite.core import model

ROOT = Path(__file__).resolve().parent
# `invoke new`'s words for the content types, from the model: "press, news, ... or page"
KIND_WORDS = " or ".join(", ".join(t.command for t in model.TYPES.values() if t.command).rsplit(", ", 1))
PYTHON = sys.executable


def run(c, command: str) -> None:
    """Run one of our commands; when it fails, it has said why: exit with its status, without
    invoke's own report of the command line."""
    result = c.run(command, warn=True)
    if result.failed:
        sys.exit(result.return_code or 1)


@task(
    help={
        "settings": "settings file (pelicanconf.py for preview, publishconf.py to publish)",
        "output": "folder to build into (default: output/)",
        "full": "render every page (by default, pages nothing changed for are reused)",
    }
)
def build(c, settings="pelicanconf.py", output="output", full=False):
    """Check the content and build the site into output/ (replaced only if the build succeeds).

    Pages nothing changed for are reused from the previous build; --full renders every page."""
    run(
        c,
        f'"{PYTHON}" -m iomsite.tools.build --settings "{ROOT / settings}" --output "{ROOT / output}"'
        + (" --full" if full else ""),
    )


@task
def clean(c):
    """Delete the built site and the build caches of content (not the image cache)."""
    shutil.rmtree(ROOT / "output", ignore_errors=True)
    from iomsite.plugins.incremental.api import delete_store

    delete_store(ROOT / "cache")


@task(help={"port": "port to serve on (default 8000)"})
def serve(c, port=8000):
    """Serve output/ at http://localhost:PORT/ (build first)."""
    c.run(f'"{PYTHON}" -m http.server --directory "{ROOT / "output"}" {port}', pty=False)


@task(
    help={
        "port": "the editor's port (default 8080; its backend uses the next one)",
        "ui": "the editor's own words: en (default) or ru",
    }
)
def edit(c, port=8080, ui="en"):
    """Open the browser editor at http://127.0.0.1:PORT/admin/, with the page as preview.

    Its preview pane shows each entry as the page a reader will see. On this machine only;
    what you save is built and shown at http://localhost:8000/."""
    from iomsite.tools.editor.serve import Editor

    c.run(f'sh "{ROOT / "scripts" / "setup-checks"}"')  # Node.js and the editor's npm packages
    with Editor(port=port, backend_port=port + 1, ui=ui) as editor:
        print(f"The editor is at {editor.url} (stop with Ctrl+C)")
        livereload(c)


@task(
    help={
        "port": "port to serve on (default 8000)",
        "embargoed": "also show embargoed items, each marked (such an output is never published)",
    }
)
def livereload(c, port=8000, embargoed=False):
    """Preview at http://localhost:PORT/, rebuilt and refreshed on every save.

    The edited page is shown at once, the whole site a few seconds later; a content mistake is
    shown in the browser page (not only here)."""
    import os
    import time

    if embargoed:
        os.environ["SITE_SHOW_EMBARGOED"] = "1"  # read by plugins/schedule in every build

    from iomsite.tools.preview import PreviewServer, watched_paths

    settings = ROOT / "pelicanconf.py"
    server = PreviewServer(settings, ROOT / "output", watched_paths(settings))
    port = server.start(port=int(port), host="localhost")
    print(f"The preview is at http://localhost:{port}/ (stop with Ctrl+C)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@task(help={"only": "checks to run, comma-separated (default: all)"})
def publish(c, only="links,html,accessibility,feeds,budget"):
    """Build a release with publishconf.py, check it, then switch public/ to it atomically."""
    c.run(f'sh "{ROOT / "scripts" / "setup-checks"}"')  # Chromium, Java, npm checkers (once)
    run(
        c,
        f'"{PYTHON}" -m iomsite.tools.publish --settings "{ROOT / "publishconf.py"}" '
        f'--public "{ROOT / "public"}" '
        f"--only {only}",
    )


@task(
    help={
        "folder": "the built site to check (default: output/)",
        "only": "checks to run, comma-separated (default: all)",
        "settings": "the settings it was built with (default: pelicanconf.py)",
    }
)
def check(c, folder="output", only="links,html,accessibility,feeds,budget", settings="pelicanconf.py"):
    """Check a built site: links, HTML (Nu), accessibility (axe), feeds, page budgets.

    Pages are seen at the site's public address, served from the folder; nothing is fetched
    from elsewhere."""
    c.run(f'sh "{ROOT / "scripts" / "setup-checks"}"')  # Chromium, Java, npm checkers (once)
    run(
        c,
        f'"{PYTHON}" -m iomsite.tools.check.run "{ROOT / folder}" --only {only} '
        f'--settings "{ROOT / settings}"',
    )


@task(
    name="newsletter-email", help={"issue": "the issue folder, e.g. 2012", "lang": "en (default), ru or tg"}
)
def newsletter_email(c, issue, lang="en"):
    """Build, then write the issue's e-mail edition (HTML and plain text) to email/."""
    build(c)
    target = ROOT / "email"
    target.mkdir(exist_ok=True)
    written = []
    for ext in ("html", "txt"):
        source = ROOT / "output" / "_email" / f"{issue}.{lang}.{ext}"
        if not source.exists():
            print(f"There is no issue '{issue}' in '{lang}' — issues are the folders in content/newsletters/")
            sys.exit(1)
        shutil.copyfile(source, target / source.name)
        written.append(target / source.name)
    for path in written:
        print(f"Wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1024:.1f} KB)")
    print("Paste the .html into the mailing tool's HTML editor and the .txt into its plain-text version.")


@task(
    help={
        "articles": "articles per language (default 250)",
        "photos": "photos (default 50)",
        "runs": "runs per measure; the table shows medians (default 3)",
    }
)
def bench(c, articles=250, photos=50, runs=3):
    """Benchmark our build against plain Pelican on a synthetic corpus (bench/README.md)."""
    run(c, f'"{PYTHON}" bench/run.py --articles {articles} --photos {photos} --runs {runs}')


@task(help={"write": "folder to write the systemd units into (e.g. /etc/systemd/system)"})
def schedule(c, write=""):
    """List what will appear or expire, and when; print the timer that publishes on time.

    Times are Dushanbe's. The systemd timer (or cron line) runs `invoke go-live` every few
    minutes, which publishes and deploys only when something is due."""
    run(
        c,
        f'"{PYTHON}" -m iomsite.tools.schedule "{ROOT / "publishconf.py"}"'
        + (f' --write "{write}"' if write else ""),
    )


@task(
    help={
        "target": "s3://bucket/prefix, ssh://user@host:port/path or a folder (default: DEPLOY_TARGET)",
        "release": "deploy this kept release from releases/ (to roll back) instead of public/",
        "dry_run": "print what would be uploaded and deleted; send nothing",
        "force": "allow deleting more than DEPLOY_MAX_DELETE_SHARE of the files on the host",
    }
)
def deploy(c, target="", release="", dry_run=False, force=False):
    """Send the checked release that `invoke publish` made to the host, only what changed."""
    run(
        c,
        f'"{PYTHON}" -m iomsite.tools.deploy --settings "{ROOT / "publishconf.py"}" '
        f'--public "{ROOT / "public"}"'
        + (f' --target "{target}"' if target else "")
        + (f' --release "{release}"' if release else "")
        + (" --dry-run" if dry_run else "")
        + (" --force" if force else ""),
    )


@task(
    name="go-live",
    help={
        "target": "where to deploy (default: DEPLOY_TARGET in publishconf.py)",
        "only": "checks to run before publishing, comma-separated (default: all)",
    },
)
def go_live(c, target="", only="links,html,accessibility,feeds,budget"):
    """Publish and deploy if an embargo lifted or an item expired since the last publish.

    Quick when nothing is due; the timer of `invoke schedule` runs it every few minutes."""
    run(
        c,
        f'"{PYTHON}" -m iomsite.tools.go_live --settings "{ROOT / "publishconf.py"}" '
        f'--public "{ROOT / "public"}" --only {only}' + (f' --target "{target}"' if target else ""),
    )


@task(name="check-content")
def check_content(c):
    """List every problem in the content files, as file:line: problem — how to fix."""
    run(c, f'"{PYTHON}" -m iomsite.tools.check_content "{ROOT / "pelicanconf.py"}"')


@task(
    help={
        "kind": KIND_WORDS,
        "title": "the title, in quotes",
        "lang": f"{model.DEFAULT_LANGUAGE} (default), {', '.join(model.TRANSLATED_LANGUAGES)}",
        "translation_of": "for a translation: the slug of the English original",
        "issue": "for a story or issue: the issue folder, e.g. 2012",
    }
)
def new(c, kind, title, lang="en", translation_of="", issue=""):
    """Create a new content file with today's date and the fields it needs."""
    from iomsite.tools.scaffold import ScaffoldError, new_content

    try:
        path = new_content(
            kind, title, lang=lang, translation_of=translation_of, issue=issue, content_dir=ROOT / "content"
        )
    except ScaffoldError as exc:
        print(f"Could not create the file: {exc}")
        sys.exit(1)
    print(f"Created {path.relative_to(ROOT)} — open it, write the text, then run: invoke build")


@task(
    help={
        "html": "also write the table as a page to this file (for the office; not published)",
        "mark_current": "a translation that now matches its English (after a review)",
    }
)
def translations(c, html="", mark_current=""):
    """List every translation: current, outdated (what changed in the English), missing."""
    extra = f' --html "{html}"' if html else ""
    extra += f' --mark-current "{mark_current}"' if mark_current else ""
    run(c, f'"{PYTHON}" -m iomsite.tools.translations --content "{ROOT / "content"}"{extra}')


# --- Interface translations (gettext catalogues in i18n/, managed with Babel) ---------------
I18N = ROOT / "i18n"
POT = I18N / "messages.pot"
TRANSLATED_LANGUAGES = model.TRANSLATED_LANGUAGES


@task(name="i18n-extract")
def i18n_extract(c):
    """Collect the theme's interface strings into i18n/messages.pot."""
    run(
        c,
        f'"{PYTHON}" -m babel.messages.frontend extract --no-location --sort-output -k Nn_:1,2 '
        f'--project "IOM Tajikistan website" -F "{I18N / "babel.cfg"}" -o "{POT}" "{ROOT}"',
    )


@task(name="i18n-update", pre=[i18n_extract])
def i18n_update(c):
    """Extract, then add new strings to each language's .po file (translate them, e.g. in Poedit)."""
    for lang in TRANSLATED_LANGUAGES:
        po = I18N / lang / "LC_MESSAGES" / "messages.po"
        action = "update" if po.exists() else "init"
        c.run(
            f'"{PYTHON}" -m babel.messages.frontend {action} -D messages -i "{POT}" '
            f'-d "{I18N}" -l {lang} --no-wrap'
            + (" --ignore-obsolete --no-fuzzy-matching" if action == "update" else "")
        )


@task(name="i18n-compile")
def i18n_compile(c):
    """Compile the .po files to .mo (the build also does this by itself when needed)."""
    run(c, f'"{PYTHON}" -m babel.messages.frontend compile -D messages -d "{I18N}" --statistics')


@task(name="i18n-report")
def i18n_report(c):
    """List content that is not translated into every language, and untranslated interface strings."""
    run(c, f'"{PYTHON}" -m iomsite.tools.i18n_report "{ROOT / "pelicanconf.py"}"')
