"""Two small extensions of Viewflow's nodes, through its own hooks.

- `RegionalView`: a human task that only a user whose role *and region* fit may take or execute.
- `PanelSplit`: one parallel task per panel member (Viewflow 2.4's open-source Split creates each
  branch once; a review panel needs one task per reviewer).
"""

from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.nodes.split import SplitActivation


def process_of(process):
    """The typed process (with the application) behind Viewflow's base Process row."""
    return process.coerced


class RegionalView(flow.View):
    """A task for a role in a region: `Permission(perm, obj=process_of)` is checked on every step."""

    # How Viewflow's own lists and dashboard name a task: which kelurahan it is about.
    task_summary_template = "{{ process.application.kelurahan.name }}"

    def _may(self, user, task) -> bool:
        permission = task.owner_permission or self._owner_permission
        return bool(permission) and user.has_perm(permission, process_of(task.process))

    def can_execute(self, user, task):
        return super().can_execute(user, task) and self._may(user, task)

    def can_assign(self, user, task):
        return super().can_assign(user, task) and self._may(user, task)


class PanelSplitActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        for node, _condition, members in self.flow_task._branches:
            for data in members(self):
                self.next_tasks.append((node, data))
        if not self.next_tasks:
            raise FlowRuntimeError(f"{self.flow_task.name}: the panel has no members")


class PanelSplit(flow.Split):
    """`PanelSplit(members).Next(task)`: `members(activation)` returns one task-data dict per member."""

    activation_class = PanelSplitActivation

    def __init__(self, members, **kwargs):
        super().__init__(**kwargs)
        self._members = members

    def Next(self, node, case=None):  # noqa: N802 - Viewflow's fluent API
        self._activate_next.append((node, None, self._members))
        return self
