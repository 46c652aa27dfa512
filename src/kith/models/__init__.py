"""SQLAlchemy models: every row belongs to an owner."""

from kith.models.account import ApiToken, Owner
from kith.models.base import Base
from kith.models.career import Organization, Position
from kith.models.goal import Goal, Reminder
from kith.models.group import Group, GroupActivity, Membership
from kith.models.interaction import Interaction, Participant
from kith.models.link import Link
from kith.models.person import ContactPoint, Person, PersonTag
from kith.models.provenance import (
    ImportBatch,
    ImportChange,
    MergeCandidate,
    MergeRecord,
    SourceRecord,
)

__all__ = [
    "ApiToken",
    "Base",
    "ContactPoint",
    "Goal",
    "Group",
    "GroupActivity",
    "ImportBatch",
    "ImportChange",
    "Interaction",
    "Link",
    "Membership",
    "MergeCandidate",
    "MergeRecord",
    "Organization",
    "Owner",
    "Participant",
    "Person",
    "PersonTag",
    "Position",
    "Reminder",
    "SourceRecord",
]
