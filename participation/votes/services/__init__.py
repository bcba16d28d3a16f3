"""Every vote write and query, one module a theme; `vote_services.cast_vote(...)` and the
other public names are reachable from here.

- casting: supports and dot points, cast and taken back within the budget
- box: what a person has given, and the vote box data of the idea pages
- pairwise: the next pair to compare and the answer to it
- ranks: the combined ranking, and its stored copy for sorting lists
- paper: votes counted on paper, at a stand or at an event
- counts: the vote figures kept on each idea (used by the others)
"""

from .box import MyVotes, VoteBox, my_votes, vote_box
from .casting import (
    add_points,
    cast_support,
    cast_vote,
    remove_points,
    take_back_vote,
    withdraw_support,
)
from .pairwise import PAIR_TOKEN_MAX_AGE, answer_pair, next_pair, pairs_answered
from .paper import (
    PAPER_CHANNELS,
    PAPER_MAX,
    PAPER_NOTE_MAX,
    correct_paper_votes,
    enter_paper_votes,
    get_paper_entry,
    paper_vote_entries,
    paper_vote_target,
    replaced_ids,
    replacement_of,
)
from .ranks import (
    RANKED_STATUSES,
    idea_input,
    ranking_for,
    ranking_settings,
    refresh_stored_ranking,
)

__all__ = [
    "PAIR_TOKEN_MAX_AGE", "PAPER_CHANNELS", "PAPER_MAX", "PAPER_NOTE_MAX", "RANKED_STATUSES",
    "MyVotes", "VoteBox", "add_points", "answer_pair", "cast_support", "cast_vote",
    "correct_paper_votes", "enter_paper_votes", "get_paper_entry", "idea_input", "my_votes",
    "next_pair", "paper_vote_entries", "paper_vote_target", "pairs_answered", "ranking_for",
    "ranking_settings", "refresh_stored_ranking", "remove_points", "replaced_ids",
    "replacement_of", "take_back_vote", "vote_box", "withdraw_support",
]
