"""The content check's rules that a schema cannot say (content_types/rules.py), one by one: where
a file is and what it is named, whether it can be read, its text, and what needs other files."""

from pathlib import Path

from iomsite.core.frontmatter import parse
from iomsite.core.model import TYPES
from iomsite.plugins.content_types import links, rules


def write(root: Path, rel: str, text: str = "---\ntitle: T\n---\n", raw: bytes | None = None) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if raw is None:
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(raw)
    return path


def fields_of(text: str) -> dict:
    return parse(["---", *text.splitlines(), "---"])[0]


def test_content_type_comes_from_the_folder_and_the_name(tmp_path):
    assert rules.content_type(write(tmp_path, "press/x.en.md"), "press/x.en.md") == (TYPES["press"], [])
    assert rules.content_type(write(tmp_path, "pages/about.md"), "pages/about.md")[0] is TYPES["page"]
    write(tmp_path, "newsletters/2012/issue.en.md")
    story = write(tmp_path, "newsletters/2012/story.en.md")
    assert rules.content_type(story, "newsletters/2012/story.en.md") == (TYPES["newsletter-story"], [])


def test_a_file_where_no_content_goes_is_refused_and_nothing_else_is_checked(tmp_path):
    ctype, found = rules.content_type(write(tmp_path, "blog/x.md"), "blog/x.md")
    assert ctype is None and found == [
        (
            1,
            "'blog' is not a content folder",
            "move the file into press/, news/, newsletters/<issue>/, campaigns/ or pages/",
        )
    ]
    ctype, found = rules.content_type(write(tmp_path, "newsletters/x.md"), "newsletters/x.md")
    assert ctype is None and found[0][1] == "a newsletter file must be inside its issue's folder"


def test_a_story_without_its_issue(tmp_path):
    story = write(tmp_path, "newsletters/2020-q1/a.en.md")
    assert rules.story_without_issue(story, TYPES["newsletter-story"]) == [
        (
            1,
            "the folder 2020-q1/ has stories but no issue.en.md",
            "add issue.en.md for the issue (run: invoke new issue)",
        )
    ]
    write(tmp_path, "newsletters/2020-q1/issue.md")
    assert rules.story_without_issue(story, TYPES["newsletter-story"]) == []


def test_a_language_the_site_does_not_have():
    assert rules.unknown_language(Path("news/x.ru.md")) == []
    assert rules.unknown_language(Path("news/x.md")) == []
    assert rules.unknown_language(Path("news/x.fr.md")) == [
        (
            1,
            "the file name ends in '.fr.md', and 'fr' is not a language of the site",
            "name it NAME.en.md (English), NAME.ru.md (Russian) or NAME.tg.md (Tajik)",
        )
    ]


def test_a_paragraph_indented_as_a_word_processor_does_is_refused_for_markdown_makes_it_code():
    """Each text is rendered by Python-Markdown: refused exactly where it makes a code block of
    what was not fenced as code."""
    import markdown

    from iomsite.plugins.content_types import indented

    cases = [
        ("Para\n\n\tThe second season.", 3),
        ("Para\n\n    Four spaces.", 3),
        ("\tFirst line, a tab", 1),
        ("\t- shelter\n\t- food", 1),
        ("1. a\n\n    b\n\nText\n\n    after a paragraph", 7),
        ("- item\n\n    its second paragraph", None),
        ("- a\n\n\n    after two empty lines", None),
        ("Para\n    a line going on with it", None),
        ("<div>\n\n    inside raw HTML\n\n</div>", None),
        # found by review
        ('<div class="note"><strong>Note</strong>\n\n    The figures are preliminary.\n\n</div>', None),
        ("Text[^1].\n\n[^1]: Source: IOM data.\n\n    Its second paragraph.", None),
        ("Term\n:   A definition\n\n    Its second paragraph", None),
        ("<div>\n<p>Hello</p>\n</div>\n\n    In 2019 IOM assisted 17 victims.", 5),
        ("  \tIn 2019 IOM assisted.", 1),
    ]
    for text, refused in cases:
        problems = indented.indented_problems(["---", "---", *text.split("\n")], 3)
        assert [line - 2 for line, _, _ in problems] == ([refused] if refused else []), text
        assert ("<pre><code>" in markdown.markdown(text, extensions=["extra"])) == bool(refused), text
    [(_, problem, fix)] = indented.indented_problems(["\tText"], 1)
    assert problem.startswith("this paragraph starts with a tab: Markdown shows it as code")
    assert fix.startswith("remove the indent at the start of the line")


