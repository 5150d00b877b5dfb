"""The public site's page models, one module per section, re-exported here."""

from .actors import ActorMapPage, ActorPage, KindOfHelp
from .events import EventIndexPage, EventPage
from .home import HomePage
from .search import SearchPage
from .stories import StoryIndexPage, StoryPage

__all__ = [
    "ActorMapPage",
    "ActorPage",
    "EventIndexPage",
    "EventPage",
    "HomePage",
    "KindOfHelp",
    "SearchPage",
    "StoryIndexPage",
    "StoryPage",
]
