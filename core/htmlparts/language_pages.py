"""Pages written once per language at the same path (`donors/`, `/ru/donors/`, ...), each
knowing its versions in the other languages (for hreflang and the language switcher)."""


def language_urls(settings, path: str) -> dict:
    """{language: site-relative URL} of `path` (e.g. "donors/") in every site language."""
    default = settings["DEFAULT_LANG"]
    return {lang: (path if lang == default else f"{lang}/{path}") for lang in settings["SITE_LANGUAGES"]}


def write_language_pages(generator, writer, template: str, path: str, per_language=None, **context):
    """Render `template` at `path` in every language; `per_language(lang)` adds what differs."""
    urls = language_urls(generator.settings, path)
    for lang, url in urls.items():
        extra = per_language(lang) if per_language else {}
        writer.write_file(
            f"{url}index.html",
            generator.get_template(template),
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            page_lang=lang,
            page_url=url,
            page_alternates=urls,
            **context,
            **extra,
        )
