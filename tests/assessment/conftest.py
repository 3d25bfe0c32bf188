# The workflow's people and open cycle serve the evidence tests too (uploads happen on a task page).
from tests.workflows.conftest import cycle, people  # noqa: F401
