from django.urls import path

from civicdesk.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.crew_day, name="crew_day"),
    path("work-orders/<int:pk>/", views.work_order_detail, name="work_order"),
    path("work-orders/<int:pk>/<slug:action>/", views.work_order_action, name="action"),
    path("photos/<int:pk>/", views.work_order_photo, name="photo"),
]
