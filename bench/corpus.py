"""A deterministic synthetic corpus shaped like the real content, for benchmarks.

    python bench/corpus.py TARGET --articles 1000 --photos 200

`--articles` is per language: each English article has a Russian and a Tajik translation
(x.ru.md and x.tg.md beside x.md), in Cyrillic text of about 600 words; front matter like the real content
(type by folder, section, tags, donors, dates, lead images on some articles); a tenth of the
articles are newsletter stories in issues of 10. Photos are 2000x1333 JPEGs. The same seed
gives the same corpus, byte for byte.
"""

import argparse
import datetime
import itertools
import random
import shutil
from pathlib import Path

from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
SEED = 1993
LATIN = (
    "mi gra tion ta ji ki stan dush an be pro tec tion tra ffi ck ing bor der health com mu ni ty "
    "de ve lop ment la bour re turn wo men you th trai ning go vern ment part ner hot line"
).split()
CYRILLIC = (
    "ми гра ция та джи ки стан ду шан бе за щи та тор гов ля люд ми гра ни ца здо ро вье "
    "об щи на раз ви тие труд воз вра ще ние жен щи ны мо ло дёжь"
).split()
TAJIK = (
    "му ҳо ҷи рат то ҷи кис тон ду шан бе ҳи фз сав до и о да мон сар ҳад са ло мат ӣ ҷа мо ат "
    "рушд ме ҳ нат ба р гаш т за нон ҷа во нон қ ӯ ғ"
).split()
SYLLABLES = {"en": LATIN, "ru": CYRILLIC, "tg": TAJIK}
SECTIONS = [
    "refugee-protection",
    "facilitating-migration",
    "counter-trafficking",
    "community-stabilization",
    "migration-health",
    "migration-and-development",
    "border-management",
    "project-briefs",
]
DONORS = ["usaid", "japan", "united-kingdom", "undp", "iom-development-fund"]
# how the text names each funder (the content check wants a story's text to name its donors)
DONOR_NAMES = {
    "usaid": "USAID",
    "japan": "the Government of Japan",
    "united-kingdom": "the Government of the United Kingdom",
    "undp": "UNDP",
    "iom-development-fund": "the IOM Development Fund",
}
TAGS = ["training", "human trafficking", "labour migration", "tuberculosis", "youth", "memorandum"]


VOCABULARY_SIZE = 20000


def vocabulary(lang: str) -> tuple[list[str], list[float]]:
    """A fixed vocabulary per language, drawn with Zipf's law (word of rank r has weight 1/r),
    like real text: a few words are very common and the number of distinct words grows slowly
    with the corpus. (Words of independent random syllables would make every word nearly unique,
    which no real archive does, and would inflate the search index.)"""
    if lang not in _VOCABULARIES:
        rng = random.Random(f"{SEED}-{lang}")
        seen, ordered = set(), []
        while len(ordered) < VOCABULARY_SIZE:
            word = "".join(rng.choice(SYLLABLES[lang]) for _ in range(rng.randint(1, 4)))
            if word not in seen:
                seen.add(word)
                ordered.append(word)
        weights = list(itertools.accumulate(1 / rank for rank in range(1, VOCABULARY_SIZE + 1)))
        _VOCABULARIES[lang] = (ordered, weights)
    return _VOCABULARIES[lang]


_VOCABULARIES: dict = {}


def words(rng, lang, count):
    population, cumulative = vocabulary(lang)
    return rng.choices(population, cum_weights=cumulative, k=count)


def paragraph(rng, lang, count):
    text = " ".join(words(rng, lang, count))
    return text[0].upper() + text[1:] + "."


def photo(path: Path, rng):
    small = Image.new("RGB", (50, 33))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(50 * 33)])
    image = small.resize((2000, 1333), Image.BICUBIC).filter(ImageFilter.GaussianBlur(2))
    grain = Image.effect_noise((2000, 1333), 24).convert("RGB")
    Image.blend(image, grain, 0.12).save(path, "JPEG", quality=88)


