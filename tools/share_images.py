"""Draw the default share images (Open Graph, 1200 x 630), one per language, into
content/images/share-<lang>.png. Run again after changing a text: python -m iomsite.tools.share_images

The texts are each language's `share_image` in the content model (core/model.py); the font is
Debian's DejaVu Sans (fonts-dejavu-core), which covers Russian and Tajik Cyrillic."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from iomsite.core import model

ROOT = Path(__file__).resolve().parent.parent
FONTS = Path("/usr/share/fonts/truetype/dejavu")
BLUE, WHITE, GOLD = (12, 59, 126), (255, 255, 255), (255, 214, 130)


def fitting(path: Path, size: int, text: str, width: int) -> ImageFont.FreeTypeFont:
    """The font at `size`, or smaller until `text` fits in `width` pixels."""
    while True:
        font = ImageFont.truetype(str(path), size)
        if font.getlength(text) <= width or size <= 12:
            return font
        size -= 2


def draw(lang: str, target: Path) -> None:
    title, line1, line2 = model.language(lang).share_image
    image = Image.new("RGB", (1200, 630), BLUE)
    pen = ImageDraw.Draw(image)
    pen.text((80, 210), title, font=fitting(FONTS / "DejaVuSans-Bold.ttf", 96, title, 1040), fill=WHITE)
    regular = FONTS / "DejaVuSans.ttf"
    pen.text((80, 335), line1, font=fitting(regular, 42, line1, 1040), fill=WHITE)
    pen.text((80, 395), line2, font=fitting(regular, 42, line2, 1040), fill=GOLD)
    pen.rectangle((80, 470, 380, 478), fill=GOLD)
    image.save(target, optimize=True)


if __name__ == "__main__":
    for lang in model.LANGUAGES:
        draw(lang, ROOT / "content" / "images" / f"share-{lang}.png")
        print(f"Wrote content/images/share-{lang}.png")
