from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from archive.access import public_pages

from ..blocks import EmbedBlock, StoryBodyBlock


class StoryIndexPage(RoutablePageMixin, Page):
    """The stories of one language, filtered by theme, place and year; an Atom feed."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StoryPage"]
    max_count_per_parent = 1
    stories_per_page = 10

    class Meta:
        verbose_name = _("story index")

    def stories(self):
        return (public_pages(StoryPage.objects.child_of(self)).specific()
                .order_by("-date", "-first_published_at"))

    def filter_choices(self) -> dict:
        """What the filters offer: the themes, places and years that the stories have."""
        from archive.models import Place, Theme

        ids = self.stories().values("pk")

        def by_name(snippets):
            # Stories of every language may point at the source language's snippets: show each
            # in the page's language, keep its slug as the filter value.
            return sorted(((s.slug, s.localized.name) for s in snippets.distinct()),
                          key=lambda choice: choice[1].casefold())

        return {
            "theme": by_name(Theme.objects.filter(storypage__in=ids)),
            "place": by_name(Place.objects.filter(storypage__in=ids)),
            "year": sorted({d.year for d in self.stories().values_list("date", flat=True)},
                           reverse=True),
        }

    def filtered_stories(self, params, choices: dict):
        """The stories matching the GET parameters `theme`, `place` and `year` (slugs and a
        year); a value that matches no choice is ignored. Returns (stories, applied filters)."""
        stories, applied = self.stories(), {}
        theme = params.get("theme")
        if theme in dict(choices["theme"]):
            stories, applied["theme"] = stories.filter(themes__slug=theme).distinct(), theme
        place = params.get("place")
        if place in dict(choices["place"]):
            stories, applied["place"] = stories.filter(places__slug=place).distinct(), place
        year = next((y for y in choices["year"] if str(y) == params.get("year")), None)
        if year is not None:
            stories, applied["year"] = stories.filter(date__year=year), year
        return stories, applied

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        choices = self.filter_choices()
        stories, applied = self.filtered_stories(request.GET, choices)
        context.update(
            choices=choices, applied=applied,
            stories_page=Paginator(stories, self.stories_per_page).get_page(
                request.GET.get("page")),
        )
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        from ..feeds import StoryFeed

        return StoryFeed(self)(request)


def embed_problems(body) -> list[str]:
    """Why the archive items embedded in a story body may not be published with it: each
    needs its consent record to permit publication (`archive.permitted_uses`)."""
    from archive.permitted_uses import embed_use_problem

    problems = []
    for child in body or ():
        if not isinstance(child.block, EmbedBlock):
            continue
        target = child.value.get(child.block.target_field)
        problem = embed_use_problem(target.specific) if target is not None else None
        if problem and problem not in problems:
            problems.append(problem)
    return problems


class StoryForm(WagtailAdminPageForm):
    """Refuses "Publish" while an embedded item's consent does not permit publication (a page
    already live is checked by `StoryPage.clean`)."""

    def clean(self):
        cleaned = super().clean()
        if "action-publish" in self.data and not self.instance.live:
            for problem in embed_problems(cleaned.get("body")):
                self.add_error(None, problem)
        return cleaned


class StoryPage(Page):
    """A blog post by the communication team."""

    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("main image"),
    )
    body = StreamField(StoryBodyBlock(), blank=True, verbose_name=_("body"))
    themes = ParentalManyToManyField("archive.Theme", blank=True, verbose_name=_("themes"))
    places = ParentalManyToManyField("archive.Place", blank=True, verbose_name=_("places"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("themes"), FieldPanel("places")], heading=_("Indexing")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"), index.SearchField("body"), index.FilterField("date"),
    ]
    parent_page_types = ["pages.StoryIndexPage"]
    subpage_types: list[str] = []
    base_form_class = StoryForm

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def clean(self) -> None:
        super().clean()
        # A story being published (scheduled publishing, revisions, APIs); a draft is checked
        # by StoryForm when "Publish" is pressed.
        if self.live and not self._state.adding:
            problems = embed_problems(self.body)
            if problems:
                raise ValidationError(problems)
