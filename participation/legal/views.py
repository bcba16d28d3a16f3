"""The legal pages: imprint, privacy notice, accessibility statement, Leichte Sprache."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..errors import DomainError
from ..extensions import db, limiter
from ..i18n import current_language
from .forms import FeedbackForm
from .registry import CATEGORIES
from .services import FeedbackInput, form_token, submit_feedback

bp = Blueprint("legal", __name__)

# The Leichte Sprache pages, in the order they are read: (slug, title in Leichte Sprache).
EASY_PAGES = (
    ("about", "Was ist diese Internet-Seite?"),
    ("take-part", "So machen Sie mit"),
    ("navigate", "So finden Sie sich zurecht"),
    ("accessibility", "Barriere-Freiheit"),
)


@bp.route("/imprint")
def imprint():
    return render_template("legal/imprint.html")


@bp.route("/privacy")
def privacy():
    config = current_app.config
    remember = config.get("REMEMBER_COOKIE_DURATION") or timedelta(days=365)
    numbers = {
        "days": config["PRIVACY_RETENTION_DAYS"],
        "log_days": config["LOG_RETENTION_DAYS"],
        "session_days": config["PERMANENT_SESSION_LIFETIME"].days,
        "remember_days": remember.days if isinstance(remember, timedelta) else int(remember),
    }
    categories = [
        {"category": c, "retention": str(c.retention) % numbers,
         "items": list(dict.fromkeys(str(label) for label in c.fields.values()))
         + [str(label) for label in c.extra]}
        for c in CATEGORIES
    ]
    return render_template("legal/privacy.html", categories=categories, **numbers)


@bp.route("/accessibility", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FEEDBACK_RATE_LIMIT"], methods=["POST"])
def accessibility():
    form = FeedbackForm()
    status = 200
    if form.validate_on_submit():
        data = FeedbackInput(message=form.message.data, name=form.name.data,
                             email=form.email.data, page=form.page.data)
        try:
            submit_feedback(data, started=form.started.data, honeypot=form.website.data,
                            locale=current_language())
        except DomainError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc.message))
            status = exc.status
        else:
            db.session.commit()
            flash(_("Thank you. Your feedback has been sent to %(city)s.",
                    city=current_app.config["CITY_AUTHORITY"]), "success")
            return redirect(url_for("legal.accessibility", _anchor="feedback"))
    elif form.errors:
        status = 400
    form.started.data = form_token()
    return render_template("legal/accessibility.html", form=form), status


@bp.route("/easy-language")
def easy_language():
    return render_template("legal/easy/index.html", pages=EASY_PAGES)


@bp.route("/easy-language/<slug>")
def easy_language_page(slug: str):
    slugs = [s for s, _title in EASY_PAGES]
    if slug not in slugs:
        abort(404)
    position = slugs.index(slug)
    following = EASY_PAGES[position + 1] if position + 1 < len(EASY_PAGES) else None
    return render_template(f"legal/easy/{slug.replace('-', '_')}.html", pages=EASY_PAGES,
                           slug=slug, title=EASY_PAGES[position][1], following=following)
