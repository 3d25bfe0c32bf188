"""An application's history for people: AuditEvents with readable labels."""

from django.utils.translation import gettext_lazy as _

from assessment.models import AuditEvent

ACTION_LABELS = {
    "application.started": _("Application started"),
    "answers.saved": _("Self-assessment answers saved"),
    "self_assessment.sent_to_lurah": _("Sent to the lurah"),
    "self_assessment.submitted": _("Submitted by the lurah"),
    "self_assessment.returned_by_lurah": _("Sent back by the lurah"),
    "screening.complete": _("Screened as complete; reviewers assigned"),
    "screening.incomplete": _("Returned as incomplete"),
    "review.city.submitted": _("City review submitted"),
    "review.city.panel_complete": _("All city reviews are in"),
    "city.recommend": _("Recommended to the province"),
    "city.revise": _("Sent back for revision"),
    "city.not_recommended": _("Not recommended this cycle"),
    "province.panel_assigned": _("Evaluator panel assigned"),
    "review.province.submitted": _("Provincial evaluation submitted"),
    "review.province.panel_complete": _("All provincial evaluations are in"),
    "province.designate": _("Designation decided"),
    "province.return_to_city": _("Returned to the city"),
    "province.decline": _("Declined by the province"),
    "designation.written": _("Designation written"),
    "designation.superseded": _("Earlier designation ended"),
    "designation.expired": _("Designation expired"),
    "designation.revoked": _("Designation revoked"),
}

# Notes on these events are addressed to the kelurahan: the latest one is shown on its task page.
SENT_BACK_ACTIONS = ["self_assessment.returned_by_lurah", "screening.incomplete", "city.revise"]


def history(application):
    events = AuditEvent.objects.filter(application=application).select_related("actor").order_by("created_at", "pk")
    return [
        {"event": event, "label": ACTION_LABELS.get(event.action, event.action),
         "actor": (event.actor.get_full_name() or event.actor.username) if event.actor else _("the system")}
        for event in events
    ]


def latest_sent_back_note(application):
    return (AuditEvent.objects.filter(application=application, action__in=SENT_BACK_ACTIONS)
            .select_related("actor").order_by("-created_at", "-pk").first())
