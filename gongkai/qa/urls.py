from django.urls import path

from gongkai.qa import views
from gongkai.qa.feeds import SubscriptionFeed

app_name = "qa"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("unsolved/", views.unsolved, name="unsolved"),
    path("follow/<str:token>/", views.follow, name="follow"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", views.subscribe_confirm, name="subscribe_confirm"),
    path("feed/<str:token>/", SubscriptionFeed(), name="feed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
