from django.urls import path

from gongkai.ledger import views

app_name = "ledger_staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("mine/", views.mine, name="mine"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.ledger, name="ledger"),
    path("<int:pk>/export.xlsx", views.export, name="export"),
    path("<int:pk>/import/", views.import_sheet, name="import"),
    path("<int:pk>/carry-over/", views.carry_over, name="carry_over"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("tasks/<int:pk>/<str:name>/", views.task_action, name="task_action"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("plans/<int:pk>/links/", views.links, name="links"),
]
