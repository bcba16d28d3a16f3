"""Import every model so SQLAlchemy's metadata knows all tables (migrations, create_all)."""

from .accounts.models import ApiToken, User
from .processes.models import District, Phase, Process, Topic
from .proposals.models import Comment, Proposal, Report

__all__ = ["ApiToken", "Comment", "District", "Phase", "Process", "Proposal", "Report",
           "Topic", "User"]
