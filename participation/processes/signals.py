"""What the processes domain asks of the domains above it; they answer in receivers.py."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

topic_in_use = _signals.signal("topic-in-use", doc="""
Sent with the Topic as sender before it is removed from its process. Each receiver returns
how many of its domain's things use it (an int, 0 for none); any use keeps the topic.
""")

district_in_use = _signals.signal("district-in-use", doc="""
Sent with the District as sender before it is removed from its process; answered like
`topic_in_use`.
""")

votes_cast = _signals.signal("votes-cast", doc="""
Sent with the Process as sender before a change of its voting method or dot budget. Each
receiver returns True when votes of its kind have been cast in the process (then the
method can no longer change and the budget only grow).
""")

process_page = _signals.signal("process-page", doc="""
Sent by the process page with the Process as sender and `viewer` (the current user). Each
receiver returns a dict of what its domain shows there, merged into the template context
(proposals: the latest ideas and the action offered for a new idea).
""")

process_cards = _signals.signal("process-cards", doc="""
Sent by the home page and a process's page with the list of Processes as sender and
`viewer` (the current user). Each receiver returns
{process_id: {key: value}}: its domain's figures for each process's card, found with one
query for all of them (proposals: the number of ideas and the viewer's idea action;
workshops: the live workshop and its participants; projects: the published projects).
""")

participation = _signals.signal("participation", doc="""
Sent with the list of process ids as sender. Each receiver returns a list of SELECTs of
(process_id, user_id) rows: the accounts that took part in its domain's way (posted an idea,
commented, voted, compared). The processes domain counts each person once per process.
""")
