"""Import the Kemendagri region list (`code,name` CSV) in two steps.

`parse_region_csv` reads and checks the whole file without touching the database beyond reading
which regions already exist; `apply_regions` writes the checked rows in one transaction. A file
with any bad row is refused as a whole, with every bad line listed.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .models import InvalidRegionCode, Region, classify, parent_code

EXPECTED_HEADER = ["code", "name"]
MAX_NAME_LENGTH = Region._meta.get_field("name").max_length


@dataclass(frozen=True)
class RegionRow:
    line: int
    code: str
    name: str
    level: int
    kind: str
    parent: str | None


@dataclass
class ParseResult:
    rows: list[RegionRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _in_scope(code: str, prefix: str | None) -> bool:
    if not prefix:
        return True
    # The prefix's own ancestors come along so the subtree has somewhere to hang.
    return code == prefix or code.startswith(f"{prefix}.") or prefix.startswith(f"{code}.")


def parse_region_csv(data: bytes, *, prefix: str | None = None) -> ParseResult:
    """Check a whole region CSV. `prefix` keeps one subtree (e.g. "63" for South Kalimantan)."""
    result = ParseResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((1, _("the file is not UTF-8 text; expected a CSV with columns code,name")))
        return result
    if "\x00" in text:
        result.errors.append((1, _("the file is binary, not a CSV with columns code,name")))
        return result

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.errors.append((1, _("the file is empty; expected a header line code,name")))
        return result
    if [column.strip().lower() for column in header] != EXPECTED_HEADER:
        result.errors.append((1, _("the header must be exactly “code,name”, found “%(found)s”")
                              % {"found": ",".join(header)}))
        return result

    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != 2:
                result.errors.append((line, _("expected 2 columns (code,name), found %(n)s") % {"n": len(row)}))
                continue
            code, name = row[0].strip(), row[1].strip()
            try:
                level, kind = classify(code, name)
            except InvalidRegionCode:
                result.errors.append((line, _("malformed code “%(code)s”") % {"code": code}))
                continue
            if not name:
                result.errors.append((line, _("region %(code)s has an empty name") % {"code": code}))
                continue
            if len(name) > MAX_NAME_LENGTH:
                result.errors.append((line, _("name longer than %(max)s characters") % {"max": MAX_NAME_LENGTH}))
                continue
            if code in seen:
                result.errors.append((line, _("code %(code)s already appears on line %(first)s")
                                      % {"code": code, "first": seen[code]}))
                continue
            seen[code] = line
            if _in_scope(code, prefix):
                result.rows.append(RegionRow(line, code, name, level, kind, parent_code(code)))
    except csv.Error as error:
        result.errors.append((reader.line_num, _("not a valid CSV: %(error)s") % {"error": error}))
        return result

    known = set(seen)
    missing_parents = {row.parent for row in result.rows if row.parent and row.parent not in known}
    if missing_parents:
        known |= set(Region.objects.filter(code__in=missing_parents).values_list("code", flat=True))
    for row in result.rows:
        if row.parent and row.parent not in known:
            result.errors.append((row.line, _("region %(code)s has no parent %(parent)s in the file or the database")
                                  % {"code": row.code, "parent": row.parent}))
    if prefix and not result.rows and not result.errors:
        result.errors.append((1, _("no region with code %(prefix)s in the file") % {"prefix": prefix}))
    result.errors.sort()
    return result


@transaction.atomic
def apply_regions(rows: list[RegionRow]) -> ImportResult:
    """Create new regions and update the names of existing ones; never creates a region twice."""
    existing = dict(
        Region.objects.filter(code__in=[row.code for row in rows]).values_list("code", "name")
        if len(rows) < 5000 else Region.objects.values_list("code", "name")
    )
    created = [row for row in rows if row.code not in existing]
    changed = [row for row in rows if row.code in existing and existing[row.code] != row.name]
    ordered = sorted(created + changed, key=lambda row: (row.level, row.code))
    Region.objects.bulk_create(
        [Region(code=row.code, name=row.name, level=row.level, kind=row.kind, parent_id=row.parent)
         for row in ordered],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind"],
    )
    return ImportResult(created=len(created), updated=len(changed),
                        unchanged=len(rows) - len(created) - len(changed))
