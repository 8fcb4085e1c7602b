"""The preview (`invoke livereload`) timed from outside, as bench/hugo_peer.py times `hugo server`:
append a sentence to an article, poll its page over HTTP until the sentence is served. Also the
seconds until the whole site is rebuilt behind it. Used by bench/run.py (the synthetic corpus)
and bench/real_site.py (the real content)."""

import re
import time
from pathlib import Path

from hugo_peer import wait_for


def preview_edits(
    work: Path, output: Path, runs: int, article: str = "news/item-00001.ru.md", folder: str = "/ru/news/"
):
    """([seconds to the page served], [seconds to the whole site rebuilt]), one per run, for
    the site whose settings are work/pelicanconf.py; `article` relative to work/content, its
    page at FOLDER + its slug."""
    from iomsite.tools.preview import PreviewServer, watched_paths

    settings = work / "pelicanconf.py"
    server = PreviewServer(settings, output, watched_paths(settings), say=lambda text: None)
    port = server.start(port=0, host="127.0.0.1")
    target = work / "content" / article
    slug = re.search(r"^slug: (.+)$", target.read_text(encoding="utf-8"), re.M).group(1).strip()
    url = f"http://127.0.0.1:{port}{folder}{slug}/"
    served, followed = [], []
    try:
        for run in range(runs):
            sentence = f"A preview edit, run {run}."
            time.sleep(1)  # the watcher settled after the previous edit, as for Hugo
            server.builder.quick_page(Path("/nothing.md"))  # answered once it is ready for edits
            started = time.perf_counter()
            target.write_text(target.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
            served.append(wait_for(url, sentence))
            while server.built_through < server.saves or server.pending.is_set():
                time.sleep(0.01)
            followed.append(time.perf_counter() - started)
            assert server.app.problems == "", server.app.problems
    finally:
        server.stop()
    assert server.quick_differed == [], server.quick_differed
    return served, followed
