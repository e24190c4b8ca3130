"""Mail never blocks a request and is never lost: the default mailer only queues a task.

``TaskEmailBackend`` (the ``default`` mailer) turns each message into plain data and enqueues
``send_email``; the worker (``manage.py db_worker`` in production, immediately in dev and tests)
sends it through the ``smtp`` mailer, whose timeout is short (``SMTP_TIMEOUT``). A message the
relay refuses or that times out is tried again later, up to ``MAIL_MAX_ATTEMPTS`` times, with a
growing delay when the task backend can defer; the last failure is logged as an error.

Every mail of the site goes this way, Wagtail's workflow notifications included, so a workflow
submission completes whether or not the relay answers.
"""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger("maillage.mail")


def message_to_data(message) -> dict:
    """A JSON-serialisable copy of an EmailMessage (alternatives and attachments included)."""
    attachments = []
    for attachment in getattr(message, "attachments", []):
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        if not isinstance(content, bytes):  # a MIMEBase part: keep its bytes
            content = content.as_bytes()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def data_to_message(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        data["subject"],
        data["body"],
        data["from_email"],
        data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def retry_delay(attempt: int) -> timedelta:
    """30 s, 2 min, 8 min, 32 min… after the 1st, 2nd, 3rd, 4th failure."""
    return timedelta(seconds=30 * 4 ** (attempt - 1))


@task
def send_email(data: dict, attempt: int = 1) -> bool:
    """Send one message through the SMTP mailer; on failure, queue the next attempt."""
    try:
        mailers["smtp"].send_messages([data_to_message(data)])
    except Exception as exc:
        if attempt >= settings.MAIL_MAX_ATTEMPTS:
            logger.error(
                "Mail %r to %s given up after %s attempts: %s",
                data["subject"],
                ", ".join(data["to"]),
                attempt,
                exc,
            )
            return False
        logger.warning(
            "Mail %r to %s failed (attempt %s), will retry: %s",
            data["subject"],
            ", ".join(data["to"]),
            attempt,
            exc,
        )
        queued = send_email
        if queued.get_backend().supports_defer:
            queued = queued.using(run_after=timezone.now() + retry_delay(attempt))
        queued.enqueue(data, attempt + 1)
        return False
    return True


class TaskEmailBackend(BaseEmailBackend):
    """The default mailer: queue each message, return at once."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                send_email.enqueue(message_to_data(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Could not queue mail %r", message.subject)
                continue
            count += 1
        return count
