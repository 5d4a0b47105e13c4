"""Text of the demo city's pages in Finnish, Swedish and English.

Demo text for a city to adapt: the accessibility statement names real Finnish authorities, but
its findings and contacts are the demo city's and must be reviewed before going live.
"""

HOME_PAGE = {
    "fi": {
        "title": "Minipilotit – asukkaiden kokeilut omalla alueella",
        "slug": "etusivu",
        "introduction": (
            "Onko sinulla idea, joka tekisi naapurustostasi paremman? Minipilotti on pieni, "
            "nopea kokeilu, jonka asukkaat itse ehdottavat ja toteuttavat. Kaupunki tukee "
            "jokaista hyväksyttyä kokeilua 500 euron avustuksella. Epäonnistuminenkin on "
            "sallittua: siitäkin opitaan."
        ),
        "call_to_action": "Ehdota minipilottia",
        "steps": [
            ("Ehdota", "Kerro ideastasi: mihin tarpeeseen se vastaa, mitä teette ja kenelle."),
            (
                "Aluejohtaja päättää",
                "Alueesi aluejohtaja hyväksyy ehdotuksen tai pyytää tarkennuksia.",
            ),
            (
                "Saat avustuksen",
                "Hyväksytty kokeilu saa 500 euron avustuksen kulujensa kattamiseen.",
            ),
            ("Kerro tulokset", "Kokeilun jälkeen tuloksista tehdään pilottitarina muiden iloksi."),
        ],
    },
    "sv": {
        "title": "Minipiloter – invånarnas egna försök i sitt område",
        "slug": "startsida",
        "introduction": (
            "Har du en idé som skulle göra ditt grannskap bättre? En minipilot är ett litet, "
            "snabbt försök som invånarna själva föreslår och genomför. Staden stöder varje "
            "godkänt försök med ett bidrag på 500 euro. Det är tillåtet att misslyckas: "
            "också det lär vi oss av."
        ),
        "call_to_action": "Föreslå en minipilot",
        "steps": [
            ("Föreslå", "Berätta om din idé: vilket behov den svarar på, vad ni gör och för vem."),
            (
                "Områdesdirektören beslutar",
                "Direktören för ditt område godkänner förslaget eller ber om kompletteringar.",
            ),
            (
                "Du får bidraget",
                "Ett godkänt försök får ett bidrag på 500 euro för sina kostnader.",
            ),
            (
                "Berätta om resultaten",
                "Efter försöket blir resultaten en pilotberättelse som andra kan ta efter.",
            ),
        ],
    },
    "en": {
        "title": "Minipilots – residents' own experiments in their neighbourhood",
        "slug": "home",
        "introduction": (
            "Do you have an idea that would make your neighbourhood better? A minipilot is a "
            "small, quick experiment that residents propose and carry out themselves. The city "
            "supports every approved pilot with a 500 euro grant. Failure is allowed: we learn "
            "from that too."
        ),
        "call_to_action": "Propose a minipilot",
        "steps": [
            ("Propose", "Tell us your idea: the need it answers, what you will do and for whom."),
            (
                "The area director decides",
                "Your area's director approves the proposal or asks for changes.",
            ),
            (
                "Receive the grant",
                "An approved pilot receives a 500 euro grant to cover its costs.",
            ),
            (
                "Share the results",
                "Afterwards your results become a pilot story others can learn from.",
            ),
        ],
    },
}

