"""The Kafamuya Archive's Django project: settings, URLs, WSGI and the public site's pages."""
