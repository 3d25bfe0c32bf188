"""State changes of the workflow app: plain functions that take `by`, write an AuditEvent."""

from django.contrib.auth.models import Group
from django.db import transaction

from assessment.models import AuditEvent, Region

from .models import Membership
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
