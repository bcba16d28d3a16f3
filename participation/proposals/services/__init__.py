"""Every write and query on proposals, comments and reports, one module a theme; rules come
from rules.py. `proposal_services.submit_proposal(...)` and the other public names are
reachable from here.

- ideas: posting, changing, withdrawing an idea; ideas born on a workshop board
- comments: writing a comment, the thread, the comment count
- images: the pictures of an idea (up to three, with alt text)
- moderation: reports, hiding and showing ideas and comments
- listing: the list of a process's ideas, filtered, searched and sorted in SQL
- look_alikes: the term index, similar ideas while writing, possible duplicates
- parts: what the domains above add to the idea pages, asked for by signal
"""

from .comments import add_comment, comment_thread
from .ideas import (
    ProposalInput,
    create_from_workshop,
    edit_proposal,
    get_proposal,
    get_visible_proposal,
    submit_proposal,
    withdraw_proposal,
)
from .images import (
    ALT_MAX,
    add_image,
    clean_alt,
    delete_images,
    get_image,
    images_of_user,
    remove_image,
    removed_images,
)
from .listing import (
    MAX_SEARCH_TERMS,
    SORTS,
    ProposalQuery,
    district_idea_counts,
    fold_for_search,
    idea_points,
    latest_of_each,
    latest_proposals,
    list_conditions,
    list_proposals,
    map_names,
    map_pictures,
    map_rows,
)
from .look_alikes import (
    DUPLICATE_SHARE,
    index_terms,
    possible_duplicates,
    reindex_process,
    similar_proposals,
)
from .moderation import (
    dismiss_report,
    hide_comment,
    hide_proposal,
    open_reports,
    report,
    unhide_comment,
    unhide_proposal,
)
from .parts import json_parts, page_parts, refresh_rank_order

__all__ = [
    "DUPLICATE_SHARE", "MAX_SEARCH_TERMS", "ProposalInput", "ProposalQuery", "SORTS",
    "ALT_MAX", "add_image", "clean_alt", "delete_images", "get_image", "images_of_user",
    "remove_image", "removed_images",
    "add_comment", "comment_thread", "district_idea_counts", "idea_points",
    "list_conditions", "map_names", "map_pictures", "map_rows",
    "create_from_workshop", "dismiss_report", "edit_proposal",
    "fold_for_search", "get_proposal", "get_visible_proposal", "hide_comment", "hide_proposal",
    "index_terms", "json_parts", "latest_of_each", "latest_proposals", "list_proposals",
    "open_reports", "page_parts",
    "possible_duplicates", "refresh_rank_order", "reindex_process", "report", "similar_proposals",
    "submit_proposal", "unhide_comment", "unhide_proposal", "withdraw_proposal",
]
