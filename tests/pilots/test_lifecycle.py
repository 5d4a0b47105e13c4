"""Every lifecycle action is declared whole: a way out of every state that is not final, a
service that takes what its form gives, emails whose templates exist and a next step in every
state, so an action missing a piece fails here rather than in front of a resident."""

import inspect

import pytest
from django.template.loader import get_template
from django.utils.module_loading import import_string

from pilots.actions import NEXT_STEPS, TRANSITIONS, Action, Actor, PilotStatus
from pilots.admin_forms import DecisionForm
from pilots.models.lifecycle import LANGUAGE_CODES

# Services take the pilot and who acts, then the fields of the action's form.
GIVEN = {"pilot", "by"}


def test_every_action_is_declared():
    assert set(TRANSITIONS) == set(Action)


def test_every_state_that_is_not_final_has_a_way_out_and_every_state_a_way_in():
    ways_out = {source for transition in TRANSITIONS.values() for source in transition.sources}
    assert set(PilotStatus) - ways_out == {
        PilotStatus.PUBLISHED,
        PilotStatus.REJECTED,
        PilotStatus.WITHDRAWN,
        PilotStatus.CANCELLED,
    }
    ways_in = {transition.target for transition in TRANSITIONS.values()}
    assert set(PilotStatus) - ways_in == {PilotStatus.DRAFT}  # where every proposal starts


@pytest.mark.parametrize("action", list(Action))
def test_the_service_exists_and_takes_what_the_form_gives(action):
    transition = TRANSITIONS[action]
    service = import_string(transition.service)
    assert callable(service)
    if transition.actor == Actor.PLATFORM:
        # Made by the platform's own code (a signal, a payment), never from a form.
        assert transition.form_fields == ()
        return
    parameters = inspect.signature(service).parameters
    given = GIVEN | set(transition.form_fields)
    assert given <= set(parameters), given - set(parameters)
    required = {name for name, p in parameters.items() if p.default is inspect.Parameter.empty}
    assert required <= given, required - given


@pytest.mark.parametrize("action", [action for action in Action if TRANSITIONS[action].form_fields])
def test_the_admin_form_has_the_declared_fields_for_staff_only(action):
    transition = TRANSITIONS[action]
    assert transition.actor in {Actor.DIRECTOR, Actor.COORDINATOR}
    form = DecisionForm(action=action)
    per_language = {f"{name}_{code}" for name in form.standard_texts for code in LANGUAGE_CODES}
    assert set(form.fields) - per_language | set(form.standard_texts) == set(transition.form_fields)


@pytest.mark.parametrize("action", list(Action))
def test_every_email_has_its_templates(action):
    for email in TRANSITIONS[action].emails:
        get_template(f"pilots/email/{email.subject}_subject.txt")
        get_template(f"pilots/email/{email.body}_body.txt")


def test_every_state_has_one_next_step_for_the_proposer_and_for_staff():
    assert set(NEXT_STEPS) == set(PilotStatus)
    for state, step in NEXT_STEPS.items():
        assert str(step.proposer) and str(step.staff), state
        leading_there = {t.next_step for t in TRANSITIONS.values() if t.target == state}
        assert leading_there <= {step}, state
