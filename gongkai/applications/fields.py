"""Personal information (个人信息保护法) encrypted at rest with Fernet, and blind indexes for look-ups.

Encryption keys: `settings.FIELD_ENCRYPTION_KEYS` (newest first; MultiFernet decrypts with any,
encrypts with the first). Blind-index keys: `settings.BLIND_INDEX_KEYS` (newest first; a look-up
tries every key, a new hash uses the first), separate from SECRET_KEY so rotating that breaks no
look-up. Rotation of either: prepend a new key, run `manage.py rotate_personal_data`, drop the old
key (docs/security.md). In development both fall back to keys derived from SECRET_KEY.

A value that no configured key decrypts raises `MissingKeyError`: it is never replaced by a
placeholder that the next save would write over the real ciphertext.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


class MissingKeyError(RuntimeError):
    """Encrypted personal data that no configured FIELD_ENCRYPTION_KEYS key can decrypt."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        derived = base64.urlsafe_b64encode(hashlib.sha256(("pii:" + settings.SECRET_KEY).encode()).digest())
        keys = (derived.decode(),)
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode("utf-8")).decode("ascii") if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise MissingKeyError(
            "个人信息无法解密：FIELD_ENCRYPTION_KEYS 中没有加密时所用的密钥（轮换密钥时旧密钥须保留到 "
            "rotate_personal_data 完成）。") from exc


def blind_index_keys() -> list[str]:
    """Newest first. Development without BLIND_INDEX_KEYS uses SECRET_KEY (what earlier versions
    hashed with, so existing look-ups keep working)."""
    return list(settings.BLIND_INDEX_KEYS) or [settings.SECRET_KEY]


def _normalise(value: str) -> str:
    return "".join(value.split()).upper()


def _hmac(key: str, normalised: str) -> str:
    return hmac.new(key.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def blind_index(value: str) -> str:
    """A keyed hash for equality look-ups (same applicant) without storing the value in clear."""
    normalised = _normalise(value)
    return _hmac(blind_index_keys()[0], normalised) if normalised else ""


def blind_indexes(value: str) -> list[str]:
    """The value's hash under every configured key: look-ups match rows not yet rotated."""
    normalised = _normalise(value)
    return [_hmac(key, normalised) for key in blind_index_keys()] if normalised else []


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python code sees plain text."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
