from django.urls import path

from gongkai.qa import views
from gongkai.qa.feeds import SubscriptionFeed

app_name = "qa"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("feed/<str:token>/", SubscriptionFeed(), name="feed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
