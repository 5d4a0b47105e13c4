"""Grants and their bank details for tests and the demo city, made straight in the database for
tests of what only reads them (reporting); tests of payments walk the services (tests/city.py)."""

from decimal import Decimal

import factory

from grants.models import BankDetails, Grant, GrantStatus
from pilots.factories import DecidedPilotFactory

# A resident's bank details: never in open data, the story API or statistics.
BANK_HOLDER = "Salla Salainen"
BANK_IBAN = "FI2112345600000785"
BANK_BIC = "NDEAFIHH"


class BankDetailsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankDetails

    grant = factory.SubFactory("grants.factories.GrantFactory")
    holder = BANK_HOLDER
    iban = BANK_IBAN
    bic = BANK_BIC


class GrantFactory(factory.django.DjangoModelFactory):
    """The 500 € grant of an approved pilot, awaiting payment, with the proposer's bank details."""

    class Meta:
        model = Grant
        skip_postgeneration_save = True

    pilot = factory.SubFactory(DecidedPilotFactory)
    amount = Decimal("500.00")
    status = GrantStatus.AWAITING_DETAILS
    bank_details = factory.RelatedFactory(BankDetailsFactory, factory_related_name="grant")


class GrantedPilotFactory(DecidedPilotFactory):
    """An approved pilot with its decision and its grant (`grant__status`)."""

    grant = factory.RelatedFactory(GrantFactory, factory_related_name="pilot")
