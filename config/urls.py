from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.api import api
from gongkai.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("staff/", include("gongkai.core.urls")),
    path("staff/publishing/", include("gongkai.publishing.staff_urls")),
    path("staff/applications/", include("gongkai.applications.staff_urls")),
    path("staff/qa/", include("gongkai.qa.staff_urls")),
    path("staff/reports/", include("gongkai.reports.staff_urls")),
    path("staff/ledger/", include("gongkai.ledger.staff_urls")),
    path("staff/catalog/", include("gongkai.catalog.staff_urls")),
    path("staff/newmedia/", include("gongkai.newmedia.staff_urls")),
    path("staff/sitecheck/", include("gongkai.sitecheck.staff_urls")),
    path("staff/site/", include("gongkai.portal.staff_urls")),
    path("apply/", include("gongkai.applications.urls")),
    path("qa/", include("gongkai.qa.urls")),
    path("reports/", include("gongkai.reports.urls")),
    path("ledger/", include("gongkai.ledger.urls")),
    path("catalog/", include("gongkai.catalog.urls")),
    path("newmedia/", include("gongkai.newmedia.urls")),
    path("sitecheck/", include("gongkai.sitecheck.urls")),
    path("", include("gongkai.portal.urls")),
]

handler404 = "gongkai.core.views.page_not_found"
handler500 = "gongkai.core.views.server_error"
