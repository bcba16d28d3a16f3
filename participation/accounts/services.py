"""Every write on accounts: registration, confirmation, passwords, tokens, export, deletion."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..errors import Conflict, InvalidInput, NotFound
from ..extensions import db
from ..mail import send_mail
from ..models_base import iso, utcnow
from ..signals import merged_answers
from . import signals
from .models import ApiToken, Role, User

log = logging.getLogger(__name__)

PASSWORD_MIN = 10
PASSWORD_MAX = 200
TOKEN_PREFIX = "zk_"  # noqa: S105 - a public marker, not a secret
# Checked against when no user matches, so a login takes as long for unknown addresses.
_DUMMY_HASH = generate_password_hash("not-a-real-password-at-all")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def _hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _check_password_rules(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(_("The password must have at least %(num)d characters.",
                             num=PASSWORD_MIN))
    if len(password) > PASSWORD_MAX:
        raise InvalidInput(_("The password must have at most %(num)d characters.",
                             num=PASSWORD_MAX))


def create_user(email: str, display_name: str, password: str, role: Role = Role.CITIZEN,
                locale: str | None = None, confirmed: bool = False) -> User:
    """Create an account with a hashed password.

    Raises InvalidInput for a weak password, Conflict when the e-mail is already registered.
    """
    _check_password_rules(password)
    return _add_user(email, display_name, _hash_password(password), role, locale, confirmed)


def create_user_without_password(email: str, display_name: str,
                                 confirmed: bool = False) -> User:
    """Create a citizen's account that cannot log in with a password until one is set
    (by a password reset): the demo city's many authors and voters, who only need to exist.

    Raises Conflict when the e-mail is already registered.
    """
    return _add_user(email, display_name, None, Role.CITIZEN, None, confirmed)


def _add_user(email: str, display_name: str, password_hash: str | None, role: Role | str,
              locale: str | None, confirmed: bool) -> User:
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise Conflict(_("An account with this e-mail address already exists."))
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=password_hash,
        role=Role(role).value,
        locale=locale,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    try:
        with db.session.begin_nested():  # add inside: begin_nested() flushes pending rows
            db.session.add(user)
            db.session.flush()
    except IntegrityError as exc:  # a concurrent registration with the same address
        raise Conflict(_("An account with this e-mail address already exists.")) from exc
    log.info("user %s created with role %s", user.id, user.role)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = find_user_by_email(email)
    if user is None or user.password_hash is None or not user.is_active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password):
        return None
    return user


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _link_data(salt: str, token: str, max_age: int, expired: str, broken: str) -> dict:
    """What a signed link carries. Raises InvalidInput with `expired` or `broken`."""
    try:
        return _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise InvalidInput(expired) from exc
    except BadSignature as exc:
        raise InvalidInput(broken) from exc


def make_confirmation_token(user: User) -> str:
    return _serializer("confirm-email").dumps({"id": user.id, "email": user.email})


def confirm_email(token: str) -> User:
    """Mark the e-mail of the token's user as confirmed.

    Raises InvalidInput when the link is broken, expired or for an older address.
    """
    data = _link_data("confirm-email", token, current_app.config["EMAIL_TOKEN_MAX_AGE"],
                      _("This confirmation link has expired. Request a new one."),
                      _("This confirmation link is not valid."))
    user = db.session.get(User, data.get("id"))
    if user is None or not user.is_active or user.email != data.get("email"):
        raise InvalidInput(_("This confirmation link is not valid."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


def send_confirmation(user: User) -> None:
    """Mail the confirmation link to the user, in the user's language."""
    token = make_confirmation_token(user)
    link = url_for("accounts.confirm", token=token, _external=True)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Please confirm your e-mail address")
        body = _(
            "Hello %(name)s,\n\nplease confirm your e-mail address for %(site)s by opening "
            "this link:\n\n%(link)s\n\nThe link is valid for three days. If you did not "
            "register, you can ignore this mail.",
            name=user.display_name, site=current_app.config["SITE_NAME"], link=link,
        )
    send_mail(user.email, subject, body)


def _reset_fingerprint(user: User) -> str:
    # Changes with the password, so a used or outdated reset link stops working.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    return _serializer("reset-password").dumps({"id": user.id, "fp": _reset_fingerprint(user)})


