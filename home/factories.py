"""Pages for tests and the demo city."""

import wagtail_factories

from home.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Minipilotit"
    introduction = "Asukkaiden omat kokeilut omalla alueella."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = "Saavutettavuusseloste"
