"""Keep a decision's standard texts in Finnish, Swedish and English, and the grounds' language.

Until now a decision kept one copy of its standard texts, in the pilot's language. That copy
stays as it was, in that language. The other languages are filled from the standard texts as
the catalogues had them on the day of this migration (frozen here, so the record does not
follow later edits of the catalogues), and the decider's title from their own job title in
that language.
"""

from django.db import migrations, models

LANGUAGES = ("fi", "sv", "en")
STANDARD = {
    "fi": {
        "title": "Aluejohtaja",
        "conditions": (
            "Avustusta saa käyttää vain ehdotuksessa kerrottuun tarkoitukseen. Saajat "
            "raportoivat tuloksista ja rahojen käytöstä määräpäivään mennessä. "
            "Käyttämättä jäänyt raha palautetaan kaupungille. Kaupunki voi periä "
            "avustuksen takaisin, jos sitä käytetään muuhun tarkoitukseen tai raporttia "
            "ei tehdä."
        ),
        "appeal": (
            "Se, jota päätös koskee, voi tehdä kirjallisen oikaisuvaatimuksen 14 päivän "
            "kuluessa siitä, kun hän on saanut tiedon päätöksestä. Oikaisuvaatimus "
            "osoitetaan päätöksen tehneelle viranomaiselle. Siinä on ilmoitettava päätös, "
            "johon oikaisua vaaditaan, millaista oikaisua vaaditaan ja vaatimuksen "
            "perustelut."
        ),
    },
    "sv": {
        "title": "Områdesdirektör",
        "conditions": (
            "Bidraget får användas bara för det ändamål som anges i förslaget. Mottagarna "
            "rapporterar resultaten och hur pengarna har använts senast på utsatt dag. "
            "Oanvända pengar betalas tillbaka till staden. Staden kan kräva tillbaka "
            "bidraget om det används för något annat ändamål eller om rapporten inte "
            "lämnas."
        ),
        "appeal": (
            "Den som beslutet gäller kan skriftligen begära omprövning inom 14 dagar från "
            "att ha fått del av beslutet. Begäran riktas till den myndighet som fattade "
            "beslutet och ska ange beslutet, vilken ändring som begärs och motiveringen "
            "till den."
        ),
    },
    "en": {
        "title": "Area director",
        "conditions": (
            "The grant may be used only for the purpose stated in the proposal. The recipients "
            "report the results and the use of the money by the due date. Unused money is "
            "returned to the city. The city may reclaim the grant if it is used for another "
            "purpose or the report is not made."
        ),
        "appeal": (
            "A party to whom this decision applies may request a correction in writing within "
            "14 days of being notified of it. The request is addressed to the authority that "
            "made the decision and must state the decision, the correction requested and its "
            "grounds."
        ),
    },
}


def fill_every_language(apps, schema_editor):
    Decision = apps.get_model("pilots", "Decision")
    for decision in Decision.objects.select_related("pilot", "decider"):
        own = decision.pilot.language if decision.pilot.language in LANGUAGES else "fi"
        decision.grounds_language = own
        for code in LANGUAGES:
            standard = STANDARD[code]
            if code == own:
                title = decision.decider_title
                contact = decision.contact_person
                conditions = decision.conditions
                appeal = decision.appeal_instructions
            else:
                decider = decision.decider
                title = (decider and getattr(decider, f"job_title_{code}")) or standard["title"]
                contact = decision.contact_person
                if decision.decider_title and contact.endswith(decision.decider_title):
                    contact = contact[: -len(decision.decider_title)] + title
                conditions = standard["conditions"] if decision.conditions else ""
                appeal = standard["appeal"]
            setattr(decision, f"decider_title_{code}", title)
            setattr(decision, f"contact_person_{code}", contact)
            setattr(decision, f"conditions_{code}", conditions)
            setattr(decision, f"appeal_instructions_{code}", appeal)
        decision.save()


def keep_one_copy(apps, schema_editor):
    Decision = apps.get_model("pilots", "Decision")
    for decision in Decision.objects.select_related("pilot"):
        own = decision.pilot.language if decision.pilot.language in LANGUAGES else "fi"
        decision.decider_title = getattr(decision, f"decider_title_{own}")
        decision.contact_person = getattr(decision, f"contact_person_{own}")
        decision.conditions = getattr(decision, f"conditions_{own}")
        decision.appeal_instructions = getattr(decision, f"appeal_instructions_{own}")
        decision.save()


def per_language(name, verbose, field_class, **options):
    languages = {"fi": "Finnish", "sv": "Swedish", "en": "English"}
    return [
        migrations.AddField(
            model_name="decision",
            name=f"{name}_{code}",
            field=field_class(default="", verbose_name=f"{verbose} in {language}", **options),
            preserve_default=False,
        )
        for code, language in languages.items()
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_job_title_per_language"),
        ("pilots", "0005_coordinators_edit_stories"),
    ]

    operations = [
        *per_language(
            "decider_title", "title of the deciding official", models.CharField, max_length=200
        ),
        *per_language("contact_person", "contact person", models.CharField, max_length=300),
        *per_language("appeal_instructions", "appeal instructions", models.TextField),
        *[
            migrations.AddField(
                model_name="decision",
                name=f"conditions_{code}",
                field=models.TextField(blank=True, verbose_name=f"conditions in {language}"),
            )
            for code, language in (("fi", "Finnish"), ("sv", "Swedish"), ("en", "English"))
        ],
        migrations.AddField(
            model_name="decision",
            name="grounds_language",
            field=models.CharField(
                choices=[("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")],
                default="fi",
                max_length=8,
                verbose_name="language of the grounds",
            ),
        ),
        migrations.RunPython(fill_every_language, keep_one_copy),
        migrations.RemoveField(model_name="decision", name="decider_title"),
        migrations.RemoveField(model_name="decision", name="contact_person"),
        migrations.RemoveField(model_name="decision", name="conditions"),
        migrations.RemoveField(model_name="decision", name="appeal_instructions"),
    ]
