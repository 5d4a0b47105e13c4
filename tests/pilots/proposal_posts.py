"""What the proposal form posts for a complete proposal in Finnish, with any field changed."""


def proposal(budget, **overrides):
    data = {
        "call": budget.call.pk,
        "area": budget.area.pk,
        "title": "Pihakirjasto",
        "summary": "Kirjakaappi pihalle.",
        "need": "Kirjasto on kaukana.",
        "activities": "Rakennamme kaapin.",
        "audience": "Naapurit.",
        "expected_outcome": "Kirjat kiertävät.",
        "starts_on": "2026-05-01",
        "ends_on": "2026-09-30",
        "language": "fi",
        "budget-TOTAL_FORMS": "4",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "20",
        "budget-0-description": "Lautaa",
        "budget-0-amount": "300",
        "budget-1-description": "Maali",
        "budget-1-amount": "80.50",
    }
    data.update(overrides)
    return data
