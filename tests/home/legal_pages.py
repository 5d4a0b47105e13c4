"""Where the legal pages are, in each language: the footer links to them, in this order."""

LEGAL_URLS = {
    "fi": ["/fi/saavutettavuusseloste/", "/fi/tietosuojaseloste/", "/fi/kayttoehdot/"],
    "sv": [
        "/sv/tillganglighetsutlatande/",
        "/sv/dataskyddsbeskrivning/",
        "/sv/anvandarvillkor/",
    ],
    "en": ["/en/accessibility-statement/", "/en/privacy-notice/", "/en/terms-of-use/"],
}