ACCESSIBILITY_STATEMENT = {
    "fi": {
        "title": "Saavutettavuusseloste",
        "slug": "saavutettavuusseloste",
        "introduction": (
            "Tämä saavutettavuusseloste koskee Minipilotti-palvelua. Palvelua koskee laki "
            "digitaalisten palvelujen tarjoamisesta (306/2019), joka edellyttää, että julkisten "
            "verkkopalvelujen on oltava saavutettavia."
        ),
        "sections": [
            (
                "Palvelun saavutettavuuden tila",
                "<p>Palvelu täyttää WCAG 2.1 -kriteeristön A- ja AA-tason vaatimukset osittain. Sivut tarkistetaan automaattisella axe-core-testillä suomeksi, ruotsiksi ja englanniksi jokaisen muutoksen yhteydessä.</p>",
            ),
            (
                "Ei-saavutettava sisältö ja syyt",
                "<ul><li>Asukkaiden lataamien kuvien vaihtoehtoiset tekstit ovat asukkaiden kirjoittamia, emmekä voi taata niiden laatua.</li><li>Henkilökunnan hallintaliittymä (Wagtail) ei ole kaikilta osin saavutettava. Korjaamme havaitut puutteet sitä mukaa kuin ne julkaistaan.</li></ul>",
            ),
            (
                "Vaihtoehtoinen asiointi",
                "<p>Jos et voi käyttää jotakin palvelun osaa, voit jättää ehdotuksesi tai raportin myös sähköpostilla tai puhelimitse asukasagentillemme. Autamme myös täyttämään lomakkeet.</p>",
            ),
            (
                "Anna palautetta saavutettavuudesta",
                "<p>Huomasitko saavutettavuuspuutteen? Kerro siitä meille sähköpostilla osoitteeseen saavutettavuus@example.org. Vastaamme 14 päivän kuluessa.</p>",
            ),
            (
                "Valvontaviranomainen",
                '<p>Jos huomaat sivustolla saavutettavuusongelmia, anna ensin palautetta meille. Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta lainkaan kahden viikon aikana, voit tehdä ilmoituksen valvontaviranomaiselle: Lupa- ja valvontavirasto, saavutettavuuden valvonta, <a href="https://www.saavutettavuusvaatimukset.fi">www.saavutettavuusvaatimukset.fi</a>.</p>',
            ),
            (
                "Selosteen laatiminen",
                "<p>Tämä seloste on laadittu 23.11.2026 palvelun itsearvion ja automaattisten testien perusteella. Seloste on viimeksi tarkistettu 23.11.2026.</p>",
            ),
        ],
    },
    "sv": {
        "title": "Tillgänglighetsutlåtande",
        "slug": "tillganglighetsutlatande",
        "introduction": (
            "Detta tillgänglighetsutlåtande gäller tjänsten Minipilot. Tjänsten omfattas av lagen "
            "om tillhandahållande av digitala tjänster (306/2019), som kräver att offentliga "
            "webbtjänster ska vara tillgängliga."
        ),
        "sections": [
            (
                "Tjänstens tillgänglighet",
                "<p>Tjänsten uppfyller delvis kraven på nivå A och AA i WCAG 2.1. Sidorna kontrolleras med ett automatiskt axe-core-test på finska, svenska och engelska vid varje ändring.</p>",
            ),
            (
                "Innehåll som inte är tillgängligt och orsaker",
                "<ul><li>De alternativa texterna till bilder som invånarna laddar upp skrivs av invånarna själva, och vi kan inte garantera deras kvalitet.</li><li>Personalens administrationsgränssnitt (Wagtail) är inte tillgängligt i alla delar. Vi åtgärdar bristerna när rättelser publiceras.</li></ul>",
            ),
            (
                "Alternativa sätt att uträtta ärenden",
                "<p>Om du inte kan använda någon del av tjänsten kan du lämna ditt förslag eller din rapport också per e-post eller telefon till vår invånaragent. Vi hjälper också till att fylla i blanketterna.</p>",
            ),
            (
                "Ge respons om tillgängligheten",
                "<p>Har du upptäckt en brist i tillgängligheten? Berätta det för oss per e-post till saavutettavuus@example.org. Vi svarar inom 14 dagar.</p>",
            ),
            (
                "Tillsynsmyndighet",
                '<p>Om du upptäcker tillgänglighetsproblem på webbplatsen, ge först respons till oss. Om du inte är nöjd med svaret eller inte får något svar inom två veckor kan du anmäla det till tillsynsmyndigheten: Tillstånds- och tillsynsverket, tillsynen över tillgänglighet, <a href="https://www.tillganglighetskrav.fi">www.tillganglighetskrav.fi</a>.</p>',
            ),
            (
                "Hur utlåtandet har utarbetats",
                "<p>Detta utlåtande har utarbetats 23.11.2026 på basis av en självbedömning och automatiska tester. Utlåtandet har senast granskats 23.11.2026.</p>",
            ),
        ],
    },
    "en": {
        "title": "Accessibility statement",
        "slug": "accessibility-statement",
        "introduction": (
            "This accessibility statement applies to the Minipilot service. The service is "
            "covered by the Finnish Act on the Provision of Digital Services (306/2019), which "
            "requires public online services to be accessible."
        ),
        "sections": [
            (
                "Compliance status",
                "<p>The service partially meets the level A and AA requirements of WCAG 2.1. Every change is checked with an automated axe-core test in Finnish, Swedish and English.</p>",
            ),
            (
                "Non-accessible content and why",
                "<ul><li>The text alternatives of images uploaded by residents are written by the residents, and we cannot guarantee their quality.</li><li>The staff administration interface (Wagtail) is not accessible in every part. We fix the shortcomings as corrections are released.</li></ul>",
            ),
            (
                "Alternative access",
                "<p>If you cannot use part of the service, you can send your proposal or report by email or phone to our resident agent instead. We also help you fill in the forms.</p>",
            ),
            (
                "Feedback on accessibility",
                "<p>Have you noticed an accessibility problem? Tell us by email at saavutettavuus@example.org. We reply within 14 days.</p>",
            ),
            (
                "Supervisory authority",
                '<p>If you notice accessibility problems on the site, first give feedback to us. If you are not satisfied with our reply or receive none within two weeks, you can report it to the supervisory authority: the Finnish Permit and Supervision Agency, accessibility monitoring, <a href="https://www.webaccessibility.fi">www.webaccessibility.fi</a>.</p>',
            ),
            (
                "Preparing this statement",
                "<p>This statement was prepared on 23 November 2026 from a self-assessment and automated tests. It was last reviewed on 23 November 2026.</p>",
            ),
        ],
    },
}