def test_markdown_inside_a_block_of_html_is_refused_for_it_is_shown_as_written():
    import markdown

    from iomsite.plugins.content_types import indented

    cases = [
        ("<div>\n**Contact:** [IOM](https://www.iom.int)\n</div>", "**Contact:**", 2),
        ("<div>\n\n**x**\n\n</div>\n\n**y**", "**x**", 3),
        ("<table><tr><td>**a**</td></tr></table>", "**a**", 1),
        ("<p>[IOM](https://www.iom.int)</p>", "[IOM](https://www.iom.int)", 1),
        ("Text <span>**b**</span>", None, None),
        # found by review
        ("<blockquote>\n- Кристина Георге Транка, глава миссии\n</blockquote>", None, None),
        ("<p>2019. IOM opened its office.</p>", None, None),
        ('<div class="box">\n<div class="title">Contact</div>\n**Phone:** +992\n</div>', "**Phone:**", 3),
        ("<div>\nПубликация *Миграция в Центральной Азии* вышла\n</div>", "*Миграция в Центральной Азии*", 2),
        ("  <div>**Contact:** IOM</div>", "**Contact:**", 1),
        ("<div>plain</div>\n\n**fine**", None, None),
    ]
    for text, written, line in cases:
        problems = indented.markdown_in_html_problems(["---", "---", *text.split("\n")], 3)
        assert [(number - 2, problem.split("'")[1]) for number, problem, _ in problems] == (
            [(line, written)] if written else []
        ), text
        if written:
            assert written in markdown.markdown(text, extensions=["extra"]), text  # shown as written


def test_a_table_markdown_would_show_as_text_is_refused():
    import markdown

    from iomsite.plugins.content_types import indented

    cases = [
        ("| Year | Victims |\n| 2019 | 17 |", 1),
        ("Figures:\n| Year | Victims |\n|---|---|\n| 2019 | 17 |", 2),
        ("| Year | Victims |\n|---|---|\n| 2019 | 17 |", None),
        ("Year | Victims\n--- | ---\n2019 | 17", None),
        ("a | b\nc | d", None),
        # found by review
        ("## Results\n| Year | Rate |\n| --- | --- |\n| 2019 | 5% |", None),
        ("| Region | Victims |\n|--|--|\n| Sughd | 12 |", None),
        ("| Year | Rate |\n| :-: | :-: |\n| 2019 | 5% |", None),
    ]
    for text, refused in cases:
        problems = indented.table_problems(["---", "---", *text.split("\n")], 3)
        assert [line - 2 for line, _, _ in problems] == ([refused] if refused else []), text
        if refused:
            assert "<table>" not in markdown.markdown(text, extensions=["extra"]), text


def test_a_paragraph_starting_with_a_year_and_a_full_stop_is_refused_for_markdown_drops_the_year():
    import markdown

    from iomsite.plugins.content_types import lists

    text = "1992. IOM opened its office."
    assert "1992" not in markdown.markdown(text, extensions=["extra"])  # an <ol>: the year is gone
    [(line, problem, fix)] = lists.list_problems(["---", "---", "", text], 3)
    assert line == 4 and problem.startswith(
        "'1992. ' at the start of a paragraph or a list item is a numbered list"
    )
    assert fix.startswith("write 1992\\. (a backslash before the full stop)")
    assert "<p>1992. IOM" in markdown.markdown("1992\\. IOM opened its office.", extensions=["extra"])
    assert lists.list_problems(["---", "---", "In", "1992. IOM opened its office."], 3) == []
    in_items = ["---", "---", "- 2019. Opened the office in Khujand", "- 2020. Expanded to Kulob"]
    assert [line for line, _, _ in lists.list_problems(in_items, 3)] == [3]  # the years dropped too


