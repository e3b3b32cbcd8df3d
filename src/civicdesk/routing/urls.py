from django.contrib.auth import views as auth_views
from django.urls import path

from civicdesk.routing import views

app_name = "routing"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk_action, name="bulk"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", auth_views.LogoutView.as_view(next_page="routing:sign_in"), name="sign_out"),
    path("requests/<str:public_id>/", views.request_detail, name="request"),
    path("requests/<str:public_id>/<slug:action>/", views.request_action, name="action"),
]
