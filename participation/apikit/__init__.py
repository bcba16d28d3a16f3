"""What every domain's JSON API (`<domain>/api.py`) is built from: reading input
(inputs.py), shaping common answers (answers.py) and describing operations in the OpenAPI
document (docs.py). Below every domain; the `api` package mounts the domains' routes."""
