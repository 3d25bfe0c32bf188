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
    "evidence.uploaded": _("Evidence uploaded"),
    "evidence.replaced": _("Evidence replaced"),
    "evidence.withdrawn": _("Evidence withdrawn"),
    "evidence.judged": _("Evidence judged"),
    "designation.expired": _("Designation expired"),
    "designation.revoked": _("Designation revoked"),
}

# Uploads come by the dozen: one line per run of the same person's uploads keeps the history readable.
GROUPED_ACTIONS = {"evidence.uploaded", "evidence.replaced", "evidence.withdrawn"}


def history(application, *, hide_notes_of=()):
    """The application's events for people; notes of the actions in `hide_notes_of` are left out."""
    events = AuditEvent.objects.filter(application=application).select_related("actor").order_by("created_at", "pk")
    items = []
    for event in events:
        previous = items[-1] if items else None
        if (previous and event.action in GROUPED_ACTIONS and previous["event"].action == event.action
                and previous["event"].actor_id == event.actor_id):
            previous["count"] += 1
            continue
        items.append({"event": event, "label": ACTION_LABELS.get(event.action, event.action), "count": 1,
                      "note": "" if event.action in hide_notes_of else event.note,
                      "actor": (event.actor.get_full_name() or event.actor.username) if event.actor
                      else _("the system")})
    return items

