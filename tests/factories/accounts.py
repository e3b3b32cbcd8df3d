from __future__ import annotations

import factory

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import RoleAssignment, User
from civicdesk.catalog.models import Department

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Pat"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@city.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory, is_staff=True)
    role = Role.AGENT
    department = None


def staff_user(role: Role, department: Department | None = None, **kwargs: object) -> User:
    """A user holding `role` (in `department` for departmental roles), as role_assign makes them."""
    user: User = UserFactory(is_staff=True, **kwargs)
    RoleAssignmentFactory(user=user, role=role, department=department)
    return user