def generate(target: Path, articles: int, photos: int, seed: int = SEED) -> Path:
    rng = random.Random(seed)
    content = target / "content"
    if content.exists():
        shutil.rmtree(content)
    for folder in ("press", "news", "newsletters", "campaigns", "pages", "images"):
        (content / folder).mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "data", content / "data")
    for lang in ("en", "ru", "tg"):  # the default share image of each language
        shutil.copy(ROOT / "content" / "images" / f"share-{lang}.png", content / "images")
    (content / "pages" / "about.md").write_text(
        "---\ntitle: About\nslug: about\n---\n\nAbout us.\n", encoding="utf-8"
    )
    for index in range(photos):
        photo(content / "images" / f"photo-{index:04d}.jpg", random.Random(seed + index))
    start = datetime.date(1996, 1, 1)
    for n in range(articles):
        date = start + datetime.timedelta(days=n * 10 // 1 % 11000)
        kind = (
            "newsletters"
            if n % 10 == 0
            else ("press" if n % 3 == 0 else ("campaigns" if n % 97 == 0 else "news"))
        )
        slug = f"item-{n:05d}"
        section = rng.choice(SECTIONS)
        tags = ", ".join(rng.sample(TAGS, 2))
        donors = rng.choice(DONORS) if n % 4 == 0 else ""
        image = f"images/photo-{(n // 5) % photos:04d}.jpg" if photos and n % 5 == 0 else ""
        body = "\n\n".join(paragraph(rng, "en", 60) for _ in range(10))
        for lang in ("en", "ru", "tg"):
            title = " ".join(words(rng, lang, 6)).capitalize()
            text = body if lang == "en" else "\n\n".join(paragraph(rng, lang, 60) for _ in range(10))
            if donors:
                text += f"\n\nFunded by {DONOR_NAMES[donors]}."
            fields = [
                f"title: {title}",
                f"slug: {slug}-{lang}" if lang != "en" else f"slug: {slug}",
                f"date: {date.isoformat()}",
                f"section: {section}",
                f"tags: {tags}",
            ]
            if donors:
                fields.append(f"donors: {donors}")
            if image:
                fields += [f"image: {image}", "image_alt: A photo from the synthetic corpus"]
            if kind == "press":
                fields.append("dateline: Dushanbe")
            if kind == "campaigns":
                fields.append('hashtag: "#Bench"')
            suffix = "" if lang == "en" else f".{lang}"
            if kind == "newsletters":
                issue = f"issue-{n // 100:03d}"
                folder = content / "newsletters" / issue
                folder.mkdir(exist_ok=True)
                issue_file = folder / f"issue{suffix}.md"
                if not issue_file.exists():
                    issue_file.write_text(
                        f"---\ntitle: Issue {n // 100} {lang}\ndate: {date.isoformat()}\n"
                        + f"issue_label: Issue {n // 100}\nsignatory: A. B.\n"
                        + "signatory_role: Chief of Mission\n---\n\n"
                        + paragraph(rng, lang, 80)
                        + "\n",
                        encoding="utf-8",
                    )
                path = folder / f"{slug}{suffix}.md"
            else:
                path = content / kind / f"{slug}{suffix}.md"
            path.write_text("---\n" + "\n".join(fields) + "\n---\n\n" + text + "\n", encoding="utf-8")
    return content


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target")
    parser.add_argument("--articles", type=int, default=1000, help="articles per language")
    parser.add_argument("--photos", type=int, default=200)
    args = parser.parse_args()
    content = generate(Path(args.target), args.articles, args.photos)
    print(
        f"Wrote {sum(1 for _ in content.rglob('*.md'))} Markdown files and "
        f"{sum(1 for _ in content.rglob('photo-*.jpg'))} photos to {content}"
    )


if __name__ == "__main__":
    main()
