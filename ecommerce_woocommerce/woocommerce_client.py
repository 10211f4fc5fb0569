# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the ``woocommerce`` package gives the adapter, with no ORM: the
client configuration, URLs under ``wp-json/wc/v3`` and the two auth schemes
as ``requests`` auth objects (so the base's HTTP seam sends the request)."""

import time

from requests.auth import AuthBase, HTTPBasicAuth
from woocommerce import API
from woocommerce.oauth import OAuth

API_VERSION = "wc/v3"


def make_client(
    url, consumer_key, consumer_secret, timeout=30, query_string_auth=False
):
    """A ``woocommerce.API`` holding the site URL, keys and options."""
    return API(
        url=(url or "").strip(),
        consumer_key=consumer_key or "",
        consumer_secret=consumer_secret or "",
        version=API_VERSION,
        wp_api=True,
        timeout=timeout,
        query_string_auth=query_string_auth,
    )


def wc_url(client, path):
    """``<site>/wp-json/wc/v3/<path>`` as ``woocommerce.API`` lays it out; a
    path starting with ``/wp-json/`` (another namespace) is kept as is."""
    site = client.url.rstrip("/")
    if path.startswith("/wp-json/"):
        return f"{site}{path}"
    prefix = "wp-json" if client.wp_api else "wc-api"
    return f"{site}/{prefix}/{client.version}/{path.lstrip('/')}"


def basic_auth(client):
    """HTTP Basic auth with the consumer key and secret (https only)."""
    return HTTPBasicAuth(client.consumer_key, client.consumer_secret)


class OAuth1QueryAuth(AuthBase):
    """Signs a prepared request with the package's OAuth 1.0a one-legged
    signature (HMAC-SHA256, parameters in the query string), the only auth
    WooCommerce accepts over plain http. The body is not signed."""

    def __init__(self, client):
        self.client = client

    def __call__(self, request):
        request.url = OAuth(
            url=request.url,
            consumer_key=self.client.consumer_key,
            consumer_secret=self.client.consumer_secret,
            version=self.client.version,
            method=request.method,
            oauth_timestamp=int(time.time()),
        ).get_oauth_url()
        return request


def oauth1_auth(client):
    return OAuth1QueryAuth(client)
