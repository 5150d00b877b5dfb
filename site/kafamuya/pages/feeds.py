"""Feeds and calendars of the public site, one per language: stories as Atom, events as
iCalendar. They list only what `archive.access.public_pages` lets anyone see."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _


def absolute_url(page, request) -> str:
    """The page's address on the host that was asked (as the alternates are)."""
    return request.build_absolute_uri(page.get_url_parts(request)[2])


class StoryFeed(Feed):
    """The latest stories of one story index (so of one language), as Atom."""

    feed_type = Atom1Feed
    limit = 20

    def __init__(self, index) -> None:
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.index

    def title(self, index) -> str:
        return f"{index.title} · Kafamuya"

    def link(self, index) -> str:
        return absolute_url(index, self.request)

    def feed_url(self, index) -> str:
        return self.request.build_absolute_uri()

    def subtitle(self, index) -> str:
        return index.intro

    def items(self, index):
        return index.stories()[: self.limit]

    def item_title(self, story) -> str:
        return story.title

    def item_description(self, story) -> str:
        return story.intro

    def item_link(self, story) -> str:
        return absolute_url(story, self.request)

    def item_guid(self, story) -> str:
        return absolute_url(story, self.request)

    def item_author_name(self, story) -> str:
        return story.author

    def item_pubdate(self, story) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(story.date, datetime.time(9)))

    def item_updateddate(self, story) -> datetime.datetime | None:
        return story.last_published_at


def calendar_response(events, request, name: str, filename: str | None = None) -> HttpResponse:
    """An iCalendar (RFC 5545) file of `events` (EventPages), times in UTC."""
    from icalendar import Calendar, Event, vText

    calendar = Calendar()
    calendar.add("prodid", "-//Kafamuya//Archive//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    host = request.get_host().split(":")[0]
    for page in events:
        event = Event()
        event.add("uid", f"event-{page.translation_key}@{host}")
        event.add("dtstamp", (page.last_published_at or timezone.now()).astimezone(datetime.UTC))
        event.add("dtstart", page.starts_at.astimezone(datetime.UTC))
        if page.ends_at:
            event.add("dtend", page.ends_at.astimezone(datetime.UTC))
        event.add("summary", page.title)
        url = absolute_url(page, request)
        event.add("url", url)
        partners = ", ".join(str(p.localized) for p in page.partners.all())
        description = [page.summary]
        if partners:
            description.append(_("Partners: %(partners)s") % {"partners": partners})
        description.append(url)
        event.add("description", "\n\n".join(line for line in description if line))
        location = ", ".join(
            part for part in (page.venue, page.place.localized.name if page.place else "") if part
        )
        if location:
            event.add("location", vText(location))
        event.add("categories", [str(page.get_kind_display())])
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
