"""What the proposals domain tells the domains above it, and what it asks them for.

Proposals may not import votes, notifications or workshops (issue 15: accounts ←
processes ← proposals ← votes ← notifications ← workshops ← projects); those domains
connect to these signals in their `receivers.py` (`connect`, called once by create_app).
Events are sent inside the caller's transaction, after the change was flushed: a receiver
writes into the same transaction, and one that raises rolls it all back.

- comment_added(proposal, comment=, actor=): a comment or reply was written.
- proposal_hidden(proposal, reason=, actor=): a moderator hid an idea, with a reason.
- proposal_unhidden(proposal, actor=): a moderator showed a hidden idea again.
- page_parts(process, proposals=, viewer=, page="list" | "detail"): an idea page is about
  to be rendered; each receiver answers a dict of template values, or None.
- ranking_needed(process, max_age_seconds=): ideas are about to be listed by stored rank;
  a receiver answers True when it rewrote the stored ranking (the caller then commits).
- json_parts(proposal, viewer=): one idea is about to be answered in full by the JSON API;
  each receiver answers a dict of keys to add to it, or None.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

comment_added = _signals.signal("comment-added", doc="""A comment or reply was written
(notifications tells the idea's author and supporters).""")

proposal_hidden = _signals.signal("proposal-hidden", doc="""A moderator hid an idea with
a reason (notifications tells the author, who alone sees the reason).""")

proposal_unhidden = _signals.signal("proposal-unhidden", doc="""A moderator showed a hidden
idea again (no receiver yet: today nobody is told).""")

page_parts = _signals.signal("page-parts", doc="""The idea list or an idea's page is about
to be shown: each receiver answers a dict of template values (votes: "vote", the vote
box data; workshops: "origin_workshop" on the detail page) or None.""")

ranking_needed = _signals.signal("ranking-needed", doc="""Ideas are about to be listed by
their stored rank: votes refreshes the stored ranking when it is older than
max_age_seconds, and answers True when it rewrote it.""")

json_parts = _signals.signal("json-parts", doc="""One idea is about to be answered in full
by the JSON API: each receiver answers a dict of keys to add (votes: "my_vote", what the
caller gave it) or None.""")
