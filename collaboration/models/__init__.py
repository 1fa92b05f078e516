from collaboration.models.calls import (
    Call,
    CallDocument,
    Criterion,
    Participation,
    Project,
    ProjectStageChange,
    Score,
)
from collaboration.models.introductions import (
    DigestSending,
    DigestSubscription,
    Introduction,
    Post,
)
from collaboration.models.opportunities import Opportunity

__all__ = [
    "Call",
    "CallDocument",
    "Criterion",
    "DigestSending",
    "DigestSubscription",
    "Introduction",
    "Opportunity",
    "Participation",
    "Post",
    "Project",
    "ProjectStageChange",
    "Score",
]