def test_a_language_written_as_the_site_does_not_read_it_is_refused_with_the_name_to_give():
    """'-ru', '_ru', '.rus', '.RU' made an English page of its own, listed and fed as English."""
    for name, told, fix in [
        ("2017-11-20-market-ru", "'-ru'", "for the Russian version, name it 2017-11-20-market.ru.md"),
        ("market_ru", "'_ru'", "for the Russian version, name it market.ru.md"),
        ("market.rus", "'.rus'", "for the Russian version, name it market.ru.md"),
        ("market.RU", "'.RU'", "for the Russian version, name it market.ru.md"),
        ("market-TJ", "'-TJ'", "for the Tajik version, name it market.tg.md"),
        ("market.tajik", "'.tajik'", "for the Tajik version, name it market.tg.md"),
        ("market.TJ", "'.TJ'", "for the Tajik version, name it market.tg.md"),
        ("market.ru-RU", "'-RU'", "for the Russian version, name it market.ru.md"),
    ]:
        [(line, problem, advice)] = rules.unknown_language(Path(f"news/{name}.md"))
        assert line == 1 and problem.startswith(f"the file name ends in {told}, which the site"), name
        assert advice.startswith(fix), name
    for name in (
        *("market.ru", "market.tg", "market.en", "market", "women-in-garden", "report-on-children"),
        *("learn-russian", "women-in-tajik", "open-day-en"),  # English files' own names (review)
    ):
        assert rules.unknown_language(Path(f"news/{name}.md")) == [], name


def test_a_file_that_cannot_be_read(tmp_path):
    lines, found = rules.read_lines(write(tmp_path, "news/ok.md", "\ufeff---\ntitle: T\n---\n"))
    assert found == [] and lines[1] == "title: T"
    lines, found = rules.read_lines(
        write(tmp_path, "news/latin1.md", raw="---\ntitle: Caf\xe9\n".encode("latin-1"))
    )
    assert lines is None and found == [
        (1, "the file is not UTF-8 text", "save it as UTF-8 (in your editor: Save with Encoding > UTF-8)")
    ]
    lines, found = rules.read_lines(tmp_path / "news" / "missing.md")
    assert lines is None and found[0][1].startswith("the file cannot be read (")
    lines, found = rules.read_lines(write(tmp_path, "news/nul.md", "---\ntitle: a\x00b\n---\n"))
    assert lines is None and [line for line, _, _ in found] == [2]


def test_no_fields():
    assert rules.no_fields({}) == [
        (
            1,
            "the file has no fields between its '---' lines",
            "write lines like 'title: ...' and 'date: YYYY-MM-DD' between them",
        )
    ]
    assert rules.no_fields(fields_of("title: T")) == []


def test_raw_html_in_the_text_and_in_the_summary_but_not_in_plain_fields():
    lines = [
        "---",
        "title: <script>x</script>",
        "summary: <script>y</script>",
        "---",
        "",
        "<iframe></iframe>",
    ]
    found = rules.html_problems(fields_of("\n".join(lines[1:3])), lines, 5)
    assert [(line, problem) for line, problem, _ in found] == [
        (6, "the HTML element <iframe> is not allowed in the text"),
        (3, "'summary': the HTML element <script> is not allowed in the text"),
    ]


def test_attribute_values_in_backticks_are_refused_with_the_line_and_the_quotes_to_use():
    """Markdown makes `...` a code span even inside a tag: the page would get <a href=<code>…"""
    lines = [
        "---",
        "summary: See <a href=`https://iom.int/`>IOM</a>",
        "---",
        "",
        'Text with `<a href="x">` shown as code, and `a<b` and `c>d` in code.',
        '<img alt="Map" src = `/images/map.png`>',
    ]
    found = rules.html_problems(fields_of(lines[1]), lines, 4)
    assert found == [
        (
            6,
            "the value of src= on <img> is in backticks (`): Markdown turns them into code, which breaks "
            "the element",
            'put the value in straight double quotes: src="…"',
        ),
        (
            2,
            "'summary': the value of href= on <a> is in backticks (`): Markdown turns them into code, "
            "which breaks the element",
            'put the value in straight double quotes: href="…"',
        ),
    ]


