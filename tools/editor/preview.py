"""The editor's preview: the page a reader will see, made by the site's own build.

The editor's preview pane (tools/editor/admin.js) sends the entry as the writer has it, for the
language of the pane, to `render`; the entry is written as a content file into a copy of the
project's content (`<work>/site/content`, kept in step with the project's own before every
preview) and the site is built there by a warm build (tools/warm_build.py: Pelican and the
plugins imported once, the previous build's pages reused), into `<work>/site/output`, which the
editor's server serves at its root. So the preview is exactly what `invoke build` would
publish for that text: the site's templates, stylesheet, dates, labels and banners, in the
pane's language. Embargoed items are shown (SHOW_EMBARGOED), marked as the build marks them.

The project's files are never written: the copy's settings are the project's pelicanconf.py
plus SHOW_EMBARGOED; its theme, plugins, catalogues and sources are the project's (links).
A draft the build refuses (a required field still empty, an unknown section) gets the build's
own problems in plain words instead of a page.
"""

import html
import json
import os
import shutil
import threading
from pathlib import Path

import yaml

from iomsite.core import model
from iomsite.tools.warm_build import WarmBuilder

# The project's folders the copy does not share: its own content, output and caches
NOT_LINKED = {"content", "output", "cache", "pelicanconf.py", ".git", "node_modules", ".venv", "__pycache__"}
CONFIRM_FIELD = "translation_current"  # the form's tick box; never in a file (backend.mjs)


def front_matter(data: dict) -> str:
    """An entry's fields (as the form has them) as a content file: the fields in the model's
    order, empty ones left out, then the text."""
    fields = {}
    for name in model.FIELDS:
        value = data.get(name)
        if value in (None, "", [], False) or name == CONFIRM_FIELD:
            continue
        fields[name] = value if isinstance(value, list) else str(value)
    head = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000) if fields else ""
    return f"---\n{head}---\n\n{data.get('body') or ''}\n"


def new_file(folder: str, data: dict, lang: str) -> str:
    """The file a new entry will be saved as: the model's file name for its type."""
    from iomsite.plugins.multilang.translit import slugify

    rel = Path(folder).relative_to("content")
    ctype = next((t for t in model.TYPES.values() if t.folder == rel.parts[0]), None)
    date = str(data.get("date") or "")[:10] or "2000-01-01"
    values = {k: v for k, v in data.items() if isinstance(v, (str, int))}
    values.update(
        year=date[:4],
        month=date[5:7],
        day=date[8:10],
        slug=data.get("slug") or slugify(str(data.get("title") or "")) or "new",
    )
    try:
        stem = ctype.file_name.format(**values)
    except (AttributeError, KeyError, ValueError, IndexError):
        stem = "new"
    if lang not in model.LANGUAGES:
        raise ValueError(f"no language '{lang}'")
    return f"{folder}/{stem}.{lang}.md"


def problems_page(problems: str) -> str:
    items = "".join(f"<li>{html.escape(line.strip())}</li>" for line in problems.splitlines() if line.strip())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The page cannot be shown yet</title>
<link rel="stylesheet" href="/admin/preview-problems.css">
</head><body><main>
<h1>The page cannot be shown yet</h1>
<p>The site's build would refuse this text as it is now. Each problem names its field:</p>
<ul>{items}</ul>
</main></body></html>"""


class Preview:
    def __init__(self, project: Path, work: Path):
        self.project = Path(project)
        self.site = Path(work) / "site"
        self.content = self.site / "content"
        self.output = self.site / "output"
        self.builder: WarmBuilder | None = None
        self.lock = threading.Lock()
        self.last: tuple | None = None  # (file, text) of the last build, and its answer
        self.answer: dict = {}
        self.seconds = 0.0

    def prepare(self) -> None:
        """The copy of the project: links to its theme, plugins, catalogues..., its settings
        with SHOW_EMBARGOED, a content folder of its own."""
        self.site.mkdir(parents=True, exist_ok=True)
        for item in self.project.iterdir():
            target = self.site / item.name
            if item.name in NOT_LINKED or target.exists() or target.is_symlink():
                continue
            target.symlink_to(item)
        settings = (self.project / "pelicanconf.py").read_text(encoding="utf-8")
        own = settings + "\n\n# the editor's preview (tools/editor/preview.py)\nSHOW_EMBARGOED = True\n"
        if (
            not (self.site / "pelicanconf.py").is_file()
            or (self.site / "pelicanconf.py").read_text(encoding="utf-8") != own
        ):
            (self.site / "pelicanconf.py").write_text(own, encoding="utf-8")
        self.builder = WarmBuilder(self.site / "pelicanconf.py")

    def sync(self) -> None:
        """The copy's content made the project's again (a draft of an earlier preview undone)."""
        source = self.project / "content"
        seen = set()
        for path in source.rglob("*"):
            if not path.is_file():
                continue
            rel = path.relative_to(source)
            seen.add(rel)
            copy = self.content / rel
            stat = path.stat()
            try:
                mine = copy.stat()
                if mine.st_size == stat.st_size and mine.st_mtime_ns == stat.st_mtime_ns:
                    continue
            except FileNotFoundError:
                copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        for path in sorted(self.content.rglob("*"), reverse=True):
            rel = path.relative_to(self.content)
            if path.is_file() and rel not in seen:
                path.unlink()
            elif path.is_dir() and not (source / rel).is_dir():
                shutil.rmtree(path, ignore_errors=True)

    def build(self) -> tuple[int, str]:
        import time

        started = time.perf_counter()
        status, output = self.builder.build(["--no-search", "--output", str(self.output)])
        self.seconds = time.perf_counter() - started
        return status, output

    def warm(self) -> None:
        """The first build (a whole site: half a minute on the real one), so that the writer's
        first preview is quick."""
        with self.lock:
            self.sync()
            self.build()

    def page_of(self, file: str) -> str | None:
        """The address of the page made from a content file (plugins/manifest's record)."""
        try:
            made = json.loads((self.output / ".sources.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        for page, source in made.items():
            if source == file:
                return "/" + page.removesuffix("index.html")
        return None

    def render(
        self, file: str | None, data: dict, folder: str = "", lang: str = model.DEFAULT_LANGUAGE
    ) -> dict:
        """The page for `data` as the content file `file` (content/press/x.ru.md; a new entry's
        is named as the editor will name it, in `folder`): {url} of the page the build made, or
        {problems} in the build's words."""
        file = file or new_file(folder, data, lang)
        rel = Path(file).relative_to("content")
        if rel.is_absolute() or ".." in rel.parts:
            raise ValueError(f"not a content file: {file}")
        image = data.get("image")
        if image and not (self.project / "content" / str(image)).is_file():
            # a photo chosen but not saved yet (the editor writes it with the entry)
            data = {k: v for k, v in data.items() if k not in ("image", "image_alt", "image_caption")}
        text = front_matter(data)
        with self.lock:
            if self.last == (file, text):
                return self.answer
            self.sync()
            target = self.content / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            os.utime(target, ns=(0, 0))  # never the project's: the next sync puts it back
            status, output = self.build()
            if status == 0:
                page = self.page_of(file)
                answer = {"url": page} if page else {"problems": "This entry makes no page (a draft?)."}
            else:
                problems = "\n".join(line for line in output.splitlines() if line.startswith("  "))
                answer = {"problems": problems or output}
            answer["seconds"] = round(self.seconds, 2)
            self.last, self.answer = (file, text), answer
            return answer

    def close(self) -> None:
        if self.builder is not None:
            self.builder.close()
