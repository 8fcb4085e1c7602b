"""Links of a content file's text that would not work as the writer meant, found at their
line with the fix: addresses a page may not link to, web and e-mail addresses without their
scheme, {filename}/{static}/{attach} links to no file, and Markdown's link syntax gone wrong
(curly quotes, undefined references, a space before the address's parenthesis)."""

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .html_policy import MARKDOWN_LINK, shortened, url_problem
from .markdown_lines import text_lines
from .places import inside

# Pelican's links to a file of the content folder ({filename}: a page; {static}, {attach}: the
# file itself, published as it is). Their older spelling |filename| is not read: in a table,
# "|filename|format|" is two cells.
FILENAME_LINK = re.compile(
    r"\{(filename|static|attach)\}([^)\s\"'>]+)|<\{(filename|static|attach)\}([^>\n]+)>"
)
IMAGE_BEFORE = re.compile(r"!\[[^\]]*\]\(\s*<?$")  # ![alt]( : an image, which check_images vets

CURLY = "“”„«»‘’"
LINK_PARTS = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<inside>[^()\n]*)\)")
REFERENCE_USE = re.compile(r"\[(?P<text>[^\]\n]+)\]\[(?P<label>[^\]\n]*)\]")
# a line `[label]: address`, also in a quote or a list item
DEFINITION = re.compile(
    r"^(?:[ \t>]|[-*+][ \t]|\d+\.[ \t])*\[(?P<label>[^\]\n]+)\]:[ \t]*"
    r"(?:<(?P<angled>[^>\n]+)>|(?P<address>\S+))",
    re.M,
)
SPACED_LINK = re.compile(
    r"\[(?P<text>[^\]\n]+)\][ \t]+\((?P<address>(?:https?://|mailto:|tel:|www\.|/|\{)[^)\n]*)\)"
)


def link_definitions(body: str) -> dict:
    """{label: address} of the lines `[label]: address` (the first of each label counts)."""
    definitions: dict = {}
    if "]:" in body:
        for match in DEFINITION.finditer(body):
            label = " ".join(match.group("label").lower().split())
            definitions.setdefault(label, match.group("angled") or match.group("address"))
    return definitions


def link_syntax_problems(lines: list, body_start: int) -> list:
    """Links Markdown would not make as the writer meant: an address or a title in curly
    quotes (pasted from a word processor: the address the page gets is the whole text), a
    reference `[text][label]` that no line `[label]: address` defines, and a space between `]`
    and `(` (the brackets are shown as they are written). Each passed the check and the build,
    and gave a page with a broken link or brackets in its text."""
    if "[" not in "".join(lines[body_start - 1 :]):
        return []
    body = "\n".join(lines[body_start - 1 :])
    labels = link_definitions(body)
    notes = set(FOOTNOTE_DEFINITION.findall(body)) if "[^" in body else set()
    found = []
    for number, text in text_lines(lines, body_start):
        if "[^" in text:
            for label in FOOTNOTE_USE.findall(text):
                if label not in notes:
                    found.append(
                        (
                            number,
                            f"the footnote [^{label}] has no note: the page shows '[^{label}]' as written",
                            f"add a line '[^{label}]: the note' after the paragraph (the label written "
                            "the same, capitals too), or remove it",
                        )
                    )
        if "](" in text:
            found += [(number, *problem) for problem in curly_link_problems(text)]
        if "][" in text:
            for match in REFERENCE_USE.finditer(text):
                label = " ".join((match.group("label") or match.group("text")).lower().split())
                # "returnees[1][2]", "Article 5[1][a]": numbered sources, shown as written
                citation = match.group("text").isdigit()
                if not label.startswith("^") and label not in labels and not citation:
                    found.append(
                        (
                            number,
                            f"the link '{match.group(0)}' has no address: no line '[{label}]: …' gives it",
                            f"write it as [{match.group('text')}](https://…), or add a line "
                            f"'[{label}]: https://…' after the paragraph",
                        )
                    )
        if "] (" in text or "]\t(" in text:
            for match in SPACED_LINK.finditer(text):
                if match.group("text").isdigit():
                    continue  # "[1] (https://…)": a numbered source, shown as it is meant
                found.append(
                    (
                        number,
                        f"'{match.group(0)}' is shown as written, brackets and all: there is a space "
                        "between ] and (",
                        f"remove the space: [{match.group('text')}]({match.group('address')})",
                    )
                )
    return found


# a note may stand in a quote or a list item too ("> [^1]: …", "- [^1]: …")
FOOTNOTE_DEFINITION = re.compile(r"^(?:[ \t]*(?:>|[-*+])[ \t]*)*\[\^([^\]\s]+)\]:", re.MULTILINE)
FOOTNOTE_USE = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def curly_link_problems(text: str) -> list[tuple[str, str]]:
    found = []
    for match in LINK_PARTS.finditer(text):
        inside = match.group("inside").strip()
        address, _, title = inside.partition(" ")
        if address and address[0] in CURLY:
            bare = address.strip(CURLY)
            found.append(
                (
                    f"the address of the link '{match.group(0)}' is in curly quotes: the page would "
                    "link to a page of this site that does not exist",
                    f"remove the quotes: [{match.group('text')}]({bare})",
                )
            )
        elif title.strip() and title.strip()[0] in CURLY:
            found.append(
                (
                    f"the title of the link '{match.group(0)}' is in curly quotes, so the link's address "
                    "would be the whole text",
                    f'put the title in straight double quotes: [{match.group("text")}]({address} "…")',
                )
            )
    return found


