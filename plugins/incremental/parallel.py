"""Render pages on every core.

Pelican renders one page after another. The writer (writer.py) lets Pelican do everything for
a page except rendering it — pagination, the template context, the `content_written` signal
that the sitemap and others listen to — and keeps (template, context, file) as a job. When all
pages are known, `render_all` forks one process per core: each inherits the whole site as it
is in memory (nothing is copied or pickled), renders its share of the jobs, writes the files,
and sends back only what rendering noted (effects.py) and what it logged. The build process
waits (what rendering leaves in memory leaves with them), then replays their log records, so
a warning in a template fails the build as before.
"""

import gc
import logging
import os
import pickle
import traceback
from collections import ChainMap
from contextlib import contextmanager

from . import effects, logrecords
from .api import switched_off

MIN_JOBS_PER_PROCESS = 20


class RenderError(Exception):
    pass


class Job:
    __slots__ = ("template", "context", "path", "call")

    def __init__(self, template, context, call):
        self.template, self.context, self.path, self.call = template, context, None, call


def render_one(job) -> list:
    context = job.context
    if type(context) is ChainMap:
        # A waiting page's own values over the site's (writer.SiteSnapshot): merged into one
        # dict here, at C speed, since Jinja copies the context key by key, which costs a
        # ChainMap a lookup through both maps per key (0.1 ms a page).
        own, site = context.maps
        context = {**site, **own}
    with effects.capture() as notes:
        html = job.template.render(context)
    os.makedirs(os.path.dirname(job.path), exist_ok=True)  # here, on every core (writer.py)
    with open(job.path, "w", encoding="utf-8") as handle:
        handle.write(html)
    return notes


@contextmanager
def collecting_cycles():
    """Rendering many pages with the garbage collector's usual thresholds. The build collects
    rarely while it reads (tools/build.py: its objects live to the end), but each page rendered
    leaves reference cycles behind (Jinja's contexts, modules and macros point to each other):
    left to the rare collections, they took three times the memory (bench/README.md)."""
    kept = gc.get_threshold()
    gc.set_threshold(*USUAL_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*kept)


USUAL_THRESHOLDS = (700, 10, 10)  # CPython's own


def _child(jobs, share, write_fd) -> None:
    """In the forked process: render, then send [(index, notes, error)] and log records."""
    forwarder = logrecords.Recorder()
    root = logging.getLogger()
    root.handlers = [forwarder]  # the build process prints and counts them, once
    done = []
    gc.freeze()  # the inherited site is left alone by the collections below (and not copied)
    try:
        with collecting_cycles():
            for index in share:
                done.append((index, render_one(jobs[index]), None))
    except Exception:
        done.append((index, [], traceback.format_exc(limit=8)))
    with os.fdopen(write_fd, "wb") as pipe:
        pipe.write(pickle.dumps((done, forwarder.records)))


def spawn(jobs: list, shares) -> list:
    """Fork one process per share of the jobs; they render while this process goes on."""
    children = []
    for share in shares:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into Pelican
            status = 1
            try:
                os.close(read_fd)
                _child(jobs, share, write_fd)
                status = 0
            finally:
                os._exit(status)
        os.close(write_fd)
        children.append((pid, read_fd))
    return children


def collect(children, jobs: list, results: list) -> str:
    """Wait for the children, fill in `results`, replay their log records; an error or ""."""
    failure = ""
    for pid, read_fd in children:
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if not data:
            failure = failure or f"a rendering process stopped (status {status})"
            continue
        done, records = pickle.loads(data)
        logrecords.replay(records)
        for index, notes, error in done:
            if error:
                failure = failure or f"{jobs[index].path}: {error}"
            else:
                results[index] = notes
    return failure


def shares_of(jobs: list, workers: int) -> list:
    workers = max(1, min(workers, len(jobs) // MIN_JOBS_PER_PROCESS))
    return [range(start, len(jobs), workers) for start in range(workers)]


def check(jobs: list, results: list, failure: str) -> list:
    if failure:
        raise RenderError(failure)
    missing = [jobs[i].path for i, notes in enumerate(results) if notes is None]
    if missing:
        raise RenderError(f"{len(missing)} page(s) were not rendered, e.g. {missing[0]}")
    return results


def render_all(jobs: list, workers: int) -> list:
    """Notes of each job, in order. Raises RenderError if a page could not be rendered.

    With more than one share, forked processes render them all while this one waits: what
    rendering leaves behind (garbage, the allocator's free blocks, caches) goes with processes
    that end, not with the build's, which lives on to make the search index and whose memory
    is the build's peak. One share is rendered here: forking a process that holds the whole
    site costs more than a few pages."""
    shares = shares_of(jobs, workers)
    here = shares[0] if len(shares) == 1 else range(0)
    children = spawn(jobs, shares if len(shares) > 1 else [])
    results: list = [None] * len(jobs)
    try:
        # With the build's thresholds: a few pages leave little garbage, and the usual
        # thresholds would first scan all the young objects the build has piled up.
        for index in here:
            results[index] = render_one(jobs[index])
    finally:
        failure = collect(children, jobs, results)  # always, even after a failure here
    return check(jobs, results, failure)


class Background:
    """Jobs rendered by forked processes while the build goes on with other work."""

    def __init__(self, jobs: list, workers: int):
        self.jobs = jobs
        self.children = spawn(jobs, shares_of(jobs, workers))

    def results(self) -> list:
        results: list = [None] * len(self.jobs)
        return check(self.jobs, results, collect(self.children, self.jobs, results))


def worker_count(settings) -> int:
    if switched_off("parallel"):
        return 1
    wanted = settings.get("RENDER_WORKERS", 0)
    if wanted:
        return wanted
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
