"""Import every model so SQLAlchemy's metadata knows all tables (migrations, create_all)."""

from .accounts.models import ApiToken, User
from .processes.models import District, Phase, Process, Topic
from .proposals.models import Comment, Proposal, Report
from .votes.models import DotAllocation, DotBudget, PairwiseAnswer, Support

__all__ = ["ApiToken", "Comment", "District", "DotAllocation", "DotBudget", "PairwiseAnswer",
           "Phase", "Process", "Proposal", "Report", "Support", "Topic", "User"]
