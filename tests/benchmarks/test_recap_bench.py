"""`export_recap` at 1,000 and 10,000 applications: rows per second, and memory that does not grow with rows.

Run with `make bench` (not part of `make test`). The applications are made cheaply with bulk_create —
South Kalimantan's 144 kelurahan over as many yearly cycles as it takes — each with ten answers, half
of them with a city panel of two reviewers and a quarter with a province panel of two evaluators
(ten scores each), and every tenth designated. The export runs through the management command, so
this is exactly what an operator would run.

Each size is timed once without tracing (rows per second) while a sampler reads the process's resident
memory every 10 ms (how far RSS rises above where it stood before the export), then run again under
tracemalloc for the peak of Python allocations during the export. The assertion: ten times the rows
may not take more than 25% more peak memory.
"""

import datetime
import os
import threading
import time
import tracemalloc
from itertools import cycle as round_robin

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessment.models import (
    Answer,
    Application,
    Category,
    Cycle,
    Designation,
    DesignationStatus,
    Region,
    Review,
    ReviewScore,
    ReviewStage,
    Stage,
)

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

STAGES = [Stage.SELF_ASSESSMENT, Stage.CITY_SCREENING, Stage.CITY_DECISION, Stage.PROVINCE_EVALUATION,
          Stage.DESIGNATED]
BATCH = 2000
REPORT = {}


class Builder:
    """Applications with answers, panels and designations, made in bulk."""

    def __init__(self, framework, reviewers):
        self.framework = framework
        self.reviewers = reviewers
        self.indicators = list(framework.indicators.order_by("number").prefetch_related("levels"))
        self.levels = {indicator.pk: [level.pk for level in indicator.ordered_levels()] for indicator in
                       self.indicators}
        self.category = Category.objects.filter(framework=framework).order_by("min_points").first()
        self.kelurahan = list(Region.objects.filter(code__startswith="63.").kelurahan().order_by("code")
                              .values_list("code", flat=True))
        self.made = 0

    def cycle_for(self, year: int) -> Cycle:
        # One province-wide cycle a year: the rows grow tenfold, the handful of cycles barely.
        cycle, _created = Cycle.objects.get_or_create(
            region_id="63", year=year,
            defaults={"framework": self.framework, "opens_on": datetime.date(year, 1, 1),
                      "closes_on": datetime.date(year, 12, 31)})
        return cycle

    def grow_to(self, count: int) -> None:
        cycles = {}
        while self.made < count:
            batch = []
            for _ in range(min(BATCH, count - self.made)):
                index = self.made + len(batch)
                code = self.kelurahan[index % len(self.kelurahan)]
                year = 1900 + index // len(self.kelurahan)
                if year not in cycles:
                    cycles[year] = self.cycle_for(year)
                stage = STAGES[index % len(STAGES)]
                batch.append(Application(cycle=cycles[year], kelurahan_id=code, stage=stage,
                                         stage_entered_at=timezone.now() - datetime.timedelta(days=index % 60)))
            Application.objects.bulk_create(batch, batch_size=500)  # sets the pks (RETURNING)
            self._fill(batch)
            self.made += len(batch)

    def _fill(self, applications) -> None:
        answers, reviews = [], []
        for application in applications:
            rank = application.pk % 4
            answers += [Answer(application=application, indicator=indicator, narrative="Ada.",
                               level_id=self.levels[indicator.pk][rank]) for indicator in self.indicators]
            panels = []
            if application.pk % 2 == 0:
                panels.append(ReviewStage.CITY)
            if application.pk % 4 == 0:
                panels.append(ReviewStage.PROVINCE)
            for stage in panels:
                reviews += [Review(application=application, stage=stage, round=1, reviewer=reviewer,
                                   recommendation="recommend", submitted_at=timezone.now())
                            for reviewer in self.reviewers[stage]]
        Answer.objects.bulk_create(answers, batch_size=2000)
        Review.objects.bulk_create(reviews, batch_size=2000)
        created = Review.objects.filter(application__in=applications)
        ranks = round_robin(range(4))
        ReviewScore.objects.bulk_create(
            [ReviewScore(review=review, indicator=indicator, level_id=self.levels[indicator.pk][next(ranks)],
                         comment="Sesuai dokumen.")
             for review in created for indicator in self.indicators], batch_size=2000)
        Designation.objects.bulk_create([
            Designation(kelurahan_id=application.kelurahan_id, application=application, framework=self.framework,
                        category=self.category, score="650", sk_number=f"SK/{application.pk}",
                        sk_date=datetime.date(2025, 1, 1), valid_from=datetime.date(2025, 1, 1),
                        valid_until=datetime.date(2028, 1, 1), status=DesignationStatus.EXPIRED)
            for application in applications if application.pk % 10 == 0], batch_size=2000)


PAGE = os.sysconf("SC_PAGE_SIZE")


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


class RssSampler(threading.Thread):
    """The highest resident memory seen while it runs, sampled every 10 ms."""

    def __init__(self):
        super().__init__(daemon=True)
        self.baseline = resident_bytes()
        self.peak = self.baseline
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.01):
            self.peak = max(self.peak, resident_bytes())

    def stop(self) -> int:
        self.done.set()
        self.join()
        return max(self.peak, resident_bytes()) - self.baseline


def export(tmp_path, *, traced: bool):
    output = tmp_path / "rekap.xlsx"
    sampler = None
    if traced:
        tracemalloc.start()
        tracemalloc.reset_peak()
    else:
        sampler = RssSampler()
        sampler.start()
    started = time.perf_counter()
    call_command("export_recap", "--region", "63", "--output", str(output), stdout=open(os.devnull, "w"))
    elapsed = time.perf_counter() - started
    if traced:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    else:
        peak = sampler.stop()
    return elapsed, peak, output.stat().st_size


def test_recap_rows_per_second_and_flat_memory(framework, people, tmp_path):
    builder = Builder(framework, {ReviewStage.CITY: [people.reviewer, people.reviewer2],
                                  ReviewStage.PROVINCE: [people.evaluator1, people.evaluator2]})
    for count in (1_000, 10_000):
        started = time.perf_counter()
        builder.grow_to(count)
        built = time.perf_counter() - started
        assert Application.objects.count() == count
        elapsed, rss_rise, size = export(tmp_path, traced=False)
        _elapsed, peak, _size = export(tmp_path, traced=True)
        REPORT[count] = {"seconds": elapsed, "rows_per_second": count / elapsed, "peak_mb": peak / 2**20,
                         "rss_rise_mb": rss_rise / 2**20, "file_mb": size / 2**20, "setup_seconds": built}
        print(f"\nexport_recap, {count:,} applications: {elapsed:.1f} s, {count / elapsed:,.0f} rows/s, "
              f"peak traced memory {peak / 2**20:.1f} MB, RSS rise {rss_rise / 2**20:.1f} MB, "
              f"file {size / 2**20:.1f} MB (data made in {built:.0f} s)")
    small, large = REPORT[1_000], REPORT[10_000]
    assert large["peak_mb"] <= small["peak_mb"] * 1.25, REPORT
