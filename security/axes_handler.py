"""django-axes, keyed on the (username, address) pair, with a ceiling per address.

The pair alone lets one address try many usernames (password spraying). Past
`AXES_ADDRESS_FAILURE_LIMIT` failures from one address within the cool-off, that address is
locked for every username, except those that logged in successfully from it in the last
`AXES_ADDRESS_TRUST_DAYS` days: colleagues sharing an office's address keep their own limit.
"""

from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


class PairWithAddressCeilingHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures >= limit or not self.address_over_ceiling(request):
            return failures
        if self.known_here(request, credentials):
            return failures
        return limit

    def address_over_ceiling(self, request) -> bool:
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        total = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
        return total >= settings.AXES_ADDRESS_FAILURE_LIMIT

    def known_here(self, request, credentials) -> bool:
        since = timezone.now() - timedelta(days=settings.AXES_ADDRESS_TRUST_DAYS)
        return AccessLog.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
            attempt_time__gte=since,
        ).exists()
