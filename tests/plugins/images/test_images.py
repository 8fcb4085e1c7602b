"""The image pipeline on real files made with Pillow: sizes, formats, privacy, orientation,
markup, cache, and every kind of bad input."""

import re
from pathlib import Path

import pytest
from conftest import MINIMAL_PRESS, FixtureSite, run_module
from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_with_gps_rotated(path: Path):
    """Stored 1200x600: left half red, right half blue; EXIF says 'rotate 90° clockwise'
    (orientation 6), so it displays 600x1200 with red on top. Carries GPS and a camera serial."""
    image = Image.new("RGB", (1200, 600), (220, 0, 0))
    image.paste((0, 0, 220), (600, 0, 1200, 600))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "CameraMaker"  # Make
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    exif[GPS_IFD] = {1: "N", 2: (38.0, 33.0, 36.0), 3: "E", 4: (68.0, 46.0, 48.0)}
    image.save(path, "JPEG", exif=exif.tobytes(), quality=90)
    assert Image.open(path).getexif().get_ifd(GPS_IFD), "the test photo must carry GPS"


def logo_with_alpha(path: Path):
    image = Image.new("RGBA", (2000, 1000), (0, 0, 0, 0))
    image.paste((11, 59, 122, 255), (500, 250, 1500, 750))
    image.save(path, "PNG")


STORY = """\
title: A story with photos
slug: photos
date: 2020-01-15
dateline: Dushanbe

First paragraph.

![Two colours, upright]({static}/images/rotated.jpg "A caption under the photo")

![The logo on a transparent background]({static}/images/logo.png)

![]({static}/images/logo.png){.decorative}

![The logo again]({static}/images/logo.png)
*A caption written in italics under the image*
"""


def make_photo_site(root: Path) -> FixtureSite:
    site = FixtureSite(root, warm_caches=False)  # these tests count what is made
    photo_with_gps_rotated(site.root / "content" / "images" / "rotated.jpg")
    logo_with_alpha(site.root / "content" / "images" / "logo.png")
    site.write("press/photos.md", STORY)
    return site


@pytest.fixture
def photo_site(tmp_path):
    return make_photo_site(tmp_path / "site")


@pytest.fixture(scope="module")
def photo_build(tmp_path_factory):
    """The photo site built once from an empty image cache, for the tests that only read what
    that build made (the build is the same for each; the cold build costs seconds of CPU)."""
    return make_photo_site(tmp_path_factory.mktemp("photos") / "site").build()


def images_in(folder: Path):
    return sorted((folder / "media").iterdir())


def test_derivatives_at_each_width_in_webp_and_fallback_never_upscaled(photo_build):
    result = photo_build
    assert result.returncode == 0, result.output
    names = [p.name for p in images_in(result.folder) if p.name.startswith("rotated")]
    sizes = {(re.search(r"-(\d+)\.(\w+)$", n).groups()) for n in names}
    assert sizes == {("480", "webp"), ("480", "jpg"), ("600", "webp"), ("600", "jpg")}
    logo = {p.name.rsplit("-", 1)[1] for p in images_in(result.folder) if p.name.startswith("logo")}
    assert logo == {"480.webp", "480.png", "960.webp", "960.png", "1600.webp", "1600.png"}
    for path in images_in(result.folder):
        with Image.open(path) as image:
            width = int(re.search(r"-(\d+)\.\w+$", path.name).group(1))
            assert image.width == width
            assert image.format == {"webp": "WEBP", "jpg": "JPEG", "png": "PNG"}[path.suffix[1:]]
    with Image.open(next(p for p in images_in(result.folder) if p.name.endswith("-960.png"))) as png:
        assert png.mode == "RGBA" and png.getpixel((0, 0))[3] == 0, "transparency is kept"


