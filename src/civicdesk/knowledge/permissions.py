"""Who may read and edit knowledge-base articles. Roles come from `accounts.permissions`.

- Everyone reads published public articles.
- Anyone holding a staff role (agents above all) also reads published staff-only articles.
- Administrators write articles, read drafts and archived ones, and see the search report;
  supervisors see the search report too (what residents look for and do not find).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from civicdesk.accounts import permissions as accounts_permissions
from civicdesk.accounts.enums import Role
from civicdesk.knowledge.enums import ArticleStatus, Audience

if TYPE_CHECKING:
    from civicdesk.knowledge.models import Article


def can_read_staff_articles(user: Any) -> bool:
    """Whether `user` works for the city (holds any role), and so reads staff-only articles."""
    return accounts_permissions.is_administrator(user) or bool(
        accounts_permissions.user_roles(user)
    )


def can_manage_articles(user: Any) -> bool:
    """Create, edit, publish and archive articles and categories."""
    return accounts_permissions.is_administrator(user)


def can_view_article(user: Any, article: Article) -> bool:
    if can_manage_articles(user):
        return True
    if article.status != ArticleStatus.PUBLISHED:
        return False
    return article.audience == Audience.PUBLIC or can_read_staff_articles(user)


def can_change_article(user: Any, article: Article) -> bool:
    return can_manage_articles(user)


def can_view_search_report(user: Any) -> bool:
    """Read the search log and the report of searches that found nothing."""
    return accounts_permissions.is_administrator(user) or accounts_permissions.has_role(
        user, Role.SUPERVISOR
    )


def readable_audiences(user: Any) -> tuple[str, ...]:
    """The audiences whose published articles `user` may read."""
    if can_read_staff_articles(user):
        return (Audience.PUBLIC.value, Audience.STAFF.value)
    return (Audience.PUBLIC.value,)
