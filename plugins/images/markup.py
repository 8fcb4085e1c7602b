"""HTML for responsive images: <picture> with a WebP source and a JPEG/PNG fallback."""

from html import escape


def srcset(variants, fmt: str, url_prefix: str) -> str:
    return ", ".join(f"{url_prefix}{v.name} {v.width}w" for v in variants if v.format == fmt)


def picture(
    variants, alt_html: str, sizes: str, url_prefix: str, eager: bool = False, css_class: str = ""
) -> str:
    """`alt_html` is already HTML-escaped (as it comes from Markdown or from escape())."""
    fallback_format = next(v.format for v in variants if v.format != "webp")
    fallbacks = [v for v in variants if v.format == fallback_format]
    largest = fallbacks[-1]
    # the first image of a page is fetched at once; the others only when scrolled to
    loading = 'fetchpriority="high"' if eager else 'loading="lazy" decoding="async"'
    class_attr = f' class="{escape(css_class)}"' if css_class else ""
    return (
        f'<picture><source type="image/webp" srcset="{srcset(variants, "webp", url_prefix)}" '
        f'sizes="{escape(sizes)}">'
        f'<img src="{url_prefix}{largest.name}" srcset="{srcset(variants, fallback_format, url_prefix)}" '
        f'sizes="{escape(sizes)}" width="{largest.width}" height="{largest.height}" '
        f'alt="{alt_html}"{class_attr} {loading}></picture>'
    )
