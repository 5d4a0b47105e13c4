"""Everything the platform holds about one person, as the JSON a resident downloads (GDPR art. 15
and 20). Staff's own notes about a pilot (decisions, grounds) are public records and included."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db.models import OuterRef, Q, Subquery

from discussions.models import CommentingBan
from discussions.selectors import comments_by, proposal_reports_by, reports_by
from grants.models import StripeAccount
from notifications.selectors import follows_of, frequencies, notifications_of
from pilots.co_proposers import invitations_to
from pilots.models import CoProposer, CoProposerInvitation, Pilot, PilotTransition, Support


def _date(value):
    return value.isoformat() if value else None


def _pilot(pilot: Pilot, user) -> dict:
    report = getattr(pilot, "report", None)
    grant = getattr(pilot, "grant", None)
    decision = getattr(pilot, "decision", None)
    bank = getattr(grant, "bank_details", None) if grant else None
    return {
        "id": pilot.pk,
        "role": "proposer" if pilot.proposer_id == user.pk else "co-proposer",
        "title": pilot.title,
        "status": pilot.status,
        "area": pilot.area.name_fi,
        "call": pilot.call.title_fi,
        "language": pilot.language,
        "summary": pilot.summary,
        "need": pilot.need,
        "activities": pilot.activities,
        "audience": pilot.audience,
        "expected_outcome": pilot.expected_outcome,
        "starts_on": _date(pilot.starts_on),
        "ends_on": _date(pilot.ends_on),
        "image": pilot.image.name or None,
        "image_description": pilot.image_alt,
        "shown_publicly_before_the_decision": pilot.shown_publicly,
        "hidden_from_the_public_by_the_moderator": (
            pilot.proposal_hidden_grounds if pilot.is_proposal_hidden else ""
        ),
        "consent_to_publish_name": (
            pilot.publish_name if pilot.proposer_id == user.pk else pilot.my_consent
        ),
        "budget": [
            {"what": line.description, "amount": str(line.amount)}
            for line in pilot.budget_lines.all()
        ],
        "history": [
            {
                "at": _date(step.at),
                "action": step.action,
                "from": step.from_status,
                "to": step.to_status,
                "note": step.note,
            }
            for step in pilot.transitions.all()
        ],
        "decision": decision
        and {
            "outcome": decision.outcome,
            "decided_on": _date(decision.decided_on),
            "amount": str(decision.amount),
            "grounds": decision.grounds,
            "conditions": decision.conditions,
            "report_due": _date(decision.report_due),
        },
        "grant": grant
        and {
            "amount": str(grant.amount),
            "status": grant.status,
            "method": grant.method,
            "payments": [
                {
                    "method": payment.method,
                    "status": payment.status,
                    "amount_cents": payment.amount_cents,
                    "created_at": _date(payment.created_at),
                }
                for payment in grant.payments.all()
            ],
            "bank_details": bank
            and {"account_holder": bank.holder, "iban": bank.iban, "bic": bank.bic},
        },
        "result_report": report
        and {
            "what_was_done": report.what_was_done,
            "what_happened": report.what_happened,
            "what_we_learnt": report.lessons,
            "outcome": report.outcome,
            "would_recommend": report.would_recommend,
            "consent_to_publish_photos": report.photos_consent,
            "submitted_at": _date(report.submitted_at),
            "money_used": [
                {"what": line.description, "amount": str(line.amount)}
                for line in report.spending_lines.all()
            ],
            "photos": [
                {"file": photo.image.name, "description": photo.alt_text}
                for photo in report.photos.all()
            ],
        },
    }


def personal_data(user) -> dict:
    pilots = (
        Pilot.objects.filter(Q(proposer=user) | Q(co_proposers=user))
        .distinct()
        .select_related("area", "call", "decision", "grant__bank_details", "report")
        .prefetch_related(
            "budget_lines",
            "transitions",
            "grant__payments",
            "report__spending_lines",
            "report__photos",
        )
        .annotate(
            my_consent=Subquery(
                CoProposer.objects.filter(pilot=OuterRef("pk"), user=user).values("publish_name")
            )
        )
        .order_by("pk")
    )
    stripe = StripeAccount.objects.filter(user=user).first()
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "joined": _date(user.date_joined),
            "last_login": _date(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user)
            ],
            "identity_provider_accounts": [
                {"provider": account.provider, "uid": account.uid}
                for account in SocialAccount.objects.filter(user=user)
            ],
            "stripe_account": stripe and stripe.account_id,
        },
        "pilots": [_pilot(pilot, user) for pilot in pilots],
        "supports": [
            {
                "pilot": support.pilot_id,
                "title": support.pilot.title,
                "at": _date(support.created_at),
            }
            for support in Support.objects.filter(user=user).select_related("pilot")
        ],
        "co_proposer_invitations_sent": [
            {
                "pilot": invitation.pilot_id,
                "email": invitation.email,
                "at": _date(invitation.created_at),
            }
            for invitation in CoProposerInvitation.objects.filter(invited_by=user)
        ],
        "co_proposer_invitations_received": [
            {
                "pilot": invitation.pilot_id,
                "title": invitation.pilot.title,
                "at": _date(invitation.created_at),
            }
            for invitation in invitations_to(user).select_related("pilot")
        ],
        "comments": [
            {
                "id": comment.pk,
                "pilot": comment.pilot_id,
                "title": comment.pilot.title,
                "on": comment.thread,
                "reply_to": comment.parent_id,
                "written_as": comment.author_role,
                "text": comment.body,
                "removed": comment.is_removed,
                "hidden_by_the_moderator": comment.hidden_grounds if comment.is_hidden else "",
                "at": _date(comment.created_at),
                "edited_at": _date(comment.edited_at),
            }
            for comment in comments_by(user)
        ],
        "comment_reports": [
            {
                "comment": report.comment_id,
                "reason": report.reason,
                "details": report.note,
                "at": _date(report.created_at),
                "resolved_at": _date(report.resolved_at),
            }
            for report in reports_by(user)
        ],
        "proposal_reports": [
            {
                "proposal": report.pilot_id,
                "reason": report.reason,
                "details": report.note,
                "at": _date(report.created_at),
                "resolved_at": _date(report.resolved_at),
            }
            for report in proposal_reports_by(user)
        ],
        "stopped_from_commenting": [
            {"grounds": ban.grounds, "at": _date(ban.at)}
            for ban in CommentingBan.objects.filter(user=user)
        ],
        "following": [
            {
                "area": follow.area and follow.area.slug,
                "pilot": follow.pilot_id,
                "title": follow.pilot.title if follow.pilot else "",
                "since": _date(follow.created_at),
            }
            for follow in follows_of(user)
        ],
        "notifications": [
            {
                "kind": notification.kind,
                "pilot": notification.pilot_id,
                "comment": notification.comment_id,
                "at": _date(notification.created_at),
                "read_at": _date(notification.read_at),
                "emailed_at": _date(notification.emailed_at),
            }
            for notification in notifications_of(user).order_by("created_at", "pk")
        ],
        "notification_emails": frequencies(user),
        "notification_digests_sent": [
            {"frequency": digest.frequency, "at": _date(digest.sent_at)}
            for digest in user.notification_digests.all()
        ],
        "notes_written_on_others_pilots": [
            {"pilot": step.pilot_id, "at": _date(step.at), "action": step.action, "note": step.note}
            for step in PilotTransition.objects.filter(actor=user).exclude(pilot__proposer=user)
        ],
    }
