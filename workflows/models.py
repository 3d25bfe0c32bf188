from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from assessment.models import Region

from .roles import ROLE_LEVEL, Role
from .scoping import AssessmentTaskQuerySet


class MembershipQuerySet(models.QuerySet):
    def with_role(self, *roles):
        return self.filter(role__in=roles)

    def covering(self, code: str):
        """Memberships whose region contains region `code` (or that are nation-wide)."""
        parts = code.split(".")
        ancestors = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
        return self.filter(models.Q(region_id__in=ancestors) | models.Q(region__isnull=True))


class Membership(models.Model):
    """A user holds a role for a region (and everything inside it)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="memberships", verbose_name=_("region"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region"], name="membership_unique"),
            models.UniqueConstraint(fields=["user", "role"], condition=models.Q(region__isnull=True),
                                    name="membership_unique_nationwide"),
            models.CheckConstraint(
                condition=models.Q(region__isnull=True, role__in=[Role.NATIONAL_VIEWER, Role.CMS_EDITOR])
                | models.Q(region__isnull=False) & ~models.Q(role__in=[Role.NATIONAL_VIEWER, Role.CMS_EDITOR]),
                name="membership_region_fits_role",
            ),
        ]

    def __str__(self):
        where = self.region.name if self.region_id else _("all of Indonesia")
        return f"{self.user} — {self.get_role_display()} — {where}"

    def clean(self):
        super().clean()
        level = ROLE_LEVEL.get(self.role)
        if level is None:
            if self.region_id:
                raise ValidationError({"region": _("This role is nation-wide and takes no region.")})
            return
        if not self.region_id:
            raise ValidationError({"region": _("This role needs a region.")})
        if self.region.level != level:
            raise ValidationError({"region": _("A %(role)s works at %(level)s level.")
                                   % {"role": self.get_role_display(), "level": level.label}})
        if self.role in (Role.OPERATOR, Role.LURAH) and not self.region.is_kelurahan:
            raise ValidationError({"region": _("Operators and lurah belong to a kelurahan.")})


class AssessmentProcess(Process):
    """One kelurahan's assessment process; its artifact is the Application.

    A typed one-to-one (instead of Viewflow's generic artifact) lets every list join and filter
    processes and tasks by the kelurahan's region code, in the database.
    """

    application = models.OneToOneField("assessment.Application", on_delete=models.PROTECT, related_name="process",
                                       verbose_name=_("application"))

    class Meta:
        verbose_name = _("assessment process")
        verbose_name_plural = _("assessment processes")

    @property
    def region_code(self) -> str:
        return self.application.kelurahan_id


class AssessmentTask(Task):
    """Viewflow's Task row, queried through region-scoped lists."""

    objects = AssessmentTaskQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("task")
        verbose_name_plural = _("tasks")


class ReminderReason(models.TextChoices):
    ACTOR = "actor", _("Your task is overdue")
    COORDINATOR = "coordinator", _("A task in your region is overdue")


class Reminder(models.Model):
    """One overdue task reminded to one person on one day: the row that makes a second run a no-op."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+", verbose_name=_("task"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("recipient"))
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=12, choices=ReminderReason.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "task"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["task", "recipient", "day"], name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.recipient} — {self.task_id}"


class NotificationPreference(models.Model):
    """Which optional e-mails a person receives; tasks assigned to them and decisions always go out."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference", verbose_name=_("user"))
    queued_tasks = models.BooleanField(
        _("tasks waiting in my team's queue"), default=True,
        help_text=_("A new task that anyone with your role and region may take."))
    reminders = models.BooleanField(_("daily reminders of my overdue tasks"), default=True)
    escalations = models.BooleanField(
        _("overdue tasks in my region (coordinators)"), default=True,
        help_text=_("Sent to coordinators once a task is late by more than the cycle's grace days."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)

    def allows(self, kind: str) -> bool:
        """Whether an e-mail of `kind` (see `workflows.notifications.Kind`) may be sent."""
        field = OPTIONAL_KINDS.get(kind)
        return True if field is None else getattr(self, field)


# Optional notification kinds and the preference field that switches each off.
OPTIONAL_KINDS = {"task_queued": "queued_tasks", "reminder": "reminders", "escalation": "escalations"}
