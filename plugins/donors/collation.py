"""Names sorted as each language orders its alphabet, with ICU (PyICU, from the `pyicu-wheels`
package: requirements.txt).

ICU's Russian collation is CLDR's (ё with е, as Russian dictionaries sort it; Cyrillic before
Latin). CLDR has no Tajik collation, so Tajik is ICU's root order with the Tajik alphabet's own
letters placed as it orders them: А Б В Г Ғ Д Е Ё Ж З И Ӣ Й К Қ Л М Н О П Р С Т У Ӯ Ф Х Ҳ Ч Ҷ
Ш Ъ Э Ю Я (ё, ӣ and ӯ are letters of their own, not е, и and у with a mark), Cyrillic before
Latin. Quotation marks and spaces count only between names otherwise equal. A language
without an entry here uses its CLDR collation (or the root order).
"""

from functools import cache

import icu

# ICU tailoring rules, added to the root collation, for languages CLDR does not cover
TAILORINGS = {
    "tg": "[reorder Cyrl] &г<ғ<<<Ғ &е<ё<<<Ё &и<ӣ<<<Ӣ &к<қ<<<Қ &у<ӯ<<<Ӯ &х<ҳ<<<Ҳ &ч<ҷ<<<Ҷ",
}


@cache
def collator(lang: str):
    if lang in TAILORINGS:
        root = icu.Collator.createInstance(icu.Locale.getRoot())
        found = icu.RuleBasedCollator(root.getRules() + TAILORINGS[lang])
    else:
        found = icu.Collator.createInstance(icu.Locale(lang))
    # quotation marks and spaces do not count first: «ООН-женщины» is under О, as in a dictionary
    found.setAttribute(icu.UCollAttribute.ALTERNATE_HANDLING, icu.UCollAttributeValue.SHIFTED)
    return found


def sort_key(lang: str):
    """A key function for sorted(): a text's place in `lang`'s alphabetical order."""
    return collator(lang).getSortKey


def sorted_in(lang: str, items, name=lambda item: item):
    """`items` in `lang`'s alphabetical order of `name(item)`."""
    key = sort_key(lang)
    return sorted(items, key=lambda item: key(name(item)))
