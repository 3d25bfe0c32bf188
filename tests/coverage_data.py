"""Hand-built regions and designations for coverage tests: every state a kelurahan can be in.

Codes 91–93 are made up (Papua's real codes are not loaded in tests), so each tree is small and
its figures can be counted by hand:

    91 Provinsi Uji
      91.01 Kota Satu
        91.01.01 Kecamatan Satu   1001 designated (Madya) · 1002 expired + open app in city review
                                  1003 revoked, nothing open · 1004 designated (Pratama) + renewal in
                                  self-assessment · 2001 a desa (not counted)
        91.01.02 Kecamatan Dua    1001 open apps in two cycles (lurah's submission, then provincial
                                  evaluation) · 1002 application declined
      91.02 Kabupaten Dua
        91.02.01 Kecamatan Desa   2001 a desa only
    92 Provinsi Lain
      92.71 Kota Lain
        92.71.01 Kecamatan Lain   1001 designated (Pratama) · 1002 nothing
"""

import datetime

from django.utils import timezone

from assessment.models import (
    Application,
    Cycle,
    Designation,
    DesignationStatus,
    Framework,
    Region,
    Stage,
    classify,
    parent_code,
)

REGIONS = [
    ("91", "Provinsi Uji"),
    ("91.01", "Kota Satu"),
    ("91.01.01", "Kecamatan Satu"),
    ("91.01.01.1001", "Kelurahan Satu"),
    ("91.01.01.1002", "Kelurahan Dua"),
    ("91.01.01.1003", "Kelurahan Tiga"),
    ("91.01.01.1004", "Kelurahan Empat"),
    ("91.01.01.2001", "Desa Satu"),
    ("91.01.02", "Kecamatan Dua"),
    ("91.01.02.1001", "Kelurahan Lima"),
    ("91.01.02.1002", "Kelurahan Enam"),
    ("91.02", "Kabupaten Dua"),
    ("91.02.01", "Kecamatan Desa"),
    ("91.02.01.2001", "Desa Dua"),
    ("92", "Provinsi Lain"),
    ("92.71", "Kota Lain"),
    ("92.71.01", "Kecamatan Lain"),
    ("92.71.01.1001", "Kelurahan Lain Satu"),
    ("92.71.01.1002", "Kelurahan Lain Dua"),
]

TODAY = datetime.date(2026, 6, 30)


def make_regions(rows):
    Region.objects.bulk_create([
        Region(code=code, name=name, level=classify(code, name)[0], kind=classify(code, name)[1],
               parent_id=parent_code(code))
        for code, name in rows
    ])


def designate(framework: Framework, kelurahan: str, *, category: str = "Madya",
              status: str = DesignationStatus.ACTIVE, valid_from=datetime.date(2025, 7, 22),
              valid_until=datetime.date(2028, 7, 21), status_changed_at=None, sk_number: str = "188.44/0412/KUM/2025",
              revoke_reason: str = "") -> Designation:
    category = framework.categories.get(name=category)
    return Designation.objects.create(
        kelurahan_id=kelurahan, framework=framework, category=category,
        score=(category.min_points + category.max_points) // 2, sk_number=sk_number, sk_date=valid_from,
        valid_from=valid_from, valid_until=valid_until, status=status, status_changed_at=status_changed_at,
        revoke_reason=revoke_reason)


def cycle(framework: Framework, region: str, year: int = 2026) -> Cycle:
    return Cycle.objects.create(framework=framework, region_id=region, year=year,
                                opens_on=datetime.date(year, 1, 1), closes_on=datetime.date(year, 12, 31))


def apply(cycle: Cycle, kelurahan: str, stage: str) -> Application:
    return Application.objects.create(cycle=cycle, kelurahan_id=kelurahan, stage=stage)


def build_tree(framework: Framework) -> None:
    make_regions(REGIONS)
    ended = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))
    city_cycle, province_cycle = cycle(framework, "91.01"), cycle(framework, "91")
    last_year = cycle(framework, "91.01", year=2025)

    designate(framework, "91.01.01.1001", category="Madya")
    designate(framework, "91.01.01.1002", status=DesignationStatus.EXPIRED, valid_from=datetime.date(2023, 1, 1),
              valid_until=datetime.date(2025, 12, 31), status_changed_at=ended)
    apply(city_cycle, "91.01.01.1002", Stage.CITY_REVIEW)
    designate(framework, "91.01.01.1003", status=DesignationStatus.REVOKED, status_changed_at=ended,
              revoke_reason="Pos pengaduan tidak lagi berjalan.")
    designate(framework, "91.01.01.1004", category="Pratama")
    apply(city_cycle, "91.01.01.1004", Stage.SELF_ASSESSMENT)
    apply(city_cycle, "91.01.02.1001", Stage.LURAH_SUBMIT)
    apply(province_cycle, "91.01.02.1001", Stage.PROVINCE_EVALUATION)
    apply(last_year, "91.01.02.1002", Stage.DECLINED)
    designate(framework, "92.71.01.1001", category="Pratama")


def build_bulk(framework: Framework, *, province: str = "93", cities: int = 4, kecamatan: int = 10,
               kelurahan: int = 50) -> list[str]:
    """A synthetic province with cities × kecamatan × kelurahan villages; returns the kelurahan codes."""
    rows = [(province, "Provinsi Besar")]
    codes = []
    for city in range(1, cities + 1):
        city_code = f"{province}.{70 + city:02d}"
        rows.append((city_code, f"Kota Besar {city}"))
        for district in range(1, kecamatan + 1):
            district_code = f"{city_code}.{district:02d}"
            rows.append((district_code, f"Kecamatan {city}-{district}"))
            for village in range(1, kelurahan + 1):
                code = f"{district_code}.{1000 + village}"
                rows.append((code, f"Kelurahan {city}-{district}-{village}"))
                codes.append(code)
    make_regions(rows)
    return codes


def designate_many(framework: Framework, codes: list[str]) -> None:
    categories = list(framework.categories.order_by("min_points"))
    Designation.objects.bulk_create([
        Designation(kelurahan_id=code, framework=framework, category=categories[index % len(categories)],
                    score=categories[index % len(categories)].min_points, sk_number=f"188.44/{index:04d}/KUM/2025",
                    sk_date=datetime.date(2025, 7, 22), valid_from=datetime.date(2025, 7, 22),
                    valid_until=datetime.date(2028, 7, 21))
        for index, code in enumerate(codes)
    ])


def query_counts(client, urls: list[str]) -> list[int]:
    """How many queries each page costs, in order (each must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        result.append(len(queries))
    return result
