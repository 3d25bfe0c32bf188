"""The site's home page and locales, created once so a fresh install has a public front page."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME_TEXT = {
    "id": {
        "title": "Kelurahan Ramah Perempuan dan Peduli Anak",
        "intro": "<p>KRPPA adalah kelurahan yang aman, ramah, dan peduli bagi perempuan dan anak. "
                 "Di sini kelurahan menilai dirinya, DP3A kota meninjau, dan DP3A provinsi menetapkan.</p>",
    },
    "en": {
        "title": "Women-friendly, child-caring kelurahan",
        "intro": "<p>A KRPPA is a kelurahan that is safe, welcoming and caring for women and children. "
                 "Here a kelurahan assesses itself, the city's DP3A reviews it "
                 "and the province's DP3A designates it.</p>",
    },
}


def ensure_locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}


@transaction.atomic
def ensure_home_page() -> HomePage:
    """Make an Indonesian HomePage the default site's root (and its English translation); idempotent."""
    locales = ensure_locales()
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(locale=locales["id"]).first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title=HOME_TEXT["id"]["title"], slug="beranda", intro=HOME_TEXT["id"]["intro"],
                        locale=locales["id"])
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                   site_name="KRPPA")
    elif site.root_page_id != home.pk:
        old_root = site.root_page.specific
        site.root_page = home
        site.site_name = "KRPPA"
        site.save()
        # Wagtail's placeholder "Welcome to your new Wagtail site!" page goes once nothing points at it.
        if type(old_root) is Page and not old_root.get_children().exists():
            old_root.delete()
    if not HomePage.objects.filter(locale=locales["en"], translation_key=home.translation_key).exists():
        english = home.copy_for_translation(locales["en"])
        english.title = HOME_TEXT["en"]["title"]
        english.intro = HOME_TEXT["en"]["intro"]
        english.save_revision().publish()
    return home
