"""The demo city's conversations: the other residents comment on the public proposals and their
proposers answer; on each story a resident asks how it went and the pilot's team answers; the
coordinator answers a question in the city's name. Each writes in their own language. One
off-topic comment and one public proposal are reported, so the coordinator's moderation queue
has something in it."""

from accounts.models import User
from demo.pilots import demo_residents
from discussions.models import Comment, ReportReason, Thread
from discussions.moderation import comment_report, proposal_report
from discussions.services import comment_add
from pilots.models import PUBLIC_PROPOSALS, Pilot, PilotStoryPage

TEXTS = {
    "proposal": {
        "fi": "Hieno idea! Voisinko tulla mukaan talkoisiin?",
        "sv": "Vilken fin idé! Kan jag vara med och hjälpa till?",
        "en": "Great idea! Could I join in and help?",
    },
    "proposal_answer": {
        "fi": "Kiitos! Tervetuloa, kerromme päivän täällä heti kun se on sovittu.",
        "sv": "Tack! Välkommen, vi berättar här när dagen är bestämd.",
        "en": "Thank you! You are welcome: we will post the date here once it is set.",
    },
    "story": {
        "fi": "Kuinka paljon aikaa tämä vei viikossa? Harkitsemme samaa omalla alueellamme.",
        "sv": "Hur mycket tid tog det per vecka? Vi funderar på samma sak i vårt område.",
        "en": "How much time did this take each week? We are thinking of doing the same.",
    },
    "story_answer": {
        "fi": "Alussa pari tuntia viikossa, sitten vähemmän. Kannattaa sopia vuorot heti.",
        "sv": "Ett par timmar i veckan i början, sedan mindre. Kom överens om turerna direkt.",
        "en": "A couple of hours a week at first, then less. Agree on the turns from the start.",
    },
    "off_topic": {
        "fi": "Myyn polkupyörän, hyvä kunto. Kysy lisää!",
        "sv": "Säljer en cykel i gott skick. Fråga mer!",
        "en": "Selling a bike in good condition. Ask me more!",
    },
    "duplicate": {
        "fi": "Onko tämä sama ehdotus kuin viime vuonna? Kannattaisi yhdistää.",
        "sv": "Är det här samma förslag som i fjol? De borde slås ihop.",
        "en": "Is this the same proposal as last year's? They should be merged.",
    },
    "staff_answer": {
        "fi": "Kaupungin tilat ovat asukkaiden käytössä: varauksen voi tehdä asukastalolta.",
        "sv": "Stadens lokaler står till invånarnas förfogande: boka via invånarhuset.",
        "en": "The city's rooms are open to residents: book one at the residents' house.",
    },
}


def _talk(pilot: Pilot, thread: str, asker: User, answer: str) -> Comment:
    question = comment_add(pilot=pilot, thread=thread, by=asker, body=TEXTS[thread][asker.language])
    comment_add(
        pilot=pilot,
        thread=thread,
        by=pilot.proposer,
        body=TEXTS[answer][pilot.proposer.language],
        parent=question,
    )
    return question


def seed_discussions(coordinator_email: str) -> None:
    if Comment.objects.exists():
        return
    residents = list(demo_residents().values())
    coordinator = User.objects.get(email=coordinator_email)
    for pilot in Pilot.objects.filter(PUBLIC_PROPOSALS).select_related("proposer"):
        for asker in residents:
            if not pilot.is_participant(asker):
                _talk(pilot, Thread.PROPOSAL, asker, "proposal_answer")
                break
    story_pilots = Pilot.objects.filter(
        pk__in=PilotStoryPage.objects.live().values("pilot")
    ).select_related("proposer")
    for number, pilot in enumerate(story_pilots.order_by("pk")):
        others = [resident for resident in residents if not pilot.is_participant(resident)]
        question = _talk(pilot, Thread.STORY, others[number % len(others)], "story_answer")
        if number == 0:
            comment_add(
                pilot=pilot,
                thread=Thread.STORY,
                by=coordinator,
                body=TEXTS["staff_answer"][coordinator.language],
                parent=question,
            )
    _reported(residents)


def _reported(residents: list[User]) -> None:
    """An advertisement on a public proposal, reported by another resident as off-topic."""
    pilot = Pilot.objects.filter(PUBLIC_PROPOSALS).select_related("proposer").order_by("pk").first()
    if pilot is None:
        return
    others = [resident for resident in residents if not pilot.is_participant(resident)]
    if len(others) < 2:
        return
    seller, reader = others[-1], others[0]
    comment = comment_add(
        pilot=pilot, thread=Thread.PROPOSAL, by=seller, body=TEXTS["off_topic"][seller.language]
    )
    comment_report(comment=comment, by=reader, reason=ReportReason.OFF_TOPIC)
    proposal_report(
        pilot=pilot, by=seller, reason=ReportReason.OTHER, note=TEXTS["duplicate"][seller.language]
    )
