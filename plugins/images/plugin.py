"""The image pipeline (see README.md for why not pelican-image-process).

1. While content is read, every <img> in it and every lead image (`image:` in front matter) is
   vetted (sources.py) and replaced by <picture> markup pointing at its derivatives; problems
   are reported as `file:line: problem — fix` and fail the build.
2. Before any page is written, all derivatives missing from the cache are made, on every CPU
   core (derivatives.py); lead images then know their published size for feed enclosures.
3. Templates may add images with `picture(path, alt)` (donor logos); those are made at the end.
4. At the end, the derivatives are linked from the cache into output/media/ and a summary line
   says how many were processed and how many came from the cache.
"""

import logging
import os
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from html import escape
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.contents import Article, Page

from iomsite.core import buildreport
from iomsite.core.datafiles import line_of

from ..incremental import api as incremental
from .derivatives import Job, make, missing, plan
from .markup import picture
from .sources import ImageError, KnownSources, resolve, strip_link_syntax

log = logging.getLogger(__name__)
IMG_TAG = re.compile(r"<img\b[^>]*>")
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')

DEFAULTS = {
    "IMAGE_WIDTHS": [480, 960, 1600],
    "IMAGE_QUALITY": {"webp": 75, "jpeg": 78},
    "IMAGE_MAX_PIXELS": 50_000_000,
    "IMAGE_CACHE_PATH": "cache/images",
    "IMAGE_OUTPUT_DIR": "media",
    "IMAGE_WORKERS": 0,  # 0: one per CPU core
    "IMAGE_SIZES": "(min-width: 44rem) 40rem, calc(100vw - 2rem)",
    "IMAGE_CLASS_SIZES": {},  # class -> [sizes attribute, [widths]]
}


class Pipeline:
    def __init__(self, settings):
        self.settings = settings
        for key, value in DEFAULTS.items():
            settings.setdefault(key, value)
        self.content_dir = Path(settings["PATH"]).resolve()
        root = self.content_dir.parent
        self.cache_dir = (root / settings["IMAGE_CACHE_PATH"]).resolve()
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.url_prefix = f"{settings['SITEURL']}/{settings['IMAGE_OUTPUT_DIR']}/"
        self.jobs = {}  # (source path, widths) -> Job
        self.published = {}  # variant name -> Variant
        self.processed = 0
        self.seconds = 0.0  # spent on images in this build (checking, making, publishing)
        self.sources = {}  # path -> ImageSource (vetted once per build)
        self.known_sources = KnownSources(self.cache_dir / ".sources.json", settings["IMAGE_MAX_PIXELS"])
        self.users = {}  # path -> {(content file, reference): None} for error messages
        self.resolved = {}  # path as a template gives it -> source file
        self.replanned = {}  # (path, widths) of a replayed note -> its files' names

    def source(self, path: Path):
        if path not in self.sources:
            started = time.perf_counter()
            self.sources[path] = self.known_sources.inspect(path, self.content_dir)
            self.seconds += time.perf_counter() - started
        return self.sources[path]

    def variants(self, path: Path, widths):
        """The derivatives of an image at these widths, planned once per build (templates ask
        for the share image on every page), and noted: a page or an article kept from the
        previous build (plugins/incremental) is not made again, so the note is replayed."""
        key = (path, tuple(widths))
        if key not in self.jobs:
            source = self.source(path)
            stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "image"
            variants = plan(source, widths, self.settings["IMAGE_QUALITY"], stem)
            self.jobs[key] = Job(path, variants, tuple(sorted(self.settings["IMAGE_QUALITY"].items())))
            for variant in variants:
                self.published[variant.name] = variant
        variants = self.jobs[key].variants
        if incremental.capturing():
            incremental.note("image", [str(path), list(widths), [v.name for v in variants]])
        return variants

    def sizes_and_widths(self, css_class: str):
        for name in css_class.split():
            if name in self.settings["IMAGE_CLASS_SIZES"]:
                sizes, widths = self.settings["IMAGE_CLASS_SIZES"][name]
                return sizes, widths
        return self.settings["IMAGE_SIZES"], self.settings["IMAGE_WIDTHS"]

    def render(self, path: Path, alt_html: str, eager: bool, css_class: str = ""):
        sizes, widths = self.sizes_and_widths(css_class)
        variants = self.variants(path, widths)
        return picture(variants, alt_html, sizes, self.url_prefix, eager, css_class)

    def theme_source(self, path: str) -> Path:
        """The file a template names (`images/share-en.png`), looked up once per build:
        templates ask for the share image on every page."""
        if path not in self.resolved:
            self.resolved[path] = resolve(
                "/" + strip_link_syntax(path).lstrip("/"), self.content_dir / "theme", self.content_dir
            )
        return self.resolved[path]

    def use(self, path: Path, content_file: Path, reference: str):
        users = self.users.setdefault(path, {})  # a dict keeps the order of first use
        users.setdefault((content_file, reference), None)
        incremental.note("image-use", [str(path), str(content_file), reference])

    def run_jobs(self):
        """Make every derivative missing from the cache, on all cores. An image that cannot be
        decoded (e.g. a truncated file, which the header check cannot see) is reported against
        every content file that uses it."""
        started = time.perf_counter()
        todo = [job for job in self.jobs.values() if missing(job, self.cache_dir)]
        workers = self.settings["IMAGE_WORKERS"] or os.cpu_count() or 1
        if len(todo) > 1 and workers > 1:
            with ProcessPoolExecutor(max_workers=min(workers, len(todo))) as pool:
                futures = [(job, pool.submit(make, job, self.cache_dir)) for job in todo]
                outcomes = [(job, future.exception(), future) for job, future in futures]
                results = [
                    (job, error, None if error else future.result()) for job, error, future in outcomes
                ]
        else:
            results = []
            for job in todo:
                try:
                    results.append((job, None, make(job, self.cache_dir)))
                except Exception as exc:  # reported below, like the pool's
                    results.append((job, exc, None))
        for job, error, count in results:
            if error is None:
                self.processed += count
                continue
            relative = job.source.relative_to(self.content_dir).as_posix()
            for content_file, reference in self.users.get(job.source, [(None, relative)]):
                where = (
                    f"{shown(content_file)}:{line_of(content_file, reference)}" if content_file else relative
                )
                log.error(
                    "%s: '%s' is not a readable image (%s) — open it in an image editor and "
                    "save it again as JPEG or PNG",
                    where,
                    relative,
                    error,
                )
        self.seconds += time.perf_counter() - started

    def publish(self, output: Path):
        """Link every published file from the cache into the output. A rebuild that writes
        only what changed (`incremental.previous_output`) lists the files
        the previous output already holds, as links to the same cache files, instead of
        linking them again: on a large archive, linking, moving and deleting every image on
        each rebuild cost more than the rest of putting an edit in place."""
        started = time.perf_counter()
        folder = self.settings["IMAGE_OUTPUT_DIR"]
        target = output / folder
        in_cache = inodes_in(self.cache_dir)
        previous = incremental.previous_output(self.settings)
        in_previous = inodes_in(previous / folder) if previous else {}
        kept = []
        for name in self.published:
            if name not in in_cache:
                continue  # its source failed to process, which is already reported
            if in_previous.get(name) == in_cache[name]:
                kept.append(f"{folder}/{name}")
                continue
            destination = target / name
            if not destination.exists():
                target.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(self.cache_dir / name, destination)  # no copy when on one disk
                except OSError:
                    shutil.copyfile(self.cache_dir / name, destination)
        incremental.keep(output, "images", kept)
        self.seconds += time.perf_counter() - started


