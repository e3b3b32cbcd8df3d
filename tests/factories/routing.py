"""Factories for routing: queues, rules and referral agencies."""

from __future__ import annotations

import factory

from civicdesk.routing.models import Queue, ReferralAgency, RoutingRule, ServiceRoute
from tests.factories.catalog import DepartmentFactory


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue

    department = factory.SubFactory(DepartmentFactory)
    code = factory.Sequence(lambda n: f"queue-{n}")
    name = factory.Sequence(lambda n: f"Queue {n}")


class ReferralAgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralAgency

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = "State Department of Transportation"
    phone = "+1 515 555 0100"
    url = "https://dot.state.example/report"
    instructions = "Report problems on state highways to the State DOT."


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    name = factory.Sequence(lambda n: f"Rule {n}")
    position = 100


class ServiceRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceRoute

    queue = factory.SubFactory(QueueFactory)
