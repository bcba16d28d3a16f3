"""Import every model so SQLAlchemy's metadata knows all tables (migrations, create_all)."""

from .accounts.models import ApiToken, User
from .processes.models import District, Phase, Process, Topic
from .projects.models import (
    CandidateProject,
    ImportedFeed,
    ImportedProject,
    ProjectProposal,
    ProjectStatusChange,
)
from .proposals.models import Comment, Proposal, Report
from .votes.models import DotAllocation, DotBudget, PairwiseAnswer, Support
from .workshops.models import (
                               BoardEvent,
                               Card,
                               Cluster,
                               CommandReceipt,
                               DotVote,
                               Participant,
                               Workshop,
)

__all__ = ["ApiToken", "BoardEvent", "CandidateProject", "Card", "Cluster", "CommandReceipt",
           "Comment", "District", "DotAllocation", "DotBudget", "DotVote", "ImportedFeed",
           "ImportedProject", "PairwiseAnswer", "Participant", "Phase", "Process",
           "ProjectProposal", "ProjectStatusChange", "Proposal", "Report", "Support", "Topic",
           "User", "Workshop"]
