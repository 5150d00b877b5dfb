"""StreamField blocks for stories and the home page.

Blocks that embed archive material (clips, testimony excerpts) hold a reference and a time
range; what they show is decided when the page is served, so they follow the access rules of
what they embed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

if TYPE_CHECKING:
    from wagtail.models import Page

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class TimeRangeBlock(blocks.StructBlock):
    """A start and an optional end, in seconds, checked for order."""

    start = blocks.FloatBlock(label=_("start (seconds)"), min_value=0, default=0)
    end = blocks.FloatBlock(label=_("end (seconds)"), min_value=0, required=False)

    def clean(self, value):
        value = super().clean(value)
        if value.get("end") is not None and value["end"] <= value["start"]:
            raise StructBlockValidationError(
                block_errors={"end": ValidationError(_("The end must come after the start."))}
            )
        return value


def shown_target(page: Page | None, parent_context: Mapping | None) -> Page | None:
    """`page` (specific) when the viewer of the page being rendered may see it, else None.

    The access policy decides, for the request's user (no request: an anonymous visitor). A
    page that is not public makes the HTML depend on the viewer: the response is kept private
    (`archive.caching`), and showing a non-public archive item is audited as a view of it.
    """
    from archive.access import can_view_embed, is_page_public, record_restricted_embed
    from archive.caching import mark_viewer_dependent

    page = page.specific if page is not None else None
    if page is None or is_page_public(page):
        return page
    request = (parent_context or {}).get("request")
    mark_viewer_dependent(request)
    if request is None or not can_view_embed(request, page):
        return None
    record_restricted_embed(request, page, (parent_context or {}).get("page"))
    return page


class ShownTargetMixin:
    """For a block pointing at a page in `target_field`: `target` in the template is that page
    when the viewer may see it (`shown_target`), else None and the template says so."""

    target_field = ""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["target"] = shown_target(value.get(self.target_field), parent_context)
        return context


class EmbedBlock(ShownTargetMixin, TimeRangeBlock):
    """A time range of an archive page, shown as a placeholder to who may not see the page."""

    def get_searchable_content(self, value) -> list[str]:
        """Nothing: an excerpt's words belong to its item, found (or not) under the item's own
        access rules. In the story's search entry they would answer a search, on any page
        or API that searches stories, for someone who may not see the item."""
        return []


class ClipExcerptBlock(EmbedBlock):
    clip = blocks.PageChooserBlock(page_type="archive.ClipPage", label=_("clip"))
    caption = blocks.CharBlock(label=_("caption"), required=False)
    target_field = "clip"

    class Meta:
        icon = "media"
        label = _("Clip excerpt")
        template = "pages/blocks/clip_excerpt.html"


class TestimonyQuoteBlock(EmbedBlock):
    testimony = blocks.PageChooserBlock(page_type="archive.TestimonyPage", label=_("testimony"))
    quote = blocks.TextBlock(label=_("quote"))
    target_field = "testimony"

    class Meta:
        icon = "openquote"
        label = _("Testimony quote")
        template = "pages/blocks/testimony_quote.html"


class PullQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Pull quote")
        template = "pages/blocks/pull_quote.html"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    images = blocks.ListBlock(ImageBlock(), min_num=1, label=_("images"))

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "pages/blocks/gallery.html"


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    image = ImageBlock(label=_("Image"), template="pages/blocks/image.html")
    clip_excerpt = ClipExcerptBlock()
    testimony_quote = TestimonyQuoteBlock()
    gallery = GalleryBlock()
    pull_quote = PullQuoteBlock()


class FeaturedPageBlock(ShownTargetMixin, blocks.StructBlock):
    """A link to a page, shown only to viewers who may see that page (`shown_target`)."""

    page = blocks.PageChooserBlock(label=_("page"))
    text = blocks.TextBlock(label=_("text"), required=False)
    target_field = "page"

    class Meta:
        icon = "pick"
        label = _("Featured page")
        template = "pages/blocks/featured_page.html"


class HomeBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    featured_page = FeaturedPageBlock()
    pull_quote = PullQuoteBlock()
