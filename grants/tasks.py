"""Background work for payments: thin wrappers around grants.services."""

from django_tasks import task


@task()
def submit_payment(payment_id: int) -> str:
    from grants.models import Payment
    from grants.services import payment_submit

    payment = Payment.objects.select_related("grant").get(pk=payment_id)
    return payment_submit(payment=payment).status


@task()
def ask_for_new_bank_details(grant_id: int) -> None:
    from grants.models import Grant
    from grants.notifications import notify_new_bank_details_needed

    notify_new_bank_details_needed(Grant.objects.select_related("pilot__proposer").get(pk=grant_id))
