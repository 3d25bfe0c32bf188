"""The SQL behind the coverage figures: one statement each, grouped by the child regions' code prefix.

Written out rather than built with the ORM because, at national scale (83,762 villages), building
these subquery-heavy statements cost the ORM more time than the database took to run them, and the
public coverage page must stay within a few times a plain page. Everything is parameterised; table
names come from the models.
"""

from __future__ import annotations

import datetime

from django.db import connection

from .models import (
    OPEN_STAGES,
    Application,
    Category,
    CoverageTarget,
    Designation,
    DesignationStatus,
    Kind,
    Level,
    Region,
)

REGION, DESIGNATION, APPLICATION, CATEGORY, TARGET = (
    model._meta.db_table for model in (Region, Designation, Application, Category, CoverageTarget))


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _within(column: str, scope: str | None) -> tuple[str, list]:
    """` AND <column> is scope or below it` (nothing for the nation)."""
    if scope is None:
        return "", []
    return f" AND ({column} = %s OR {column} LIKE %s)", [scope, f"{scope}.%"]


def _where(column: str, scope: str | None) -> tuple[str, list]:
    """` WHERE <column> is scope or below it` (nothing for the nation)."""
    condition, params = _within(column, scope)
    return condition.replace(" AND ", " WHERE ", 1), params


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


# The codes below a region are one contiguous range ("63.71." up to "63.71/", as "/" follows "."), so each
# child's kelurahan are counted with an index range scan instead of a GROUP BY over every village.
# PostgreSQL compares with its pattern operators, which are byte-wise whatever the database's collation
# and are served by the (kind, code) pattern-ops index; SQLite compares text byte-wise already.
RANGE_OPERATORS = {"postgresql": ("~>=~", "~<~")}


def children_with_totals(scope: str | None, scope_level: int) -> list[tuple[str, str, int, str, int]]:
    """(code, name, level, kind, kelurahan) for each child region holding at least one kelurahan, by code."""
    if scope_level + 1 == Level.VILLAGE:
        return _fetch(f"SELECT code, name, level, kind, 1 FROM {REGION} WHERE parent_id = %s AND kind = %s "
                      f"ORDER BY code", [scope, Kind.KELURAHAN])
    at_least, below = RANGE_OPERATORS.get(connection.vendor, (">=", "<"))
    parent = "c.parent_id IS NULL" if scope is None else "c.parent_id = %s"
    rows = _fetch(
        f"SELECT c.code, c.name, c.level, c.kind, (SELECT COUNT(*) FROM {REGION} k WHERE k.kind = %s "
        f"AND k.code {at_least} (c.code || '.') AND k.code {below} (c.code || '/')) "
        f"FROM {REGION} c WHERE {parent} ORDER BY c.code",
        [Kind.KELURAHAN, *([] if scope is None else [scope])])
    return [row for row in rows if row[4]]


def designations_by_category(scope: str | None, length: int) -> list[tuple[str, str, int, int]]:
    """(child prefix, category name, the category's lowest score, active designations)."""
    scope_sql, scope_params = _within("d.kelurahan_id", scope)
    return _fetch(
        f"SELECT SUBSTR(d.kelurahan_id, 1, %s), c.name, MIN(c.min_points), COUNT(*) FROM {DESIGNATION} d "
        f"JOIN {CATEGORY} c ON c.id = d.category_id WHERE d.status = %s{scope_sql} GROUP BY 1, 2",
        [length, DesignationStatus.ACTIVE, *scope_params])


def in_progress_by_stage(scope: str | None, length: int) -> list[tuple[str, str, int]]:
    """(child prefix, stage, kelurahan): kelurahan without an active designation, by the stage of their most
    recent open application (one row per kelurahan even when two cycles are open)."""
    scope_sql, scope_params = _within("a.kelurahan_id", scope)
    stages = _placeholders(OPEN_STAGES)
    return _fetch(
        f"SELECT SUBSTR(a.kelurahan_id, 1, %s), a.stage, COUNT(*) FROM {APPLICATION} a "
        f"WHERE a.stage IN ({stages}){scope_sql} "
        f"AND NOT EXISTS (SELECT 1 FROM {DESIGNATION} d WHERE d.kelurahan_id = a.kelurahan_id AND d.status = %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {APPLICATION} b WHERE b.kelurahan_id = a.kelurahan_id "
        f"AND b.stage IN ({stages}) AND b.id > a.id) GROUP BY 1, 2",
        [length, *OPEN_STAGES, *scope_params, DesignationStatus.ACTIVE, *OPEN_STAGES])


def kelurahan_in_force(scope: str | None, days: list[datetime.date],
                       ends: list[datetime.datetime]) -> tuple[datetime.date | None, list[int]]:
    """The first day any designation in scope was valid, and for each day the kelurahan with a designation in
    force at its end (`ends`: the next midnight): inside the validity, and not revoked, expired or superseded
    by then. One pass over the scope's designations."""
    ops = connection.ops
    columns, params = ["MIN(valid_from)"], []
    for day, end in zip(days, ends, strict=True):
        columns.append("COUNT(DISTINCT CASE WHEN valid_from <= %s AND valid_until >= %s AND "
                       "(status_changed_at IS NULL OR status_changed_at >= %s) THEN kelurahan_id END)")
        params += [ops.adapt_datefield_value(day), ops.adapt_datefield_value(day), ops.adapt_datetimefield_value(end)]
    scope_sql, scope_params = _where("kelurahan_id", scope)
    first, *counts = _fetch(f"SELECT {', '.join(columns)} FROM {DESIGNATION}{scope_sql}", params + scope_params)[0]
    if isinstance(first, str):  # SQLite returns an aggregate's date as text
        first = datetime.date.fromisoformat(first)
    return first, list(counts)


def data_version() -> tuple:
    """Values that change whenever a figure can: a designation or an application added or moved on (every
    status and stage change stamps its time), a target set, or regions added beyond the first or last code.
    Regions imported inside the code range, and a designation corrected in place (SK number, category), show
    once the snapshot expires (SNAPSHOT_SECONDS). Cheap: one pass over designations and applications, a few
    index look-ups."""
    return _fetch(
        f"SELECT (SELECT MIN(code) FROM {REGION}), (SELECT MAX(code) FROM {REGION}), "
        f"(SELECT COUNT(*) FROM {DESIGNATION}), (SELECT MAX(created_at) FROM {DESIGNATION}), "
        f"(SELECT MAX(status_changed_at) FROM {DESIGNATION}), "
        f"(SELECT COUNT(*) FROM {APPLICATION}), (SELECT MAX(stage_entered_at) FROM {APPLICATION}), "
        f"(SELECT MAX(set_at) FROM {TARGET})", [])[0]
