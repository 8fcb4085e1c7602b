"""The search index is sent only what Pagefind reads of a page (tools/search_index.py's
what_pagefind_reads): the bundle must be the one the whole pages make."""

import base64
import gzip
import json

from iomsite.tools.pagefind_service import PagefindService
from iomsite.tools.search_index import BODY_MARKER, what_pagefind_reads


def pagefind_records(pages) -> dict:
    """{file name: what it holds} of the bundle Pagefind makes of `pages` ((path, html), ...):
    each page's fragment (its text, meta, filters and anchors) and the word index, decoded.
    The filter files are left out: Pagefind orders them differently from run to run, and each
    page's filters are in its fragment."""
    with PagefindService() as service:
        service._send({"type": "NewIndex", "config": None})
        index_id = service._answers(1)[0]["index_id"]
        for path, html in pages:
            service._send({"type": "AddFile", "index_id": index_id, "file_path": path, "file_contents": html})
        service._answers(len(pages))
        service._send({"type": "GetFiles", "index_id": index_id})
        files = service._answers(1)[0]["files"]
    return {
        file["path"]: gzip.decompress(base64.b64decode(file["content"]))
        for file in files
        if file["path"].endswith((".pf_fragment", ".pf_index"))
    }


def test_the_real_sites_pages_index_the_same_as_whole_pages(site):
    pages = []
    for html_file in site.html_files():
        html = html_file.read_text(encoding="utf-8")
        if BODY_MARKER.decode() in html:
            pages.append((str(html_file.relative_to(site.folder)), html))
    assert len(pages) > 60
    trimmed = [(path, what_pagefind_reads(html)) for path, html in pages]
    assert sum(map(len, (html for _, html in trimmed))) < 0.6 * sum(len(html) for _, html in pages)
    whole, cut = pagefind_records(pages), pagefind_records(trimmed)
    assert cut == whole
    fragments = [
        json.loads(data[len(b"pagefind_dcd") :]) for name, data in whole.items() if "fragment" in name
    ]
    assert len(fragments) == len(pages) and all(f["content"] and f["meta"]["title"] for f in fragments)


def test_a_page_whose_body_is_not_in_its_main_goes_whole():
    outside = '<html lang="en"><body><article data-pagefind-body>Text</article><main>x</main></body></html>'
    no_main = '<html lang="en"><body><article data-pagefind-body>Text</article></body></html>'
    no_title = '<html lang="en"><body><main><article data-pagefind-body>Text</article></main></body></html>'
    unclosed = '<html lang="en"><body><main><article data-pagefind-body>Text</article></body></html>'
    meta_in_head = (
        '<html lang="en"><head><title>T</title><meta data-pagefind-meta="image[content]" content="/a.png">'
        "</head><body><main><article data-pagefind-body>Text</article></main></body></html>"
    )
    filter_after = meta_in_head.replace(
        '<meta data-pagefind-meta="image[content]" content="/a.png">', ""
    ).replace("</main>", '</main><footer data-pagefind-filter="type:Page"></footer>')
    for page in (outside, no_main, unclosed, no_title, meta_in_head, filter_after):
        assert what_pagefind_reads(page) == page


def test_the_header_and_footer_are_left_out_and_the_language_and_title_kept():
    page = (
        '<!doctype html><html lang="ru"><head><title>Заголовок</title></head><body>'
        '<header><nav>Меню</nav></header><main id="main"><article data-pagefind-body><h1>Т</h1></article>'
        "</main><footer>Подвал</footer></body></html>"
    )
    assert what_pagefind_reads(page) == (
        '<!doctype html><html lang="ru"><head><title>Заголовок</title></head><body>'
        '<main id="main"><article data-pagefind-body><h1>Т</h1></article></main></body></html>'
    )
    with_meta = page.replace("<title>", '<meta name="description" content="Описание"><title>')
    assert what_pagefind_reads(with_meta) == what_pagefind_reads(page)