def send_password_reset(email: str) -> None:
    """Mail a reset link if an active account has this address; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        log.info("password reset requested for an unknown address")
        return
    link = url_for("accounts.reset_password", token=make_reset_token(user), _external=True)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Reset your password")
        body = _(
            "Hello %(name)s,\n\nsomeone asked to reset the password of your account at "
            "%(site)s. To choose a new password, open this link within two hours:\n\n"
            "%(link)s\n\nIf this was not you, you can ignore this mail; your password stays "
            "the same.",
            name=user.display_name, site=current_app.config["SITE_NAME"], link=link,
        )
    send_mail(user.email, subject, body)


def reset_password(token: str, new_password: str) -> User:
    """Set a new password with a reset link.

    Raises InvalidInput when the link is broken, expired or already used, or the password is weak.
    """
    data = _link_data("reset-password", token, current_app.config["RESET_TOKEN_MAX_AGE"],
                      _("This link has expired. Request a new one."),
                      _("This link is not valid."))
    user = db.session.get(User, data.get("id"))
    if user is None or not user.is_active or data.get("fp") != _reset_fingerprint(user):
        raise InvalidInput(_("This link is not valid or has already been used."))
    _check_password_rules(new_password)
    user.password_hash = _hash_password(new_password)
    if user.email_confirmed_at is None:  # the link proves the address
        user.email_confirmed_at = utcnow()
    return user


def set_role(user: User, role: Role | str) -> None:
    """Give the user a role. Raises InvalidInput for an unknown role."""
    try:
        user.role = Role(role).value
    except ValueError as exc:
        raise InvalidInput(_("Unknown role.")) from exc
    log.info("user %s now has role %s", user.id, user.role)


def set_locale(user: User, locale: str) -> None:
    if locale in current_app.config["LANGUAGES"]:
        user.locale = locale


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; returns the record and the token, which is shown once.

    Raises InvalidInput for an empty or too long name.
    """
    name = name.strip()
    if not name or len(name) > 60:
        raise InvalidInput(_("Give the token a name of at most 60 characters."))
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=_hash_token(plain),
                     prefix=plain[: len(TOKEN_PREFIX) + 5])
    db.session.add(token)
    db.session.flush()
    log.info("api token %s created for user %s", token.id, user.id)
    return token, plain


def revoke_api_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's tokens. Raises NotFound for another person's token."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("This token does not exist."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


def user_for_token(plain: str) -> User | None:
    """The active user owning this unrevoked token, or None."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    token = db.session.execute(
        select(ApiToken).where(ApiToken.token_hash == _hash_token(plain))
    ).scalar_one_or_none()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if not hmac.compare_digest(token.token_hash, _hash_token(plain)):
        return None
    now = utcnow()
    # "last used" to the minute is enough; a script's every call need not write
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
        db.session.commit()
    return token.user


def export_user_data(user: User) -> dict:
    """Everything stored about the person, as plain data for "download my data": the
    account here, every other domain's part from its answer to `signals.personal_data`."""
    return {
        "format": "zukunftsstadt-personal-data",
        "version": 1,
        "exported_at": utcnow().isoformat(),
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "language": user.locale,
            "email_confirmed_at": iso(user.email_confirmed_at),
            "created_at": iso(user.created_at),
        },
        "api_tokens": [
            {"name": t.name, "prefix": t.prefix, "created_at": iso(t.created_at),
             "last_used_at": iso(t.last_used_at), "revoked_at": iso(t.revoked_at)}
            for t in user.tokens
        ],
        **merged_answers(signals.personal_data, user),
    }


def delete_account(user: User) -> None:
    """Erase the person's e-mail, name and password; their content stays, pseudonymised."""
    user.email = None
    user.display_name = None
    user.password_hash = None
    user.locale = None
    user.deleted_at = utcnow()
    user.role = Role.CITIZEN.value
    for token in list(user.tokens):
        db.session.delete(token)
    signals.account_deleted.send(user)
    log.info("user %s deleted their account", user.id)


def count_users() -> int:
    return db.session.execute(select(func.count(User.id))).scalar_one()