def test_curly_quoted_values_and_backticks_in_code_or_across_lines():
    lines = [
        "---",
        "---",
        "<a href=”https://www.iom.int”>IOM</a> and `<a href=` in code, `x` too.",
        "Children <five years old",
        "were counted. Use the value = `x`.",
        "```html",
        "<a href=`x`>",
        "```",
    ]
    assert rules.html_problems({}, lines, 3) == [
        (
            3,
            "the value of href= on <a> is in curly quotes (”): a browser reads them as part of it",
            'put the value in straight double quotes: href="…"',
        )
    ]


def test_what_markdown_reads_as_written_is_not_refused():
    """Found by review: addresses in angle brackets, hidden comments, "1)" numbering, numbered
    sources, definitions as list items, double-backtick code, a sentence with < and =."""
    lines = [
        "---",
        "---",
        "[report](<https://www.iom.int/files/annual report 2019.pdf>) and [call](<tel:+992 44 600 00 00>)",
        "<!--",
        "# Old heading, hidden",
        "[draft](www.iom.int) and [x][nowhere]",
        "-->",
        "1) #МыВместе",
        "Article 5[1][a] and [see][r].",
        "- [r]: https://www.iom.int",
        "``x ` [a][b] ` y`` and `[x](www.iom.int)`",
        "если a <b и c = «да»",
        "#EndTrafficking | #IOM",
    ]
    found = [
        *rules.html_problems({}, lines, 3),
        *rules.top_heading_problems(lines, 3),
        *links.link_problems(lines, 3),
        *links.link_syntax_problems(lines, 3),
    ]
    assert [(line, problem[:40]) for line, problem, _ in found] == [
        (13, "a line starting with one # is a top head")
    ]


def test_a_value_in_curly_quotes_is_told_once_and_a_pasted_picture_shortly():
    lines = [
        "---",
        "---",
        "<abbr title=“Международная организация по миграции”>МОМ</abbr>",
        "[p](data:image/png;base64," + "A" * 5000 + ")",
    ]
    found = [*rules.html_problems({}, lines, 3), *links.link_problems(lines, 3)]
    assert [line for line, _, _ in found] == [3, 4]
    assert "curly quotes" in found[0][1] and len(found[1][1]) < 300 and "content/images/" in found[1][1]


def test_the_summary_is_held_to_the_text_rules_at_its_line():
    from iomsite.plugins.content_types.check import formatted_field_problems

    found = formatted_field_problems(
        fields_of('title: T\nsummary: "#EndHumanTrafficking: see [IOM](www.iom.int)."')
    )
    assert [(line, problem.split(":")[0], fix[:30]) for line, problem, fix in found] == [
        (3, "'summary'", "it has no headings: start it o"),
        (3, "'summary'", "write it in full, e.g. https:/"),
    ]
    assert formatted_field_problems(fields_of("title: T\nsummary: '\\#EndHumanTrafficking: fine.'")) == []


def test_top_headings_in_the_text_are_refused_but_not_in_code():
    """One # (with or without a space: Python-Markdown makes #EndTrafficking an <h1> too, also
    in a list item or a quote) and a line of = under a paragraph's first line make a heading
    as large as the page's title."""
    lines = [
        "---",
        "title: T",
        "---",
        "",
        "# Heading",
        "#EndTrafficking starts this line; \\#escaped does not count, nor ## below.",
        "## A subheading",
        "```",
        "# a comment in code",
        "```",
        "Underlined",
        "==========",
        "",
        "    indented code",
        "    ======",
        "~~~",
        "# code again",
        "~~~",
        "\\#EndTrafficking",
        "- #EndTrafficking on Facebook",
        "> #IAmAMigrant, a quote",
        "1. #hashtag",
        "",
        "# | Region | Shelters",
        "--- | --- | ---",
        "1 | Sughd | 2",
        "",
        "Line one",
        "line two",
        "=====",
        "",
        "````",
        "# in a fence of four",
        "```",
        "# still in it",
        "````",
        "```",
        "# after a fence never closed: a heading",
    ]
    assert [line for line, _, _ in rules.top_heading_problems(lines, 4)] == [5, 6, 12, 20, 21, 22, 38]
    assert rules.top_heading_problems(["---", "---", "## Fine", "Text #1 and # 2."], 3) == []


