"""kernel.forms.InlineOptionsSelect writes exactly what Django's Select writes."""

import pytest
from django import forms

from kernel.forms import InlineOptionsSelect

CHOICES = [("", "Kaikki"), ("1", "Kallio & <b>"), ("2", "Malmi")]
GROUPED = [("Ryhmä", [("1", "a"), ("2", "b")]), ("3", "c")]


@pytest.mark.parametrize("value", [None, "", "1", "2"])
@pytest.mark.parametrize("choices", [CHOICES, GROUPED], ids=["flat", "grouped"])
def test_the_same_markup_as_djangos_select(choices, value):
    attrs = {"id": "id_area", "aria-describedby": "id_area_helptext"}
    expected = forms.Select(choices=choices).render("area", value, attrs=attrs)
    assert InlineOptionsSelect(choices=choices).render("area", value, attrs=attrs) == expected
