from django.urls import path

from civicdesk.notifications import views

app_name = "notifications"

urlpatterns = [
    path("fixed/<str:token>/", views.resolution, name="resolution"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