def inodes_in(folder: Path) -> dict:
    """{file name: inode} of a folder's files, from one listing (no file is opened or stat'ed)."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name: entry.inode() for entry in entries if entry.is_file(follow_symlinks=False)}
    except OSError:
        return {}


_pipeline: Pipeline | None = None


def shown(path) -> str:
    """A content file's path as the writer sees it (content/...)."""
    try:
        return Path(path).resolve().relative_to(_pipeline.content_dir.parent).as_posix()
    except ValueError:
        return str(path)


def start(pelican):
    global _pipeline
    _pipeline = Pipeline(pelican.settings)


@incremental.replayable  # changes only the object, notes the images it plans
def rewrite_content(content):
    """Replace each <img> of an article or page by <picture> markup (at read time)."""
    if not isinstance(content, (Article, Page)) or _pipeline is None:
        return
    source_file = Path(content.source_path)
    has_lead = bool(getattr(content, "image", None))
    state = {"first": not has_lead}

    def replace(match):
        attributes = dict(ATTRIBUTE.findall(match.group(0)))
        src = attributes.get("src", "")
        css_class = attributes.get("class", "")
        alt = "" if "decorative" in css_class.split() else attributes.get("alt", "")
        try:
            path = resolve(src, source_file, _pipeline.content_dir)
            _pipeline.use(path, source_file, src.split("}")[-1])
            html = _pipeline.render(path, alt, state["first"], css_class)
        except ImageError as exc:
            log.error("%s:%d: %s", shown(source_file), line_of(source_file, src.split("}")[-1]), exc)
            return match.group(0)
        state["first"] = False
        return html

    if content._content and "<img" in content._content:
        content._content = IMG_TAG.sub(replace, content._content)
    if has_lead:
        alt = getattr(content, "image_alt", "")
        if not alt:
            log.error(
                "%s:%d: the lead image has no 'image_alt' — add a line 'image_alt: <what the photo shows>'",
                shown(source_file),
                line_of(source_file, "image:"),
            )
            return
        try:  # `image:` is a path inside content/, e.g. images/market.jpg
            path = resolve(
                "/" + strip_link_syntax(content.image).lstrip("/"), source_file, _pipeline.content_dir
            )
            _pipeline.use(path, source_file, "image:")
            content.lead_picture = Markup(
                _pipeline.render(path, escape(alt), eager=True, css_class="lead-image")
            )
            content.lead_variants = _pipeline.variants(path, _pipeline.settings["IMAGE_WIDTHS"])
        except ImageError as exc:
            log.error("%s:%d: %s", shown(source_file), line_of(source_file, "image:"), exc)


