"""Two-language text fields on domain records.

Criteria texts are stored as pairs of columns (`title` in Indonesian, `title_en` in English) on the
very rows that reviewers score with, so the public and the reviewers read one source. `localized`
picks the column for the active language and falls back to Indonesian when the English is empty.
"""

from django.utils.translation import get_language


def localized(field_name: str):
    """A read-only property returning `field_name` or `field_name_en` for the active language."""

    def getter(self):
        if (get_language() or "id").startswith("en"):
            english = getattr(self, f"{field_name}_en", "")
            if english:
                return english
        return getattr(self, field_name)

    getter.__name__ = f"{field_name}_localized"
    return property(getter)
