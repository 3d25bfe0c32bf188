"""The password-set email a new account receives: Django's own reset link, sent after commit."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

SUBJECT_TEMPLATE = "workflows/email/invitation_subject.txt"
BODY_TEMPLATE = "workflows/email/invitation_body.txt"


def password_set_link(user) -> str:
    """The link of Django's password-reset confirmation page; it works once, until the password is set."""
    path = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def invitation_message(user) -> EmailMessage:
    context = {
        "user": user,
        "link": password_set_link(user),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
        "memberships": list(user.memberships.all()),
        "login_url": f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('login')}",
    }
    subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
    body = render_to_string(BODY_TEMPLATE, context)
    return EmailMessage(subject=subject, body=body, to=[user.email])


def send_invitations(user_ids: list[int]) -> int:
    """Email each user a password-set link; run after the accounts are committed.

    Recipients' languages are unknown, so the mail is in the site's default language (Indonesian).
    """
    users = (get_user_model().objects.filter(pk__in=user_ids).exclude(email="")
             .prefetch_related("memberships__region").order_by("username"))
    with translation.override(settings.LANGUAGE_CODE):
        messages = [invitation_message(user) for user in users]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
