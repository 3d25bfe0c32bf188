"""State changes of the workflow app: plain functions that take `by`, write an AuditEvent."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from assessment.actions import Refused, start_application
from assessment.models import Application, AuditEvent, Cycle, Designation, Region
from assessment.perms import MANAGE_CYCLE

from .driver import start_process
from .models import Membership
from .notifications import one_delivery
from .permissions import forget_memberships
from .roles import EDITORS_GROUP, Role


@transaction.atomic
def grant_membership(*, user, role: str, region: Region | None, by=None) -> tuple[Membership, bool]:
    """Give `user` the `role` for `region`; CMS editors also join Wagtail's Editors group."""
    membership = Membership(user=user, role=role, region=region)
    membership.full_clean(validate_unique=False, validate_constraints=False)
    membership, created = Membership.objects.get_or_create(user=user, role=role, region=region)
    if role == Role.CMS_EDITOR:
        group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
        user.groups.add(group)
    if created:
        AuditEvent.record(actor=by, action="membership.granted", obj=membership,
                          after={"user": user.username, "role": role, "region": region.code if region else None},
                          region_code=region.code if region else "")
    forget_memberships(user)
    return membership, created


@dataclass(frozen=True)
class Opening:
    started: list[Application]
    skipped: list[tuple[Region, str]]  # kelurahan and why


@transaction.atomic
def open_applications(*, cycle: Cycle, kelurahan: list[Region], by) -> Opening:
    """Open `cycle` for each of `kelurahan` at once: an application and its process each.

    A kelurahan that cannot start (designated, already applied meanwhile, outside the city) is
    skipped with the reason; the others are opened.
    """
    if by is not None and not by.has_perm(MANAGE_CYCLE, cycle):
        raise Refused(_("You may not open the cycle %(cycle)s.") % {"cycle": cycle})
    designated = set(Designation.objects.active().filter(kelurahan__in=kelurahan)
                     .values_list("kelurahan_id", flat=True))
    started, skipped = [], []
    with one_delivery() as mails:  # the mails of every new task go out together after the commit
        for region in kelurahan:
            if region.code in designated:
                skipped.append((region, _("already designated KRPPA")))
                continue
            pending = len(mails)
            try:
                with transaction.atomic():
                    application = start_application(cycle=cycle, kelurahan=region, by=by)
                    start_process(application)
            except Refused as refused:
                del mails[pending:]  # nothing to tell about a start that was rolled back
                skipped.append((region, refused.message))
                continue
            started.append(application)
    AuditEvent.record(actor=by, action="cycle.opened", obj=cycle, region_code=cycle.region_id,
                      after={"started": [application.kelurahan_id for application in started],
                             "skipped": [region.code for region, _reason in skipped]})
    return Opening(started=started, skipped=skipped)
