"""The offline self-assessment workbook in the work area: download it, upload it back, see what changed.

Both pages hang off the application's process (not the task URL), so the task pages need no change:
they are open to whoever may fill in this application's self-assessment and holds its open
self-assessment task — the same person who sees the task page.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from assessment.actions import Refused
from assessment.excel import WorkbookRefused, xlsx_response
from assessment.excel.offline import (
    apply_offline_workbook,
    build_offline_workbook,
    parse_offline_workbook,
    workbook_filename,
)
from assessment.models import Stage
from assessment.perms import FILL_SELF_ASSESSMENT

from ..flows import AssessmentFlow
from ..models import AssessmentProcess, AssessmentTask
from .lookups import process_or_404

SHOWN_ERRORS = 100
RESULT_TEMPLATE = "workflows/workbook/result.html"


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(label=gettext_lazy("Filled-in workbook (.xlsx)"),
                               widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class SelfAssessmentWorkbookView(View):
    """Common ground: the application behind the process, the permission, and its open task."""

    @cached_property
    def process(self) -> AssessmentProcess:
        return process_or_404(self.kwargs["process_pk"])

    @property
    def application(self):
        return self.process.application

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(FILL_SELF_ASSESSMENT, self.application):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def task(self) -> AssessmentTask | None:
        return (AssessmentTask.objects.open_human().filter(process=self.process,
                                                           flow_task=AssessmentFlow.self_assessment)
                .order_by("-created").first())

    def closed_reason(self) -> str | None:
        """Why the workbook cannot be used now, or None when it can."""
        if self.application.stage != Stage.SELF_ASSESSMENT:
            return _("This application is at “%(stage)s”: the workbook can only be used during the self-assessment.") \
                % {"stage": self.application.get_stage_display()}
        task = self.task
        if task is None or not task.flow_task.can_execute(self.request.user, task):
            return _("The self-assessment task is not yours at the moment: take the task in the work area first.")
        return None

    def context(self, **extra):
        application = self.application
        kecamatan = application.kelurahan.parent
        task = self.task
        task_url = task.flow_task.reverse("index", args=[self.process.pk, task.pk]) if task else None
        return {"application": application, "process": self.process, "kecamatan": kecamatan,
                "city": kecamatan.parent, "title": _("Self-assessment workbook"), "task_url": task_url, **extra}

    def refused(self, reason: str, *, details: list[str] | None = None, form=None):
        details = details or []
        return TemplateResponse(self.request, RESULT_TEMPLATE, self.context(
            refusal=reason, details=details[:SHOWN_ERRORS], detail_count=len(details),
            form=form or WorkbookUploadForm()))

    def closed(self, reason: str):
        return TemplateResponse(self.request, RESULT_TEMPLATE, self.context(closed=reason), status=409)


class WorkbookDownloadView(SelfAssessmentWorkbookView):
    def get(self, request, *args, **kwargs):
        reason = self.closed_reason()
        if reason:
            return self.closed(reason)
        response = xlsx_response(build_offline_workbook(self.application),
                                 filename=workbook_filename(self.application))
        response["Cache-Control"] = "private, no-store"
        return response


class WorkbookUploadView(SelfAssessmentWorkbookView):
    def get(self, request, *args, **kwargs):
        reason = self.closed_reason()
        if reason:
            return self.closed(reason)
        return TemplateResponse(request, RESULT_TEMPLATE, self.context(form=WorkbookUploadForm()))

    def post(self, request, *args, **kwargs):
        reason = self.closed_reason()
        if reason:
            return self.closed(reason)
        form = WorkbookUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return TemplateResponse(request, RESULT_TEMPLATE, self.context(form=form))
        upload = form.cleaned_data["workbook"]
        try:
            parsed = parse_offline_workbook(upload, self.application)
        except WorkbookRefused as refused:
            return self.refused(refused.message, form=form)
        if not parsed.ok:
            return self.refused(_("The workbook was not saved: correct these problems and upload it again."),
                                details=[str(error) for error in parsed.errors], form=form)
        try:
            result = apply_offline_workbook(application=self.application, parsed=parsed, by=request.user)
        except Refused as refused:
            return self.refused(refused.message, details=refused.details, form=form)
        return TemplateResponse(request, RESULT_TEMPLATE, self.context(result=result, form=WorkbookUploadForm()))
