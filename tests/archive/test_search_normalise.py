"""Search keys: accent folding, French and English stemming, Bambara spellings, snippets."""

import pytest

from archive.search.normalise import fold, index_text, query_terms, term_keys, tokens
from archive.search.snippets import highlight


def finds(query: str, text: str, language: str) -> bool:
    """Would `query` find a segment saying `text` in `language`? (every word, any key)"""
    indexed = set(index_text(text, language).split())
    return all(set(keys) & indexed for keys in query_terms(query))


def test_folding_removes_accents_and_spells_out_bambara_letters():
    assert fold("Déplacées À Sévaré") == "deplacees a sevare"
    assert fold("Ɲɔgɔn sɛbɛn ŋaara") == "nyogon seben ngaara"
    assert fold("ñògòn cœur") == "nyogon coeur"
    # A decomposed accent (e + combining acute) is folded like the composed one
    assert fold("de\u0301place\u0301e") == fold("déplacée")


@pytest.mark.parametrize(("query", "text"), [
    ("migrantes", "Une migrante est arrivée."),
    ("migrantes", "Les migrants attendent."),
    ("migrant", "Les femmes migrantes."),
    ("déplacées", "Il faut qu'elle se deplace."),
    ("deplace", "Les familles déplacées."),
    ("deplacees", "Une femme déplacée."),
    ("réfugiées", "Je suis refugiee."),
    ("refugies", "Les réfugiés du camp."),
    ("ecoutee", "Une conseillère m'a écoutée."),
    ("marche", "Je vends au marché."),
])
def test_a_french_word_is_found_through_inflections_and_without_accents(query, text):
    assert finds(query, text, "fr")


@pytest.mark.parametrize(("query", "text"), [
    ("migrant", "Many migrants came."),
    ("displaced", "Forced displacement."),
    ("rights", "Her right to a card."),
])
def test_english_is_stemmed(query, text):
    assert finds(query, text, "en")


@pytest.mark.parametrize("spellings", [
    ("ɲɔgɔn", "nyogon", "ñògòn", "ñogon", "nyɔgɔn"),
    ("sɛbɛn", "sèbèn", "seben"),
    ("jamana", "dyamana", "djamana"),
    ("cɛ", "tyɛ", "tyè"),
    ("dugu", "dougou"),
])
def test_bambara_spellings_find_each_other(spellings):
    for query in spellings:
        for text in spellings:
            assert finds(query, f"An ka {text} dɛmɛ.", "bm"), (query, text)


def test_a_query_word_stands_for_its_keys_in_every_language():
    assert set(term_keys("migrantes")) >= {"migr", "migrant"}
    assert query_terms("les femmes déplacées") == query_terms("femmes deplacees")
    assert query_terms("le la") == [("le",), ("la",)]  # only grammatical words: kept
    assert query_terms("femmes femmes") == query_terms("femmes")
    assert query_terms("  ") == []


def test_other_words_are_not_confused():
    assert not finds("femmes", "Les hommes sont partis.", "fr")
    assert not finds("sèbèn", "An ka sɔgɔma", "bm")


def test_tokens_keep_their_place_in_the_original_text():
    text = "Ɲɔgɔn dɛmɛ, l'attente"
    assert [(text[t.start:t.end], t.folded) for t in tokens(text)] == [
        ("Ɲɔgɔn", "nyogon"), ("dɛmɛ", "deme"), ("l", "l"), ("attente", "attente")]


def test_snippets_mark_the_words_as_written_and_escape_the_rest():
    keys = {key for alternatives in query_terms("deplace") for key in alternatives}
    html = highlight("<b>Les</b> femmes déplacées & Déplacé.", "fr", keys)
    assert html == ("&lt;b&gt;Les&lt;/b&gt; femmes <mark>déplacées</mark> &amp; "
                    "<mark>Déplacé</mark>.")


def test_long_snippets_are_cut_around_the_first_match():
    words = [f"mot{n}" for n in range(100)]
    words[70] = "cordonnière"
    keys = set(query_terms("cordonniere")[0])
    html = highlight(" ".join(words), "fr", keys, window=20)
    assert html.startswith("… mot65 ") and html.endswith(" …")
    assert "<mark>cordonnière</mark>" in html
    assert len(html.split()) == 22  # 20 words and two ellipses
