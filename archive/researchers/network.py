"""The client's address, for login throttling (django-axes) and the application rate limit.

Behind `TRUSTED_PROXY_COUNT` proxies that each append to X-Forwarded-For (nginx's
`$proxy_add_x_forwarded_for`), the client is the entry that many places from the right; what
the client wrote further left is not trusted. With no proxy, REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac


def client_ip(request) -> str | None:
    """A valid IP address, or None (databases with an address type refuse anything else)."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    candidate = request.META.get("REMOTE_ADDR", "")
    if count > 0:
        forwarded = [part.strip() for part in
                     request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def address_key(request) -> str:
    """A keyed hash of the client's address: comparable, not reversible without the key."""
    address = client_ip(request) or "unknown"
    return salted_hmac("kafamuya.researchers.address", address).hexdigest()
