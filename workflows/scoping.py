"""Region scoping of Viewflow's tasks and processes, from the same memberships as `has_perm`."""

from django.db.models import Q
from viewflow.workflow.managers import TaskQuerySet
from viewflow.workflow.status import STATUS

from assessment.perms import (
    ASSIGN_PROVINCE,
    DECIDE_CITY,
    DECIDE_PROVINCE,
    EVALUATE_PROVINCE,
    FILL_SELF_ASSESSMENT,
    REVIEW_CITY,
    SCREEN_APPLICATION,
    SUBMIT_SELF_ASSESSMENT,
    VIEW_APPLICATION,
)

from .permissions import EVERYWHERE, region_q, regions_for

TASK_PERMISSIONS = [FILL_SELF_ASSESSMENT, SUBMIT_SELF_ASSESSMENT, SCREEN_APPLICATION, REVIEW_CITY, DECIDE_CITY,
                    ASSIGN_PROVINCE, EVALUATE_PROVINCE, DECIDE_PROVINCE]

PROCESS_REGION = "assessmentprocess__application__kelurahan__code"
TASK_REGION = f"process__{PROCESS_REGION}"


def visible(queryset, user, field: str):
    """Rows the user may view (VIEW_APPLICATION), by the region code at `field`."""
    if user.is_superuser:
        return queryset
    codes = regions_for(user, VIEW_APPLICATION)
    if codes is EVERYWHERE:
        return queryset
    return queryset.filter(region_q(codes, field)) if codes else queryset.none()


def queue_q(user) -> Q:
    """Open tasks the user may take: their role's permission, inside their region."""
    if user.is_superuser:
        return Q()
    query = Q(owner=user)
    for permission in TASK_PERMISSIONS:
        codes = regions_for(user, permission)
        if codes is EVERYWHERE:
            query |= Q(owner_permission=permission)
        elif codes:
            query |= Q(owner_permission=permission) & region_q(codes, TASK_REGION)
    return query


# A task someone still has to do: waiting in a queue, assigned, or begun.
OPEN_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


class AssessmentTaskQuerySet(TaskQuerySet):
    """Viewflow's task queries (inbox, queue, dashboards, menu counters) limited to the user's regions."""

    def open_human(self):
        """The human tasks still to be done."""
        return self.filter(flow_task_type="HUMAN", status__in=OPEN_STATUSES)

    def filter_available(self, flow_classes, user):
        return visible(super().filter_available(flow_classes, user), user, TASK_REGION)

    def user_queue(self, user, flow_class=None):
        queryset = self.filter(flow_task_type="HUMAN")
        if flow_class is not None:
            queryset = queryset.filter(process__flow_class=flow_class)
        return queryset.filter(queue_q(user))
