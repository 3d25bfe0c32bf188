"""The public site as the demo loader builds it, for the website tests."""

import pytest

from website.criteria_demo import ensure_criteria_page
from workflows.demo import load_demo


@pytest.fixture
def criteria_page(framework):
    """The Indonesian criteria page at /kriteria/ (and its English translation) for the KRPPA 2025 framework."""
    return ensure_criteria_page(framework)


@pytest.fixture
def demo_site(db):
    """What `make run` loads for the public site: regions, the framework, the public pages and the demo
    accounts — without the demo applications, which would freeze the framework these tests edit."""
    load_demo(log=lambda line: None, with_cases=False)
