"""What happens after a timeline event is written: the one hook the writers call.

`timeline_event_recorded(event=…)` is called by the lifecycle services (and field work) right
after they write a `ServiceRequestEvent`, inside the same transaction. It

- writes a webhook delivery for every subscription that wants the event (same transaction:
  nothing is lost if the process dies after the commit);
- after the commit, queues the requester's status message when the event matters to them
  (`status_updates.notification_kind_for`), the followers' update (`following`), and the
  requester's survey when the request was resolved or closed (`surveys.dispatch`).

Back-dated events — history replayed by the demo seeder or an import, written with a `now`
far in the past — are not news: residents are not told about them (webhooks still get them).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from civicdesk.core import clock
from civicdesk.notifications.following import follower_updates_queue
from civicdesk.notifications.status_updates import notification_kind_for
from civicdesk.notifications.webhooks import webhook_deliveries_create
from civicdesk.service_requests.models import ServiceRequestEvent

# An event older than this when written is history, not news.
NEWS_MAX_AGE = timedelta(hours=6)


def _is_news(event: ServiceRequestEvent) -> bool:
    return event.occurred_at >= clock.now() - NEWS_MAX_AGE


def timeline_event_recorded(*, event: ServiceRequestEvent) -> None:
    """Call inside the transaction that wrote `event`."""
    webhook_deliveries_create(event=event)
    if not _is_news(event):
        return
    if notification_kind_for(event) is not None:
        from civicdesk.notifications.tasks import status_notification_send

        event_id = event.pk
        transaction.on_commit(lambda: status_notification_send.enqueue(event_id=event_id))
    follower_updates_queue(event=event)
    from civicdesk.surveys.dispatch import survey_after_timeline_event

    survey_after_timeline_event(event=event)