def test_no_published_image_carries_exif_gps_or_xmp_and_pixels_are_upright(photo_build):
    result = photo_build
    assert result.returncode == 0, result.output
    published = (
        list(result.folder.rglob("*.jpg"))
        + list(result.folder.rglob("*.png"))
        + list(result.folder.rglob("*.webp"))
    )
    assert published
    for path in published:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert "exif" not in image.info and "xmp" not in image.info, path
            assert b"SERIAL-12345" not in path.read_bytes()
    assert not list(result.folder.rglob("rotated.jpg")), "the original is not published"
    with Image.open(
        next(
            p
            for p in images_in(result.folder)
            if p.name.endswith("-480.jpg") and p.name.startswith("rotated")
        )
    ) as image:
        assert image.size == (480, 960)
        top, bottom = image.getpixel((240, 100)), image.getpixel((240, 860))
        assert top[0] > 180 and top[2] < 60, f"top should be red, is {top}"
        assert bottom[2] > 180 and bottom[0] < 60, f"bottom should be blue, is {bottom}"


def test_html_has_picture_srcset_sizes_dimensions_and_lazy_loading(photo_build):
    result = photo_build
    page = result.page("/press/photos/")
    pictures = page.find("main").find_all("picture")
    assert len(pictures) == 4
    first, second, third, fourth = (p.find("img") for p in pictures)
    assert (
        fourth.find_parent("figure").figcaption.get_text() == "A caption written in italics under the image"
    )
    for img, picture in zip((first, second, third), pictures):
        assert picture.find("source", type="image/webp")["srcset"]
        assert img["srcset"] and img["sizes"] and img["width"] and img["height"]
    assert (first["width"], first["height"]) == ("600", "1200")
    assert "loading" not in first.attrs and "decoding" not in first.attrs, "the first image loads at once"
    assert second["loading"] == "lazy" and second["decoding"] == "async"
    assert first.find_parent("figure").figcaption.get_text() == "A caption under the photo"
    assert third["alt"] == "", "a decorative image has an empty alt"
    for url in [first["src"]] + [c.split()[0] for c in pictures[0].find("source")["srcset"].split(",")]:
        assert result.file(url).exists(), url


def image_counts(result) -> tuple[int, int]:
    figures = result.figures("images")
    return figures["processed"], figures["published"]


def test_second_build_processes_nothing_and_one_change_reprocesses_only_that_image(photo_site):
    first = photo_site.build()
    processed, total = image_counts(first)
    assert processed == total >= 10
    second = photo_site.build()
    assert image_counts(second) == (0, total)
    assert f"{total} reused from the cache" in second.output
    logo_path = photo_site.root / "content" / "images" / "logo.png"
    image = Image.open(logo_path)
    image.putpixel((0, 0), (255, 0, 0, 255))
    image.save(logo_path)
    third = photo_site.build()
    assert image_counts(third) == (6, total), "only the logo's 6 files are made again"


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> FixtureSite:
    """A fixture site with a good build, made once: each bad-input case starts from a copy."""
    site = FixtureSite(tmp_path_factory.mktemp("good") / "site")
    site.write("press/ok.md", MINIMAL_PRESS)
    good = site.build()
    assert good.returncode == 0, good.output
    return site


def bad_input_case(
    good_build, root: Path, markdown_image: str, setup, expected: str, front_matter: str = "", line: int = 7
):
    """The bad image refused by `invoke check-content` and by the build's first check, once,
    as `content/news/bad.md:<line>: <expected>`, and the previous output left as it was."""
    site = good_build.copy(root)
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert before
    setup(site.root)
    site.write(
        "news/bad.md", f"title: Bad image\ndate: 2020-02-01\n{front_matter}\nText.\n\n{markdown_image}\n"
    )
    check = run_module("iomsite.tools.check_content", site.settings, timeout=120)
    assert check.returncode == 1
    told = [text for text in check.stdout.splitlines() if expected in text]
    assert len(told) == 1 and told[0].startswith(f"content/news/bad.md:{line}: "), check.stdout + check.stderr
    result = site.build()
    assert result.returncode == 1
    told = [text.strip() for text in result.output.splitlines() if expected in text]
    assert len(told) == 1 and told[0].startswith(f"content/news/bad.md:{line}: "), result.output
    assert "nothing was built" in result.output and "Traceback" not in result.output
    assert {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()} == before


def test_missing_image_fails_with_file_and_line(good_build, tmp_path):
    bad_input_case(
        good_build,
        tmp_path / "site",
        "![A photo]({static}/images/nowhere.jpg)",
        lambda root: None,
        "the image '{static}/images/nowhere.jpg' does not exist",
    )


