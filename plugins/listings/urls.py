"""Addresses of listing pages: the one place that knows them (templates call `list_url`)."""

DEFAULT_LANG = "en"


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def list_url(kind: str, lang: str, slug: str = "") -> str:
    """Site-relative URL (no leading slash) of a listing page."""
    p = prefix(lang)
    if kind == "home":
        return p
    if kind == "category":
        return f"{p}{slug}/"
    if kind == "section":
        return f"{p}sections/{slug}/"
    if kind == "tag":
        return f"{p}tags/{slug}/"
    if kind == "archives":
        return f"{p}archives/"
    if kind == "404":
        return f"{p}404.html"
    raise ValueError(f"unknown listing kind {kind!r}")


def save_as(url: str) -> str:
    return url if url.endswith(".html") else f"{url}index.html"
