"""Signed links: confirm one subscription, unsubscribe from one, manage every one of an address."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"
MANAGE_SALT = "subscriptions.manage"
FORM_SALT = "subscriptions.form"


def make(value, salt: str) -> str:
    return signing.dumps(value, salt=salt, compress=False)


def read(token: str, salt: str, max_age=None):
    """The signed value, or None when the token is altered, foreign or too old."""
    try:
        return signing.loads(token or "", salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None


def confirm_token(subscription) -> str:
    return make(subscription.pk, CONFIRM_SALT)


def read_confirm_token(token: str):
    return read(token, CONFIRM_SALT, max_age=settings.SUBSCRIPTIONS_PENDING_DAYS * 24 * 3600)


def unsubscribe_token(subscription) -> str:
    return make(subscription.pk, UNSUBSCRIBE_SALT)


def manage_token(email: str) -> str:
    return make(email.lower(), MANAGE_SALT)
