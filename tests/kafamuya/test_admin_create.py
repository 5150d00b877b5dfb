"""Every page type and vocabulary can be created by an archivist in the admin."""


from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from archive.models import (
    ArtworkPage,
    ClipPage,
    DocumentaryPage,
    Partner,
    Place,
    ResidencyPage,
    Speaker,
    TestimonyIndexPage,
    TestimonyPage,
    Theme,
)
from kafamuya.pages.models import (
    ActorMapPage,
    ActorPage,
    EventIndexPage,
    EventPage,
    HomePage,
    SearchPage,
    StoryIndexPage,
    StoryPage,
)
from tests.factories import SpeakerFactory, verified_staff_login


def page_data(title, slug, **fields):
    return nested_form_data({"title": title, "slug": slug, **fields})


class AdminCreationTests(WagtailPageTestCase):
    def setUp(self):
        self.user = get_user_model().objects.create_superuser("archivist", "a@example.org", "x")
        verified_staff_login(self.client, self.user)

    def create(self, parent, model, data, publish=True):
        self.assertCanCreate(parent, model, data, publish=publish)
        return model.objects.child_of(parent).get(slug=data["slug"])

    def test_archivist_builds_a_whole_tree_in_the_admin(self):
        root = Page.get_first_root_node()
        home = self.create(root, HomePage, page_data("Nouvel accueil", "nouvel-accueil",
                                                     body=streamfield([])))
        documentary = self.create(home, DocumentaryPage, page_data(
            "Film", "film", synopsis=rich_text("Synopsis"), credits=rich_text("")))
        clip = self.create(documentary, ClipPage, page_data(
            "Chapitre 1", "chapitre-1", summary=rich_text("Résumé"), chapter_number="1",
            access_level="public", warning_ranges=inline_formset([
                {"start_ms": "00:00:05", "end_ms": "00:01:09.5", "label": "Violences"}])))
        self.assertEqual([(r.start_ms, r.end_ms, r.label) for r in clip.warning_ranges.all()],
                         [(5000, 69500, "Violences")])
        testimonies = self.create(home, TestimonyIndexPage, page_data(
            "Témoignages", "temoignages", intro=rich_text("")))
        speaker = SpeakerFactory()
        self.create(testimonies, TestimonyPage, page_data(
            "Un témoignage", "un-temoignage", speaker=str(speaker.pk), summary=rich_text(""),
            recording_language="bm", access_level="restricted",
            warning_ranges=inline_formset([])), publish=False)
        residency = self.create(home, ResidencyPage, page_data(
            "Résidence", "residence", intro=rich_text("")))
        self.create(residency, ArtworkPage, page_data(
            "Œuvre", "oeuvre", artist="Une artiste", medium="text", description=rich_text(""),
            images=streamfield([]), text=streamfield([("paragraph", rich_text("Un texte"))]),
            access_level="public"))
        stories = self.create(home, StoryIndexPage, page_data("Récits", "recits"))
        self.create(stories, StoryPage, page_data(
            "Un récit", "un-recit", date="2026-01-10",
            body=streamfield([("paragraph", rich_text("Bonjour")),
                              ("pull_quote", {"quote": "Citation", "attribution": ""})])))
        events = self.create(home, EventIndexPage, page_data("Événements", "evenements"))
        self.create(events, EventPage, page_data(
            "Table ronde", "table-ronde", kind="round-table", starts_at="2026-02-01 09:00",
            body=rich_text("")))
        actors = self.create(home, ActorMapPage, page_data("Carte", "carte"))
        self.create(actors, ActorPage, page_data(
            "Clinique", "clinique", kind_of_help="legal", description=rich_text(""),
            latitude="12.65", longitude="-7.98"))
        self.create(home, SearchPage, page_data("Recherche", "recherche"))

    def test_a_clip_excerpt_must_end_after_it_starts(self):
        index = StoryIndexPage.objects.filter(locale__language_code="fr").first()
        clip = ClipPage.objects.filter(locale__language_code="fr").first()
        data = page_data("Récit", "recit-invalide", date="2026-01-10", body=streamfield([
            ("clip_excerpt", {"clip": str(clip.pk), "start": "10", "end": "5", "caption": ""}),
        ]))
        response = self.client.post(
            f"/admin/pages/add/pages/storypage/{index.pk}/", data, follow=False
        )
        self.assertEqual(response.status_code, 200)  # the form comes back with an error
        self.assertFalse(StoryPage.objects.filter(slug="recit-invalide").exists())

    def test_event_cannot_end_before_it_starts(self):
        index = EventIndexPage.objects.filter(locale__language_code="fr").first()
        data = page_data("Erreur", "erreur", kind="meeting", starts_at="2026-02-01 09:00",
                         ends_at="2026-01-01 09:00", body=rich_text(""))
        response = self.client.post(f"/admin/pages/add/pages/eventpage/{index.pk}/", data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(EventPage.objects.filter(slug="erreur").exists())

    def test_vocabularies_can_be_created(self):
        cases = [
            (Theme, {"name": "Santé", "slug": "sante-2"}),
            (Place, {"name": "Kayes", "slug": "kayes", "kind": "town", "region": "Kayes"}),
            (Partner, {"name": "Un partenaire", "slug": "un-partenaire"}),
            (Speaker, {"pseudonym": "Nouvelle locutrice", "age_range": "18-25",
                       "status": "migrant"}),
        ]
        for model, data in cases:
            url = f"/admin/snippets/archive/{model._meta.model_name}/add/"
            response = self.client.post(url, data)
            self.assertEqual(response.status_code, 302, f"{model.__name__}: {response.content[:0]}")
            self.assertTrue(model.objects.filter(**{k: data[k] for k in list(data)[:1]}).exists())

    def test_publishing_a_testimony_without_consent_is_refused(self):
        index = TestimonyIndexPage.objects.filter(locale__language_code="fr").first()
        data = page_data("Sans consentement", "sans-consentement", speaker=str(SpeakerFactory().pk),
                         summary=rich_text(""), recording_language="bm", access_level="public",
                         **{"action-publish": "publish"})
        response = self.client.post(
            f"/admin/pages/add/archive/testimonypage/{index.pk}/", data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "consent")
        self.assertFalse(TestimonyPage.objects.filter(slug="sans-consentement", live=True).exists())

    def test_admin_speaks_french(self):
        self.client.logout()
        response = self.client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="fr")
        self.assertContains(response, '<html lang="fr"')
        self.assertContains(response, "Connexion à l’archive Kafamuya")

