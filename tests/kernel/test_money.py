"""`money`: euros as each language writes them."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from kernel.templatetags.money import money


@pytest.mark.parametrize(
    ("language", "value", "written"),
    [
        ("fi", Decimal("500"), "500,00\xa0€"),
        ("sv", Decimal("500"), "500,00\xa0€"),
        ("en", Decimal("500"), "€500.00"),
        ("fi", Decimal("1500.5"), "1\xa0500,50\xa0€"),
        ("sv", 80, "80,00\xa0€"),
        ("en", "1234567.891", "€1,234,567.89"),
    ],
)
def test_money_is_written_the_way_the_language_writes_it(language, value, written):
    with translation.override(language):
        assert money(value) == written


@pytest.mark.parametrize("value", [None, "", "ei summa", "NaN", "Infinity"])
def test_no_amount_writes_nothing(value):
    with translation.override("fi"):
        assert money(value) == ""


def test_the_filter_is_loaded_by_its_library_name():
    with translation.override("sv"):
        rendered = Template("{% load money %}{{ amount|money }}").render(
            Context({"amount": Decimal("320")})
        )
    assert rendered == "320,00\xa0€"