def test_links_to_addresses_that_are_not_web_mail_or_phone():
    lines = ["---", "---", "[a](javascript:alert(1)) and [b](https://iom.int/)", "[c](mailto:x@iom.int)"]
    found = links.link_problems(lines, 3)
    assert [line for line, _, _ in found] == [3] and "javascript" in found[0][1]


def test_web_and_mail_addresses_without_their_scheme_are_refused_with_the_address_to_write():
    lines = [
        "---",
        "---",
        "[IOM](www.iom.int), [the mission](tajikistan.iom.int/en) and [write](iomdushanbe@iom.int)",
        "[fine](https://www.iom.int) [here](/press/) [top](#top) [file]({filename}/press/x.md)",
        "[up](../news/)",
        "[a report](report.pdf) [mail](mailto:iomdushanbe@iom.int)",
    ]
    more = [
        "---",
        "---",
        "[iom]: www.iom.int",
        '<a href="mfa.uz">MFA</a> [сайт](президент.рф) [write](name@iom.int?subject=Hi)',
    ]
    assert [problem.split(" is ")[0] for _, problem, _ in links.link_problems(more, 3)] == [
        "the link 'www.iom.int'",
        "the link 'президент.рф'",
        "the link 'name@iom.int?subject=Hi'",
        "the link 'mfa.uz'",
    ]
    assert links.link_problems(lines, 3) == [
        (
            3,
            "the link 'www.iom.int' is a web address without 'https://': it would lead to a page of "
            "this site that does not exist",
            "write it in full, e.g. https://www.iom.int",
        ),
        (
            3,
            "the link 'tajikistan.iom.int/en' is a web address without 'https://': it would lead to a "
            "page of this site that does not exist",
            "write it in full, e.g. https://tajikistan.iom.int/en",
        ),
        (
            3,
            "the link 'iomdushanbe@iom.int' is an e-mail address without 'mailto:': it would lead to a "
            "page of this site that does not exist",
            "write it as mailto:iomdushanbe@iom.int",
        ),
    ]


def test_links_that_work_only_where_they_were_copied_are_refused_with_the_address_to_write():
    """The preview's address, a search engine's, Facebook's or Outlook's redirect page, and a
    space after mailto: passed the check and were published as written."""
    lines = [
        "---",
        "---",
        "[the story](http://localhost:8000/news/old-story/)",
        "[report](https://www.google.com/url?q=https://www.iom.int/report&sa=D)",
        "[IOM](https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.iom.int%2F&data=1)",
        "[about]: http://127.0.0.1:8080/about/",
        "[to us](mailto: dushanbeinfo@iom.int)",
        '<a href="mailto: dushanbeinfo@iom.int">us</a>',
        "[fine](https://www.iom.int/) and [us](mailto:dushanbeinfo@iom.int) and [here](/about/)",
    ]
    assert [(line, fix) for line, _, fix in links.link_problems(lines, 3)] == [
        (3, "link the page of the site by its path: /news/old-story/"),
        (4, "link the address itself: https://www.iom.int/report"),
        (5, "link the address itself: https://www.iom.int/"),
        (6, "link the page of the site by its path: /about/"),
        (7, "write mailto: and the address with no space between, e.g. mailto:name@iom.int"),
        (8, "write mailto: and the address with no space between, e.g. mailto:name@iom.int"),
    ]
    more = [
        "Preview: <http://localhost:8000/news/x/>",
        "[r](https://lm.facebook.com/l.php?u=https%3A%2F%2Fwww.iom.int%2F&h=x)",
        "[r](https://www.google.com/url?sa=t&q=iom+report&url=https%3A%2F%2Fpublications.iom.int%2Fx&usg=1)",
    ]
    assert [fix for _, _, fix in links.link_problems(more, 1)] == [
        "link the page of the site by its path: /news/x/",
        "link the address itself: https://www.iom.int/",
        "link the address itself: https://publications.iom.int/x",  # not the search's words
    ]


