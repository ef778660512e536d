"""The one django-ninja API, mounted at /api/v1/; each app contributes a Router from its api.py."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

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
    docs_url="/docs",
)


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
