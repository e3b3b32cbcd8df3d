from django.urls import path

from civicdesk.geo import views

app_name = "geo"

urlpatterns = [
    path("requests.geojson", views.requests_layer, name="requests"),
    path("boundaries.geojson", views.boundaries_layer, name="boundaries"),
    path("hotspots.geojson", views.hotspots_layer, name="hotspots"),
]
