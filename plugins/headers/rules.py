"""The response headers of the published site, in one place: `_headers` (Netlify, Cloudflare
Pages), the object metadata `invoke deploy` gives each file on object storage, and the nginx
configuration for a server reached by SSH are all made from these rules."""

import fnmatch
import mimetypes
import re

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


# Every kind of file the site publishes: nginx is given this table, typed as content_type()
# types them for object storage, so that every host sends the same (nginx's own mime.types
# differs: text/xml for .xml, image/x-icon, no .xsl or Pagefind files)
SITE_SUFFIXES = (
    "html css js mjs json xml xsl txt svg png jpg jpeg gif webp avif ico pdf woff2 wasm "
    "pagefind pf_meta pf_index pf_fragment pf_filter"
).split()
NGINX_MAP_BUCKET = 512  # bytes per map hash bucket: old addresses up to ~490 characters long


def nginx_types() -> dict[str, list[str]]:
    """{media type: [suffixes]} for nginx's `types` block."""
    table: dict[str, list[str]] = {}
    for suffix in SITE_SUFFIXES:
        table.setdefault(content_type(f"x.{suffix}").split(";")[0], []).append(suffix)
    return table


def nginx_cache_patterns(settings) -> list[str]:
    """Regular expressions for the paths cache_control() gives a year: the hashed theme and
    image files, and Pagefind's files whose names carry a hash (`_` or `.pagefind`)."""
    prefixes = [re.escape(pattern.rstrip("*")) for pattern in long_lived(settings)]
    return [f"^{prefix}" for prefix in prefixes] + [
        r"^/pagefind/(?:[^/]+/)*(?=[^/]*\.)(?:[^/]*_[^/]*|[^/]*\.pagefind)$"
    ]


def nginx_http_part(settings, root: str) -> str:
    """What nginx allows only at http level: the maps (old addresses, caching)."""
    cache = "".join(f'    "~{pattern}" "{YEAR}";\n' for pattern in nginx_cache_patterns(settings))
    return (
        f"# old addresses are long keys: nginx's default bucket (64) cannot hold them\n"
        f"map_hash_bucket_size {NGINX_MAP_BUCKET};\nmap_hash_max_size 16384;\n\n"
        "# Old addresses (plugins/redirects): the site's _redirects.nginx, deployed with it\n"
        "map $request_uri $iomsite_redirect {\n"
        f'    default "";\n    include {root}/_redirects.nginx;\n}}\n\n'
        f'map $uri $iomsite_cache_control {{\n    default "{SHORT}";\n{cache}}}\n'
    )


def nginx_types_block() -> str:
    """The site's own `types` (it replaces mime.types in the server: complete for its files),
    the text types that get `charset=utf-8` and gzip."""
    types = nginx_types()
    text = " ".join(sorted(kind for kind in types if kind.startswith(TEXT_TYPES) and kind != "text/html"))
    table = "".join(f"        {kind} {' '.join(suffixes)};\n" for kind, suffixes in types.items())
    return (
        f"    types {{\n{table}    }}\n    default_type application/octet-stream;\n"
        f"    charset utf-8;\n    charset_types {text};\n"
        "    gzip on;  # the build writes no .gz files: nginx compresses text as it sends it\n"
        f"    gzip_vary on;\n    gzip_types {text};\n"
    )


def nginx_locations(settings) -> str:
    """Each language's 404 page (also for a folder without a page, which nginx would forbid:
    the old addresses' folders), the hosts' own files refused, the rest served as files."""
    languages = [lang for lang in settings.get("SITE_LANGUAGES", []) if lang != settings.get("DEFAULT_LANG")]
    blocks = [
        "    # the hosts' configuration files, deployed with the site: not for readers\n"
        "    location ~ ^/_(?:headers|redirects|redirects\\.nginx)$ {\n        return 404;\n    }\n"
    ]
    for lang in languages:
        blocks.append(
            f"    location /{lang}/ {{\n        error_page 404 /{lang}/404.html;\n"
            f"        error_page 403 =404 /{lang}/404.html;\n"
            "        try_files $uri $uri/ =404;\n    }\n"
        )
    return "".join(blocks) + "    location / {\n        try_files $uri $uri/ =404;\n    }\n"


NGINX_INSTALL = """\
# Made by `python -m iomsite.tools.deploy --nginx {root}` from the rules of _headers and of
# object storage (plugins/headers/rules.py), for nginx 1.22 (Debian 12) or newer.
#
# Install: deploy the site to {root} first (this file reads its _redirects.nginx), then
# save this text as /etc/nginx/sites-available/iomsite and link it into
# /etc/nginx/sites-enabled/ (or save it as /etc/nginx/conf.d/iomsite.conf): Debian's
# nginx.conf includes both inside http {{ }}, where maps and map_hash_* must be. Then:
#     nginx -t && systemctl reload nginx
# If another file already sets map_hash_bucket_size or map_hash_max_size, keep one of each,
# the larger. nginx reads _redirects.nginx when it loads: reload it after each deploy.
# HTTPS: add it to this server as to your others (e.g. certbot --nginx).

"""


def nginx_config(settings, root: str) -> str:
    """The nginx configuration serving the site from `root` (deployed there by rsync), to be
    included inside `http {}`: the maps, then the server block."""
    root = root.rstrip("/")
    pairs = security_headers(settings)
    headers = "".join(f'    add_header {name} "{value}" always;\n' for name, value in pairs)
    host = settings.get("SITE_PUBLIC_URL", "https://www.example.org").split("//", 1)[-1].rstrip("/")
    server = (
        f"server {{\n    listen 80;\n    server_name {host};\n    root {root};\n    index index.html;\n"
        "    absolute_redirect off;  # Location: /path/, right behind a proxy or CDN that adds https\n"
        + nginx_types_block()
        + headers
        + "    add_header Cache-Control $iomsite_cache_control always;\n"
        "    error_page 404 /404.html;\n    error_page 403 =404 /404.html;\n"
        "    if ($iomsite_redirect) {\n        return 301 $iomsite_redirect;\n    }\n"
        + nginx_locations(settings)
        + "}\n"
    )
    return NGINX_INSTALL.format(root=root) + nginx_http_part(settings, root) + "\n" + server
