"""The privacy notice describes every personal column the models hold.

A column marked `info={"personal": ...}` must have its entry in the registry the notice
renders, and a column whose name suggests personal data must be marked (or excused in
NOT_PERSONAL): a new personal field without a notice entry fails here.
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table

from participation.extensions import db
from participation.legal import registry
from participation.legal.iplog import (
    ADDRESS_LOGGERS,
    TruncateIPFilter,
    truncate_ip,
    truncate_ips_in,
)


def test_every_marked_column_is_in_the_notice_and_every_notice_field_is_marked(app):
    marked = registry.marked_columns(db.metadata)
    described = registry.registered_fields()
    assert set(marked) - set(described) == set(), "personal columns missing in the notice"
    assert set(described) - set(marked) == set(), "notice fields that are not marked columns"
    wrong = {name: (marked[name], described[name]) for name in marked
             if marked[name] != described[name]}
    assert wrong == {}, "column marked with another category than the notice gives it"


def test_every_column_that_looks_personal_is_marked(app):
    assert registry.unmarked_personal_looking(db.metadata) == []


def test_the_known_personal_columns_are_marked(app):
    marked = registry.marked_columns(db.metadata)
    for name in ("users.email", "users.display_name", "users.password_hash",
                 "workshop_participants.nickname", "proposals.author_id", "comments.author_id",
                 "supports.user_id", "pairwise_answers.user_id", "api_tokens.token_hash",
                 "accessibility_feedback.email"):
        assert name in marked, name


def test_excused_columns_exist():
    """NOT_PERSONAL may not keep excuses for columns that are gone."""
    names = {f"{t.name}.{c.name}" for t in db.metadata.tables.values() for c in t.columns}
    assert set(registry.NOT_PERSONAL) <= names


def test_the_check_catches_a_new_unmarked_or_undescribed_column():
    metadata = MetaData()
    Table("things", metadata, Column("id", Integer, primary_key=True),
          Column("contact_email", String), Column("owner_user_id", Integer),
          Column("title", String),
          Column("nickname", String, info={"personal": "no-such-category"}))
    assert registry.unmarked_personal_looking(metadata) == ["things.contact_email",
                                                            "things.owner_user_id"]
    marked = registry.marked_columns(metadata)
    assert marked == {"things.nickname": "no-such-category"}
    assert set(marked) - set(registry.registered_fields()) == {"things.nickname"}


def test_every_category_has_its_texts_and_a_unique_key():
    keys = [c.key for c in registry.CATEGORIES]
    assert len(keys) == len(set(keys))
    for category in registry.CATEGORIES:
        assert category.fields or category.extra, category.key
        for text in (category.title, category.purpose, category.legal_basis, category.retention):
            assert str(text).strip(), category.key


def test_ip_addresses_are_truncated():
    assert truncate_ip("203.0.113.77") == "203.0.113.0"
    assert truncate_ip("2001:db8:85a3:8d3:1319:8a2e:370:7348") == "2001:db8:85a3::"
    assert truncate_ip("::ffff:198.51.100.9") == "198.51.100.0"
    assert truncate_ip("not an address") == "not an address"
    assert (truncate_ips_in("ratelimit 5 per 1 hour (203.0.113.77) exceeded; from 2001:db8::1")
            == "ratelimit 5 per 1 hour (203.0.113.0) exceeded; from 2001:db8::")
    assert truncate_ips_in("version 1.2.3 at 12:30:01") == "version 1.2.3 at 12:30:01"


@pytest.mark.parametrize("name", ADDRESS_LOGGERS)
def test_the_log_filter_rewrites_addresses_in_library_loggers(app, caplog, name):
    logger = logging.getLogger(name)
    assert any(isinstance(f, TruncateIPFilter) for f in logger.filters)
    with caplog.at_level(logging.INFO, logger=name):
        logger.info("ratelimit %s (%s) exceeded at endpoint: %s", "5 per hour",
                    "198.51.100.23", "legal.accessibility")
    assert "(198.51.100.0) exceeded" in caplog.text
    assert "198.51.100.23" not in caplog.text
