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
