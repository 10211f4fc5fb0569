"""Delivery of webhooks from a sandbox to a receiver on this machine."""

import ipaddress
import urllib.error
import urllib.request
from urllib.parse import urlsplit


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as is: following it could leave the machine."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


# Never route loopback traffic through an HTTP proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def is_loopback_url(url):
    """True for an http(s) URL whose host is ``localhost`` or a loopback IP."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def send_webhook(url, body_bytes, headers=None, timeout=10.0):
    """POST ``body_bytes`` to ``url`` and return ``(status, body bytes)``.

    Only loopback receivers are allowed (ValueError otherwise): sandboxes
    never send anything off the machine. An HTTP error status is an answer,
    not an exception; an unreachable receiver raises ``OSError``
    (``urllib.error.URLError``). Signing is the caller's business: pass the
    platform's signature headers in ``headers``.
    """
    if not is_loopback_url(url):
        raise ValueError(f"Webhooks may only be sent to loopback URLs, not {url!r}")
    request = urllib.request.Request(
        url, data=body_bytes, headers=dict(headers or {}), method="POST"
    )
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()
