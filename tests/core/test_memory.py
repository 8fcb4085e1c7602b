"""core/memory.py: the build's process gives back memory between its phases (glibc's malloc,
which Debian, the site's host and CI have). Each case runs in a fresh interpreter, since the
calls change the whole process; each has its control, where the memory stays."""

import platform
import subprocess
import sys

import pytest

# Elsewhere (musl, macOS) core/memory.py does nothing, by design.
pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")

PROBE = """
import sys
from iomsite.core.memory import give_back_free_memory, map_large_blocks

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024

mode = sys.argv[1]
before = rss_mb()
if mode.startswith("map"):
    if mode == "map":
        map_large_blocks()
    first = bytearray(300_000)
    del first  # glibc raises its threshold when this is freed, unless it is fixed
    before = rss_mb()
    pins, blocks = [], []
    for _ in range(200):  # 40 MB of large blocks, small ones still in use between them
        blocks.append(bytearray(200_000))
        pins.append(bytearray(1000))
    del blocks
else:
    blocks = [bytearray(4000) for _ in range(20_000)]  # 80 MB in the heap
    pin = bytearray(4000)  # above them: the heap's top is not free
    del blocks
    if mode == "trim":
        give_back_free_memory()
print(rss_mb() - before)
"""


def grown_mb(mode: str) -> float:
    proc = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return float(proc.stdout)


def test_memory_freed_inside_the_heap_goes_back_when_asked():
    assert grown_mb("trim-control") > 60
    assert grown_mb("trim") < 10


def test_large_blocks_freed_go_back_once_they_are_mapped_on_their_own():
    assert grown_mb("map-control") > 30
    assert grown_mb("map") < 10
