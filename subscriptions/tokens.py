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


def _subscription(value):
    """The subscription a token names: its id and address must both still match."""
    from .models import Subscription

    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        return None
    return Subscription.objects.filter(pk=value[0], email=str(value[1])).first()


def confirm_token(subscription) -> str:
    return make([subscription.pk, subscription.email], CONFIRM_SALT)


def read_confirm_token(token: str):
    max_age = settings.SUBSCRIPTIONS_PENDING_DAYS * 24 * 3600
    return _subscription(read(token, CONFIRM_SALT, max_age=max_age))


def unsubscribe_token(subscription) -> str:
    return make([subscription.pk, subscription.email], UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str):
    return _subscription(read(token, UNSUBSCRIBE_SALT))


def manage_token(email: str) -> str:
    return make(email.lower(), MANAGE_SALT)
