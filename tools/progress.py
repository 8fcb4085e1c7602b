"""Progress of long builds: the stage, and how many of how many. Quiet when fast: nothing is
printed until the build has run for QUIET_SECONDS.

    [  4.1 s] read 3030 articles; preparing pages
    [  5.0 s] articles prepared: 250 of 3030         (rendered later, or reused as they were)
    [  6.0 s] rendering 3030 pages on 2 processes; in the background
    [  9.0 s] rendering 3680 pages on 2 processes; waiting for them
    [ 21.0 s] pages written; finishing images, feeds and the search index
"""

import sys
import time

from pelican import signals

from iomsite.plugins.incremental.api import rendering_started

QUIET_SECONDS = 2.0
EVERY = 250  # articles between two progress lines
MIN_INTERVAL = 1.0  # seconds between two count lines (a rebuild prepares thousands a second)


class Progress:
    def __init__(self, out=sys.stdout):
        self.out = out
        self.started = time.perf_counter()
        self.articles = 0
        self.written = 0
        self.last_line = None  # when the last line was printed
        signals.all_generators_finalized.connect(self.read, weak=False)
        signals.content_written.connect(self.wrote, weak=False)
        signals.finalized.connect(self.done, weak=False)
        rendering_started.connect(self.rendering, weak=False)

    def say(self, message: str, count: bool = False):
        """Print a line once the build has run QUIET_SECONDS; a `count` line only if the last
        line is a second old (a rebuild goes through thousands of reused pages a second)."""
        now = time.perf_counter()
        elapsed = now - self.started
        if elapsed < QUIET_SECONDS:
            return
        if count and self.last_line is not None and now - self.last_line < MIN_INTERVAL:
            return
        self.last_line = now
        print(f"  [{elapsed:5.1f} s] {message}", file=self.out, flush=True)

    def read(self, generators):
        self.articles = sum(
            len(getattr(g, "articles", [])) + len(getattr(g, "translations", [])) for g in generators
        )
        self.say(f"read {self.articles} articles; preparing pages")

    def wrote(self, path, context):
        if context.get("article") is not None:
            self.written += 1
            if self.written % EVERY == 0 or self.written == self.articles:  # the last one always
                self.say(
                    f"articles prepared: {self.written} of {self.articles}",
                    count=self.written != self.articles,
                )

    def rendering(self, pages, processes=1, background=False):
        where = "in the background" if background else "waiting for them"
        self.say(f"rendering {pages} pages on {processes} process{'es' if processes != 1 else ''}; {where}")

    def done(self, pelican):
        self.say("pages written; finishing images, feeds and the search index")

    def close(self):
        signals.all_generators_finalized.disconnect(self.read)
        signals.content_written.disconnect(self.wrote)
        signals.finalized.disconnect(self.done)
        rendering_started.disconnect(self.rendering)
