"""Bundle theme/css/*.css (in the order of CSS_FILES) into one file, `theme/site.<hash>.css`,
and publish theme/js/*.js as `theme/<name>.<hash>.js` (templates: `SCRIPT_URLS[name]`).

One request instead of several on slow mobile networks, and a name that changes with the
content, so browsers can cache it for a year. Templates link `STYLESHEET_URL` and
`SCRIPT_URLS[name]`, template globals (not settings: nothing else reads them).
"""

import hashlib
from pathlib import Path

from pelican import signals

_bundle = {}
_urls: dict = {}  # the template globals STYLESHEET_URL and SCRIPT_URLS


def bundle(pelican):
    settings = pelican.settings
    css_dir = Path(settings["THEME"]) / "css"
    parts = []
    for name in settings["CSS_FILES"]:
        text = (css_dir / name).read_text(encoding="utf-8")
        parts.append(f"/* {name} */\n{text.strip()}\n")
    css = "\n".join(parts).encode("utf-8")
    digest = hashlib.sha256(css).hexdigest()[:10]
    url = f"theme/site.{digest}.css"
    _urls["STYLESHEET_URL"] = url
    _bundle.clear()
    _bundle[url] = css
    # Scripts (only the search page has one) are published as they are, also under hashed names.
    scripts = {}
    for path in sorted((Path(settings["THEME"]) / "js").glob("*.js")):
        data = path.read_bytes()
        name = f"theme/{path.stem}.{hashlib.sha256(data).hexdigest()[:10]}.js"
        scripts[path.stem] = name
        _bundle[name] = data
    _urls["SCRIPT_URLS"] = scripts


def give_templates(generator):
    generator.env.globals.update(_urls)


def write_bundle(pelican):
    for url, data in _bundle.items():
        target = Path(pelican.settings["OUTPUT_PATH"]) / url
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def register():
    signals.initialized.connect(bundle)
    signals.generator_init.connect(give_templates)
    signals.finalized.connect(write_bundle)
