"""Read an HTML form the way a browser submits it, so tests can post Wagtail's own edit forms."""

from bs4 import BeautifulSoup


def form_fields(html: bytes | str, form_id: str) -> dict[str, str]:
    """Name -> value of every field the form would submit; `<template>` blueprints are not part of it."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, f"no form #{form_id} on the page"
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.find_parent("template") or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            # Browsers drop the one newline that Django writes after <textarea>.
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            selected = field.find("option", selected=True) or field.find("option")
            data[name] = selected.get("value", "") if selected else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def prefix_of_row(data: dict[str, str], relation: str, pk: int) -> str:
    """The formset prefix (e.g. `indicators-1-levels-2`) of the inline row holding object `pk`."""
    for name, value in data.items():
        parts = name.split("-")
        if len(parts) >= 3 and parts[-1] == "id" and parts[-3] == relation and value == str(pk):
            return name.removesuffix("-id")
    raise AssertionError(f"no {relation} row for pk {pk} in the form")
