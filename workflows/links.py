"""Links to work-area pages from places without a request: e-mails, reminders, tests."""

from importlib import import_module

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def _load_urls():
    # Viewflow names a node's URLs from its viewset's place in the site, which is set when the URLconf
    # is imported; a command or a mail sent before any request must import it first.
    import_module(settings.ROOT_URLCONF)


def task_path(task) -> str:
    _load_urls()
    with translation.override(settings.LANGUAGE_CODE):  # mails are Indonesian; so are their links
        return task.flow_task.reverse("index", args=[task.process_id, task.pk])


def application_path(application) -> str:
    _load_urls()
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("assessment:process_detail", args=[application.process.pk])


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
