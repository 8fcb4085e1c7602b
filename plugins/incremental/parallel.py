"""Render pages on every core.

Pelican renders one page after another. The writer (writer.py) lets Pelican do everything for
a page except rendering it — pagination, the template context, the `content_written` signal
that the sitemap and others listen to — and keeps (template, context, file) as a job. When all
pages are known, `render_all` forks one process per extra core: each inherits the whole site
as it is in memory (nothing is copied or pickled), renders its share of the jobs, writes the
files, and sends back only what rendering noted (render_effects) and what it logged. The build
process renders its own share meanwhile, then replays the others' log records, so a warning in
a template fails the build as before.
"""
import logging
import os
import pickle
import traceback

import render_effects
from blinker import signal

MIN_JOBS_PER_PROCESS = 20
rendering_progress = signal("incremental-rendering-progress")  # (done, total), for progress lines


class RenderError(Exception):
    pass


class Job:
    __slots__ = ("template", "context", "path", "call")

    def __init__(self, template, context, call):
        self.template, self.context, self.path, self.call = template, context, None, call


def render_one(job) -> list:
    with render_effects.capture() as notes:
        html = job.template.render(job.context)
    with open(job.path, "w", encoding="utf-8") as handle:
        handle.write(html)
    return notes


class _Forwarder(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        if record.levelno >= logging.WARNING:
            self.records.append((record.name, record.levelno, record.getMessage()))


def _child(jobs, share, write_fd) -> None:
    """In the forked process: render, then send [(index, notes, error)] and log records."""
    forwarder = _Forwarder()
    root = logging.getLogger()
    root.handlers = [forwarder]  # the build process prints and counts them, once
    done = []
    try:
        for index in share:
            done.append((index, render_one(jobs[index]), None))
    except Exception:
        done.append((index, [], traceback.format_exc(limit=8)))
    with os.fdopen(write_fd, "wb") as pipe:
        pipe.write(pickle.dumps((done, forwarder.records)))


def render_all(jobs: list, workers: int) -> list:
    """Notes of each job, in order. Raises RenderError if a page could not be rendered."""
    workers = max(1, min(workers, len(jobs) // MIN_JOBS_PER_PROCESS))
    shares = [range(start, len(jobs), workers) for start in range(workers)]
    children = []
    for share in shares[1:]:
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

    results: list = [None] * len(jobs)
    failure = None
    try:
        for done, index in enumerate(shares[0], 1):
            results[index] = render_one(jobs[index])
            if done % 50 == 0:
                rendering_progress.send(done * workers, total=len(jobs))
    finally:
        for pid, read_fd in children:  # always collect the children, even after a failure
            with os.fdopen(read_fd, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            if not data:
                failure = failure or f"a rendering process stopped (status {status})"
                continue
            done, records = pickle.loads(data)
            for name, level, message in records:
                logging.getLogger(name).log(level, message)
            for index, notes, error in done:
                if error:
                    failure = failure or f"{jobs[index].path}: {error}"
                else:
                    results[index] = notes
    if failure:
        raise RenderError(failure)
    missing = [jobs[i].path for i, notes in enumerate(results) if notes is None]
    if missing:
        raise RenderError(f"{len(missing)} page(s) were not rendered, e.g. {missing[0]}")
    return results


def worker_count(settings) -> int:
    wanted = settings.get("RENDER_WORKERS", 0)
    if wanted:
        return wanted
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
