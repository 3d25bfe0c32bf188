"""The daily run behind `manage.py expire_designations`.

It ends the designations whose validity has run out (an audited action) and tells the coordinators of
each kelurahan's city and province — once about each designation entering its last six months, once
about each that expired. What was told is recorded (`ExpiryWarning`, one per designation and kind), so
running the job twice, or late, never repeats a message. Mail leaves only after the transaction commits.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessment import actions
from assessment.models import Designation, ExpiryWarning, ExpiryWarningKind

from .dashboard import expiry_horizon
from .models import Membership
from .notifications import LANGUAGE as EMAIL_LANGUAGE
from .notifications import deliver
from .roles import Role

COORDINATOR_ROLES = (Role.CITY_COORDINATOR, Role.PROVINCE_COORDINATOR)


@dataclass(frozen=True)
class ExpiryRun:
    expired: list[Designation]
    expiring: list[Designation]
    emails: int


@dataclass
class Digest:
    """What one coordinator is told in one email."""

    expired: list[Designation]
    expiring: list[Designation]


def _coordinators() -> list[Membership]:
    """Every active city and province coordinator with an address; a few hundred rows nation-wide."""
    return list(Membership.objects.with_role(*COORDINATOR_ROLES).filter(user__is_active=True)
                .exclude(user__email="").select_related("user"))


def _digests(expired: list[Designation], expiring: list[Designation]) -> tuple[dict, dict[int, int]]:
    """Each coordinator's digest, and how many coordinators hear about each designation."""
    coordinators = _coordinators()
    digests: dict = {}
    recipients: dict[int, int] = {}
    for bucket, designations in (("expired", expired), ("expiring", expiring)):
        for designation in designations:
            users = {membership.user for membership in coordinators
                     if designation.kelurahan_id.startswith(f"{membership.region_id}.")}
            for user in users:
                getattr(digests.setdefault(user, Digest([], [])), bucket).append(designation)
            recipients[designation.pk] = len(users)
    return digests, recipients


def _subject(digest: Digest) -> str:
    if digest.expired and digest.expiring:
        return _("KRPPA: %(expired)s expired, %(expiring)s expiring within six months") % {
            "expired": len(digest.expired), "expiring": len(digest.expiring)}
    if digest.expired:
        return ngettext("KRPPA: %(count)s designation has expired", "KRPPA: %(count)s designations have expired",
                        len(digest.expired)) % {"count": len(digest.expired)}
    return ngettext("KRPPA: %(count)s designation expires within six months",
                    "KRPPA: %(count)s designations expire within six months",
                    len(digest.expiring)) % {"count": len(digest.expiring)}


def _message(user, digest: Digest) -> EmailMessage:
    register = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("dashboard:designations")
    with translation.override(EMAIL_LANGUAGE):
        subject = _subject(digest)
        body = render_to_string("workflows/email/designations_expiry.txt", {
            "name": user.get_full_name() or user.username, "expired": digest.expired,
            "expiring": digest.expiring, "register_url": register})
    return EmailMessage(subject=subject, body=body, to=[user.email])


@transaction.atomic
def run_expiry(*, today: datetime.date) -> ExpiryRun:
    ended = actions.expire_designations(today=today, by=None)
    with_places = Designation.objects.select_related("kelurahan__parent__parent", "category")
    expired = list(with_places.filter(pk__in=[designation.pk for designation in ended])
                   .order_by("valid_until", "kelurahan_id"))
    expiring = list(with_places.active().filter(valid_until__lte=expiry_horizon(today))
                    .exclude(expiry_warnings__kind=ExpiryWarningKind.SIX_MONTHS)
                    .order_by("valid_until", "kelurahan_id"))
    digests, recipients = _digests(expired, expiring)
    ExpiryWarning.objects.bulk_create(
        [ExpiryWarning(designation=designation, kind=kind, sent_on=today, recipients=recipients[designation.pk])
         for kind, designations in ((ExpiryWarningKind.EXPIRED, expired), (ExpiryWarningKind.SIX_MONTHS, expiring))
         for designation in designations])
    messages = [_message(user, digest) for user, digest in digests.items()]
    if messages:
        transaction.on_commit(partial(deliver, messages))
    return ExpiryRun(expired=expired, expiring=expiring, emails=len(messages))
