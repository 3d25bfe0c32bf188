"""The bulk user import page in Wagtail's admin, for superusers."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from assessment.excel import WorkbookRefused, xlsx_response

from .applying import UserImportConflict, import_users
from .parsing import read_user_upload
from .template import TEMPLATE_FILENAME, build_user_template

SHOWN_ERRORS = 200


class SuperuserOnly:
    """Creating accounts in bulk is for superusers; Wagtail turns the refusal into its usual redirect."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserImportForm(forms.Form):
    workbook = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"),
                               widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    check_only = forms.BooleanField(label=gettext_lazy("Only check the workbook; change nothing"), required=False)
    resend_invitations = forms.BooleanField(
        label=gettext_lazy("Send a new password link to listed users who have not set a password yet"),
        required=False)


class UserImportView(SuperuserOnly, WagtailAdminTemplateMixin, FormView):
    form_class = UserImportForm
    template_name = "workflows/user_import/upload.html"
    page_title = gettext_lazy("Import users")
    header_icon = "user"
    success_url = reverse_lazy("krppa_user_import")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_url"] = reverse("krppa_user_import_template")
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["workbook"]
        try:
            parsed = read_user_upload(upload)
        except WorkbookRefused as refused:
            form.add_error("workbook", refused.message)
            return self.form_invalid(form)
        if not parsed.ok:
            return self.render_to_response(self.get_context_data(
                form=form, errors=parsed.errors[:SHOWN_ERRORS], error_count=len(parsed.errors)))
        try:
            result = import_users(rows=parsed.rows, by=self.request.user, source=upload.name,
                                  resend_invitations=form.cleaned_data["resend_invitations"],
                                  dry_run=form.cleaned_data["check_only"])
        except UserImportConflict as conflict:
            form.add_error("workbook", conflict.message)
            return self.form_invalid(form)
        if result.dry_run:
            return self.render_to_response(self.get_context_data(form=form, result=result, rows=len(parsed.rows)))
        messages.success(self.request, _(
            "Imported %(rows)s rows — users created: %(created)s; memberships granted: %(granted)s; rows already in "
            "place: %(unchanged)s; password-set emails: %(invitations)s."
        ) % {"rows": len(parsed.rows), "created": len(result.created), "granted": result.memberships_granted,
             "unchanged": result.rows_unchanged, "invitations": result.invitations})
        return redirect(self.get_success_url())


class UserImportTemplateView(SuperuserOnly, View):
    def get(self, request, *args, **kwargs):
        return xlsx_response(build_user_template(), filename=TEMPLATE_FILENAME)