def make_early(generators):
    """Process before pages are written, so lead images know their published file sizes."""
    if _pipeline is None:
        return
    _pipeline.run_jobs()
    for generator in generators:
        for content in getattr(generator, "articles", []) + getattr(generator, "translations", []):
            variants = getattr(content, "lead_variants", None)
            if variants:
                jpeg = [v for v in variants if v.format != "webp"]
                chosen = next((v for v in jpeg if v.width >= 960), jpeg[-1])
                cached = _pipeline.cache_dir / chosen.name
                if cached.exists():  # site-relative URL; the feeds make it absolute
                    content.image_enclosure = (
                        f"{_pipeline.settings['IMAGE_OUTPUT_DIR']}/{chosen.name}",
                        str(cached.stat().st_size),
                        chosen.mime,
                    )


def reuse(note) -> bool:
    """An image use noted while an article was read (for error messages about the image)."""
    path, content_file, reference = note
    _pipeline.use(Path(path), Path(content_file), reference)
    return True


def replan(note) -> bool:
    """Plans the image again; False if its files are not the ones the page was made with (the
    image changed: the page must be rendered again)."""
    path, widths, names = note
    key = (path, tuple(widths))
    if key not in _pipeline.replanned:  # thousands of pages show the same share image
        try:
            _pipeline.replanned[key] = [v.name for v in _pipeline.variants(Path(path), widths)]
        except ImageError:  # the page is rendered again, and reports it
            _pipeline.replanned[key] = None
    return _pipeline.replanned[key] == names


def template_picture(path: str, alt: str, sizes: str = "", css_class: str = "", eager: bool = False):
    """For templates: `{{ picture('images/logos/usaid.png', 'USAID', css_class='logo') }}`."""
    try:
        widths = _pipeline.sizes_and_widths(css_class)[1]
        variants = _pipeline.variants(_pipeline.theme_source(path), widths)
    except ImageError as exc:
        log.error("%s (used by the theme): %s", path, exc)
        return ""
    chosen_sizes = sizes or _pipeline.sizes_and_widths(css_class)[0]
    return Markup(picture(variants, escape(alt), chosen_sizes, _pipeline.url_prefix, eager, css_class))


def image_file(path: str, min_width: int = 1200):
    """For templates: one published JPEG/PNG of an image (e.g. for Open Graph): the narrowest
    at least `min_width` wide, else the widest. {"url", "width", "height", "type"} or None."""
    try:
        variants = _pipeline.variants(_pipeline.theme_source(path), _pipeline.settings["IMAGE_WIDTHS"])
    except ImageError as exc:
        log.error("%s (used by the theme): %s", path, exc)
        return None
    fallback = [v for v in variants if v.format != "webp"]
    chosen = next((v for v in fallback if v.width >= min_width), fallback[-1])
    return {
        "url": f"{_pipeline.settings['IMAGE_OUTPUT_DIR']}/{chosen.name}",
        "width": chosen.width,
        "height": chosen.height,
        "type": chosen.mime,
    }


def add_globals(generator):
    generator.env.globals["picture"] = template_picture
    generator.env.globals["image_file"] = image_file


def finish(pelican):
    if _pipeline is None:
        return
    _pipeline.run_jobs()  # anything templates asked for
    _pipeline.publish(Path(pelican.settings["OUTPUT_PATH"]))
    _pipeline.known_sources.save()
    total = len(_pipeline.published)
    buildreport.add("images", processed=_pipeline.processed, published=total, sources=len(_pipeline.sources))
    print(
        f"Images: {_pipeline.processed} of {total} files processed, "
        f"{total - _pipeline.processed} reused from the cache ({len(_pipeline.sources)} source images; "
        f"{_pipeline.seconds:.2f} s)."
    )


def register():
    incremental.on_replay("image", replan)
    incremental.on_replay("image-use", reuse)
    signals.initialized.connect(start)
    signals.content_object_init.connect(rewrite_content)
    signals.all_generators_finalized.connect(make_early)
    signals.generator_init.connect(add_globals)
    signals.finalized.connect(finish)
