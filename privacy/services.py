"""A resident's rights over their own account: deleting it (GDPR art. 17, within what the law
lets the city erase)."""

from functools import partial

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.emails import send_account_deleted_email
from accounts.roles import is_city_staff
from discussions.moderation import reports_remove_all_of
from discussions.services import comments_remove_all_of
from grants.models import BankDetails
from kernel.errors import ActionRefused
from notifications.services import notifications_erase_all_of
from pilots.co_proposers import invitations_to
from pilots.models import (
    TRANSITIONS,
    Action,
    CoProposerInvitation,
    Pilot,
    ResultPhoto,
    ResultReport,
    Support,
)
from pilots.services import pilot_withdraw, withdraw_story_photos


class AccountActionRefused(ActionRefused):
    """An action on an account was refused."""


@transaction.atomic
def user_delete_account(*, user, by, keep_comments: bool = True) -> None:
    """Anonymise a resident's account; decisions and payments stay, without the person.

    Grant decisions and payments are public or accounting records the city must keep, so the
    account row stays as their pseudonymous owner: name, email and login go; drafts never
    submitted are deleted; proposals awaiting a decision are withdrawn; names and photos leave
    every public page; bank details are erased; the supports they gave are taken back and the
    comment reports they made deleted; they leave the teams they co-proposed with, and their
    invitations, sent or received, are deleted, as are what they followed, their
    notifications and their email choices.
    Their comments stay under "deleted user" (`keep_comments`, the default) or are removed, as
    they chose: a removed comment that has replies leaves "comment removed" in its place.
    Once that is committed, the address the account had gets a confirmation saying so.
    """
    if by.pk != user.pk:
        raise AccountActionRefused(_("Only you can delete your account."))
    if is_city_staff(user):
        raise AccountActionRefused(
            _("A staff account is closed by the city's administrators, not here.")
        )
    # Proposals that never left the resident's hands are theirs alone.
    Pilot.objects.filter(proposer=user, submitted_at__isnull=True).delete()
    # Nobody could carry out, or be paid for, a proposal still awaiting its decision: it is
    # withdrawn, so it leaves the director's queue and frees its place in the area's budget.
    undecided = TRANSITIONS[Action.WITHDRAW].sources
    for pilot in Pilot.objects.filter(proposer=user, status__in=undecided):
        pilot_withdraw(pilot=pilot, by=user, note=_("The proposer deleted their account."))
    kept = Pilot.objects.filter(proposer=user)
    confirmation = partial(
        send_account_deleted_email,
        email=user.email,
        language=user.language,
        name=user.get_full_name(),
        kept_records=kept.exists(),
    )
    for pilot in kept:
        withdraw_story_photos(pilot)
        if pilot.image:
            pilot.image.delete(save=False)
    for photo in ResultPhoto.objects.filter(report__pilot__in=kept):
        photo.image.delete(save=False)
        photo.delete()
    kept.update(publish_name=False, image="", image_alt="")
    ResultReport.objects.filter(pilot__in=kept).update(photos_consent=False)
    # A SEPA file already sent keeps its copy until the bank-details retention period ends.
    BankDetails.objects.filter(grant__pilot__in=kept).delete()
    Support.objects.filter(user=user).delete()
    reports_remove_all_of(user=user)
    if not keep_comments:
        comments_remove_all_of(user=user)
    for pilot in user.co_proposed_pilots.all():
        pilot.co_proposers.remove(user)
    # The addresses they invited, and the invitations that wait for them: nobody is left to
    # answer or to be answered.
    CoProposerInvitation.objects.filter(invited_by=user).delete()
    invitations_to(user).delete()
    notifications_erase_all_of(user=user)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    user.first_name = user.last_name = ""
    user.email = user.username = f"deleted-{user.pk}@invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    log(instance=user, action="wagtail.delete", user=None, data={"anonymised": True})
    transaction.on_commit(confirmation)
