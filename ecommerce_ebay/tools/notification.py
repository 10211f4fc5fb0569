# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""eBay notification crypto, without ORM or HTTP: the endpoint challenge and
the ``X-EBAY-SIGNATURE`` check (as eBay's official notification SDKs do it)."""

import base64
import binascii
import hashlib
import json
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

KID = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
PEM_HEAD = "-----BEGIN PUBLIC KEY-----"
PEM_TAIL = "-----END PUBLIC KEY-----"


def challenge_response(challenge_code, verification_token, endpoint):
    """SHA-256 hex of challengeCode + verificationToken + endpoint, the
    answer eBay expects when it validates the endpoint."""
    digest = hashlib.sha256()
    for part in (challenge_code, verification_token, endpoint):
        digest.update(part.encode())
    return digest.hexdigest()


def decode_signature_header(value):
    """The ``{"alg", "kid", "signature", "digest"}`` of an
    ``X-EBAY-SIGNATURE`` header, or None when it is not one eBay would send."""
    if not value:
        return None
    try:
        header = json.loads(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict):
        return None
    if str(header.get("alg", "")).lower() != "ecdsa":
        return None
    if str(header.get("digest", "")).upper() != "SHA1":
        return None
    if not KID.match(str(header.get("kid", ""))) or not header.get("signature"):
        return None
    return header


def compact_json(body):
    """The bytes eBay signs: the JSON body re-serialised compactly (what the
    SDK's ``JSON.stringify`` gives), whatever whitespace came on the wire."""
    document = json.loads(body)
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def _load_key(pem):
    pem = pem.strip()
    if PEM_HEAD in pem and "\n" not in pem:  # eBay sends the PEM on one line
        inner = pem.replace(PEM_HEAD, "").replace(PEM_TAIL, "").strip()
        pem = f"{PEM_HEAD}\n{inner}\n{PEM_TAIL}"
    return serialization.load_pem_public_key(pem.encode())


def verify(pem, signature_b64, body):
    """Whether ``signature_b64`` (base64 DER ECDSA) signs the compact JSON of
    ``body`` with SHA-1 under the public key ``pem``. False on anything bad.
    """
    try:
        key = _load_key(pem)
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        signature = base64.b64decode(signature_b64, validate=True)
        key.verify(signature, compact_json(body), ec.ECDSA(hashes.SHA1()))  # noqa: S303
    except (InvalidSignature, ValueError, TypeError, binascii.Error):
        return False
    return True
