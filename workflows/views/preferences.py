"""Each person's choice of optional e-mails."""

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import generic

from ..models import NotificationPreference
from ..notifications import Kind


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["queued_tasks", "reminders", "escalations"]


class NotificationSettingsView(generic.UpdateView):
    template_name = "workflows/notification_settings.html"
    form_class = NotificationPreferenceForm

    def get_object(self, queryset=None):
        preference, _created = NotificationPreference.objects.get_or_create(user=self.request.user)
        return preference

    def get_context_data(self, **kwargs):
        always = [Kind.TASK_ASSIGNED.label, Kind.DECISION.label]
        return super().get_context_data(always=always, **kwargs)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Your e-mail choices were saved."))
        return HttpResponseRedirect(self.request.path)
