import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English here; the Indonesian catalog has tests of its own."""
    with translation.override("en"):
        yield