PRIVACY_NOTICE = {
    "fi": {
        "title": "Tietosuojaseloste",
        "slug": "tietosuojaseloste",
        "introduction": "Näin käsittelemme henkilötietojasi Minipilotti-palvelussa (EU:n yleinen tietosuoja-asetus, artiklat 13 ja 14).",
        "sections": [
            (
                "Rekisterinpitäjä",
                "<p>Rekisterinpitäjä on kaupunki, joka ylläpitää palvelua. Tietosuojavastaavan tavoitat osoitteesta tietosuoja@example.org.</p>",
            ),
            (
                "Käsittelyn tarkoitus ja peruste",
                "<p>Käsittelemme tietojasi minipilottien ehdottamiseksi, niistä päättämiseksi, avustusten maksamiseksi ja tulosten julkaisemiseksi. Käsittelyn peruste on kaupungin yleisen edun mukainen tehtävä. Nimesi tai kuvasi julkaisemiseen pyydämme suostumuksesi, jonka voit perua yhtä helposti kuin annoit sen.</p>",
            ),
            (
                "Mitä tietoja käsittelemme",
                "<p>Sähköpostiosoite, nimi, ehdotustesi ja raporttiesi sisältö sekä avustuksen maksamiseen tarvittavat tilitiedot. Emme kerää henkilötunnusta.</p>",
            ),
            (
                "Kuinka kauan tietoja säilytetään",
                "<p>Päätökset ja maksutiedot säilytetään kirjanpito- ja arkistolain mukaisen ajan. Keskeneräiset luonnokset ja maksetun avustuksen tilitiedot poistetaan säilytysajan jälkeen.</p>",
            ),
            (
                "Oikeutesi",
                '<p>Voit ladata kaikki tietosi ja poistaa tilisi. Tilin poistaminen anonymisoi henkilötietosi, mutta päätös- ja maksutiedot säilyvät. Voit tehdä valituksen tietosuojavaltuutetun toimistolle, <a href="https://tietosuoja.fi">tietosuoja.fi</a>.</p>',
            ),
        ],
    },
    "sv": {
        "title": "Dataskyddsbeskrivning",
        "slug": "dataskyddsbeskrivning",
        "introduction": "Så här behandlar vi dina personuppgifter i tjänsten Minipilot (EU:s allmänna dataskyddsförordning, artiklarna 13 och 14).",
        "sections": [
            (
                "Personuppgiftsansvarig",
                "<p>Personuppgiftsansvarig är staden som driver tjänsten. Dataskyddsombudet nås på tietosuoja@example.org.</p>",
            ),
            (
                "Ändamål och rättslig grund",
                "<p>Vi behandlar dina uppgifter för att minipiloter ska kunna föreslås, beslutas, få bidrag utbetalt och resultaten publiceras. Den rättsliga grunden är stadens uppgift av allmänt intresse. För att publicera ditt namn eller din bild ber vi om ditt samtycke, som du kan återkalla lika lätt som du gav det.</p>",
            ),
            (
                "Vilka uppgifter vi behandlar",
                "<p>E-postadress, namn, innehållet i dina förslag och rapporter samt de kontouppgifter som behövs för att betala bidraget. Vi samlar inte in personbeteckningar.</p>",
            ),
            (
                "Hur länge uppgifterna sparas",
                "<p>Beslut och betalningsuppgifter sparas så länge bokförings- och arkivlagen kräver. Ofärdiga utkast och kontouppgifterna för ett utbetalt bidrag raderas efter lagringstiden.</p>",
            ),
            (
                "Dina rättigheter",
                '<p>Du kan ladda ner alla dina uppgifter och radera ditt konto. När kontot raderas anonymiseras dina personuppgifter, men besluts- och betalningsuppgifterna finns kvar. Du kan lämna klagomål till dataombudsmannens byrå, <a href="https://tietosuoja.fi/sv">tietosuoja.fi/sv</a>.</p>',
            ),
        ],
    },
    "en": {
        "title": "Privacy notice",
        "slug": "privacy-notice",
        "introduction": "How we process your personal data in the Minipilot service (EU General Data Protection Regulation, Articles 13 and 14).",
        "sections": [
            (
                "Controller",
                "<p>The controller is the city that runs the service. You can reach the data protection officer at tietosuoja@example.org.</p>",
            ),
            (
                "Purpose and lawful basis",
                "<p>We process your data so that minipilots can be proposed, decided, paid and their results published. The lawful basis is the city's task carried out in the public interest. We ask for your consent to publish your name or photo, and you can withdraw it as easily as you gave it.</p>",
            ),
            (
                "What data we process",
                "<p>Your email address, name, the content of your proposals and reports, and the bank details needed to pay the grant. We never collect a personal identity code.</p>",
            ),
            (
                "How long we keep it",
                "<p>Decisions and payment records are kept as long as accounting and archive law requires. Unfinished drafts and the bank details of a paid grant are erased after their retention period.</p>",
            ),
            (
                "Your rights",
                '<p>You can download all your data and delete your account. Deleting the account anonymises your personal data while decision and payment records remain. You can complain to the Office of the Data Protection Ombudsman, <a href="https://tietosuoja.fi/en">tietosuoja.fi/en</a>.</p>',
            ),
        ],
    },
}

