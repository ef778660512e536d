from __future__ import annotations

from django import forms

from gongkai.core.models import Organisation


class OrganisationForm(forms.ModelForm[Organisation]):
    """Contact details feed the 政府信息公开指南 (条例第十二条), so they are edited here, audited."""

    website = forms.URLField(label="网站", required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "credit_code", "phone", "fax", "email", "address", "postal_code",
                  "office_hours", "website"]
        widgets = {"office_hours": forms.TextInput()}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Uniqueness and the GB 32100 check run in the service, with the same messages for API and page.
        self.fields["credit_code"].validators = []
        self.fields["kind"].choices = [c for c in Organisation.Kind.choices if c[0] != Organisation.Kind.GOVERNMENT]  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        return None