def test_formatting_in_a_title_is_refused_for_it_is_shown_as_written():
    fields = fields_of(
        'title: "**Urgent:** IOM opens a shelter"\ntagline: Act <b>now</b>\ncall_to_action: Call us'
    )
    assert [
        (line, problem.split(":")[0]) for line, problem, _ in rules.formatting_in_plain_fields(fields)
    ] == [
        (2, "the title has '**Urgent"),
        (3, "the tagline has '<b>' in it"),
    ]


def test_alt_texts_that_say_nothing_and_img_tags_without_alt():
    from iomsite.plugins.content_types.check import raw_image_alt_problem, says_nothing

    nothing = ("IMG_2034.JPG", "IMG-20190612-WA0003", "WhatsApp Image 2019-06-12 at 10.22.31", "P1010234")
    nothing += ("photo", "Photo 1", "Picture 3", "фото", "Расм")
    assert [alt for alt in nothing if not says_nothing(alt)] == []
    said = (
        "IOM logo",
        "Officers at the consular training",
        "Pictures of the forum",
        "Photo exhibition opening",
    )
    assert [alt for alt in said if says_nothing(alt)] == []
    assert raw_image_alt_problem('<img src="/images/a.png" alt=Officers>') is None  # unquoted: valid HTML
    assert raw_image_alt_problem('<img src="/images/decorative-line.png">')  # the name is no class
    assert raw_image_alt_problem('<img src="/images/line.png" class="decorative">') is None


def test_a_footnote_without_its_note_and_a_code_fence_never_closed_are_refused():
    """Both were shown as written: '[^1]' in the text, the backticks and what followed."""
    import markdown

    text = ["---", "---", "The report.[^1] Its annex.[^annex]", "", "[^Annex]: A note.", "", "```", "more"]
    assert [(line, fix.split(" (")[0]) for line, _, fix in links.link_syntax_problems(text, 3)] == [
        (3, "add a line '[^1]: the note' after the paragraph"),
        (3, "add a line '[^annex]: the note' after the paragraph"),
    ]
    assert "[^1]" in markdown.markdown("\n".join(text[2:]), extensions=["extra"])
    assert [line for line, _, _ in rules.unclosed_fence_problems(text, 3)] == [7]
    assert "```" in markdown.markdown("\n".join(text[2:]), extensions=["extra"])
    assert links.link_syntax_problems(["A[^1]", "", "[^1]: The note."], 1) == []
    assert rules.unclosed_fence_problems(["```", "code", "```"], 1) == []
    # found by review: notes in a quote or a list item, tildes as a separator, ``` inline
    assert links.link_syntax_problems(["A[^1]", "", "> [^1]: IOM, 2019."], 1) == []
    assert links.link_syntax_problems(["A[^1]", "", "- [^1]: IOM, 2019."], 1) == []
    assert rules.unclosed_fence_problems(["First part.", "", "~~~", "", "Second part."], 1) == []
    assert rules.unclosed_fence_problems(["```pip install x``` is inline"], 1) == []