TERMS_OF_USE = {
    "fi": {
        "title": "Käyttöehdot",
        "slug": "kayttoehdot",
        "introduction": "Nämä ehdot koskevat Minipilotti-palvelun käyttöä.",
        "sections": [
            (
                "Ehdotukset ja avustukset",
                "<p>Kuka tahansa rekisteröitynyt asukas voi ehdottaa minipilottia. Alueen aluejohtaja päättää ehdotuksista. Avustus myönnetään kokeilun kulujen kattamiseen, ja käyttämätön osuus palautetaan.</p>",
            ),
            (
                "Julkisuus",
                "<p>Avustuspäätökset ovat julkisia asiakirjoja. Julkaisemme päätöksen perustelut ja ehdot, mutta emme koskaan yhteystietojasi tai tilitietojasi.</p>",
            ),
            (
                "Sisällön käyttö",
                "<p>Julkaistut pilottitarinat ovat vapaasti muiden asukkaiden ja alueiden käytettävissä ja sovellettavissa.</p>",
            ),
        ],
    },
    "sv": {
        "title": "Användarvillkor",
        "slug": "anvandarvillkor",
        "introduction": "Dessa villkor gäller användningen av tjänsten Minipilot.",
        "sections": [
            (
                "Förslag och bidrag",
                "<p>Alla registrerade invånare kan föreslå en minipilot. Områdesdirektören för området beslutar om förslagen. Bidraget beviljas för försökets kostnader, och den oanvända delen ska betalas tillbaka.</p>",
            ),
            (
                "Offentlighet",
                "<p>Bidragsbesluten är offentliga handlingar. Vi publicerar beslutets motivering och villkor, men aldrig dina kontakt- eller kontouppgifter.</p>",
            ),
            (
                "Användning av innehållet",
                "<p>Publicerade pilotberättelser får fritt användas och tillämpas av andra invånare och områden.</p>",
            ),
        ],
    },
    "en": {
        "title": "Terms of use",
        "slug": "terms-of-use",
        "introduction": "These terms apply to the use of the Minipilot service.",
        "sections": [
            (
                "Proposals and grants",
                "<p>Any registered resident may propose a minipilot. The area's director decides on proposals. The grant covers the pilot's costs, and any unused part is returned.</p>",
            ),
            (
                "Openness",
                "<p>Grant decisions are public documents. We publish a decision's grounds and conditions, but never your contact or bank details.</p>",
            ),
            (
                "Using the content",
                "<p>Published pilot stories are free for other residents and areas to use and adapt.</p>",
            ),
        ],
    },
}

