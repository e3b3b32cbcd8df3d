from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from civicdesk.core.views import favicon, healthz
from civicdesk.open311 import docs_views as open311_docs

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("help/", include("civicdesk.knowledge.urls")),
    path("map/", include("civicdesk.geo.urls")),
    path("open311/v2/", include("civicdesk.open311.urls")),
    path("work/", include("civicdesk.routing.urls")),
    path("console/", include("civicdesk.crm.urls")),
    path("crew/", include("civicdesk.fieldwork.urls")),
    path("notifications/", include("civicdesk.notifications.urls")),
    path("survey/", include("civicdesk.surveys.urls")),
    path("", include("civicdesk.reporting.urls")),
    path("api/schema/", open311_docs.schema, name="api-schema"),
    path("api/docs/", open311_docs.docs, name="api-docs"),
    # The resident portal last: it serves the site root.
    path("", include("civicdesk.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
