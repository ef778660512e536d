from django.contrib.sitemaps.views import sitemap
from django.urls import path

from gongkai.portal import feeds, views
from gongkai.portal.sitemaps import DocumentSitemap

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("zhuanlan/", views.zhuanlan, name="zhuanlan"),
    path("zhuanlan/<slug:slug>/", views.column, name="column"),
    path("zhuanlan/<slug:slug>/feed/", feeds.ColumnFeed(), name="column_feed"),
    path("feed/", feeds.LatestFeed(), name="feed"),
    path("policies/", views.policies, name="policies"),
    path("search/", views.search, name="search"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("documents/<path:index_no>/print/", views.document, name="document_print"),
    path("documents/<path:index_no>/", views.document, name="document"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": {"documents": DocumentSitemap}}, name="sitemap"),
]
