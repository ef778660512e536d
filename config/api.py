"""The one django-ninja API, mounted at /api/v1/; each app contributes a Router from its api.py."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from gongkai.applications.api import router as applications_router
from gongkai.catalog.api import router as catalog_router
from gongkai.core.api import router as core_router
from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.ledger.api import router as ledger_router
from gongkai.newmedia.api import router as newmedia_router
from gongkai.publishing.api import router as publishing_router
from gongkai.qa.api import router as qa_router
from gongkai.reports.api import router as reports_router
from gongkai.sitecheck.api import router as sitecheck_router

api = NinjaAPI(
    title="gongkai 政务公开平台 API",
    version="1",
    urls_namespace="api",
    # Swagger UI comes from ninja's own static files (ninja is in INSTALLED_APPS), never a CDN, so
    # the page works under our CSP (script-src 'self'); its settings travel as inert JSON.
    docs_url="/docs",
)

_ERROR_TEXT = {
    "missing": "缺少此参数",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_parsing": "应为 YYYY-MM-DD 格式的日期",
    "date_from_datetime_parsing": "应为 YYYY-MM-DD 格式的日期",
    "string_type": "应为文本",
    "json_invalid": "请求体不是有效的 JSON",
    "model_attributes_type": "请求体应为 JSON 对象",
    "dict_type": "请求体应为 JSON 对象",
}


def _error_text(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "请求"
    if kind in ("greater_than_equal", "greater_than"):
        what = f"不能小于 {ctx.get('ge', ctx.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        what = f"不能大于 {ctx.get('le', ctx.get('lt'))}"
    elif kind == "string_too_long":
        what = f"不能超过 {ctx.get('max_length')} 个字符"
    elif kind == "string_too_short":
        what = f"至少需要 {ctx.get('min_length')} 个字符"
    elif kind == "literal_error" or kind == "enum":
        what = f"应为以下之一：{ctx.get('expected', '')}"
    else:
        what = _ERROR_TEXT.get(kind, "无效")
    return f"参数 {where} {what}"


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Every bad parameter or body is a 400 with a Chinese message (pydantic's English 422 otherwise);
    # `errors` keeps the machine-readable list for API clients.
    messages = [_error_text(e) for e in exc.errors]
    errors = [{"loc": list(e.get("loc", ())), "type": e.get("type", ""), "message": m}
              for e, m in zip(exc.errors, messages, strict=True)]
    return api.create_response(request, {"detail": "；".join(messages) + "。", "code": "invalid_parameter",
                                         "errors": errors}, status=400)


@api.exception_handler(NotFoundError)
def _not_found(request: HttpRequest, exc: NotFoundError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=404)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    # One handler for every rule the services enforce: the message names the article.
    return api.create_response(request, {"detail": str(exc), "code": exc.code}, status=exc.status)


api.add_router("/", core_router)
api.add_router("/documents/", publishing_router)
api.add_router("/applications/", applications_router)
api.add_router("/qa/", qa_router)
api.add_router("/reports/", reports_router)
api.add_router("/ledger/", ledger_router)
api.add_router("/catalog/", catalog_router)
api.add_router("/newmedia/", newmedia_router)
api.add_router("/sitecheck/", sitecheck_router)
