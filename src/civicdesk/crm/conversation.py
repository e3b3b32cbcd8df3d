"""The contact an agent is handling right now, kept in their session between screens: how the
resident reached us, since when, at which desk, and the phone system's call id and number."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from django.contrib.sessions.backends.base import SessionBase
from django.utils.dateparse import parse_datetime

from civicdesk.crm.enums import Channel
from civicdesk.crm.models import ServiceCenter

SESSION_KEY = "console_conversation"


@dataclass(frozen=True)
class Conversation:
    channel: str
    started_at: datetime
    service_center_id: int | None = None
    call_id: str = ""
    caller_phone: str = ""

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label)

    def service_center(self) -> ServiceCenter | None:
        if self.service_center_id is None:
            return None
        return ServiceCenter.objects.filter(pk=self.service_center_id).first()


def conversation_start(session: SessionBase, conversation: Conversation) -> None:
    data = asdict(conversation)
    data["started_at"] = conversation.started_at.isoformat()
    session[SESSION_KEY] = data


def conversation_get(session: SessionBase) -> Conversation | None:
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    started_at = parse_datetime(str(data.get("started_at", "")))
    if started_at is None or data.get("channel") not in Channel.values:
        return None
    return Conversation(
        channel=data["channel"],
        started_at=started_at,
        service_center_id=data.get("service_center_id"),
        call_id=str(data.get("call_id", "")),
        caller_phone=str(data.get("caller_phone", "")),
    )


def conversation_end(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)
