"""Query parameters of public pages, validated at the edge with Django forms.

Every page that reads `page`, `year`, `org` or another number from the URL parses it here: a value
out of range answers 400 with a Chinese message (through `InvalidParameter`, a DomainError the
middleware shows), never a 500 from a date that cannot exist or an integer the database cannot hold.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from gongkai.core.exceptions import DomainError

YEAR_MIN, YEAR_MAX = 1949, 2100  # 中华人民共和国成立以来; no document or deadline lies outside
MAX_ID = 2**63 - 1  # the largest primary key either database holds
MAX_PAGE = 10_000  # a hard cap before any query; pages also stop at the last page of their results
MAX_TEXT = 200  # search boxes: a longer paste is cut, not refused


class InvalidParameter(DomainError):
    """A query parameter out of range (400)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, code="invalid_parameter", field=field)


def year_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=YEAR_MIN, max_value=YEAR_MAX, error_messages={
        "invalid": "年份应为整数。", "min_value": f"年份应在 {YEAR_MIN}–{YEAR_MAX} 之间。",
        "max_value": f"年份应在 {YEAR_MIN}–{YEAR_MAX} 之间。"})


def page_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, error_messages={
        "invalid": "页码应为正整数。", "min_value": "页码应为正整数。", "max_value": f"页码不能超过 {MAX_PAGE}。"})


def id_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, error_messages={
        "invalid": f"{label}编号应为正整数。", "min_value": f"{label}编号应为正整数。",
        "max_value": f"{label}编号超出范围。"})


class TrimmedText(forms.CharField):
    """Free text from a search box: stripped and cut to `MAX_TEXT` characters, never refused."""

    def __init__(self, max_chars: int = MAX_TEXT, **kwargs: Any) -> None:
        self.max_chars = max_chars
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value))[: self.max_chars].strip()


class PageParams(forms.Form):
    page = page_field()


class ListParams(PageParams):
    """The filters of the policy library, search and the documents API."""

    q = TrimmedText()
    year = year_field()
    org = id_field("机构")
    topic = TrimmedText(60)
    genre = TrimmedText(20)
    validity = TrimmedText(20)
    publisher = TrimmedText(100)
    sort = TrimmedText(20)


def parse(form_class: type[forms.Form], data: QueryDict | dict[str, Any]) -> dict[str, Any]:
    """The cleaned parameters, or InvalidParameter naming the first bad one."""
    form = form_class(data)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise InvalidParameter(str(errors[0]), field=field)
    cleaned: dict[str, Any] = form.cleaned_data
    return cleaned


def last_page(total: int, per_page: int, cap: int | None = None) -> int:
    """The last page with results (1 when there are none), never beyond `cap` when given."""
    pages = max(1, -(-total // per_page))
    return min(pages, cap) if cap else pages
