"""Run the flow's human steps from code, exactly as the task pages do: take the task, call the
action, complete the task. Used by the demo loader (so its histories are real) and by tests.
"""

from django.db import transaction
from viewflow.workflow.status import STATUS

from assessment.models import Application

from .flows import AssessmentFlow
from .models import AssessmentTask


class NoSuchTask(LookupError):
    pass


def start_process(application: Application):
    """Attach a process to an application opened by `assessment.actions.start_application`."""
    return AssessmentFlow.start_for_kelurahan.run(application=application)


def open_task(application: Application, node, *, user=None) -> AssessmentTask:
    tasks = AssessmentTask.objects.filter(process__assessmentprocess__application=application,
                                          flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    if user is not None:
        tasks = [task for task in tasks if task.owner_id in (None, user.pk)]
    else:
        tasks = list(tasks)
    if not tasks:
        raise NoSuchTask(f"{application}: no open {node.name} task" + (f" for {user}" if user else ""))
    return tasks[0]


def complete_task(application: Application, node, *, user, act):
    """Take the open `node` task as `user`, run `act()` (an action), and complete the task."""
    task = open_task(application, node, user=user)
    with transaction.atomic(), AssessmentFlow.lock(task.process_id):
        task.refresh_from_db()
        activation = task.flow_task.activation_class(task)
        if task.owner_id is None:
            if not node.can_assign(user, task):
                raise PermissionError(f"{user} may not take {node.name} of {application}")
            activation.assign(user)
        if not node.can_execute(user, task):
            raise PermissionError(f"{user} may not do {node.name} of {application}")
        activation.start(None)
        result = act()
        activation.execute()
    return result
