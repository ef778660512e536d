from django.urls import path

from gongkai.qa import views

app_name = "qa"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
