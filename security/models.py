"""Recovery codes for the admin's second factor.

django-otp's own `StaticDevice` keeps its codes in clear text; ours keeps only a SHA-256 digest of
each code. A code carries 80 random bits, so a digest cannot be reversed by trying every code, and
a fast hash lets the login find a code by its digest in one query.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """The set of single-use recovery codes of one user (a django-otp device)."""

    class Meta(Device.Meta):
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1)

    def verify_token(self, token):
        from security.second_factor import digest_recovery_code

        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.codes.filter(digest=digest_recovery_code(token)).delete()[0]
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return self.digest[:8]
