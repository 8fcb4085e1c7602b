"""The newsletter as a PDF in each language, made from the same content with WeasyPrint (CSS
Paged Media, no browser): A4, a cover, the foreword, a table of contents with page numbers,
the stories by section with their captions, the donors, "Who supports us?", "About our
mission" and the contacts; a running header and "page n of N"; bookmarks from the headings;
the title, language and author in the document's metadata; links made absolute.

Made once every issue is linked to its stories (all_generators_finalized), before any page is
written, so that the issue page, the archive and the newsletter feed can give its address and
size. A PDF is made again only when its HTML or stylesheet changed (cache/pdf/, keyed by their
digest and WeasyPrint's version); several are made at once, one process each. Nothing is
fetched from the network: the URL fetcher serves only the site's own files (content/images)."""

import hashlib
import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path

import lxml.html
from pelican import signals
from pelican.generators import ArticlesGenerator

from iomsite.core.htmlparts import absolutize

log = logging.getLogger(__name__)
STYLESHEET = Path(__file__).with_name("newsletter.css")


def site_only_fetcher(content_dir: str):
    """A WeasyPrint URL fetcher for the site's own images (content/); anything else is refused,
    and only file: addresses are ever opened."""
    from weasyprint.urls import URLFetcher

    root = Path(content_dir).resolve()

    class SiteFiles(URLFetcher):
        def fetch(self, url, headers=None):
            for prefix in ("https://www.iom.tj/", "file://"):
                if url.startswith(prefix):
                    path = url.removeprefix(prefix).lstrip("/")
                    break
            else:
                raise ValueError(f"not a file of the site: {url}")
            candidate = (root / path).resolve()
            if root not in candidate.parents or not candidate.is_file():
                raise ValueError(f"not a file of the site: {url}")
            return super().fetch(candidate.as_uri(), headers)

    return SiteFiles(allowed_protocols={"file"})


def page_references(html: str, anchors: dict[str, str], page_word: str) -> str:
    """The foreword's links to a story or a section of the issue, made links to that part of
    the PDF, which prints its page number after them (newsletter.css, `target-counter`):
    "such as the one in Dushanbe (page 3)". `anchors`: {absolute address: "#anchor"}; a link
    to `#section-<slug>` is one already. Other links are left as they are."""
    if "<a" not in html:
        return html
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for link in root.iter("a"):
        href = link.get("href", "")
        anchor = href if href.startswith("#section-") else anchors.get(href)
        if anchor:
            link.set("href", anchor)
            link.set("class", "page-ref")
            link.set("data-page", page_word)
    return (root.text or "") + "".join(lxml.html.tostring(c, encoding="unicode") for c in root)


def tag_languages() -> None:
    """WeasyPrint (70) tags the PDF (PDF/UA-1) but writes the language of the document only:
    each structure element made for an HTML element with its own `lang` (an English story in
    the Russian PDF) gets it as /Lang, so that a screen reader reads it with the right voice.
    Wraps weasyprint.pdf.tags._build_box_tree, which calls itself through the module, so that
    every level is seen; tested by test_newsletter_pdf.py (the /Lang of an English story)."""
    import pydyf
    from weasyprint.pdf import tags

    if getattr(tags._build_box_tree, "tags_languages", False):
        return
    build = tags._build_box_tree

    def build_with_languages(box, *args, **kwargs):
        element = getattr(box, "element", None)
        own = element is not None and box.element_tag not in ("html", "body")
        lang = element.get("lang") if own else None
        for made in build(box, *args, **kwargs):
            if lang and "Lang" not in made:
                made["Lang"] = pydyf.String(lang)
            yield made

    build_with_languages.tags_languages = True
    tags._build_box_tree = build_with_languages


def render(html: str, target: str, content_dir: str, epoch: int) -> None:
    """In a worker process: one PDF. `epoch` (the issue's date) is the time stamp of the fonts
    embedded in it: without libharfbuzz-subset, WeasyPrint subsets fonts with fontTools, which
    stamps each subset with the current time unless SOURCE_DATE_EPOCH is set, and the same
    newsletter would give different bytes every second."""
    from weasyprint import CSS, HTML

    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    tag_languages()

    document = HTML(string=html, base_url="https://www.iom.tj/", url_fetcher=site_only_fetcher(content_dir))
    document.write_pdf(target, stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1")


def pdf_name(issue) -> str:
    return f"iom-tajikistan-newsletter-{issue.issue_slug}-{issue.lang}.pdf"


def make_pdfs(generators):
    articles_generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles_generator is None:
        return
    settings = articles_generator.settings
    if not settings.get("NEWSLETTER_PDF", True):
        return
    weasyprint_version = version("weasyprint")  # importing WeasyPrint itself costs 0.3 s: only to render

    template = articles_generator.get_template("newsletter_pdf")
    issues = [
        a
        for a in articles_generator.articles + articles_generator.translations
        if getattr(a, "type", "") == "newsletter-issue"
    ]
    cache = Path(settings["PATH"]).resolve().parent / "cache" / "pdf"
    cache.mkdir(parents=True, exist_ok=True)
    public = settings["SITE_PUBLIC_URL"].rstrip("/")
    jobs = []
    for issue in issues:
        stories = [
            (section, [(story, absolutize(story.content, f"{public}/{story.url}")) for story in group])
            for section, group in issue.stories_by_section
        ]
        anchors = {f"{public}/{story.url}": f"#story-{story.slug}" for story in issue.toc_stories}
        anchors |= {f"{public}/{issue.url}#section-{slug}": f"#section-{slug}" for slug, _ in stories}
        html = template.render(
            {
                **articles_generator.context,
                "issue": issue,
                "stories": stories,
                "page_lang": issue.lang,
                "lang": issue.lang,
                "foreword": absolutize(issue.content, f"{public}/{issue.url}"),
                "page_references": lambda html, word, anchors=anchors: page_references(html, anchors, word),
            }
        )
        key = hashlib.sha256((html + STYLESHEET.read_text() + weasyprint_version).encode()).hexdigest()[:20]
        cached = cache / f"{key}.pdf"
        url = issue.url + pdf_name(issue)
        jobs.append((issue, html, cached, url))
    todo = [
        (html, str(cached), int(issue.date.timestamp()))
        for issue, html, cached, _ in jobs
        if not cached.exists()
    ]
    if todo:
        content_dir = str(Path(settings["PATH"]).resolve())
        # a name of this process's own: two builds sharing the cache (a preview and a build,
        # the test suite's workers) may make the same PDF at once; the last rename wins.
        # Each worker imports WeasyPrint itself (1.2 of a PDF's 3.4 CPU-s): workers forked
        # after this process had imported it (GLib, Pango) stalled (this plugin's tests took
        # 244 s instead of 62).
        part = f".{os.getpid()}.part"
        with ProcessPoolExecutor(max_workers=min(len(todo), settings.get("PDF_WORKERS") or 2)) as pool:
            for future in [
                pool.submit(render, html, target + part, content_dir, epoch) for html, target, epoch in todo
            ]:
                future.result()
        for _, target, _ in todo:
            Path(target + part).replace(target)
    output = Path(settings["OUTPUT_PATH"])
    for issue, _, cached, url in jobs:
        destination = output / url
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, destination)
        issue.pdf_url = url
        issue.pdf_size = cached.stat().st_size
        issue.pdf_enclosure = (url, str(issue.pdf_size), "application/pdf")
    if todo:
        log.debug("newsletter PDFs: %d made, %d from the cache", len(todo), len(jobs) - len(todo))


def register():
    signals.all_generators_finalized.connect(make_pdfs)