LEGAL_PAGES = {
    "accessibility_statement": ACCESSIBILITY_STATEMENT,
    "privacy_notice": PRIVACY_NOTICE,
    "terms_of_use": TERMS_OF_USE,
}


# What the demo city says about each area on its public page (Finnish, Swedish, English).
AREA_DESCRIPTIONS = {
    "kallio": (
        "Tiivis kantakaupungin kaupunginosa, jossa on paljon pieniä asuntoja, sisäpihoja ja kivijalkaliikkeitä. Kalliossa kokeillaan erityisesti yhteisiä pihoja ja naapuriapua.",
        "En tät stadsdel i innerstaden med många små bostäder, innergårdar och gatubutiker. I Berghäll prövar man särskilt gemensamma gårdar och grannhjälp.",
        "A dense inner-city district of small flats, courtyards and street-level shops. Kallio's pilots often try shared courtyards and neighbourly help.",
    ),
    "kapyla": (
        "Puutalojen ja puutarhojen Käpylä, jossa naapurusto tuntee toisensa. Täällä kokeillaan usein viljelyä, kierrätystä ja yhteisiä tapahtumia.",
        "Kottby med trähus och trädgårdar, där grannarna känner varandra. Här prövar man ofta odling, återvinning och gemensamma evenemang.",
        "Käpylä of wooden houses and gardens, where neighbours know each other. Pilots here often try growing food, recycling and shared events.",
    ),
    "herttoniemi": (
        "Metsän ja meren välissä oleva kaupunginosa, jossa asuu paljon lapsiperheitä. Herttoniemessä kokeillaan liikkumista, luontoa ja nuorten toimintaa.",
        "En stadsdel mellan skogen och havet med många barnfamiljer. I Hertonäs prövar man rörelse, natur och verksamhet för unga.",
        "A district between the forest and the sea with many families with children. Herttoniemi's pilots try getting about, nature and activities for young people.",
    ),
    "lauttasaari": (
        "Saari kantakaupungin länsipuolella, rantoineen ja kallioineen. Lauttasaaressa kokeillaan rantojen ja kohtaamispaikkojen käyttöä.",
        "En ö väster om innerstaden, med stränder och klippor. På Drumsö prövar man hur stränder och mötesplatser används.",
        "An island west of the inner city, with its shores and rocks. Lauttasaari's pilots try new uses of the shores and meeting places.",
    ),
    "vuosaari": (
        "Helsingin suurin kaupunginosa, monikielinen ja meren rannalla. Vuosaaressa kokeillaan kieliä, kulttuuria ja kohtaamisia.",
        "Helsingfors största stadsdel, mångspråkig och vid havet. I Nordsjö prövar man språk, kultur och möten.",
        "Helsinki's largest district, multilingual and by the sea. Vuosaari's pilots try languages, culture and meeting one another.",
    ),
    "malmi": (
        "Pohjoisen Helsingin keskus asemineen ja vanhan lentokentän maisemineen. Malmilla kokeillaan turvallisuutta, liikuntaa ja yhteisiä tiloja.",
        "Norra Helsingfors centrum med sin station och det gamla flygfältets landskap. I Malm prövar man trygghet, motion och gemensamma lokaler.",
        "The centre of northern Helsinki, with its station and the old airfield. Malmi's pilots try safety, exercise and shared spaces.",
    ),
}
