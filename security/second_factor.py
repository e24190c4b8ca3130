"""The admin's second factor: a TOTP application (django-otp) plus single-use recovery codes.

Who needs it: every user with access to the admin, on every admin URL, once logged in with their
password (`security.middleware.SecondFactorMiddleware`), when `ADMIN_SECOND_FACTOR` is on
(always in production; off in development and in the test settings).
"""

import hashlib
import secrets
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.models import RecoveryCode, RecoveryCodeDevice

RECOVERY_CODES = 10
# 16 characters of base 32: 80 random bits per code, written in four groups of four.
RECOVERY_CODE_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
RECOVERY_CODE_LENGTH = 16


def is_required(user) -> bool:
    """Whether `user` must pass a second factor before using the admin."""
    return (
        settings.ADMIN_SECOND_FACTOR
        and user.is_authenticated
        and user.has_perm("wagtailadmin.access_admin")
    )


def is_enrolled(user) -> bool:
    """Whether `user` has a confirmed TOTP application or recovery codes left to use."""
    return any(True for _device in devices_for_user(user, confirmed=True))


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (created on the first visit, kept until it is
    confirmed so that reloading the page does not invalidate a QR code already scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Application d’authentification", confirmed=False
        )
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base 32, in groups of four, for those who type it instead of scanning."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def digest_recovery_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_CODE_LENGTH, 4))


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace `user`'s recovery codes with new ones and return them (the only time they exist
    in clear: only their digests are stored)."""
    device, _created = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "Codes de secours", "confirmed": True}
    )
    device.codes.all().delete()
    codes = [_new_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=digest_recovery_code(code)) for code in codes
    )
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user).count()


@transaction.atomic
def confirm_enrolment(device: TOTPDevice, token: str) -> bool:
    """Confirm the pending `device` with a first code from the application."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def looks_like_totp(code: str) -> bool:
    code = normalise_code(code)
    return code.isdigit() and len(code) == 6


@transaction.atomic
def verify_code(user, code: str):
    """The device that accepts `code` (a TOTP code, or a recovery code, used up), or None.

    Six digits go to the TOTP application, anything else to the recovery codes, so that a typo
    does not count against the other device's throttling."""
    if looks_like_totp(code):
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
        code = normalise_code(code)
    else:
        devices = RecoveryCodeDevice.objects.devices_for_user(user, confirmed=True)
    for device in devices.select_for_update():
        if device.verify_token(code):
            return device
    return None


def throttled(user, code: str) -> bool:
    """Whether django-otp's growing delay after a wrong code still holds for this kind of code."""
    model = TOTPDevice if looks_like_totp(code) else RecoveryCodeDevice
    return any(
        not device.verify_is_allowed()[0]
        for device in model.objects.devices_for_user(user, confirmed=True)
    )


@transaction.atomic
def reset(user) -> int:
    """Forget `user`'s second factor: they enrol again at their next admin request, and any
    session verified with the old devices is no longer verified."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += RecoveryCodeDevice.objects.filter(user=user).delete()[0]
    return removed
