"""`invoke i18n-report`: what is not translated yet.

Lists every piece of content that is missing in one of the site's languages (by translation
key), and every interface string without a Russian or Tajik translation. Exit status 0: this
is a to-do list, not an error (untranslated content is allowed; see the README's policy).
"""

import sys
from collections import defaultdict
from pathlib import Path

from iomsite.core.model import file_language, translation_group
from iomsite.plugins.content_types.check import content_files

ROOT = Path(__file__).resolve().parent.parent


def untranslated_content(content_dir: Path, settings: dict) -> dict:
    """{translation group: (path of one version, {languages present})} for groups missing a
    language (the versions of an item share their file name but for the language)."""
    present = defaultdict(set)
    where = {}
    for path in content_files(content_dir, settings):
        rel = path.relative_to(content_dir).as_posix()
        key = translation_group(rel)
        present[key].add(file_language(path.stem)[1])
        where.setdefault(key, path.relative_to(content_dir.parent))
    languages = set(settings["SITE_LANGUAGES"])
    missing = {key: (where[key], langs) for key, langs in present.items() if langs != languages}
    return dict(sorted(missing.items(), key=lambda item: str(item[1][0])))


def untranslated_strings(i18n_dir: Path, languages) -> dict:
    from babel.messages.pofile import read_po

    missing = {}
    for lang in languages:
        with (i18n_dir / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        missing[lang] = [
            m.id
            for m in catalog
            if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)
        ]
    return missing


def main(argv=None) -> int:
    from pelican.settings import read_settings

    settings_file = Path((argv or sys.argv[1:] or [str(ROOT / "pelicanconf.py")])[0]).resolve()
    settings = read_settings(str(settings_file))
    languages = settings["SITE_LANGUAGES"]
    missing = untranslated_content(Path(settings["PATH"]), settings)
    print(f"Content not in every language ({len(missing)}):")
    for path, langs in missing.values():
        absent = ", ".join(code for code in languages if code not in langs)
        print(f"  {path}  — missing: {absent}")
    strings = untranslated_strings(
        settings_file.parent / "i18n", [code for code in languages if code != settings["DEFAULT_LANG"]]
    )
    for lang, ids in strings.items():
        print(f"Interface strings without a {lang} translation: {len(ids)}")
        for msgid in ids:
            print(f"  {msgid}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
