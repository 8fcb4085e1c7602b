"""Writes `output/_headers` (the format of Netlify and Cloudflare Pages): the
Content-Security-Policy (also in each page's <meta>, for other hosts) plus what a <meta>
cannot carry (frame-ancestors), and a year of caching for files whose names carry a content
hash (stylesheet, image derivatives)."""

from pathlib import Path

from pelican import signals


def write(pelican):
    settings = pelican.settings
    # The header applies to every path, so it allows what the search page needs (Pagefind's
    # WebAssembly); each page's <meta> policy, which is enforced as well, is stricter elsewhere.
    csp = (
        settings["CONTENT_SECURITY_POLICY"].replace(
            "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"
        )
        + "; frame-ancestors 'none'"
    )
    media = settings.get("IMAGE_OUTPUT_DIR", "media")
    text = f"""/*
  Content-Security-Policy: {csp}
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
  Permissions-Policy: geolocation=(), camera=(), microphone=()

/theme/*
  Cache-Control: public, max-age=31536000, immutable

/{media}/*
  Cache-Control: public, max-age=31536000, immutable
"""
    (Path(settings["OUTPUT_PATH"]) / "_headers").write_text(text, encoding="utf-8")


def register():
    signals.finalized.connect(write)