def link_problems(lines: list, body_start: int) -> list:
    """Links of the text to addresses other than http(s), mailto:, tel: or the site's, and to
    a web or e-mail address written without its scheme."""
    fix = "link to an http(s), mailto: or tel: address, or a page of the site"
    found = []
    for number, text in text_lines(lines, body_start):
        if "](" in text:
            for match in MARKDOWN_LINK.finditer(text):
                address = match.group(1)
                if url_problem(address):
                    found.append((number, url_problem(address), fix))
                elif schemeless := schemeless_problem(address) or elsewhere_problem(address):
                    found.append((number, *schemeless))
        if "]:" in text or "href" in text or "<http" in text:
            addresses = [m.group("angled") or m.group("address") for m in (DEFINITION.match(text),) if m]
            addresses += [m.group(1) for m in RAW_LINK.finditer(text)] if "href" in text else []
            addresses += AUTOLINK.findall(text) if "<http" in text else []
            found += [
                (number, *problem)
                for address in addresses
                if (problem := schemeless_problem(address) or elsewhere_problem(address))
            ]
        if "mailto:" in text and SPACED_MAILTO.search(text):
            found.append(
                (
                    number,
                    "a space after 'mailto:': the link opens an e-mail to no one",
                    "write mailto: and the address with no space between, e.g. mailto:name@iom.int",
                )
            )
    return found


# Addresses that work only where they were copied: the preview on the writer's own computer,
# and the redirect pages of a search engine, Facebook or Outlook ("safe links"), which show
# readers a warning or an error instead of the page.
OWN_COMPUTER = re.compile(
    r"https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?(?P<path>/[^\s]*)?", re.I
)
REDIRECTORS = re.compile(
    r"https?://(?:www\.)?(?:google\.[a-z.]+/url\?|lm?\.facebook\.com/l\.php\?|[\w.-]*safelinks\.protection\.outlook\.com/\?)",
    re.I,
)
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")  # <https://…>: Markdown makes it a link
SPACED_MAILTO = re.compile(r"(?:\]\(\s*<?|href\s*=\s*[\"'])mailto:\s", re.I)


def elsewhere_problem(address: str) -> tuple[str, str] | None:
    own = OWN_COMPUTER.match(address)
    if own:
        return (
            f"the link '{address}' leads to the preview on your own computer: readers' browsers "
            "would find nothing there",
            f"link the page of the site by its path: {own.group('path') or '/'}",
        )
    if REDIRECTORS.match(address):
        query = parse_qs(urlsplit(address).query)
        # the address the page leads to ("q" is a search's words unless it is an address)
        target = next(
            (
                query[key][0]
                for key in ("url", "u", "q")
                if query.get(key) and query[key][0].startswith("http")
            ),
            "",
        )
        return (
            f"the link '{shortened(address)}' goes through another site's redirect page (copied from "
            "a search, Facebook or an e-mail)",
            f"link the address itself: {target}" if target else "link the address itself",
        )
    return None


# A web address without http(s):// ("www.iom.int", "iom.int/en") or an e-mail address without
# mailto:. A browser reads either as a path inside the site: the link would lead nowhere.
DOMAIN_ENDINGS = (
    "int|org|com|net|gov|edu|info|eu|tj|ru|uz|kg|kz|af|tm|az|am|ge|by|ua|mn|cn|tr|pk|in|ir|jp|kr|"
    "uk|de|fr|ch|us|it|es|nl|be|se|no|fi|dk|pl|cz|at|au|ca|рф|бел|қаз|срб"
)
BARE_DOMAIN = re.compile(
    rf"(?:www\.[^/?#\s]+|[\w-]+(?:\.[\w-]+)*\.(?:{DOMAIN_ENDINGS}))(?:[/?#:]|$)", re.IGNORECASE
)
BARE_EMAIL = re.compile(r"[^@\s/:]+@[\w-]+(?:\.[\w-]+)+(?:\?\S*)?")
RAW_LINK = re.compile(r"<a\b[^>]*?\bhref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def schemeless_problem(address: str) -> tuple[str, str] | None:
    if BARE_EMAIL.fullmatch(address):
        return (
            f"the link '{address}' is an e-mail address without 'mailto:': it would lead to a page "
            "of this site that does not exist",
            f"write it as mailto:{address}",
        )
    if BARE_DOMAIN.match(address):
        return (
            f"the link '{address}' is a web address without 'https://': it would lead to a page of "
            "this site that does not exist",
            f"write it in full, e.g. https://{address}",
        )
    return None


def filename_link_problems(path: Path, lines: list, body_start: int, content_dir: Path) -> list:
    """{filename}, {static} and {attach} links of the text to no file of the content folder
    (Pelican stopped on a {static} one with "Cannot get modification stamp for <path>")."""
    found = []
    for number, text in text_lines(lines, body_start):
        if "{" not in text:
            continue
        for match in FILENAME_LINK.finditer(text):
            kind, target = (
                (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
            )
            if kind != "filename" and IMAGE_BEFORE.search(text, 0, match.start()):
                continue
            target = unquote(target.split("#")[0].split("?")[0])  # Pelican reads %20 as a space
            resolved = (
                (content_dir / target.lstrip("/")) if target.startswith("/") else (path.parent / target)
            )
            if kind == "filename" and resolved.is_file() and resolved.suffix.lower() != ".md":
                found.append(
                    (
                        number,
                        f"the link {{filename}}{target} leads to a file, not to a page: Pelican stops on it",
                        f"write {{static}}{target} to link to the file itself",
                    )
                )
            elif not inside(resolved, content_dir) or not resolved.is_file():
                found.append(
                    (
                        number,
                        f"the link {{{kind}}}{target} points to no file of the content folder",
                        "check the file's folder and name (links start from content/ when they begin with /)",
                    )
                )
    return found
