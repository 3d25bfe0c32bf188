"""Demo data for `make run`: South Kalimantan, the KRPPA 2025 framework, one account per role.

Everything here is idempotent: a second run finds what the first made and changes nothing.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from assessment.framework_fixture import load_framework_file
from assessment.models import Region
from assessment.region_import import apply_regions, parse_region_csv
from website.criteria_demo import ensure_criteria_page
from website.home import ensure_home_page

from .actions import grant_membership
from .roles import Role

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
REGIONS_FILE = FIXTURES / "regions" / "kalimantan-selatan.csv"
FRAMEWORK_FILE = FIXTURES / "frameworks" / "krppa-2025.json"
DEMO_PASSWORD = "krppa-demo"  # documented in the README; demo accounts exist only where KRPPA_DEMO_DATA


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str | None
    region: str | None


DEMO_USERS = [
    DemoUser("operator.sungaibilu", "Siti Rahmah", Role.OPERATOR, "63.71.02.1004"),
    DemoUser("lurah.sungaibilu", "Ahmad Fauzi", Role.LURAH, "63.71.02.1004"),
    DemoUser("koordinator.banjarmasin", "Nurul Hidayah", Role.CITY_COORDINATOR, "63.71"),
    DemoUser("reviewer.banjarmasin", "Rina Marlina", Role.CITY_REVIEWER, "63.71"),
    DemoUser("reviewer.banjarbaru", "Dewi Lestari", Role.CITY_REVIEWER, "63.72"),
    DemoUser("koordinator.kalsel", "Hj. Aminah", Role.PROVINCE_COORDINATOR, "63"),
    DemoUser("evaluator1.kalsel", "Yusuf Hamdani", Role.PROVINCE_EVALUATOR, "63"),
    DemoUser("evaluator2.kalsel", "Fitri Handayani", Role.PROVINCE_EVALUATOR, "63"),
    DemoUser("nasional", "Pemantau KemenPPPA", Role.NATIONAL_VIEWER, None),
    DemoUser("editor", "Editor Situs", Role.CMS_EDITOR, None),
    DemoUser("admin", "Administrator", None, None),
]


@functools.cache
def demo_password_hash() -> str:
    """Hashed once: dozens of demo accounts share the documented password, and hashing is slow on purpose."""
    return make_password(DEMO_PASSWORD)


class DemoDataDisabled(Exception):
    pass


def load_regions(log=print):
    parsed = parse_region_csv(REGIONS_FILE.read_bytes())
    if not parsed.ok:
        raise ValueError(f"The region fixture has bad lines: {parsed.errors[:5]}")
    result = apply_regions(parsed.rows)
    log(f"Regions: {result.created} created, {result.updated} renamed, {result.unchanged} unchanged.")


def load_users(log=print):
    User = get_user_model()
    for demo in DEMO_USERS:
        first, _space, last = demo.full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={"first_name": first, "last_name": last, "email": f"{demo.username}@example.org",
                      "is_staff": demo.role in (None, Role.CMS_EDITOR), "is_superuser": demo.role is None},
        )
        if created:
            user.password = demo_password_hash()
            user.save(update_fields=["password"])
        if demo.role:
            region = Region.objects.get(code=demo.region) if demo.region else None
            grant_membership(user=user, role=demo.role, region=region)
        log(f"User {demo.username}: {'created' if created else 'present'}.")


@transaction.atomic
def load_demo(log=print, *, with_cases: bool = True):
    """Everything `make run` shows; `with_cases=False` leaves out the demo applications (faster, for tests)."""
    if not getattr(settings, "KRPPA_DEMO_DATA", False):
        raise DemoDataDisabled("Demo data is switched off in these settings (KRPPA_DEMO_DATA).")
    load_regions(log)
    framework, created = load_framework_file(FRAMEWORK_FILE)
    log(f"Framework {framework.slug}: {'loaded' if created else 'present'}.")
    ensure_home_page()
    ensure_criteria_page(framework)
    load_users(log)
    if with_cases:
        from .demo_cases import Story

        log("Demo applications (Kota Banjarmasin):")
        Story(log).tell()
