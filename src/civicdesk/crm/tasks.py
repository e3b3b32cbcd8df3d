"""Background work of the CRM, run by the task worker (`civicdesk db_worker`)."""

from __future__ import annotations

from django_tasks import task

from civicdesk.crm.services.interactions import interaction_article_email, interaction_article_sms


@task(queue_name="notifications")
def interaction_article_email_send(interaction_id: int) -> None:
    interaction_article_email(interaction_id=interaction_id)


@task(queue_name="notifications")
def interaction_article_sms_send(interaction_id: int) -> None:
    interaction_article_sms(interaction_id=interaction_id)