def test_truncated_image_fails(good_build, tmp_path):
    def setup(root):
        photo_with_gps_rotated(root / "content" / "images" / "full.jpg")
        data = (root / "content" / "images" / "full.jpg").read_bytes()
        (root / "content" / "images" / "cut.jpg").write_bytes(data[: len(data) // 2])

    bad_input_case(
        good_build,
        tmp_path / "site",
        "![A photo]({static}/images/cut.jpg)",
        setup,
        "'images/cut.jpg' is not a readable image",
    )


def test_unreadable_file_fails(good_build, tmp_path):
    def setup(root):
        (root / "content" / "images" / "notes.jpg").write_text("this is not a picture")

    bad_input_case(
        good_build,
        tmp_path / "site",
        "![A photo]({static}/images/notes.jpg)",
        setup,
        "'images/notes.jpg' is not a readable image",
    )


def test_decompression_bomb_fails(good_build, tmp_path):
    def setup(root):
        Image.new("1", (12000, 12000)).save(root / "content" / "images" / "huge.png")

    bad_input_case(
        good_build,
        tmp_path / "site",
        "![A photo]({static}/images/huge.png)",
        setup,
        "'images/huge.png' is 12000x12000 pixels (144 megapixels), more than the limit of 50",
    )


def test_path_escaping_the_content_folder_fails(good_build, tmp_path):
    def setup(root):
        photo_with_gps_rotated(root / "secret.jpg")

    bad_input_case(
        good_build,
        tmp_path / "site",
        "![A photo](../../secret.jpg)",
        setup,
        "'../../secret.jpg' points outside the content folder",
    )


SVG_REFUSED = "'images/logo.svg' is an SVG: SVG files can carry scripts and are not published"


def write_svg(root: Path) -> None:
    (root / "content" / "images" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )


@pytest.mark.parametrize(
    "shown",
    [
        "![A logo]({static}/images/logo.svg)",
        '<img src="/images/logo.svg" alt="The logo">',
        "![The logo](/images/logo.svg 'The logo')",
        "![The logo][logo]\n\n[logo]: /images/logo.svg",
    ],
    ids=["markdown", "raw-html", "single-quoted-title", "by-reference"],
)
def test_svg_is_refused_never_published(good_build, tmp_path, shown):
    bad_input_case(good_build, tmp_path / "site", shown, write_svg, SVG_REFUSED)


def test_a_lead_image_that_is_an_svg_is_refused_once_on_its_line(good_build, tmp_path):
    bad_input_case(
        good_build,
        tmp_path / "site",
        "",
        write_svg,
        SVG_REFUSED,
        front_matter="image: images/logo.svg\nimage_alt: The logo\n",
        line=4,
    )


def test_image_without_alt_fails_with_file_and_line(fixture_site):
    logo_with_alpha(fixture_site.root / "content" / "images" / "logo.png")
    fixture_site.write(
        "news/no-alt.md", "title: No alt\ndate: 2020-02-01\n\nText.\n\n![]({static}/images/logo.png)\n"
    )
    result = fixture_site.build()
    assert result.returncode == 1
    assert "content/news/no-alt.md:7: the image '{static}/images/logo.png' has no alt text" in result.output


def test_lead_image_is_upright_picture_and_feed_enclosure_points_to_a_derivative(fixture_site):
    photo_with_gps_rotated(fixture_site.root / "content" / "images" / "lead.jpg")
    fixture_site.write(
        "press/lead.md",
        MINIMAL_PRESS.replace(
            "dateline: Dushanbe", "dateline: Dushanbe\nimage: images/lead.jpg\nimage_alt: Red above blue"
        ),
    )
    result = fixture_site.build()
    assert result.returncode == 0, result.output
    img = result.page("/press/a-minimal-press-release/").find("main").find("picture").find("img")
    assert img["alt"] == "Red above blue" and "loading" not in img.attrs
    import feedparser

    enclosure = feedparser.parse(result.folder / "feeds" / "all.atom.xml").entries[0].enclosures[0]
    published = result.folder / enclosure.href.replace("https://www.iom.tj/", "")
    assert published.exists() and int(enclosure.length) == published.stat().st_size
    assert enclosure.type == "image/jpeg"
