"""Account pages: register, confirm, login, passwords, profile, tokens, my data, deletion."""

from __future__ import annotations

import json
import logging

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import DomainError
from ..extensions import db, limiter
from ..forms import EmptyForm, choices
from ..i18n import offered_languages
from ..models_base import utcnow
from ..urls import safe_next
from . import services
from .forms import (
    DeleteAccountForm,
    EmailForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    TokenForm,
)

log = logging.getLogger(__name__)
bp = Blueprint("accounts", __name__, url_prefix="/account")
NO_STORE = {"Cache-Control": "no-store"}


def _limit(name: str):
    return limiter.limit(lambda: current_app.config[name], methods=["POST"])


@bp.route("/register", methods=["GET", "POST"])
@_limit("REGISTER_RATE_LIMIT")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data, form.display_name.data, form.password.data,
                locale=session.get("locale"),
            )
        except DomainError as exc:
            db.session.rollback()
            form.email.errors.append(exc.message)
        else:
            db.session.commit()
            login_user(user)
            if _send_confirmation_safely(user):
                flash(_("Welcome! We have sent you an e-mail. Please open the link in it to "
                        "confirm your address; then you can post ideas and comments."),
                      "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/register.html", form=form), 400 if form.errors else 200


def _send_confirmation_safely(user) -> bool:
    """Send the confirmation mail; if the mail server fails, say so instead of an error page
    (the account exists; the link can be sent again from the account page)."""
    try:
        services.send_confirmation(user)
    except OSError:
        log.exception("confirmation mail to user %s could not be sent", user.id)
        flash(_("Your account is created, but we could not send the confirmation e-mail just "
                "now. Please try again later with the button on this page."), "error")
        return False
    return True


@bp.route("/confirm/<token>")
def confirm(token: str):
    try:
        services.confirm_email(token)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return render_template("accounts/confirm_failed.html"), 400
    db.session.commit()
    flash(_("Thank you, your e-mail address is confirmed."), "success")
    return redirect(url_for("web.index") if not current_user.is_authenticated
                    else url_for("accounts.profile"))


@bp.route("/confirm", methods=["POST"])
@login_required
@_limit("MAIL_RATE_LIMIT")
def resend_confirmation():
    form = EmptyForm()
    if (form.validate_on_submit() and not current_user.is_confirmed
            and _send_confirmation_safely(current_user)):
        flash(_("We have sent you a new confirmation link."), "success")
    return redirect(url_for("accounts.profile"))


def _login_account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@_limit("LOGIN_RATE_LIMIT")
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
               key_func=_login_account_key, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("web.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("E-mail address or password is not correct."))
        else:
            login_user(user, remember=form.remember.data)
            session.permanent = True
            if user.locale and "locale" not in session:
                session["locale"] = user.locale
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("web.index"))
    return render_template("accounts/login.html", form=form), 400 if form.errors else 200


@bp.route("/logout", methods=["POST"])
def logout():
    form = EmptyForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "success")
    return redirect(url_for("web.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@_limit("MAIL_RATE_LIMIT")
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        flash(_("If an account with this address exists, we have sent it a link to choose a "
                "new password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return render_template("accounts/reset.html", form=form), 400
        db.session.commit()
        flash(_("Your new password is set. Please log in."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form), 400 if form.errors else 200


def _render_profile(new_token: str | None = None, token_form=None, profile_form=None,
                    status: int = 200):
    profile_form = profile_form or ProfileForm(
        display_name=current_user.display_name, language=current_user.locale
    )
    profile_form.language.choices = choices(offered_languages())
    return render_template(
        "accounts/profile.html",
        profile_form=profile_form,
        token_form=token_form or TokenForm(),
        button_form=EmptyForm(),
        new_token=new_token,
    ), status


@bp.route("", methods=["GET"])
@login_required
def profile():
    return _render_profile()


@bp.route("/profile", methods=["POST"])
@login_required
def update_profile():
    form = ProfileForm()
    form.language.choices = choices(offered_languages())
    if not form.validate_on_submit():
        return _render_profile(profile_form=form, status=400)
    current_user.display_name = form.display_name.data.strip()
    services.set_locale(current_user, form.language.data)
    db.session.commit()
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/tokens", methods=["POST"])
@login_required
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _render_profile(token_form=form, status=400)
    try:
        _token, plain = services.create_api_token(current_user, form.name.data)
    except DomainError as exc:
        db.session.rollback()
        form.name.errors.append(exc.message)
        return _render_profile(token_form=form, status=400)
    db.session.commit()
    page, status = _render_profile(new_token=plain)
    return page, status, NO_STORE


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    if EmptyForm().validate_on_submit():
        services.revoke_api_token(current_user, token_id)
        db.session.commit()
        flash(_("The token is revoked and can no longer be used."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/export")
@login_required
def export_data():
    data = services.export_user_data(current_user)
    filename = f"zukunftsstadt-my-data-{utcnow():%Y-%m-%d}.json"
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE},
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if services.authenticate(current_user.email or "", form.password.data) is None:
            form.password.errors.append(_("The password is not correct."))
        else:
            services.delete_account(current_user)
            db.session.commit()
            logout_user()
            flash(_("Your account is deleted. Your ideas and comments stay, shown as from a "
                    "deleted account."), "success")
            return redirect(url_for("web.index"))
    return render_template("accounts/delete.html", form=form), 400 if form.errors else 200
