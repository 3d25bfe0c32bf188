import pytest
from django.utils import translation

# The workflow's people and open cycle serve the evidence tests too (uploads happen on a task page).
from tests.workflows.conftest import cycle, people  # noqa: F401


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Messages made outside a request (commands, model checks) are asserted in English, as the code writes them.

    Pages stay Indonesian whatever this says: the work area has no English version, and the locale
    middleware answers every request in the default language.
    """
    with translation.override("en"):
        yield
