"""Every write and query on candidate projects, one module a theme; `services.create_project`
and the other public names are reachable from here.

- fields: what a planner types for a project (texts, cost, scores), checked and cleaned
- editing: projects made from ideas, several merged into one; ideas added and taken out
- publishing: the public list, and each project's dated status changes
- images: a project's pictures (up to three, with alt text)
- why_not: why an idea did not become a project
- reading: a project, a process's list, the figures of its ideas, the planner's ranking page

Functions run in the caller's transaction; the caller commits, or rolls back on a domain error.
"""

from .editing import (
    add_proposals,
    create_project,
    delete_project,
    remove_proposal,
    update_project,
)
from .fields import ProjectInput, parse_cost
from .images import add_project_image, get_project_image, remove_project_image
from .publishing import publish_projects, set_status, unpublish_projects
from .reading import (
    Figures,
    get_project,
    merged_proposals,
    project_figures,
    project_for_proposal,
    projects_by_proposal,
    projects_of,
    workshop_titles,
    workspace_ranking,
)
from .why_not import answer_why_not, clear_why_not

__all__ = [
    "Figures", "ProjectInput", "add_project_image", "add_proposals", "get_project_image",
    "remove_project_image",
    "answer_why_not", "clear_why_not", "create_project", "delete_project", "get_project",
    "merged_proposals", "parse_cost", "project_figures", "project_for_proposal",
    "projects_by_proposal", "projects_of", "publish_projects", "remove_proposal",
    "set_status", "unpublish_projects", "update_project", "workshop_titles",
    "workspace_ranking",
]
