"""Every task URL is bound to the process and node it names.

A Viewflow task URL reads `<process_pk>/<node>/<task_pk>/…`, but Viewflow finds the task by its id
alone and runs the *URL's* node view on it. Opened under another node's name, a pending evaluator's
task would render the coordinator's decision page (the panel's scores), and under another process's
id it would be locked and checked against the wrong application. This middleware is the one place
every task view passes through — ours and Viewflow's built-in ones (detail, execute, assign,
unassign, undo, cancel, revive) — and answers 404 unless the (process, node, task) triple is true.

It also keeps numbers from the URL that no database column can hold (beyond a signed 64-bit
integer) from reaching the database: SQLite raises OverflowError on them and PostgreSQL DataError.
"""

from django.http import Http404

# The largest value of a BigAutoField (and of any integer column we key by).
LARGEST_ID = 2**63 - 1


def _numbers_fit(kwargs) -> bool:
    return all(not isinstance(value, int) or 0 <= value <= LARGEST_ID for value in kwargs.values())


def _task_matches_url(flow_class, node_name: str, process_pk: int, task_pk: int) -> bool:
    node = flow_class.instance.node(node_name, no_obsolete=True)
    if node is None:
        return False
    return flow_class.task_class._default_manager.filter(pk=task_pk, process_id=process_pk, flow_task=node).exists()


class TaskUrlMiddleware:
    """Refuse (404) a task URL whose process, node and task do not belong together.

    It runs before Viewflow's `SiteMiddleware`, so a wrong triple is a 404 for everyone, whatever their
    role; it reads the flow's viewset from the same resolver extras that middleware reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _numbers_fit(view_kwargs):
            raise Http404("No such object.")
        if "task_pk" not in view_kwargs:
            return None
        match = request.resolver_match
        viewset = getattr(match.url_name, "extra", {}).get("flow_viewset")
        if viewset is None or "process_pk" not in view_kwargs or not match.namespaces:
            # A task URL outside a flow's viewset cannot be checked, so it is not served.
            raise Http404("No task matches the given query.")
        flow_class = viewset._flow_class
        if not _task_matches_url(flow_class, match.namespaces[-1], view_kwargs["process_pk"], view_kwargs["task_pk"]):
            raise Http404("No task matches the given query.")
        return None
