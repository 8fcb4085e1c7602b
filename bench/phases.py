"""Where one build's time goes: runs `tools.build` (same arguments) in this process and prints
the time at each of Pelican's stages, from the start of this script.

    python bench/phases.py --settings bench/.work/a1000-p200/pelicanconf.py \
        --output bench/.work/a1000-p200/output --no-search

Stages: modules imported; plugins initialised; articles read (`article_generator_finalized`);
translations and other site-wide steps (`get_writer`); article pages written
(`article_writer_finalized`); listings, feeds, images and the queued pages rendered
(`finalized`); the caches saved, the content check's verdict, the files moved into place
(`end`). Each mark is taken when its signal is sent, before the plugins' handlers of that
signal run (they are connected later).
"""

import os
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent

from pelican import signals  # noqa: E402 (imports are part of what is measured)

from iomsite.tools.build import main  # noqa: E402

STAGES = ("initialized", "article_generator_finalized", "get_writer", "article_writer_finalized", "finalized")
marks = [("modules imported", time.perf_counter())]


def marker(name):
    def mark(*args, **kwargs):
        marks.append((name, time.perf_counter()))

    return mark


for stage in STAGES:
    getattr(signals, stage).connect(marker(stage), weak=False)

status = main(sys.argv[1:])
marks.append(("end", time.perf_counter()))
previous = STARTED
for name, moment in marks:
    print(f"{moment - STARTED:6.2f} s  (+{moment - previous:5.2f})  {name}")
    previous = moment
sys.stdout.flush()
os._exit(status)