def test_links_markdown_would_not_make_as_meant():
    lines = [
        "---",
        "---",
        "Call [the hotline](tel:+992 37 221 03 02), see [our work](/images/market 2017.jpg).",
        'See [the report][rep], [IOM] (https://iom.int), [fine](https://iom.int "A title"), [ok][x], [y][].',
        "`[code][z]` and [^1] and a footnote[^1], returnees[1][2] had, [1] (https://example.org) says.",
        "[IOM](“https://www.iom.int”) and [МОМ](https://www.iom.int «Сайт МОМ»)",
        "```",
        "[in a fence][w]",
        "```",
        "1. See [the plan][nap].",
        "",
        "    [nap]: https://iom.int",
        "> [q]: https://iom.int",
        "[x]: https://iom.int",
        "[Y]: https://iom.int",
        "[^1]: A note.",
        "[q][] [IOM] (www.iom.int)",
    ]
    assert links.link_syntax_problems(lines, 3) == [
        (
            4,
            "the link '[the report][rep]' has no address: no line '[rep]: …' gives it",
            "write it as [the report](https://…), or add a line '[rep]: https://…' after the paragraph",
        ),
        (
            4,
            "'[IOM] (https://iom.int)' is shown as written, brackets and all: there is a space "
            "between ] and (",
            "remove the space: [IOM](https://iom.int)",
        ),
        (
            6,
            "the address of the link '[IOM](“https://www.iom.int”)' is in curly quotes: the page would "
            "link to a page of this site that does not exist",
            "remove the quotes: [IOM](https://www.iom.int)",
        ),
        (
            6,
            "the title of the link '[МОМ](https://www.iom.int «Сайт МОМ»)' is in curly quotes, so the "
            "link's address would be the whole text",
            'put the title in straight double quotes: [МОМ](https://www.iom.int "…")',
        ),
        (
            17,
            "'[IOM] (www.iom.int)' is shown as written, brackets and all: there is a space between ] and (",
            "remove the space: [IOM](www.iom.int)",
        ),
    ]


def test_filename_links_to_no_file(tmp_path):
    content = tmp_path / "content"
    write(content, "press/there.md")
    path = write(content, "news/x.md")
    lines = [
        "---",
        "---",
        "[a]({filename}/press/there.md) [b]({filename}../press/there.md#top)",
        "[c]({filename}gone.md)",
    ]
    assert links.filename_link_problems(path, lines, 3, content) == [
        (
            4,
            "the link {filename}gone.md points to no file of the content folder",
            "check the file's folder and name (links start from content/ when they begin with /)",
        )
    ]
    outside = ["[d]({filename}../../outside.md)"]
    write(tmp_path, "outside.md")
    assert [line for line, _, _ in links.filename_link_problems(path, outside, 1, content)] == [1]


def test_static_and_attach_links_to_no_file_but_not_images(tmp_path):
    """Pelican stopped on these with "Cannot get modification stamp for <path>", naming no line."""
    content = tmp_path / "content"
    write(content, "docs/report.pdf")
    path = write(content, "news/x.md")
    lines = [
        "---",
        "---",
        "[a]({static}/docs/report.pdf) [b]({static}/docs/report.pdf?v=2) `{static}/as-text.pdf`",
        "| Document |filename|format|",
        "[c]({static}/docs/gone.pdf) and [d]({attach}gone.pdf)",
        "![A photo]({static}/images/none.png) is check_images' to tell",
    ]
    assert [
        (line, problem) for line, problem, _ in links.filename_link_problems(path, lines, 3, content)
    ] == [
        (5, "the link {static}/docs/gone.pdf points to no file of the content folder"),
        (5, "the link {attach}gone.pdf points to no file of the content folder"),
    ]


def test_a_filename_link_to_a_file_that_is_not_a_page(tmp_path):
    content = tmp_path / "content"
    write(content, "images/photo.png")
    write(content, "news/my story.en.md")
    path = write(content, "news/x.md")
    lines = ["---", "---", "[photo]({filename}/images/photo.png) [story]({filename}my%20story.en.md)"]
    assert links.filename_link_problems(path, lines, 3, content) == [
        (
            3,
            "the link {filename}/images/photo.png leads to a file, not to a page: Pelican stops on it",
            "write {static}/images/photo.png to link to the file itself",
        )
    ]


