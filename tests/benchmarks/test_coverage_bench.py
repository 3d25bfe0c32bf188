"""National-scale coverage: all of Indonesia, 2,000 active designations, timed against a plain page.

Run with `make bench` (not part of `make test`). It imports the whole Kemendagri list, spreads 2,000
designations and 500 open applications over every province, then times the coverage page and the
coverage API at nation, province and city level next to the login page of the same site (the floor).

Requests are sampled round-robin (floor, then each view, again and again) so that a busy machine
slows them all alike. Each view is timed twice:
- *served*: the normal path — the figures are cached under a key that changes with any designation,
  application or target (see `assessment.coverage.snapshot`), so this is what every visitor gets
  until the data changes;
- *computed*: the cache is cleared before each request, so every request counts from scratch.
Each coverage view must stay within 10 queries on both paths, and its served median within 3× the
floor's. The computed medians are printed for the record.
"""

import datetime
import os
import statistics
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assessment.models import OPEN_STAGES, Application, Cycle, Designation, Level, Region
from assessment.region_import import apply_regions, parse_region_csv

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

ROUNDS = 41
WARM_UP = 3
DESIGNATIONS = 2000
APPLICATIONS = 500
MAX_QUERIES = 10
MAX_RATIO = 3.0
FLOOR = "/accounts/login/"
IMPORT_PROMISE_SECONDS = 60  # what the foundation promised for a full-country import on SQLite


def regions_csv() -> Path:
    path = Path(os.environ.get("KRPPA_REGIONS_CSV")
                or Path(settings.BASE_DIR).parent / "shared" / "data" / "wilayah_kemendagri_2025.csv")
    if not path.is_file():
        pytest.fail(f"The national region list is missing: {path}. Put wilayah_kemendagri_2025.csv in "
                    f"../shared/data/ or point KRPPA_REGIONS_CSV at it.", pytrace=False)
    return path


def import_indonesia() -> float:
    started = time.perf_counter()
    parsed = parse_region_csv(regions_csv().read_bytes())
    assert parsed.ok, parsed.errors[:5]
    apply_regions(parsed.rows)
    return time.perf_counter() - started


def spread(codes: list[str], count: int) -> list[str]:
    """`count` codes taken at an even stride, so every province gets its share."""
    step = len(codes) / count
    return [codes[int(index * step)] for index in range(count)]


def designate_and_apply(framework) -> None:
    kelurahan = list(Region.objects.kelurahan().order_by("code").values_list("code", flat=True))
    designated = spread(kelurahan, DESIGNATIONS)
    categories = list(framework.categories.order_by("min_points"))
    Designation.objects.bulk_create([
        Designation(kelurahan_id=code, framework=framework, category=categories[index % len(categories)],
                    score=categories[index % len(categories)].min_points + 10, sk_number=f"188.44/{index:04d}/2025",
                    sk_date=datetime.date(2025, 7, 22), valid_from=datetime.date(2025, 7, 22),
                    valid_until=datetime.date(2028, 7, 21))
        for index, code in enumerate(designated)], batch_size=500)
    cycles = {province: Cycle.objects.create(framework=framework, region_id=province, year=2026,
                                             opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 12, 31))
              for province in Region.objects.provinces().values_list("code", flat=True)}
    taken = set(designated)
    applying = spread([code for code in kelurahan if code not in taken], APPLICATIONS)
    Application.objects.bulk_create([
        Application(cycle=cycles[code[:2]], kelurahan_id=code, stage=OPEN_STAGES[index % len(OPEN_STAGES)])
        for index, code in enumerate(applying)], batch_size=500)


def busiest(length: int) -> str:
    """The region (code `length` long) with the most designations: the heaviest page of its level."""
    counts: dict[str, int] = {}
    for code in Designation.objects.values_list("kelurahan_id", flat=True):
        counts[code[:length]] = counts.get(code[:length], 0) + 1
    return max(counts, key=counts.get)


def sample(client: Client, urls: list[str], *, computed: bool) -> dict[str, list[float]]:
    """Milliseconds per request for each url, taken round-robin."""
    for url in urls:
        for _ in range(WARM_UP):
            assert client.get(url).status_code == 200, url
    timings: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(ROUNDS):
        for url in urls:
            if computed:
                cache.clear()
            started = time.perf_counter()
            client.get(url)
            timings[url].append((time.perf_counter() - started) * 1000)
    return timings


def queries_of(client: Client, url: str, *, computed: bool) -> int:
    if computed:
        cache.clear()
    else:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_coverage_at_national_scale(framework):
    import_seconds = import_indonesia()
    villages = Region.objects.filter(level=Level.VILLAGE).count()
    assert villages > 80_000
    designate_and_apply(framework)
    if connection.vendor == "postgresql":
        # Statistics, as autovacuum would have gathered by then; without them the planner takes the freshly
        # filled tables for empty ones.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    province, city = busiest(2), busiest(5)
    views = {
        "page: nation": "/cakupan/",
        f"page: province {province}": f"/cakupan/{province}/",
        f"page: city {city}": f"/cakupan/{city}/",
        "API: nation": "/api/v1/coverage/",
        f"API: province {province}": f"/api/v1/coverage/?region={province}",
        f"API: city {city}": f"/api/v1/coverage/?region={city}",
    }
    extra = {f"API: designations {province} (page 1)": f"/api/v1/designations/?region={province}"}
    client = Client()
    urls = [FLOOR, *views.values(), *extra.values()]
    served = sample(client, urls, computed=False)
    computed = sample(client, urls, computed=True)
    floor = statistics.median(served[FLOOR])

    rows = []
    for name, url in {**views, **extra}.items():
        served_ms, computed_ms = statistics.median(served[url]), statistics.median(computed[url])
        rows.append((name, url in views.values(), served_ms, queries_of(client, url, computed=False),
                     computed_ms, queries_of(client, url, computed=True)))

    vendor = f"SQLite {connection.Database.sqlite_version}" if connection.vendor == "sqlite" else connection.vendor
    print("\n".join([
        "",
        f"KRPPA coverage benchmark — {vendor}, {villages:,} villages, {Designation.objects.count():,} designations, "
        f"{Application.objects.count():,} open applications; medians of {ROUNDS} round-robin requests",
        f"full-country region import: {import_seconds:.1f} s",
        f"{'view':42} {'served ms':>9} {'× floor':>8} {'queries':>7}   {'computed ms':>11} {'× floor':>8} "
        f"{'queries':>7}",
        f"{'floor: login page':42} {floor:9.1f} {1:8.2f} {queries_of(client, FLOOR, computed=False):7d}",
        *[f"{name:42} {served_ms:9.1f} {served_ms / floor:8.2f} {served_queries:7d}   {computed_ms:11.1f} "
          f"{computed_ms / floor:8.2f} {computed_queries:7d}"
          for name, _checked, served_ms, served_queries, computed_ms, computed_queries in rows],
    ]))

    for name, checked, served_ms, served_queries, _computed_ms, computed_queries in rows:
        if not checked:
            continue
        assert served_queries <= MAX_QUERIES and computed_queries <= MAX_QUERIES, name
        assert served_ms <= MAX_RATIO * floor, f"{name}: {served_ms:.1f} ms is over {MAX_RATIO}× {floor:.1f} ms"
    if connection.vendor == "sqlite":
        assert import_seconds < IMPORT_PROMISE_SECONDS
