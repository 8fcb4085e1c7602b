"""Find and vet an image that content refers to, before anything is decoded.

Every problem becomes an ImageError whose message names the image and says how to fix it; the
caller adds the content file.
"""

import hashlib
import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

ORIENTATION_TAG = 0x0112
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
ACCEPTED = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class ImageError(Exception):
    """A problem with an image, worded for the writer."""


@dataclass(frozen=True)
class ImageSource:
    path: Path
    relative: str  # path inside content/, as the writer would write it
    width: int  # upright width (orientation applied)
    height: int
    format: str  # JPEG, PNG, ...
    has_alpha: bool
    digest: str  # sha256 of the file's bytes


def strip_link_syntax(src: str) -> str:
    """`{static}/images/a.jpg`, `{attach}a.jpg`, `|static|...` -> the path part."""
    return re.sub(r"^(\{(static|attach|filename)\}|\|(static|attach|filename)\|)", "", src)


def resolve(src: str, content_file: Path, content_dir: Path) -> Path:
    """The file an image reference points to; refuses paths outside the content folder."""
    content_dir = content_dir.resolve()
    path_part = strip_link_syntax(src).split("?")[0].split("#")[0]
    if path_part.startswith("/"):
        candidate = content_dir / path_part.lstrip("/")
    else:
        candidate = content_file.parent / path_part
    resolved = candidate.resolve()
    if content_dir not in resolved.parents:
        raise ImageError(
            f"'{src}' points outside the content folder — put the image in "
            "content/images/ and refer to it as {static}/images/<name>"
        )
    return resolved


def inspect(path: Path, content_dir: Path, max_pixels: int) -> ImageSource:
    relative = path.relative_to(content_dir.resolve()).as_posix()
    if not path.is_file():
        raise ImageError(
            f"image '{relative}' does not exist — check the file name (and its "
            "capital letters) in content/images/"
        )
    if path.suffix.lower() == ".svg":
        raise ImageError(
            f"'{relative}' is an SVG: SVG files can carry scripts and are not "
            "published — export it as PNG (for logos and drawings) or JPEG"
        )
    data = path.read_bytes()
    try:
        with warnings.catch_warnings():
            # Our own, lower limit below gives the clearer message; Pillow still refuses
            # (DecompressionBombError) anything over twice its MAX_IMAGE_PIXELS.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as probe:
                probe.verify()  # structure check without decoding every pixel (must come first)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise ImageError(
                        f"'{relative}' is {width}x{height} pixels ({width * height / 1e6:.0f} "
                        f"megapixels), more than the limit of {max_pixels / 1e6:.0f} — resize it "
                        "to at most 4000 pixels wide before adding it"
                    )
                fmt = image.format
                if fmt not in ACCEPTED:
                    raise ImageError(f"'{relative}' is a {fmt} image — use JPEG or PNG")
                orientation = image.getexif().get(ORIENTATION_TAG, 1)
                has_alpha = image.mode in ("RGBA", "LA", "PA") or (
                    image.mode == "P" and "transparency" in image.info
                )
                if fmt == "JPEG":
                    # verify() does not read a JPEG's pixels: decoded at an eighth of its size
                    # (a few milliseconds), a file cut short is found here, not while processing
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except ImageError:
        raise
    except Image.DecompressionBombError:
        raise ImageError(
            f"'{relative}' is too large to open safely (a decompression bomb?) — "
            "resize it to at most 4000 pixels wide"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, RuntimeError) as exc:
        said = str(exc).replace(f" '{path}'", "").replace(str(path), relative)  # no absolute path
        raise ImageError(
            f"'{relative}' is not a readable image ({said}) — open it in an image "
            "editor and save it again as JPEG or PNG"
        ) from None
    if orientation in ROTATED:
        width, height = height, width
    return ImageSource(path, relative, width, height, fmt, has_alpha, hashlib.sha256(data).hexdigest())


class KnownSources:
    """What `inspect` found for each image, kept between builds (`.sources.json` in the image
    cache) and trusted while the file's inode, size, modification and change times are the
    same: a rebuild then opens none of the photos (hashing a few hundred photos took a quarter
    of a second). An image whose inspection failed is not kept: it is inspected, and its
    problem reported, on every build."""

    def __init__(self, file: Path, max_pixels: int):
        self.file = file
        self.max_pixels = max_pixels
        try:
            stored = json.loads(file.read_text(encoding="utf-8"))
            self.known = stored["sources"] if stored.get("max_pixels") == max_pixels else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.known = {}
        self.used: dict = {}

    @staticmethod
    def _signature(path: Path):
        stat = path.stat()
        return [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]

    def inspect(self, path: Path, content_dir: Path) -> ImageSource:
        key = str(path)
        try:
            signature = self._signature(path)
        except OSError:
            signature = None
        entry = self.known.get(key)
        if signature is not None and entry is not None and entry["signature"] == signature:
            self.used[key] = entry
            return ImageSource(
                path,
                path.relative_to(content_dir.resolve()).as_posix(),
                entry["width"],
                entry["height"],
                entry["format"],
                entry["has_alpha"],
                entry["digest"],
            )
        found = inspect(path, content_dir, self.max_pixels)
        if signature is not None:
            self.used[key] = {
                "signature": signature,
                "width": found.width,
                "height": found.height,
                "format": found.format,
                "has_alpha": found.has_alpha,
                "digest": found.digest,
            }
        return found

    def save(self) -> None:
        if self.used == self.known:
            return
        partial = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        partial.write_text(
            json.dumps({"max_pixels": self.max_pixels, "sources": self.used}), encoding="utf-8"
        )
        os.replace(partial, self.file)
