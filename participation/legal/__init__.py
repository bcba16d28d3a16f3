"""The pages a German public body must have: imprint, privacy notice, accessibility statement
with its feedback form, Leichte Sprache; and the retention of personal data (privacy purge)."""
