"""Search never finds, counts or shows what the viewer may not see.

Each restricted testimony says a unique canary word. For anyone who may not see it, searching
the canary gives no hit and no facet count, through the function and through the page; the
people allowed to see it find it.
"""

import pytest
from wagtail.models import PageViewRestriction

from archive.access import searchable_transcripts, visible_segments
from archive.models import Transcript
from archive.search import Filters, search_segments
from archive.search.engines import get_engine
from archive.search.normalise import query_terms
from tests.archive.search_data import (
    ANONYMOUS,
    add_transcript,
    make_testimony,
    place,
    staff,
    theme,
    user_with,
)

pytestmark = pytest.mark.django_db


def nothing_found(results):
    return (results.total, results.group_count, results.groups, results.top_groups,
            results.facets) == (0, 0, [], [], [])


def test_an_unpublished_testimony_is_invisible_to_anonymous_but_found_by_staff(client):
    make_testimony([(7, "Le mot zorglubique est secret.")], live=False, places=[place("mopti")])
    assert nothing_found(search_segments(ANONYMOUS, "zorglubique", Filters(), 1))
    assert nothing_found(search_segments(user_with(), "zorglubique", Filters(), 1))

    found = search_segments(staff(), "zorglubique", Filters(), 1)
    assert found.total == 1
    assert found.groups[0].hits[0].url is None  # no public page to link to
    assert {f.name: [v.count for v in f.values] for f in found.facets}["place"] == [1]

    response = client.get("/fr/recherche/", {"q": "zorglubique"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "zorglubique" not in body.replace('value="zorglubique"', "")
    assert "0 passage" in body
    assert 'type="checkbox"' not in body


def test_a_draft_transcript_of_a_public_testimony_is_found_only_by_transcript_editors():
    page, _ = make_testimony([(1, "Un témoignage public.")])
    add_transcript(page.media, [(1, "Le brouillon dit xylomancie.")], language="en",
                   status=Transcript.Status.DRAFT)
    media_staff = user_with("media_pipeline.change_media")
    for user in (ANONYMOUS, user_with(), media_staff):
        assert nothing_found(search_segments(user, "xylomancie", Filters(), 1)), user
    assert search_segments(staff(), "xylomancie", Filters(), 1).total == 1


def test_a_testimony_behind_a_view_restriction_is_invisible():
    page, _ = make_testimony([(1, "Le mot quetzalcoatlite.")])
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert nothing_found(search_segments(ANONYMOUS, "quetzalcoatlite", Filters(), 1))


def test_counts_and_facets_of_a_shared_word_leave_out_the_restricted_testimony():
    make_testimony([(1, "Une moustiquaire neuve."), (2, "La moustiquaire encore.")],
                   places=[place("sevare")], themes=[theme("sante-mentale")])
    make_testimony([(1, "La moustiquaire de Gao."), (3, "Une moustiquaire trouée.")],
                   live=False, places=[place("mopti")], themes=[theme("traite")])
    public = search_segments(ANONYMOUS, "moustiquaire", Filters(), 1)
    assert (public.total, public.group_count) == (2, 1)
    facets = {f.name: {v.value: v.count for v in f.values} for f in public.facets}
    assert facets["place"] == {"sevare": 2}
    assert facets["theme"] == {"sante-mentale": 2}
    assert search_segments(ANONYMOUS, "moustiquaire", Filters(place=["mopti"]), 1).total == 0
    assert search_segments(staff(), "moustiquaire", Filters(), 1).total == 4


def test_naming_a_restricted_testimony_as_the_item_gives_nothing():
    hidden, _ = make_testimony([(1, "Le mot borborygmique.")], live=False)
    make_testimony([(1, "Un borborygmique public.")])
    results = search_segments(ANONYMOUS, "borborygmique", Filters(item=hidden.pk), 1)
    assert nothing_found(results)


def test_unpublishing_takes_effect_at_the_next_search_without_reindexing():
    page, _ = make_testimony([(1, "Le mot palimpsestueux.")])
    assert search_segments(ANONYMOUS, "palimpsestueux", Filters(), 1).total == 1
    page.unpublish()
    assert nothing_found(search_segments(ANONYMOUS, "palimpsestueux", Filters(), 1))


def test_the_engine_never_counts_outside_the_candidates():
    """The access rule is inside the engine's query, whatever the engine."""
    _hidden, transcript = make_testimony([(1, "Le mot ornithorynquesque.")], live=False)
    terms = query_terms("ornithorynquesque")
    engine = get_engine()
    assert engine.hits_per_transcript(visible_segments(ANONYMOUS), terms) == {}
    assert engine.hits_in(visible_segments(ANONYMOUS), terms, [[transcript.pk]], 0, 20) == []
    assert engine.hits_per_transcript(visible_segments(staff()), terms) == {transcript.pk: 1}
    assert not searchable_transcripts(ANONYMOUS).filter(pk=transcript.pk).exists()


def test_the_demo_archive_is_searchable_by_anonymous():
    results = search_segments(ANONYMOUS, "enfants", Filters(), 1)
    assert results.total >= 2  # "mes deux enfants", "avec mes enfants"


def test_a_policy_that_joins_other_tables_is_checked_segment_by_segment():
    """A future rule may join tables (consent records...): it then runs as a correlated
    EXISTS for each matching segment, never as "some visible segment exists"."""
    _hidden, hidden = make_testimony([(1, "Un mot galimatiasque caché.")], live=False)
    _page, public = make_testimony([(1, "Un galimatiasque public."), (2, "Galimatiasque.")])
    engine, terms = get_engine(), query_terms("galimatiasque")
    joined = visible_segments(ANONYMOUS).filter(transcript__media__type="audio")
    assert engine.hits_per_transcript(joined, terms) == {public.pk: 2}
    assert engine.hits_in(joined, terms, [[hidden.pk], [public.pk]], 0, 20) == list(
        public.segments.order_by("start_ms").values_list("pk", flat=True))
    assert engine.hits_per_transcript(visible_segments(ANONYMOUS).none(), terms) == {}
