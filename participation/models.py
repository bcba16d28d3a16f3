"""Import every model so SQLAlchemy's metadata knows all tables (migrations, create_all)."""

from .accounts.models import ApiToken, User
from .legal.models import AccessibilityFeedback
from .notifications.models import Notification
from .processes.models import District, Phase, Process, Topic
from .projects.models import (
    CandidateProject,
    ImportedFeed,
    ImportedProject,
    ProjectImage,
    ProjectProposal,
    ProjectStatusChange,
)
from .proposals.models import (
    Comment,
    Proposal,
    ProposalImage,
    ProposalSimilarity,
    ProposalTerm,
    Report,
)
from .votes.models import DotAllocation, DotBudget, PairwiseAnswer, PaperVoteEntry, Support
from .workshops.models import (
                               BoardEvent,
                               Card,
                               Cluster,
                               CommandReceipt,
                               DotVote,
                               Participant,
                               Workshop,
)

__all__ = ["AccessibilityFeedback", "ApiToken", "BoardEvent", "CandidateProject", "Card", "Cluster",
           "CommandReceipt", "Comment", "District", "DotAllocation", "DotBudget", "DotVote",
           "ImportedFeed", "ImportedProject", "Notification", "PairwiseAnswer", "PaperVoteEntry",
           "Participant", "Phase", "Process", "ProjectImage", "ProjectProposal",
           "ProjectStatusChange", "Proposal",
           "ProposalImage", "ProposalSimilarity", "ProposalTerm", "Report", "Support", "Topic",
           "User", "Workshop"]
