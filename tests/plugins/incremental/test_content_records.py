"""The content cache's records (plugins/incremental/content_cache.py): long non-ASCII strings
are encoded by the cache itself, so that pickling leaves no UTF-8 copy inside them, and come
back with the same sharing as before (the site's fingerprint tells shared from equal)."""

import io
import pickle
import sys

from iomsite.plugins.incremental import content_cache, preload

HTML = "<p>Мигрантҳо ва оилаҳои онҳо дар Тоҷикистон — " + "маълумот " * 40 + "</p>"


class Item:
    pass


def fresh(text: str) -> str:
    """An equal string that is an object of its own."""
    return text[:1] + text[1:]


def record_of(item) -> bytes:
    buffer = io.BytesIO()
    content_cache._Pickler(buffer, {}).dump(item)
    return buffer.getvalue()


def loaded(record: bytes):
    return content_cache._Unpickler(io.BytesIO(record), {}).load()


def test_pickling_a_record_leaves_no_utf8_copy_in_a_russian_or_tajik_text():
    text = fresh(HTML)  # not the constant, which other tests pickle
    size = sys.getsizeof(text)
    item = Item()
    item._content = text
    record_of(item)
    assert sys.getsizeof(text) == size
    pickle.dumps(item)  # the plain pickler keeps one: this test would see it
    assert sys.getsizeof(text) > size


def test_a_record_comes_back_equal_with_its_strings_shared_as_they_were():
    shared, twin = fresh(HTML), fresh(HTML)
    item = Item()
    item._content, item.summary, item.other = shared, shared, twin
    item.title, item.slug, item.ascii = "Кӯтоҳ", "short", "a" * 200
    item.metadata = {"summary": shared, "list": [twin, "Ҳа"]}
    back = loaded(record_of(item))
    assert vars(back) == vars(item)
    assert back._content is back.summary is back.metadata["summary"]
    assert back.other is back.metadata["list"][0]
    assert back._content is not back.other
    # what the site's fingerprint sees (a pickle with a memo) is what a plain pickle gave
    assert pickle.dumps(vars(back)) == pickle.dumps(vars(pickle.loads(pickle.dumps(item))))


class Computed:
    """A value whose pickled state is made on the fly, as a plugin's `__reduce__` may."""

    def __init__(self, number: int):
        self.number = number

    def __reduce__(self):
        return (Computed, (self.number,), fresh(HTML) + str(self.number))

    def __setstate__(self, state):
        self.text = state


def test_strings_made_while_pickling_come_back_each_with_its_own_text():
    item = Item()
    item.values = [Computed(number) for number in range(5)]
    back = loaded(record_of(item))
    assert [value.text[-1] for value in back.values] == ["0", "1", "2", "3", "4"]


def test_the_previews_unpickler_reads_the_same_records_and_counts_only_stand_ins():
    settings = {"SITEURL": ""}
    item = Item()
    item._content, item.summary, item.settings = fresh(HTML), None, settings
    item.summary = item._content
    buffer = io.BytesIO()
    content_cache._Pickler(buffer, {id(settings): "settings"}).dump(item)
    stand_ins = {"settings": {}, "context": {}}
    unpickler = preload._CountingUnpickler(io.BytesIO(buffer.getvalue()), stand_ins)
    back = unpickler.load()
    assert back._content == HTML and back.summary is back._content
    assert back.settings is stand_ins["settings"] and unpickler.loaded == 1
