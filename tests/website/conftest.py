"""The public site as the demo loader builds it, for the website tests."""

import pytest
from django.core.management import call_command

from website.criteria_demo import ensure_criteria_page


@pytest.fixture
def criteria_page(framework):
    """The Indonesian criteria page at /kriteria/ (and its English translation) for the KRPPA 2025 framework."""
    return ensure_criteria_page(framework)


@pytest.fixture
def demo_site(db):
    """Everything `make run` loads: regions, the framework, the public pages and the demo accounts."""
    call_command("load_demo")
