"""Task forms. Indicator-by-indicator forms keep each rubric next to the choice it explains."""

from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.models import Category, DecisionOutcome, Indicator, Recommendation

from .roles import Role


@dataclass
class IndicatorRow:
    indicator: Indicator
    levels: list
    level: forms.BoundField
    text: forms.BoundField
    claim: object = None        # the kelurahan's answer, shown to reviewers
    earlier: list | None = None  # other people's scores the viewer may see
    evidence: object = None      # the indicator's evidence checklist entry

    @property
    def options(self):
        """Each radio button with the rubric level it stands for (same order)."""
        return list(zip(self.level.subwidgets, self.levels, strict=True))


class IndicatorLevelsForm(forms.Form):
    """One radio group (`level_<pk>`) and one text area (`text_<pk>`) per indicator."""

    text_label = _("Narrative")
    text_help = ""

    def __init__(self, *args, indicators, initial_levels=None, initial_texts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        initial_levels, initial_texts = initial_levels or {}, initial_texts or {}
        for indicator in self.indicators:
            levels = indicator.ordered_levels()
            self.fields[f"level_{indicator.pk}"] = forms.TypedChoiceField(
                label=indicator.title_localized, required=False, coerce=int, empty_value=None,
                choices=[(level.pk, f"{level.label_localized} ({level.points})") for level in levels],
                widget=forms.RadioSelect, initial=initial_levels.get(indicator.pk),
            )
            self.fields[f"text_{indicator.pk}"] = forms.CharField(
                label=self.text_label, help_text=self.text_help, required=False,
                widget=forms.Textarea(attrs={"rows": 4}), initial=initial_texts.get(indicator.pk, ""),
            )

    def rows(self, claims=None, earlier=None) -> list[IndicatorRow]:
        claims, earlier = claims or {}, earlier or {}
        return [
            IndicatorRow(indicator=indicator, levels=indicator.ordered_levels(), level=self[f"level_{indicator.pk}"],
                         text=self[f"text_{indicator.pk}"], claim=claims.get(indicator.pk),
                         earlier=earlier.get(indicator.number))
            for indicator in self.indicators
        ]

    def indicator_values(self) -> dict[int, tuple[int | None, str]]:
        return {indicator.pk: (self.cleaned_data.get(f"level_{indicator.pk}"),
                               self.cleaned_data.get(f"text_{indicator.pk}", ""))
                for indicator in self.indicators}


class SelfAssessmentForm(IndicatorLevelsForm):
    text_label = _("How the kelurahan meets this level")
    text_help = _("Describe what exists, since when, who runs it, and which evidence shows it.")


class ReviewForm(IndicatorLevelsForm):
    text_label = _("Comment for the kelurahan")

    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices,
                                       widget=forms.RadioSelect, required=False)
    field_findings = forms.CharField(label=_("Field-verification findings"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 5}))
    comment = forms.CharField(label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        if stage == "city":
            del self.fields["field_findings"]
        else:
            del self.fields["recommendation"]


def _members(role, region_code):
    return (get_user_model().objects.filter(is_active=True, memberships__role=role,
                                            memberships__region_id=region_code)
            .distinct().order_by("first_name", "last_name", "username"))


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class LurahSubmitForm(forms.Form):
    SUBMIT, RETURN = "submit", "return"
    decision = forms.ChoiceField(
        label=_("Your decision"), widget=forms.RadioSelect,
        choices=[(SUBMIT, _("Submit to the city")), (RETURN, _("Send back to the operator"))],
    )
    attest = forms.BooleanField(
        label=_("I have read the whole self-assessment and declare it true to the best of my knowledge."),
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required when you send it back: say what must change."))

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.SUBMIT and not data.get("attest"):
            self.add_error("attest", _("Confirm the declaration to submit."))
        if data.get("decision") == self.RETURN and not data.get("note", "").strip():
            self.add_error("note", _("Say what must change."))
        return data


class ScreeningForm(forms.Form):
    COMPLETE, INCOMPLETE = "complete", "incomplete"
    decision = forms.ChoiceField(
        label=_("Is the submission complete?"), widget=forms.RadioSelect,
        choices=[(COMPLETE, _("Complete: send it to review")),
                 (INCOMPLETE, _("Incomplete: return it to the kelurahan"))],
    )
    reviewers = PersonChoiceField(label=_("Reviewer(s)"), queryset=get_user_model().objects.none(),
                                  widget=forms.CheckboxSelectMultiple, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required when it is incomplete: say what is missing."))

    def __init__(self, *args, city_code, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = _members(Role.CITY_REVIEWER, city_code)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.COMPLETE and not data.get("reviewers"):
            self.add_error("reviewers", _("Choose at least one reviewer."))
        if data.get("decision") == self.INCOMPLETE and not data.get("note", "").strip():
            self.add_error("note", _("Say what is missing."))
        return data


class CityDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(DecisionOutcome.RECOMMEND, _("Recommend to the province")),
                 (DecisionOutcome.REVISE, _("Ask the kelurahan to revise")),
                 (DecisionOutcome.NOT_RECOMMENDED, _("Not recommended this cycle"))],
    )
    note = forms.CharField(label=_("Feedback for the kelurahan"), required=False,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Required when you ask for revision or do not recommend."))

    def clean(self):
        data = super().clean()
        if data.get("outcome") in (DecisionOutcome.REVISE, DecisionOutcome.NOT_RECOMMENDED) and not data.get(
                "note", "").strip():
            self.add_error("note", _("Write the feedback the kelurahan will read."))
        return data


class ProvinceAssignmentForm(forms.Form):
    evaluators = PersonChoiceField(label=_("Evaluator panel"), queryset=get_user_model().objects.none(),
                                   widget=forms.CheckboxSelectMultiple)
    field_visit_on = forms.DateField(label=_("Field-verification visit"),
                                     widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note for the panel"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, province_code, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluators"].queryset = _members(Role.PROVINCE_EVALUATOR, province_code)

    def clean_field_visit_on(self):
        day = self.cleaned_data["field_visit_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The visit cannot be in the past."))
        return day


class ProvinceDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(DecisionOutcome.DESIGNATE, _("Designate as KRPPA")),
                 (DecisionOutcome.RETURN_TO_CITY, _("Return to the city")),
                 (DecisionOutcome.DECLINE, _("Decline"))],
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False,
                                      help_text=_("Set from the panel's score; a different category needs a reason."))
    override_reason = forms.CharField(label=_("Reason for a different category"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    sk_number = forms.CharField(label=_("Decree (SK) number"), required=False, max_length=100)
    sk_date = forms.DateField(label=_("Decree (SK) date"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    valid_from = forms.DateField(label=_("Valid from"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Defaults to the decree date."))
    note = forms.CharField(label=_("Note for the city and the kelurahan"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required when you return or decline."))

    def __init__(self, *args, framework, computed_category=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.computed_category = computed_category
        self.fields["category"].queryset = framework.categories.order_by("min_points")
        if computed_category is not None:
            self.fields["category"].initial = computed_category.key

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == DecisionOutcome.DESIGNATE:
            if not data.get("category") and self.computed_category is None:
                self.add_error("category", _("The score is below every category: choose one and give the reason."))
            category = data.get("category")
            computed_key = self.computed_category.key if self.computed_category else None
            if category and category.pk != computed_key and not data.get("override_reason", "").strip():
                self.add_error("override_reason", _("Say why the category differs from the score's."))
            if not data.get("sk_number", "").strip():
                self.add_error("sk_number", _("Give the decree number."))
            if not data.get("sk_date"):
                self.add_error("sk_date", _("Give the decree date."))
        elif outcome and not data.get("note", "").strip():
            self.add_error("note", _("Write the note the city and the kelurahan will read."))
        return data


class StartApplicationForm(forms.Form):
    kelurahan = forms.ChoiceField(label=_("Kelurahan"))
    cycle = forms.ChoiceField(label=_("Assessment cycle"))

    def __init__(self, *args, kelurahan_choices, cycle_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].choices = kelurahan_choices
        self.fields["cycle"].choices = cycle_choices

