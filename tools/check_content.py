"""`invoke check-content`: every content and data-file problem at once, as
`file:line: problem — how to fix`; exit status 1 if there are any. The build runs the same
checks first: `invoke build` lets advisory problems through as notices (Problem.advisory),
`invoke publish` does not.

The content_types plugin checks every content file; every other plugin of the site that has a
`check` module with `content_problems(files, content_dir, settings)` is asked too, so a plugin
adds its checks without this file knowing it. Images a data file names (a donor's logo) are
handed from the plugin that reads the file (`images_shown(content_dir, settings)`: (file,
line, image as written)) to the one that vets images (`image_problems(shown, content_dir,
settings)`), neither knowing the other."""

import importlib
import sys
from pathlib import Path

from iomsite.plugins.content_types.check import Problem, check_content_files
from iomsite.plugins.multilang.translit import slugify

ROOT = Path(__file__).resolve().parent.parent


def content_problems(settings: dict, advisory: bool = True) -> list[Problem]:
    content_dir = Path(settings["PATH"])
    problems, files = check_content_files(content_dir, settings, slugify)
    modules = plugin_checks(settings)
    shown = [
        image
        for module in modules
        if hasattr(module, "images_shown")
        for image in module.images_shown(content_dir, settings)
    ]
    for module in modules:
        if hasattr(module, "content_problems"):
            problems += [Problem(*p) for p in module.content_problems(files, content_dir, settings)]
        if hasattr(module, "image_problems"):
            problems += [Problem(*p) for p in module.image_problems(shown, content_dir, settings)]
    unique = {(p.path, p.line, p.problem): p for p in problems}
    found = sorted(unique.values(), key=lambda p: (p.path, p.line, p.problem))
    return found if advisory else [p for p in found if not p.advisory]


def plugin_checks(settings: dict) -> list:
    """The `check` module of each plugin in PLUGINS that has one."""
    found = []
    for name in settings.get("PLUGINS") or []:
        if not isinstance(name, str) or name.endswith(".content_types"):
            continue
        try:
            found.append(importlib.import_module(f"{name}.check"))
        except ModuleNotFoundError as exc:
            # no check module, or a plugin Pelican finds in PLUGIN_PATHS only (not ours): no checks
            if exc.name and f"{name}.check".startswith(exc.name):
                continue
            raise
    return found


def main(argv=None) -> int:
    from pelican.settings import read_settings

    settings_file = (argv or sys.argv[1:] or [str(ROOT / "pelicanconf.py")])[0]
    try:
        problems = content_problems(read_settings(settings_file))
    except OSError as exc:
        from iomsite.tools.plain_words import explain

        if not explain(exc, Path(settings_file).resolve().parent):
            raise
        print(explain(exc, Path(settings_file).resolve().parent))
        return 1
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.")
        return 1
    print("The content has no problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
