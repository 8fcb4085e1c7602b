"""The response headers of the published site, in one place: `_headers` (Netlify, Cloudflare
Pages), the object metadata `invoke deploy` gives each file on object storage, and the nginx
configuration for a server reached by SSH are all made from these rules."""

import fnmatch
import mimetypes

YEAR = "public, max-age=31536000, immutable"  # files whose names carry a hash of their content
SHORT = "public, max-age=300, must-revalidate"  # pages, feeds, the search index's entry point
TEXT_TYPES = (
    "text/",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "application/json",
    "application/javascript",
    "image/svg+xml",
    "application/xslt+xml",
)
TYPES = {".xml": "application/xml", ".xsl": "application/xslt+xml", ".js": "application/javascript",
         ".mjs": "application/javascript", ".json": "application/json", ".webp": "image/webp",
         ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream",
         ".pf_index": "application/octet-stream", ".pf_fragment": "application/octet-stream",
         ".pf_filter": "application/octet-stream", ".txt": "text/plain", ".css": "text/css"}  # fmt: skip


def security_headers(settings) -> list[tuple[str, str]]:
    # The header applies to every path, so it allows what the search page needs (Pagefind's
    # WebAssembly); each page's <meta> policy, which is enforced as well, is stricter elsewhere.
    csp = (
        settings["CONTENT_SECURITY_POLICY"].replace(
            "script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'"
        )
        + "; frame-ancestors 'none'"
    )
    return [
        ("Content-Security-Policy", csp),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
    ]


def long_lived(settings) -> list[str]:
    """Path patterns of files whose names change with their content."""
    return ["/theme/*", f"/{settings.get('IMAGE_OUTPUT_DIR', 'media')}/*"]


def content_type(path: str) -> str:
    kind = next((kind for suffix, kind in TYPES.items() if path.endswith(suffix)), None)
    kind = kind or mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def is_text(path: str) -> bool:
    return content_type(path).endswith("charset=utf-8")


def cache_control(path: str, settings) -> str:
    if any(fnmatch.fnmatch(path, pattern) for pattern in long_lived(settings)):
        return YEAR
    name = path.rsplit("/", 1)[-1]
    if path.startswith("/pagefind/") and name not in ("pagefind-entry.json", "shards.json") and "." in name:
        return YEAR if "_" in name or name.endswith(".pagefind") else SHORT
    return SHORT


def headers_file(settings) -> str:
    """`_headers` for Netlify and Cloudflare Pages."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in security_headers(settings)] + [""]
    for pattern in long_lived(settings):
        lines += [pattern, f"  Cache-Control: {YEAR}", ""]
    return "\n".join(lines)


GZIP_TYPES = (
    "text/css application/javascript application/json application/xml application/atom+xml image/svg+xml"
)


def nginx_config(settings, root: str) -> str:
    """A server block for nginx serving the site from `root` (deployed there by rsync)."""
    headers = "".join(
        f'    add_header {name} "{value}" always;\n' for name, value in security_headers(settings)
    )
    languages = [lang for lang in settings.get("SITE_LANGUAGES", []) if lang != settings.get("DEFAULT_LANG")]
    not_found = "".join(
        f'    location /{lang}/ {{\n{headers}        add_header Cache-Control "{SHORT}" always;\n'
        f"        error_page 404 /{lang}/404.html;\n        try_files $uri $uri/ =404;\n    }}\n"
        for lang in languages
    )
    long = "".join(
        f'    location {pattern.rstrip("*")} {{\n{headers}        add_header Cache-Control "{YEAR}" always;\n'
        "        try_files $uri =404;\n    }\n"
        for pattern in long_lived(settings)
    )
    host = settings.get("SITE_PUBLIC_URL", "https://www.example.org").split("//", 1)[-1].rstrip("/")
    return f"""# Made by `invoke deploy --nginx` from the same rules as _headers (plugins/headers/rules.py).
# Old addresses (plugins/redirects): the site's _redirects.nginx, deployed with it.
map $request_uri $redirect_to {{
    default "";
    include {root}/_redirects.nginx;
}}

server {{
    listen 80;
    server_name {host};
    root {root};
    index index.html;
    charset utf-8;
    gzip on;
    gzip_types {GZIP_TYPES};
    gzip_static on;  # serves file.gz beside a file when present
    types {{ application/xslt+xml xsl; image/webp webp; application/wasm wasm; }}
{headers}    add_header Cache-Control "{SHORT}" always;
    error_page 404 /404.html;
    if ($redirect_to) {{
        return 301 $redirect_to;
    }}
{long}{not_found}    location / {{
        try_files $uri $uri/ =404;
    }}
}}
"""
