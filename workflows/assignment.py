"""Who a new task goes to.

A task goes straight to a person's inbox when exactly one person can do it (the kelurahan's one
operator, the city's one coordinator) or when the person is obvious (the panel member, or whoever
did the same step last time). Otherwise it waits in the queue for anyone whose role and region fit.
"""

from django.contrib.auth import get_user_model
from viewflow.workflow.status import STATUS

from assessment.models import Review
from assessment.perms import START_APPLICATION

from .permissions import has_perm_anywhere
from .roles import ROLE_PERMISSIONS, Role


def can_start_application(user) -> bool:
    return user.is_authenticated and has_perm_anywhere(user, START_APPLICATION)


def _sole_holder(role: str, region_code: str):
    users = list(
        get_user_model().objects.filter(
            is_active=True, memberships__role=role, memberships__region_id=region_code
        ).distinct()[:2]
    )
    return users[0] if len(users) == 1 else None


def _previous_owner(activation):
    """Whoever finished this same step of this process last time, if they still may."""
    task = (
        activation.flow_task.flow_class.task_class.objects.filter(
            process=activation.process, flow_task=activation.flow_task, status=STATUS.DONE
        ).order_by("-finished").select_related("owner").first()
    )
    if task and task.owner and task.owner.is_active:
        permission = activation.flow_task._owner_permission
        if task.owner.has_perm(permission, activation.process):
            return task.owner
    return None


def _region(activation, level: int) -> str:
    return ".".join(activation.process.application.kelurahan_id.split(".")[:level])


def operator_for(activation):
    return _previous_owner(activation) or _sole_holder(Role.OPERATOR, _region(activation, 4))


def lurah_for(activation):
    return _previous_owner(activation) or _sole_holder(Role.LURAH, _region(activation, 4))


def city_coordinator_for(activation):
    return _previous_owner(activation) or _sole_holder(Role.CITY_COORDINATOR, _region(activation, 2))


def province_coordinator_for(activation):
    return _previous_owner(activation) or _sole_holder(Role.PROVINCE_COORDINATOR, _region(activation, 1))


def panel_member(activation):
    return Review.objects.select_related("reviewer").get(pk=activation.task.data["review"]).reviewer



def candidates(permission: str, region_code: str):
    """Active users whose role grants `permission` for a region containing `region_code` (who may take a task)."""
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if permission in granted]
    parts = region_code.split(".")
    regions = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
    return (get_user_model().objects.filter(is_active=True, memberships__role__in=roles,
                                            memberships__region_id__in=regions).distinct().order_by("pk"))


def kelurahan_people(region_code: str):
    """The kelurahan's operators and lurah: who is told of every decision on its application."""
    return (get_user_model().objects.filter(is_active=True, memberships__role__in=[Role.OPERATOR, Role.LURAH],
                                            memberships__region_id=region_code).distinct().order_by("pk"))
