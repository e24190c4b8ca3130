"""Graceful answers when a part of the platform is down, or when two people act at once.

- The database unreachable (``OperationalError``/``InterfaceError``, which include a statement
  timeout): a French 503 page with ``Retry-After``, rendered without any database query or
  context processor. What the person had typed in a POST is shown back, so nothing is lost.
- Two people submitting the same page into a workflow at the same instant (Wagtail's
  ``unique_in_progress_workflow`` constraint): the second gets a French message, not a 500.

``ReliabilityMiddleware`` handles the exceptions raised by views; ``site_core.views.server_error``
(handler500) handles those raised in other middleware (sessions, authentication…).
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger("maillage.outage")

RETRY_AFTER_SECONDS = 30
# POST fields that are machinery, not what a person wrote.
HIDDEN_FIELDS = {"csrfmiddlewaretoken", "token", "website", "next", "action"}
MAX_FIELDS_SHOWN = 10
MAX_FIELD_LENGTH = 20_000


def is_database_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


def is_workflow_race(exc: BaseException | None) -> bool:
    """Two submissions of one page at once. The second is refused by the database constraint
    when both passed validation together (IntegrityError), or by `WorkflowState.full_clean()`
    when the first committed just before it (ValidationError naming the constraint)."""
    return isinstance(exc, (IntegrityError, ValidationError)) and (
        "unique_in_progress_workflow" in str(exc)
    )


def posted_texts(request) -> list[str]:
    """What a person typed in the POST that failed (reading the body needs no database)."""
    if request is None or request.method != "POST":
        return []
    try:
        data = request.POST
    except Exception:  # an unreadable body: nothing to give back
        return []
    texts = []
    for name, values in data.lists():
        if name in HIDDEN_FIELDS:
            continue
        for value in values:
            value = value.replace("\x00", "").strip()
            if value:
                texts.append(value[:MAX_FIELD_LENGTH])
    return texts[:MAX_FIELDS_SHOWN]


def service_unavailable(request, exc: BaseException | None = None) -> HttpResponse:
    """The French 503 page: no database query, no context processor."""
    logger.error(
        "Database unavailable on %s: %s",
        getattr(request, "get_full_path", lambda: "?")(),
        exc.__class__.__name__ if exc else "-",
    )
    template = loader.get_template("503.html")
    body = template.render({"posted_texts": posted_texts(request)})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ReliabilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return service_unavailable(request, exception)
        if is_workflow_race(exception):
            logger.info("Concurrent workflow submission on %s", request.path)
            messages.error(
                request,
                _(
                    "This page has just been submitted for review by someone else. Your draft "
                    "is saved; the review already under way goes on."
                ),
            )
            return HttpResponseRedirect(request.get_full_path())
        return None
