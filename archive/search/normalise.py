"""Search normalisation: one set of rules for the index and for queries, on every backend.

The search engines (SQLite FTS5, PostgreSQL, Elasticsearch/OpenSearch) never see the raw text:
they index and query *keys* made here, so that they all behave alike and none of them needs a
language configuration of its own (PostgreSQL uses the `simple` configuration, FTS5 its default
tokenizer, Elasticsearch the `standard` analyser; each of them only splits on spaces and
lower-cases what is already lower-case).

A word becomes a key in four steps:

1. *Letters*: the text is composed (NFC) and lower-cased; the letters of the Bambara alphabet
   that are not accented Latin letters are spelled out: ɛ → e, ɔ → o, ɲ → ny, ŋ → ng, and the
   older orthography's ñ → ny; œ → oe, æ → ae.
2. *Accents*: every combining mark is removed (é → e, è → e, ò → o, tone marks...), so a word
   typed without its accents finds the accented one and the other way round.
3. *Language*: French words are stemmed by Snowball's French stemmer, English words by its
   English (Porter 2) stemmer, Bambara words have the older and French-style spellings folded
   (dy, dj → j; ty, tch → c; gn → ny; ou → u, and w before a vowel). The French stemmer relies on
   accents to recognise the endings -é, -ée, -és, -ées, which step 2 has removed; they are put
   back on the folded word (-ee(s) → -ée(s), -ie(s) → -ié(s)) before stemming, so "déplacées",
   "deplacees" and "déplacé" all become "deplac". Other recording languages keep the folded word.
4. Words of one letter (the elided l', d', j' and Bambara's pronouns) are dropped.

A segment is indexed with the keys of *its* language (`index_text`). A query does not know the
language of what it looks for, so each query word stands for the set of its keys in every
language (`query_terms`): "migrantes" looks for the French key "migr" or the English key
"migrant" or the folded word itself. Query words that are grammatical words in French or
English (le, des, the, of...) are dropped unless the query has nothing else.

`tokens()` also gives each word's position in the original text, so that snippets can be
highlighted on the text as written (see `archive.search.snippets`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

WORD_RE = re.compile(r"[^\W_]+")
_LETTERS = str.maketrans({
    "ɛ": "e", "ɔ": "o", "ɲ": "ny", "ŋ": "ng", "ñ": "ny", "œ": "oe", "æ": "ae", "ß": "ss",
    "ı": "i", "ʼ": "", "ƴ": "y", "ɓ": "b", "ɗ": "d",
})
# Older (1967) and French-style spellings of Bambara, folded onto the current orthography.
_BAMBARA_SPELLINGS = [
    (re.compile(r"ou(?=[aeio])"), "w"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"d[jy]"), "j"),
    (re.compile(r"tch|ty"), "c"),
    (re.compile(r"gn"), "ny"),
]
_FRENCH_ACCENTED_ENDINGS = re.compile(r"(i?)e(e?)(s?)$")

STEMMED_LANGUAGES = {"fr": "french", "en": "english"}
BAMBARA = "bm"

_STOPWORDS = """
    au aux avec ce ces cet cette dans de des du elle elles en et il ils je la le les leur leurs
    lui ma mais me mes moi mon ne nous on ou par pas pour qu que qui sa se ses son sur ta te tes
    toi ton tu un une vos votre vous est sont
    an and are as at be by for from he her his in into is it its of on or our she that the their
    them they this to was we were with you your
"""
STOPWORDS = frozenset(WORD_RE.findall(_STOPWORDS))

_local = threading.local()


def _stemmer(language: str):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMED_LANGUAGES[language])
    return stemmers[language]


# Deleting every combining mark of the Basic Multilingual Plane, with str.translate (fast).
_NO_MARKS = dict.fromkeys(c for c in range(0x10000) if unicodedata.combining(chr(c)))


def fold(text: str) -> str:
    """Lower-case, spelled-out Bambara letters, no accents: 'Ɲɔgɔn Déplacée' → 'nyogon deplacee'."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFC", text).lower().translate(_LETTERS)
    return unicodedata.normalize("NFD", text).translate(_NO_MARKS)


def fold_bambara(word: str) -> str:
    """A folded Bambara word with its older and French-style spellings made current."""
    for pattern, replacement in _BAMBARA_SPELLINGS:
        word = pattern.sub(replacement, word)
    return word


def _restore_french_endings(word: str) -> str:
    def accent(match: re.Match) -> str:
        i, e, s = match.groups()
        return f"{i}é{e}{s}" if (i or e) else match.group(0)

    return _FRENCH_ACCENTED_ENDINGS.sub(accent, word)


@lru_cache(maxsize=100_000)
def word_key(folded: str, language: str) -> str:
    """The key of one folded word in `language` ('' when the word is not indexed)."""
    if len(folded) < 2:
        return ""
    if language == "fr":
        return fold(_stemmer("fr").stemWord(_restore_french_endings(folded)))
    if language == "en":
        return _stemmer("en").stemWord(folded)
    if language == BAMBARA:
        return fold_bambara(folded)
    return folded


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # position in the original text
    end: int
    folded: str


def tokens(text: str) -> Iterator[Token]:
    """The words of `text`, with their place in it and their folded form.

    Folding never changes where words begin and end in practice, but it may change a word's
    length (ɲ → ny), so words are found in the original text and folded one by one.
    """
    for match in WORD_RE.finditer(text):
        folded = fold(match.group())
        if folded:
            yield Token(match.start(), match.end(), folded)


def keys(text: str, language: str) -> list[str]:
    """The keys of `text` written in `language`, in order."""
    # Folding the whole text at once is much faster than word by word, and gives the same words
    # (folding removes marks and spells letters out, it never adds or removes a word boundary).
    return [key for word in WORD_RE.findall(fold(text)) if (key := word_key(word, language))]


def index_text(text: str, language: str) -> str:
    """What the search engine indexes for `text`: its keys, separated by spaces."""
    return " ".join(keys(text, language))


QUERY_LANGUAGES = ("fr", "en", BAMBARA, "")


def term_keys(folded: str) -> tuple[str, ...]:
    """Every key a query word may have been indexed under, in any language."""
    return tuple(sorted({k for lang in QUERY_LANGUAGES if (k := word_key(folded, lang))}))


def query_terms(query: str, max_terms: int = 12) -> list[tuple[str, ...]]:
    """The query as a list of words, each a tuple of alternative keys (any of them matches).

    Grammatical words are dropped unless nothing else is left; repeated words count once.
    """
    words = [t.folded for t in tokens(query) if len(t.folded) > 1]
    meaningful = [w for w in words if w not in STOPWORDS] or words
    terms: list[tuple[str, ...]] = []
    for word in meaningful:
        alternatives = term_keys(word)
        if alternatives and alternatives not in terms:
            terms.append(alternatives)
    return terms[:max_terms]
