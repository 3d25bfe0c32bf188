"""Benchmarks are measurements, not checks: `make bench` (pytest -m bench) runs them, `make test` leaves them out."""


def pytest_configure(config):
    config.addinivalue_line("markers", "bench: a measurement at scale; run with `make bench`")


def pytest_collection_modifyitems(config, items):
    if "bench" in (config.option.markexpr or ""):
        return
    benches = [item for item in items if item.get_closest_marker("bench")]
    if benches:
        config.hook.pytest_deselected(items=benches)
        items[:] = [item for item in items if not item.get_closest_marker("bench")]
