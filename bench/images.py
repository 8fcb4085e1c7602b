"""Image pipeline benchmark: images per second on one core and on all cores, and the time of
a rebuild with a warm cache. Not a test: it prints figures.

    python bench/images.py [--photos 40] [--size 2000x1333]
"""

import argparse
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFilter

from iomsite.plugins.images.plugin import DEFAULTS, Pipeline

ROOT = Path(__file__).resolve().parent.parent


def make_photos(folder: Path, count: int, size) -> list[Path]:
    """Deterministic photo-like images: smooth colour fields with fine grain (like real photos,
    unlike flat colours, they cost real encoding time)."""
    rng = random.Random(1993)
    paths = []
    for index in range(count):
        small = Image.new("RGB", (size[0] // 40, size[1] // 40))
        small.putdata(
            [
                (rng.randrange(256), rng.randrange(256), rng.randrange(256))
                for _ in range(small.width * small.height)
            ]
        )
        image = small.resize(size, Image.BICUBIC).filter(ImageFilter.GaussianBlur(2))
        grain = Image.effect_noise(size, 24).convert("RGB")
        image = Image.blend(image, grain, 0.12)
        path = folder / f"photo-{index:03d}.jpg"
        image.save(path, "JPEG", quality=88)
        paths.append(path)
    return paths


def run(content: Path, photos, workers: int) -> tuple[float, int]:
    settings = {
        "PATH": str(content),
        "SITEURL": "",
        **DEFAULTS,
        "IMAGE_WORKERS": workers,
        "IMAGE_CACHE_PATH": f"cache-{workers}",
    }
    pipeline = Pipeline(settings)
    started = time.perf_counter()
    for photo in photos:
        pipeline.variants(photo.resolve(), settings["IMAGE_WIDTHS"])
    pipeline.run_jobs()
    return time.perf_counter() - started, pipeline.processed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--size", default="2000x1333")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        (content / "images").mkdir(parents=True)
        photos = make_photos(content / "images", args.photos, size)
        one, files = run(content, photos, 1)
        shutil.rmtree(Path(tmp) / "cache-1")
        many, _ = run(content, photos, cores)
        warm, redone = run(content, photos, cores)
    print(
        f"{args.photos} photos of {size[0]}x{size[1]}, widths {DEFAULTS['IMAGE_WIDTHS']}, WebP + JPEG "
        f"({files} files)"
    )
    print(f"{'':24}{'seconds':>10}{'images/s':>10}")
    print(f"{'1 core':24}{one:10.1f}{args.photos / one:10.2f}")
    print(f"{f'{cores} cores':24}{many:10.1f}{args.photos / many:10.2f}   speed-up {one / many:.2f}x")
    print(f"{'rebuild, warm cache':24}{warm:10.2f}{'':10}   files processed: {redone}")


if __name__ == "__main__":
    main()
