"""The demo city's money: one grant paid by bank transfer, one waiting for finance."""

from accounts.models import User
from grants import sepa
from grants.models import BankDetails
from pilots.models import Call, Pilot, PilotStatus

DEMO_IBAN = "FI21 1234 5600 0007 85"  # a well-formed example account, not a real one


def _give_bank_details(pilot: Pilot) -> None:
    sepa.grant_set_bank_details(
        grant=pilot.grant, by=pilot.proposer, holder=pilot.proposer.get_full_name(), iban=DEMO_IBAN
    )


def seed_payments(call: Call, finance_email: str) -> None:
    if BankDetails.objects.filter(grant__pilot__call=call).exists():
        return
    finance = User.objects.get(email=finance_email)
    paid, waiting, *_rest = Pilot.objects.filter(
        call=call, status=PilotStatus.APPROVED
    ).select_related("grant", "proposer")
    _give_bank_details(paid)
    sepa.sepa_batch_mark_paid(batch=sepa.sepa_batch_export(by=finance), by=finance)
    _give_bank_details(waiting)