def test_a_value_yaml_reads_as_a_type_tag_or_an_anchor():
    header = ["---", "title: !!binary SGVsbG8=", "summary: &amp Co", "tags:", "  - &x a", 'quote: "!fine"']
    assert [
        (line, problem.split(" at the start")[0]) for line, problem, _ in rules.yaml_property_problems(header)
    ] == [
        (2, "YAML reads the '!'"),
        (3, "YAML reads the '&'"),
        (5, "YAML reads the '&'"),
    ]


def test_a_section_the_data_file_does_not_list():
    sections = {"counter-trafficking": object(), "migration-health": object()}
    assert rules.unknown_section(fields_of("section: counter-traficking"), sections) == [
        (
            2,
            "unknown section 'counter-traficking'",
            "did you mean 'counter-trafficking'? sections are listed in content/data/sections.yml",
        )
    ]
    assert rules.unknown_section(fields_of("section: migration-health"), sections) == []
    assert rules.unknown_section(fields_of("section: x"), {}) == []  # sections.yml unreadable: told once


# (text, the line refused or None): each is rendered by Python-Markdown in the test below, so
# the rule is held to what the page really shows.
LIST_CASES = [
    ("We provide:\n- food\n- shelter", 2),
    ("**Contacts:**\n- Phone", 2),
    ("Steps:\n1. Call\n2. Ask", 2),
    ("Text\n  - indented two", 2),
    ("1) one\n2) two", 1),
    ("Шаги:\nа) первый\nб) второй", 2),
    ("• food\n• shelter", 1),
    ("1. a\n2) b\n3) c", 2),
    ("– shelter\n– food", 1),
    ("— Мы рады, — сказал он.\n— Спасибо.", 1),
    ("-\u00a0shelter\n-\u00a0food", 1),
    ("— Мы рады.\n\n— Спасибо.", None),
    ("[1] IOM, Migration in Tajikistan, 2019.\n[2] UNODC, Global Report, 2020.", 1),
    # found by review: what Markdown shows as meant
    ("-\u00a0Где вы работали?\n\n-\u00a0В Москве, на стройке.", None),  # a dialogue's replies
    ("Findings below.\n* * *\nThe second part.", None),  # a spaced rule
    ("— Как вы сюда попали?  \n— Через границу.", None),  # hard line breaks
    ("The meeting took place on December\n12. It gathered officials.", None),  # a wrapped line
    ("<div>\n\n1992. IOM opened its office.\n\n</div>", None),  # raw HTML
    ("<blockquote>\n- Кристина, глава миссии\n</blockquote>", None),
    ("We provide:\n\n- food\n- shelter", None),
    ("- a\n- b\nmore\n- c", None),
    ("## Help\n- a\n- b", None),
    ("Line\n---\n- a", None),
    ("1) one\n\n2) two", None),
    ("x\n1) only one", None),
    ("In\n2019. The project", None),
    ("He said\n— and this", None),
    ("Term\n: a definition\n- more", None),
    ("<div>\n- a\n</div>", None),
    ("> q\n- a", None),
    ("Para\n```\n- a\n```", None),
    ("| a | b |\n|---|---|\n- x", None),
]


def test_lists_markdown_would_join_into_a_paragraph_are_refused_at_their_first_item():
    """Python-Markdown needs an empty line before a list, and knows no '1)', 'а)' or '•' items:
    each refused text shows its items inside one paragraph on the page (checked here with the
    site's Markdown), and each text let through shows a list or was not meant as one."""
    import markdown

    from iomsite.plugins.content_types import lists

    for text, refused in LIST_CASES:
        problems = lists.list_problems(["---", "title: T", "---", *text.split("\n")], 4)
        assert [line - 3 for line, _, _ in problems] == ([refused] if refused else []), text
        html = markdown.markdown(text, extensions=["extra"], output_format="html5")
        item_line = text.split("\n")[refused - 1] if refused else ""
        if refused:
            shown = item_line.strip().split(maxsplit=1)[1]
            assert f"<li>{shown}" not in html and shown in html, (text, html)
    fix = {fix for _, _, fix in lists.list_problems(["1) one", "2) two"], 1)}
    assert fix == {
        "number the items 1. 2. 3. (a full stop, not a bracket), with an empty line before the list"
    }
