"""The one object-permission backend: role × region subtree.

`user.has_perm(perm, obj)` is True when the user holds a role that grants `perm` for a region that
contains the object's region. Objects say where they are through a `region_code` attribute
(Region, Cycle, Application, and the workflow's process and tasks all have one).

`has_perm(perm)` without an object means "everywhere", so only nation-wide memberships answer it;
this keeps Viewflow's own fallback (`has_perm(perm)` after `has_perm(perm, obj)`) from opening a task
to a user of another region. Lists are scoped with `regions_for` and `filter_by_region`, which read
the same memberships, so a page and a permission check can never disagree.
"""

from django.db.models import Q

from .roles import ALL_PERMISSIONS, ROLE_PERMISSIONS

_CACHE_ATTR = "_krppa_memberships"
EVERYWHERE = None  # what `regions_for` returns for nation-wide access


def _memberships(user) -> list[tuple[str, str | None]]:
    """(role, region code) pairs of an active user, read once per user object."""
    if not getattr(user, "is_active", False) or getattr(user, "is_anonymous", True):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from .models import Membership

        cached = list(Membership.objects.filter(user_id=user.pk).values_list("role", "region_id"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user):
    """Drop the per-request cache after memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def region_code_of(obj) -> str | None:
    return getattr(obj, "region_code", None)


def contains_code(region: str | None, code: str) -> bool:
    """Whether the region `code` is `region` or lies inside it (None: the whole country)."""
    return region is None or code == region or code.startswith(f"{region}.")


def regions_for(user, perm: str):
    """Region codes where `user` has `perm`: a list (maybe empty), or EVERYWHERE."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return EVERYWHERE
    codes = []
    for role, region in _memberships(user):
        if perm in ROLE_PERMISSIONS.get(role, ()):
            if region is None:
                return EVERYWHERE
            codes.append(region)
    return codes


def has_perm_anywhere(user, perm: str) -> bool:
    """Whether the user has `perm` for at least one region (e.g. to show a menu entry)."""
    regions = regions_for(user, perm)
    return regions is EVERYWHERE or bool(regions)


def region_q(codes, field: str) -> Q:
    """A filter for rows whose `field` (a region code) lies in any of `codes`."""
    if codes is EVERYWHERE:
        return Q()
    query = Q(pk__in=[])
    for code in codes:
        query |= Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})
    return query


def filter_by_region(queryset, user, perm: str, field: str):
    """`queryset` narrowed to the rows whose region `field` the user may `perm`."""
    codes = regions_for(user, perm)
    if codes is EVERYWHERE:
        return queryset
    if not codes:
        return queryset.none()
    return queryset.filter(region_q(codes, field))


class RegionPermissionBackend:
    """Answers the project's own permissions (`workflows.roles.ALL_PERMISSIONS`) only."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if perm not in ALL_PERMISSIONS:
            return False
        regions = regions_for(user_obj, perm)
        if regions is EVERYWHERE:
            return True
        if obj is None:
            return False
        code = region_code_of(obj)
        if not code:
            return False
        return any(contains_code(region, code) for region in regions)

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None:
            return {perm for perm in ALL_PERMISSIONS if self.has_perm(user_obj, perm, obj)}
        return {perm for perm in ALL_PERMISSIONS if regions_for(user_obj, perm) is EVERYWHERE}

    def get_user_permissions(self, user_obj, obj=None):
        return self.get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_module_perms(self, user_obj, app_label):
        return False
