"""Routes of the JSON API (see openapi.py for the document that describes them)."""
