"""allauth's own sentences that its catalogues translate wrongly, marked for our catalogues.

Our catalogues (LOCALE_PATHS) are read before allauth's, so a msgid marked here is shown in our
translation. allauth's Swedish catalogue gives the login page's invitation to sign up the
sign-up page's sentence ("Har du redan ett konto? Då kan du logga in"), so the Swedish login
page's link to sign-up read "log in".
"""

from django.utils.translation import gettext_noop

CORRECTED = [
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
]
