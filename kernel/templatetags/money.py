"""`{{ amount|money }}`: an amount of euros as the reader's language writes it.

Finnish and Swedish write "1 500,00 €" (a decimal comma, non-breaking spaces between the
thousands and before the sign), English "€1,500.00": the same as the browser's
Intl.NumberFormat, which the budget form's running total uses (static/js/money-lines.js).
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def money(value) -> str:
    """Euros with two decimals in the active language; empty for no amount or not a number."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return ""
    if not amount.is_finite():
        return ""
    number = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    # Translators: where the euro sign goes; Finnish and Swedish write "%(amount)s\u00a0€".
    return pgettext("an amount of money in euros", "€%(amount)s") % {"amount": number}
