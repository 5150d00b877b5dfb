"""search_segments(): words found in any form, hits linked to their second, facets, pages."""

import datetime

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from archive.models import ClipPage, Speaker, TranscriptSegment
from archive.search import Filters, search_segments
from archive.search.engines import get_engine
from archive.search.normalise import query_terms
from tests.archive.search_data import (
    ANONYMOUS,
    add_transcript,
    make_testimony,
    place,
    speaker,
    theme,
)

pytestmark = pytest.mark.django_db


def search(query, user=ANONYMOUS, viewer="fr", **filters):
    page = filters.pop("page", 1)
    return search_segments(user, query, Filters(**filters), page, language=viewer)


def hit_texts(results):
    return [TranscriptSegment.objects.get(pk=hit.segment_id).text
            for group in results.groups for hit in group.hits]


def test_an_inflected_french_word_without_its_accents_finds_the_segment():
    page, _ = make_testimony([(3, "Bonjour."), (12.5, "Les femmes déplacées de Bankass.")])
    for query in ("déplacées", "deplacees", "deplace", "DÉPLACÉ", "bankass deplacee"):
        results = search(query)
        assert results.total == 1, query
        [group] = results.groups
        assert group.item.page_id == page.pk
        [hit] = group.hits
        assert hit.snippet == "Les femmes <mark>déplacées</mark> de <mark>Bankass</mark>." \
            if "bankass" in query else "Les femmes <mark>déplacées</mark> de Bankass."


def test_a_bambara_word_in_either_spelling_finds_both():
    make_testimony([(1, "An ka ɲɔgɔn dɛmɛ kosɛbɛ."), (5, "A ye sɛbɛn ci.")], language="bm")
    make_testimony([(2, "Ñògòn dèmè ka di."), (7, "Sèbèn nana.")], language="bm")
    for query in ("ɲɔgɔn", "nyogon", "ñògòn"):
        assert search(query).total == 2, query
    for query in ("sɛbɛn", "sèbèn", "seben"):
        assert search(query).total == 2, query


def test_a_hit_links_to_its_page_at_the_second_it_starts():
    page, _ = make_testimony([(0, "Introduction."), (83.9, "La griotte a chanté.")])
    [group] = search("griotte").groups
    [hit] = group.hits
    assert (hit.start_ms, hit.seconds, hit.timestamp) == (83900, 83, "01:23")
    assert hit.url == f"{page.url}#t=83"


def test_the_link_goes_to_the_page_in_the_viewers_language():
    """The demo's first clip is translated: an English viewer lands on the English page."""
    french = ClipPage.objects.get(slug="le-depart", locale__language_code="fr")
    english = french.get_translation(Locale.objects.get(language_code="en"))
    for language, page in (("fr", french), ("en", english)):
        [group] = search("trois jours mopti", viewer=language).groups
        assert group.item.page_id == page.pk
        assert {hit.url for hit in group.hits} == {f"{page.url}#t=2"}


def test_english_translations_are_searched_too():
    results = search("walked three days")
    assert results.total == 1
    assert hit_texts(results) == ["We walked for three days to Mopti."]


