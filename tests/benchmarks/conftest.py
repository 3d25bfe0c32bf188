"""Benchmarks run only when asked for (`make bench`, i.e. `-m bench`): they import all of Indonesia."""


def pytest_collection_modifyitems(config, items):
    if "bench" in (config.option.markexpr or ""):
        return
    deselected = [item for item in items if item.get_closest_marker("bench")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("bench")]
