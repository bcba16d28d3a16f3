"""Pages: my activity, notification preferences, and unsubscribing from a mail's link."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import EmptyForm
from . import services
from .forms import PreferencesForm
from .messages import describe
from .models import NotificationKind

bp = Blueprint("notifications", __name__)
bp.add_app_template_filter(describe, "notification_text")
PER_PAGE = 20


@bp.route("/account/activity")
@login_required
def activity():
    page = services.activity(current_user, request.args.get("page", 1, type=int), PER_PAGE)
    unread = {note.id for note in page.items if note.is_unread}
    html = render_template("notifications/activity.html", page=page, unread=unread)
    services.mark_read(current_user, sorted(unread))  # seen now: read from the next visit on
    db.session.commit()
    return html


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm()
    if request.method == "GET":
        form.mode.data = current_user.notify_mode
        enabled = set(services.enabled_kinds(current_user))
        for kind in NotificationKind:
            form[kind.value].data = kind in enabled
    elif form.validate_on_submit():
        services.set_preferences(current_user, form.mode.data, form.chosen_kinds())
        db.session.commit()
        flash(_("Your choices for e-mails are saved."), "success")
        return redirect(url_for("notifications.preferences"))
    status = 400 if form.errors else 200
    return render_template("notifications/preferences.html", form=form), status


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    user = services.user_for_unsubscribe_token(token)  # NotFound: the error page says why
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        services.unsubscribe(user)
        db.session.commit()
        return render_template("notifications/unsubscribed.html")
    return render_template("notifications/unsubscribe.html", form=form, token=token), (
        400 if request.method == "POST" else 200)
