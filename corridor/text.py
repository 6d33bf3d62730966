"""Text helpers: slugs and search documents that work for English and Chinese alike."""

import functools
import re
import unicodedata

from django.utils.text import slugify

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def slug_from(text, max_length=80):
    """A URL slug for ``text``; Chinese characters become pinyin (``嘉兴`` gives ``jia-xing``)."""
    text = (text or "").strip()
    if CJK.search(text):
        from pypinyin import lazy_pinyin  # its dictionaries take a quarter second to load

        text = " ".join(lazy_pinyin(text, errors="default"))
    return slugify(text)[:max_length].strip("-")


# --- Search documents ------------------------------------------------------------------------
#
# Each searched item stores one document of tokens (``search_document``), made here from its
# texts in both languages whenever it is saved, and each query is cut into tokens the same way:
#
# - Latin-script words, case-folded and stemmed (Snowball's English stemmer: "companies" and
#   "company" both give "compani"); a query word matches any token it begins.
# - Chinese, which has no spaces between words: each run of characters as its pairs of
#   neighbours (复宏汉霖 → 复宏 宏汉 汉霖), then its single characters. A query of two or more
#   characters must find its pairs one after another; a single character, itself.
# - Names written in Chinese also as pinyin, whole and by initials: 复宏汉霖 gives
#   ``fuhonghanlin``, ``fhhl`` and each syllable.
#
# The tokens are separated by spaces, so PostgreSQL's ``simple`` text-search parser and
# SQLite's ``unicode61`` tokenizer read them as they are: each database's full-text index
# (``corridor.search``) serves Chinese and pinyin queries as well as English. The names' own
# tokens are also stored apart (``search_names_document``), so that a match in a name can be
# told from a match in the text without reading either. The Chinese runs themselves are stored
# too (``search_chinese_document``) for a trigram index, which finds a query of three or more
# characters faster than the phrase of its pairs.

LATIN_WORD = re.compile(r"[0-9a-z]+")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@functools.cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def fold(text):
    return unicodedata.normalize("NFKC", text or "").casefold()


def latin_tokens(text):
    stem = _stemmer().stemWord
    return [stem(word) for word in LATIN_WORD.findall(fold(text))]


def chinese_tokens(run):
    return [run[i : i + 2] for i in range(len(run) - 1)] + list(run)


@functools.lru_cache(maxsize=4096)
def pinyin_tokens(name):
    """The pinyin of each Chinese run of ``name``: whole, by initials, by syllable. Cached, as
    each name is read twice, for its own document and for the whole item's."""
    from pypinyin import lazy_pinyin

    tokens = []
    for run in CJK_RUN.findall(fold(name)):
        syllables = [s for s in lazy_pinyin(run, errors="ignore") if s.isascii()]
        if syllables:
            tokens += ["".join(syllables), "".join(s[0] for s in syllables), *syllables]
    return tuple(tokens)


def search_document(names=(), texts=()):
    """The stored search document of an item: `` token token … `` (see above)."""
    tokens = []
    for text in (*names, *texts):
        tokens += latin_tokens(text)
        for run in CJK_RUN.findall(fold(text)):
            tokens += chinese_tokens(run)
    for name in names:
        tokens += pinyin_tokens(name)
    return f" {' '.join(tokens)} " if tokens else ""


def chinese_document(texts=()):
    """The runs of Chinese characters of ``texts``, each once, one space apart
    (`` 复宏汉霖 生物医药 ``): the text a trigram index reads, in which a query of three or more
    characters is found as a substring of a run."""
    runs = dict.fromkeys(run for text in texts for run in CJK_RUN.findall(fold(text)))
    return f" {' '.join(runs)} " if runs else ""


def query_tokens(term):
    """What one query term must find: ``[("prefix", token) | ("exact", token) |
    ("phrase", (pair, pair, …)) …]``, all of them."""
    wanted = [("prefix", token) for token in latin_tokens(term)]
    for run in CJK_RUN.findall(fold(term)):
        if len(run) == 1:
            wanted.append(("exact", run))
        else:
            wanted.append(("phrase", tuple(run[i : i + 2] for i in range(len(run) - 1))))
    return wanted
