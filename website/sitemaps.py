from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class BilingualSitemap(Sitemap):
    """Every live public page of the site in every language.

    Wagtail's own sitemap walks the site's root page only, i.e. the Indonesian tree; the English tree is a
    translation of that root (a sibling in the page tree), so it would be left out.
    """

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_tree = Q(pk__in=[])
        for root in roots:
            in_any_tree |= Q(path__startswith=root.path)
        return (Page.objects.live().public().filter(in_any_tree).order_by("path")
                .defer_streamfields().specific())
