import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_outside_requests():
    """Messages made outside a request (commands, model checks) are asserted in English, as the code writes them.

    Pages speak the language of their URL whatever this says (Indonesian, or English under /en/).
    """
    with translation.override("en"):
        yield
