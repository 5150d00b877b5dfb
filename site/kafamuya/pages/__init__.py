"""The public site's page types: home, stories, events, the actors' map and search."""