def test_facets_count_hits_and_filters_narrow_them():
    refugee = speaker("18-25", Speaker.Status.REFUGEE)
    migrant = speaker("36-50", Speaker.Status.MIGRANT)
    make_testimony([(1, "Le karité de Tombouctou."), (2, "Du karité encore.")], speaker=refugee,
                   places=[place("mopti")], themes=[theme("travail")],
                   recorded_on=datetime.date(2023, 2, 1))
    make_testimony([(1, "Elle vend du beurre de karite.")], speaker=migrant,
                   places=[place("sevare")], themes=[theme("travail"), theme("deplacement")],
                   media_type="video", recorded_on=datetime.date(2025, 3, 1))
    results = search("karité")
    assert results.total == 3
    facets = {f.name: {v.value: v.count for v in f.values} for f in results.facets}
    assert facets == {
        "language": {"fr": 3}, "media": {"audio": 2, "video": 1},
        "place": {"mopti": 2, "sevare": 1}, "theme": {"travail": 3, "deplacement": 1},
        "age": {"18-25": 2, "36-50": 1}, "status": {"refugee": 2, "migrant": 1},
        "year": {"2023": 2, "2025": 1},
    }

    narrowed = search("karité", status=["refugee"])
    assert narrowed.total == 2
    status = {v.value: (v.count, v.selected) for f in narrowed.facets if f.name == "status"
              for v in f.values}
    assert status == {"refugee": (2, True), "migrant": (1, False)}  # its own filter aside
    places = {v.value: v.count for f in narrowed.facets if f.name == "place" for v in f.values}
    assert places == {"mopti": 2}  # other facets follow the filter
    assert search("karité", status=["refugee", "migrant"]).total == 3
    assert search("karité", place=["sevare"], media=["video"]).total == 1
    assert search("karité", theme=["deplacement"], language=["en"]).total == 0
    assert search("karité", date_from=datetime.date(2024, 1, 1)).total == 1
    assert search("karité", date_to=datetime.date(2023, 12, 31)).total == 2


def test_hits_are_grouped_by_testimony_and_paginated():
    few, _ = make_testimony([(s, "Un chameau passe.") for s in (5, 1)])
    many, _ = make_testimony([(s, f"Le chameau numéro {s}.") for s in range(40, 17, -1)])
    page1 = search("chameau")
    assert (page1.total, page1.group_count, page1.num_pages) == (25, 2, 2)
    assert [(g.item.page_id, g.hit_count) for g in page1.top_groups] == [(many.pk, 23),
                                                                          (few.pk, 2)]
    [group] = page1.groups
    assert group.item.page_id == many.pk
    assert [hit.seconds for hit in group.hits] == list(range(18, 38))  # in time order
    page2 = search("chameau", page=2)
    assert [(g.item.page_id, [h.seconds for h in g.hits]) for g in page2.groups] == [
        (many.pk, [38, 39, 40]), (few.pk, [1, 5])]
    assert search("chameau", page=99).page_number == 2
    only_few = search("chameau", item=few.pk)
    assert (only_few.total, only_few.groups[0].item.page_id) == (2, few.pk)


def test_a_testimony_translated_into_another_transcript_language_is_one_group():
    _page, transcript = make_testimony([(4, "La pirogue a chaviré près de Mopti.")])
    add_transcript(transcript.media, [(4, "The pirogue capsized near Mopti.")], language="en")
    results = search("pirogue")
    assert (results.total, results.group_count) == (2, 1)
    assert [hit.language for hit in results.groups[0].hits] == ["fr", "en"]
    assert search("pirogue", language=["en"]).total == 1


def test_no_words_no_search():
    for query in ("", "   ", "!!", "a"):
        results = search(query)
        assert (results.total, results.groups, results.facets) == (0, [], [])


def test_saving_a_transcript_updates_the_index_through_a_task(django_capture_on_commit_callbacks):
    _page, transcript = make_testimony([(1, "Le hangar était plein.")])
    segment = transcript.segments.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        segment.text = "La citerne était vide."
        segment.save()
        transcript.save()
    assert len(callbacks) >= 1
    assert search("hangar").total == 0
    assert search("citerne").total == 1
    with django_capture_on_commit_callbacks(execute=True):
        segment.delete()
    assert search("citerne").total == 0
    engine = get_engine()
    assert engine.hits_per_transcript(TranscriptSegment.objects.all(),
                                      query_terms("citerne")) == {}


def test_rebuild_search_indexes_every_segment(capsys):
    make_testimony([(1, "Une potière de Ségou.")])
    TranscriptSegment.objects.filter(text__contains="potière").update(text="Une tisserande.")
    assert search("tisserande").total == 0  # changed behind the index's back
    call_command("rebuild_search")
    assert search("tisserande").total == 1
    assert search("potière").total == 0
    output = capsys.readouterr()
    assert "Indexed" in output.out
    assert "] 100%" in output.err  # the progress bar
