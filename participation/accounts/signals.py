"""What the accounts domain announces; higher domains answer in their receivers.py."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

personal_data = _signals.signal("personal-data", doc="""
Sent by `export_user_data` with the user as sender, for "download my data". Each receiver
returns a dict of the sections its domain stores about the person (e.g. {"proposals": …}).
""")

account_deleted = _signals.signal("account-deleted", doc="""
Sent by `delete_account` with the user as sender, inside the deleting transaction. Each
receiver erases what its domain keeps that only concerns the person (their content stays,
pseudonymised); it raises nothing and commits nothing.
""")
