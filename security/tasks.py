"""Password-reset e-mails are sent by a background task: the form answers in the same time
whether or not the address belongs to an account (no enumeration by timing)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.tasks import task
from wagtail.admin.views.account import get_password_reset_form


@task
def send_password_reset(email: str) -> None:
    form = get_password_reset_form()({"email": email})
    if not form.is_valid():
        return
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    form.save(
        domain_override=base.netloc,
        use_https=base.scheme == "https",
        email_template_name="wagtailadmin/account/password_reset/email.txt",
        subject_template_name="wagtailadmin/account/password_reset/email_subject.txt",
    )
