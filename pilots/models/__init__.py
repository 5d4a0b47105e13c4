"""The pilots app's models, one module per part of a pilot's life; import them from here."""

from pilots.actions import TRANSITIONS, Action, Actor, PilotStatus
from pilots.models.calls import (
    DEFAULT_GRANT,
    Area,
    AreaBudget,
    Call,
    NamedInThreeLanguages,
    SustainableDevelopmentGoal,
    Theme,
)
from pilots.models.lifecycle import (
    EDITABLE_STATES,
    FUNDED_STATES,
    LISTED_PROPOSALS,
    PUBLIC_PROPOSALS,
    SUPPORTABLE_STATES,
    BudgetLine,
    Decision,
    DecisionOutcome,
    Pilot,
    PilotTransition,
    pilot_image_path,
)
from pilots.models.results import (
    MAX_REPORT_PHOTOS,
    Outcome,
    ResultPhoto,
    ResultReport,
    SpendingLine,
    report_photo_path,
)
from pilots.models.stories import (
    PilotStoryPage,
    StoryIndexPage,
    StoryPhoto,
    recount_adaptations,
    shown_adaptations,
)
from pilots.models.supports import Support
from pilots.models.team import MAX_CO_PROPOSERS, CoProposer, CoProposerInvitation

__all__ = [
    "DEFAULT_GRANT",
    "EDITABLE_STATES",
    "FUNDED_STATES",
    "MAX_CO_PROPOSERS",
    "MAX_REPORT_PHOTOS",
    "LISTED_PROPOSALS",
    "PUBLIC_PROPOSALS",
    "SUPPORTABLE_STATES",
    "TRANSITIONS",
    "Action",
    "Actor",
    "Area",
    "AreaBudget",
    "BudgetLine",
    "CoProposer",
    "CoProposerInvitation",
    "Call",
    "Decision",
    "DecisionOutcome",
    "NamedInThreeLanguages",
    "Outcome",
    "Pilot",
    "PilotStatus",
    "PilotStoryPage",
    "PilotTransition",
    "ResultPhoto",
    "ResultReport",
    "SpendingLine",
    "Support",
    "StoryIndexPage",
    "StoryPhoto",
    "SustainableDevelopmentGoal",
    "Theme",
    "pilot_image_path",
    "recount_adaptations",
    "report_photo_path",
    "shown_adaptations",
]
