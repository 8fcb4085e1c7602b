"""The office's contact details as our publications give them, and the route to help.

No source gives the office's contact details as current: the 2006 press release has them on
its letterhead, the 2012 newsletter under "Contact us", the 2019 campaign page at its foot.
They are kept where they were printed, in each item's front matter (`contact_name`,
`contact_address`, `contact_phone`, `contact_fax`, `contact_email`, `contact_website`), and
compiled from there, newest first, each with the publication and the year it comes from:

- the contact page of each language (`/contact/`, `/ru/contact/`, `/tg/contact/`), the most
  recent details first, their telephones as `tel:` links;
- `help_route(lang)` (template global), the block before every page's footer: a hotline while
  one is confirmed (the banners' rule, plugins/hotlines), else the office's most recent
  telephone with its year, and always the contact page.
"""

import re
from dataclasses import dataclass

import phonenumbers

from .data import REGION

FIELDS = (
    "contact_name",
    "contact_address",
    "contact_phone",
    "contact_fax",
    "contact_email",
    "contact_website",
)
PREFIX = re.compile(r"^\(\s*(\+\s*[\d ]+?)\s*\)\s*(.+)$")  # "(+992 48) 701 0202"


@dataclass(frozen=True)
class Phone:
    shown: str  # as the publication prints it, with its area code: "(+992 48) 701 0303"
    e164: str  # "+992487010303"; empty if it is not a valid number

    @property
    def href(self) -> str:
        return f"tel:{self.e164}" if self.e164 else ""


@dataclass(frozen=True)
class Contact:
    """One publication's contact details, in one language."""

    item: object  # the article (press release, newsletter issue, campaign page)
    year: int
    name: str
    address: tuple  # its lines
    phones: tuple  # Phone
    fax: str
    email: str
    website: str

    @property
    def type(self) -> str:
        return getattr(self.item, "type", "")


def phones_in(text: str) -> tuple:
    """The numbers of a telephone line: "(+992 48) 701 0202, 701 0303" is two numbers, the
    second with the first's code in brackets."""
    found, prefix = [], ""
    for part in (p.strip() for p in (text or "").split(",")):
        if not part:
            continue
        match = PREFIX.match(part)
        if match:
            prefix, number, shown = match.group(1), f"{match.group(1)} {match.group(2)}", part
        elif prefix and not part.lstrip().startswith("+"):
            number, shown = f"{prefix} {part}", f"({prefix}) {part}"
        else:
            number, shown = part, part
        found.append(Phone(shown, e164_of(number)))
    return tuple(found)


def e164_of(number: str) -> str:
    try:
        parsed = phonenumbers.parse(number.replace(" ", ""), REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def has_contact(article) -> bool:
    return any(getattr(article, name, None) for name in FIELDS)


def in_language(articles, lang: str, default: str) -> list:
    """Each item once, in `lang` where it is translated, else in the default language."""
    chosen = {}
    for article in articles:
        if article.lang == lang:
            chosen[article.translation_key] = article
        elif article.lang == default:
            chosen.setdefault(article.translation_key, article)
    return list(chosen.values())


def contacts(articles, lang: str, default: str = "en") -> list:
    """The contact details our publications give, newest publication first."""
    items = [a for a in articles if has_contact(a) and not getattr(a, "expired", False)]
    found = []
    for article in sorted(in_language(items, lang, default), key=lambda a: a.date, reverse=True):
        address = getattr(article, "contact_address", "") or ""
        found.append(
            Contact(
                article,
                article.date.year,
                getattr(article, "contact_name", "") or "",
                tuple(line.strip() for line in address.split(";") if line.strip()),
                phones_in(getattr(article, "contact_phone", "") or ""),
                getattr(article, "contact_fax", "") or "",
                getattr(article, "contact_email", "") or "",
                getattr(article, "contact_website", "") or "",
            )
        )
    return found


def newest_with(found: list, attribute: str):
    """The newest contact that has `attribute` (phones, email, address), or None."""
    return next((c for c in found if getattr(c, attribute)), None)


def fingerprint(found: list) -> str:
    """What the help route and the contact page show, for the incremental layer."""
    return repr([(c.item.url, c.year, c.name, c.address, c.phones, c.fax, c.email, c.website) for c in found])
