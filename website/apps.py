from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Public website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, published, unpublished

        from assessment.models import Framework

        from .criteria import CriteriaPage
        from .templatetags.website_tags import forget_criteria_url

        # The menu's cached link to the criteria follows what editors publish: the page, and the framework it
        # presents (a page whose framework is a draft answers 404, so nothing links to it).
        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(forget_criteria_url, sender=CriteriaPage, dispatch_uid=f"forget-criteria-url-{signal}")
        for signal in (published, unpublished, post_save):
            signal.connect(forget_criteria_url, sender=Framework, dispatch_uid=f"forget-criteria-url-fw-{signal}")
