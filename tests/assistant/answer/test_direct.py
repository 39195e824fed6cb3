"""The direct answer line, from real policy sentences: what it says, and when it must say nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.direct import direct_answer, supported
from ingest.load import load

POLICIES = Path(__file__).resolve().parents[3] / "data" / "policies"
TEXT = {p.stem.lower(): load(p).text for p in POLICIES.iterdir() if p.is_file()}


def sentence(policy: str, text: str) -> str:
    """A quote as the assistant would cite it: verbatim from the loaded policy (fails loudly if not)."""
    assert text in TEXT[policy], f"not verbatim in {policy}: {text!r}"
    return text


MIKMIK = lambda t: sentence("mikmik", t)  # noqa: E731
KMALL = lambda t: sentence("kmall24", t)  # noqa: E731
KPOP = lambda t: sentence("kpopmart", t)  # noqa: E731
TOOTOO = lambda t: sentence("tootoomart", t)  # noqa: E731
ISP = lambda t: sentence("information-security-policy", t)  # noqa: E731

ANSWERED = [
    # how long
    (
        "How long does MIKMIK keep records of what I paid for?",
        [MIKMIK("Recording about price payment and supply of goods: 5 years.")],
        "5 years [1]",
    ),
    (
        "How long do they keep my data?",
        [ISP("Customer personal data will be stored until there is a canceling request.")],
        "until there is a canceling request [1]",
    ),
    (
        "How long can sellers use my address?",
        [
            MIKMIK(
                "A name, Address, Contact info, Personal serial number for customs within 3 months after confirmation of purchase"
            )
        ],
        "within 3 months after confirmation of purchase [1]",
    ),
    (
        "How long does MIKMIK keep my complaint records?",
        [
            MIKMIK("Recording about contract or its withdrawal: 5 years."),
            MIKMIK("Recording about customer’s complaint or trouble settlement: 3 years."),
        ],
        "3 years [2]",
    ),
    (
        "How long does MIKMIK keep my records?",
        [
            MIKMIK("Recording about contract or its withdrawal: 5 years."),
            MIKMIK("Recording about customer’s complaint or trouble settlement: 3 years."),
        ],
        "Recording about contract or its withdrawal: 5 years [1]; Recording about customer’s complaint or trouble settlement: 3 years [2]",
    ),
    # yes / no
    (
        "Does Tootoomart sell my data?",
        [TOOTOO("We never sell or rent your personal information to any third parties under any circumstances.")],
        "No — We never sell or rent your personal information to any third parties under any circumstances [1]",
    ),
    (
        "Will they share my details without asking me?",
        [ISP("Information of buyers will not be disclosed to any third party without the confirmation of the buyer.")],
        "No — Information of buyers will not be disclosed to any third party without the confirmation of the buyer [1]",
    ),
    (
        "Can my 11 year old post reviews on Kpop Mart if I supervise?",
        [
            KPOP(
                "If a user is under the age of thirteen (13) the user may not, even under the supervision of a parent or guardian, make any submissions of content to Kpopmart.com."
            )
        ],
        "No — If a user is under the age of thirteen (13) the user may not, even under the supervision of a parent or guardian, make any submissions of content to Kpopmart.com [1]",
    ),
    (
        "Will Tootoomart use my details for marketing?",
        [
            TOOTOO(
                "Information we collect on Tootoomart may be used for billing purposes, to fulfill your orders, to communicate with you about your order and our site, and for internal marketing purposes."
            )
        ],
        "Yes — Information we collect on Tootoomart may be used for billing purposes, to fulfill your orders, to communicate with you about your order and our site, and for internal marketing purposes [1]",
    ),
    # who to contact
    (
        "Where do I email Kmall24 to fix my address?",
        [
            KMALL(
                "If you believe that any information we are holding on you is incorrect or incomplete, please write to or email us as soon as possible, at the above address."
            ),
            KMALL(
                "if you have previously agreed to us using your personal information for direct marketing purposes, you may change your mind at any time by writing to or emailing us at privacy@kmall24.com"
            ),
        ],
        "privacy@kmall24.com [2]",
    ),
    (
        "How do I reach MIKMIK about my data?",
        [MIKMIK("– Tel : +82.70.7727.9834"), MIKMIK("– Fax : +82.2.6925.5370"), MIKMIK("– E-mail : cs@mikmik.co.kr")],
        "cs@mikmik.co.kr [3]; +82.70.7727.9834 [1]",
    ),
    (
        "What number can I call at MIKMIK?",
        [MIKMIK("– Tel : +82.70.7727.9834"), MIKMIK("– E-mail : cs@mikmik.co.kr")],
        "+82.70.7727.9834 [1]",
    ),
    (
        "Who do I complain to if my data leaked?",
        [
            ISP(
                "Buyers can file a complaint regarding the leak of any information to a third party to the admin of the website."
            )
        ],
        "the admin of the website [1]",
    ),
    # who receives / what is collected
    (
        "Who does Tootoomart share my details with?",
        [
            TOOTOO(
                "We will share personal customer information only with our agents, representatives, service providers, and contractors for limited purposes, including fulfilling customer orders;"
            )
        ],
        "our agents, representatives, service providers, and contractors [1]",
    ),
    (
        "What data do they collect?",
        [
            ISP(
                "The main data that is collected on the website include name, email, mobile number, address. These are necessary information that we need to deliver the product or to ensure customers right when register."
            )
        ],
        "name, email, mobile number, address [1]",
    ),
    (
        "What does Kmall24 collect about me?",
        [
            KMALL("- Contact information (including name and email address)"),
            KMALL("- Shipping information (including the shipping address and phone number)"),
        ],
        "Contact information [1], Shipping information [2]",
    ),
    # how do I
    (
        "How do I close my MIKMIK account?",
        [
            MIKMIK(
                "You can withdraw the membership of MIKMIK immediately by clicking the button ‘Withdrawal Members’ in the category ‘My account’ located in the first webpage."
            )
        ],
        "by clicking the button ‘Withdrawal Members’ in the category ‘My account’ located in the first webpage [1]",
    ),
    (
        "How do I change my Tootoomart password?",
        [
            TOOTOO(
                'You may change it anytime by going to Mytootoomart. Log in with your email address and password, then click "Change Name, Email & Password" and enter a new password.'
            )
        ],
        'by going to Mytootoomart [1]; Log in with your email address and password, then click "Change Name, Email & Password" and enter a new password [1]',
    ),
    # everyday verbs and phrases, asked the way people ask (issue 12, second pass)
    (
        "Does MIKMIK ask for my birthday and gender?",
        [
            MIKMIK(
                "A name, Birthday date, Gender, Mobile number (need it for number confirmation & join members ) , CI, DI."
            )
        ],
        "Yes — A name, Birthday date, Gender, Mobile number (need it for number confirmation & join members ) , CI, DI [1]",
    ),
    (
        "If I fill in a Tootoomart survey, will they sell my answers?",
        [TOOTOO("We never sell or rent your personal information to any third parties under any circumstances.")],
        "No — We never sell or rent your personal information to any third parties under any circumstances [1]",
    ),
    (
        "I'm tired of the forms. Can I get rid of the personal information in my account myself?",
        [
            ISP(
                "Buyers have the right to check, access, change or delete any personal information by themself by logging into the account on the website, and use the changing function to adjust or remove personal data."
            )
        ],
        "Yes — Buyers have the right to check, access, change or delete any personal information by themself by logging into the account on the website, and use the changing function to adjust or remove personal data [1]",
    ),
    (
        "How long after I quit MIKMIK will they still have my login history?",
        [
            MIKMIK(
                "To block some members who repeat again and again their withdrawal and rejoining or voluntary termination of membership and thereby obtain economic benefits through discount coupon, event advantage and moreover use other’s name illegally during these process, MIKMIK holds their name, ID, CI, password email for one month immediately after their leave from membership and also holds their information about log-in recording and connection IP information for 12 months long."
            )
        ],
        "for 12 months long [1]",
    ),
]

# who gets my data: the recipients from the sentence that shares with them, past one that shares with nobody
RECIPIENTS = [
    (
        "Who does Tootoomart share my details with?",
        [
            TOOTOO(
                "None of your personally identifiable information (such as your name, address, email address, etc.) will be received by or shared with these third parties."
            ),
            TOOTOO(
                "We will share personal customer information only with our agents, representatives, service providers, and contractors for limited purposes, including fulfilling customer orders; offering certain products and services in connection with this Site"
            ),
        ],
        "our agents, representatives, service providers, and contractors [2]",
    ),
]
ANSWERED += RECIPIENTS

# "signing up" is creating an account
_BROWSE = TOOTOO(
    'You can browse this Site without creating an account, but you will need to create an account when you purchase something and in order to take advantage of certain features, such as "Save for Later," "Address Book" and the other tootoomart services.'
)
ANSWERED += [("Can I browse tootoomart without signing up?", [_BROWSE], f"Yes — {_BROWSE.rstrip('.')} [1]")]

# who is responsible: the subject the sentence gives the responsibility to, not one that disclaims it
ANSWERED += [
    (
        "Who is responsible if my MIKMIK password is stolen?",
        [
            MIKMIK(
                "MIKMIK isn’t responsible for some accident due to customer’s personal mistake or danger of Internet."
            ),
            MIKMIK("Member should be responsible for management of his/her ID & Password."),
        ],
        "Member [2]",
    ),
    (
        "Whose fault is it if my password leaks on a shared computer?",
        [
            ISP(
                "Buyers have the responsibility to protect themself from password leak through using a computer shared with many people."
            )
        ],
        "Buyers [1]",
    ),
]
UNSETTLED_MORE = [
    # "Aside from the purposes described above": those purposes (fulfilling orders) may be the one asked
    (
        "Does Tootoomart give my address to the delivery company?",
        [
            TOOTOO(
                "Aside from the purposes described above, we will never share your personal information with any other third parties unless we have your express permission or under special circumstances, such as when we believe in good faith that the disclosure is required to prevent harm or injury (such as product recalls, fraud, claims or other liability) or to comply with valid legal processes (subpoenas, warrants) or as required by law."
            )
        ],
    ),
    # purposes are not recipients
    (
        "Who does Kpop Mart give my details to?",
        [
            KPOP(
                "We use the information that you provide for such purposes as responding to your requests, customizing future shopping for you, improving our stores, and communicating with you."
            )
        ],
    ),
    (
        "Who is responsible if MIKMIK's servers are hacked?",
        [
            MIKMIK(
                "MIKMIK isn’t responsible for some accident due to customer’s personal mistake or danger of Internet."
            )
        ],
    ),
]

# shoppers' things in the policy's words: "deals" are "promotional information", "laptop" is "computer"
_PROMO = KMALL(
    "We may use your personal information to send you promotional information about third parties which we think you may find interesting if you tell us that you wish this to happen."
)
ANSWERED += [("Will Kmall24 send me deals from other shops?", [_PROMO], f"Yes — {_PROMO.rstrip('.')} [1]")]
UNSETTLED_MORE.append(("Will Kmall24 send me parcels from other shops?", [_PROMO]))

# an age asked about is checked against each sentence's age conditions
_TERMS = [
    TOOTOO(
        "If you are under the age of 18 but at least 13 years of age you may use this Site only under the supervision of a parent or legal guardian who agrees to be bound by the tootoomart Terms of Use."
    ),
    TOOTOO(
        "Children under the age of 13 may not use this Site and parents or legal guardians may not agree to the tootoomart Terms of Use on their behalf."
    ),
]
ANSWERED += [
    (
        "Can I agree to Tootoomart's terms for my 12 year old so she can use it?",
        _TERMS,
        "No — Children under the age of 13 may not use this Site and parents or legal guardians may not agree to the tootoomart Terms of Use on their behalf [2]",
    ),
    (
        "Can my 15 year old use Tootoomart?",
        _TERMS,
        "Yes — If you are under the age of 18 but at least 13 years of age you may use this Site only under the supervision of a parent or legal guardian who agrees to be bound by the tootoomart Terms of Use [1]",
    ),
]

UNSETTLED = [
    # the sentence negates something else than what was asked
    (
        "I'm sick of MIKMIK ads. Can I make them stop?",
        [
            MIKMIK(
                "MIKMIK does not send profitable ad-like information when customer’s express rejection to receiving the information or withdrawal of advanced consent."
            )
        ],
    ),
    (
        "Will they share my details without asking me?",
        [
            ISP(
                "We recommend customers to keep your password related information secure and do not share it with anyone else."
            )
        ],
    ),
    # "never … unless required by law" does not answer a question about the police
    (
        "Can Tootoomart hand my info over to the police?",
        [
            TOOTOO(
                "Aside from the purposes described above, we will never share your personal information with any other third parties unless we have your express permission or under special circumstances, such as when we believe in good faith that the disclosure is required to prevent harm or injury (such as product recalls, fraud, claims or other liability) or to comply with valid legal processes (subpoenas, warrants) or as required by law."
            )
        ],
    ),
    # a "No" that the next sentence takes back
    (
        "Does MIKMIK give my info to other companies?",
        [
            MIKMIK(
                "MIKMIK must use customer’s personal information in the criteria stipulated in ‘Collection of Personal Information and its Utilization Purpose’ under Management Policy of Personal Information and must not provide this information to other companies or institutions. However, in case there is agreement of members or request for information by the process along with related ordinances, MIKMIK could provide & use the personal information carefully."
            )
        ],
    ),
    # an affirmed verb far from what was asked
    (
        "Can I email MIKMIK to cancel my membership?",
        [
            MIKMIK(
                "To block some members who repeat again and again their withdrawal and rejoining or voluntary termination of membership and thereby obtain economic benefits through discount coupon, event advantage and moreover use other’s name illegally during these process, MIKMIK holds their name, ID, CI, password email for one month immediately after their leave from membership and also holds their information about log-in recording and connection IP information for 12 months long."
            )
        ],
    ),
    # no duration; an age is not a retention period
    (
        "How long does Tootoomart keep my data?",
        [
            TOOTOO(
                "If you are under the age of 18 but at least 13 years of age you may use this Site only under the supervision of a parent or legal guardian who agrees to be bound by the tootoomart Terms of Use."
            )
        ],
    ),
    ("How long does Kmall24 keep my data?", [KMALL("We are committed to ensuring that your information is secure.")]),
    # related but undecided
    (
        "Is my MIKMIK data stored overseas?",
        [MIKMIK("MIKMIK is receiving support of basic security from overseas IDC center.")],
    ),
    (
        "Will Kpop Mart tell me if they change their privacy rules?",
        [KPOP("Please check back frequently, as this policy may change from time to time.")],
    ),
    # steps for something else than what was asked
    (
        "How do I change the delivery address you have saved?",
        [
            TOOTOO(
                'You may change it anytime by going to Mytootoomart. Log in with your email address and password, then click "Change Name, Email & Password" and enter a new password.'
            )
        ],
    ),
    # comparisons get one line per policy elsewhere
    (
        "Which shops never sell my data?",
        [TOOTOO("We never sell or rent your personal information to any third parties under any circumstances.")],
    ),
    # no contact detail in the quote
    ("Who do I contact at Kpop Mart?", [KPOP("Kpopmart.com is committed to protecting your privacy.")]),
    ("hello", [KPOP("Kpopmart.com is committed to protecting your privacy.")]),
    ("Does Kpop Mart sell my data?", []),
    # a "No" about personal information settles "my answers", not cookies the question does not call mine
    (
        "Does the information security policy use cookies?",
        [
            ISP(
                "Does not use customer personal information for any reason aside from confirmation and contact related to actions at the website."
            )
        ],
    ),
    # who gets my name: a list of what is collected is not a list of recipients
    (
        "Who can Tootoomart pass my name to?",
        [
            TOOTOO(
                "If you choose to participate, we may request your name, email address, mailing address and other personal information."
            )
        ],
    ),
    # a list of collected items that does not name what was asked
    (
        "Does MIKMIK collect my passport number?",
        [
            MIKMIK(
                "A name, Birthday date, Gender, Mobile number (need it for number confirmation & join members ) , CI, DI."
            )
        ],
    ),
]


def test_a_step_runs_over_the_dots_of_an_address():
    """ "by emailing privacy@bluebellbooks.example" was cut at its first dot: a wrong address shown."""
    quote = "You can ask us to delete your account, by emailing privacy@bluebellbooks.example. You can also call us."
    line = direct_answer("How do I delete my Bluebell account?", [(1, quote)], "Bluebell")
    assert line == "by emailing privacy@bluebellbooks.example [1]"


def test_my_card_is_what_policies_call_payment_details():
    quote = "payment details, which are processed by our payment provider Stripe and never stored on our servers."
    line = direct_answer("Does Bluebell store my card details?", [(1, quote)], "Bluebell")
    assert (
        line
        == "No — payment details, which are processed by our payment provider Stripe and never stored on our servers [1]"
    )


def test_a_negation_governs_its_whole_list_of_verbs():
    """ "We do not collect, store or share your location data" refuses each of the three."""
    quote = "We do not collect, store or share your location data."
    for verb in ("collect", "store", "share"):
        line = direct_answer(f"Does Bluebell {verb} my location?", [(1, quote)], "Bluebell")
        assert line == "No — We do not collect, store or share your location data [1]", (verb, line)
    # exceptions set out further away than the next few words still keep it from a plain No
    far = (
        "Yahoo does not rent, sell, or share personal information about you with other people or non-affiliated "
        "companies except to provide products or services you've requested, when we have your permission, or under the following circumstances:"
    )
    assert direct_answer("Does Yahoo share my information?", [(1, far)], "Yahoo") is None


@pytest.mark.parametrize(
    "question, quote",
    [
        # Adweek (PolicyQA): these were "No" lines to eleven questions about sharing
        (
            "Do you share my information with others?",
            "The data protection laws of the countries where we store your personal "
            "data may or may not provide a level of protection equivalent to the laws in your home country.",
        ),
        (
            "Does Adweek share my information with third parties?",
            "At any time, you can contact Prometheus Global Media to "
            "request that we not share your Personally Identifiable Information with third parties.",
        ),
        (
            "Does Kaleida Health share my data without consent?",
            "This will apply whether or not consent was authorized at time of admission.",
        ),
        # more PolicyQA sites: what others may have, the reader's choice, advice, a relative clause, a signal's name
        (
            "Do you disclose my information to third parties?",
            "Alternately, such businesses may have in place a policy not to "
            "disclose personal information of customers to third parties for the third parties direct marketing purposes.",
        ),
        (
            "Do you collect my information?",
            "You may choose not to provide such information by adjusting your browser settings.",
        ),
        (
            "Do you share my password?",
            "We recommend that you choose a unique password and not share your password with anyone.",
        ),
        (
            "Do you use my information?",
            "We may use aggregated information--information that cannot be used to identify you individually--in many ways.",
        ),
        (
            "Do you store information on my device?",
            "Do Not Track (DNT): The Service will at times place and/or store code on your computer.",
        ),
        # it does, within limits: "only share … since we do not share …"
        (
            "Do you share my information with third parties?",
            "If you ask us to share your personal information with a third party "
            "for its marketing purposes, we will only share information in connection with that specific promotion since we do not "
            "share information with any third party without your consent.",
        ),
        # "on me" is where cookies are used, not whose data: a refusal about personal information
        # does not say whether cookies are used (set E, written by someone who never ran it)
        (
            "does the shop use cookies or tracking stuff on me?",
            "Does not use customer personal information for any reason aside from confirmation and contact "
            "related to actions at the website.",
        ),
    ],
)
def test_a_not_that_refuses_nothing_gives_no_no(question, quote):
    assert direct_answer(question, [(1, quote)], "Adweek") is None


@pytest.mark.parametrize(
    "question, quote",
    [
        # PolicyQA sites: advice to the reader is not the company's practice
        (
            "Do you protect my data from unauthorized access?",
            "Use a firewall to prevent unauthorized access to your device.",
        ),
        (
            "Does the website provide users with access to their account data?",
            "Please note: If you register for an account with us, we may contact you to confirm your purchase.",
        ),
        # a verb's form used as a noun: "respond to requests for copies" requests nothing
        (
            "Does the company collect user's location information?",
            "Kaleida Health ordinarily will respond to requests for "
            "copies within 30 days if the information is located in our facility.",
        ),
    ],
)
def test_no_yes_from_advice_or_a_noun(question, quote):
    assert direct_answer(question, [(1, quote)], "Kaleida Health") is None


def test_a_refusal_by_a_tool_or_another_party_answers_only_about_them():
    """The Motley Fool: "Our Web beacons do not collect personally identifiable information" was a No
    to "Does the company collect my personal information?" (it does, says the same policy)."""
    quote = "Our Web beacons do not collect personally identifiable information."
    assert direct_answer("Does the company collect my personal information?", [(1, quote)], "fool.com") is None
    assert (
        direct_answer("Do your web beacons collect my personal information?", [(1, quote)], "fool.com")
        == "No — Our Web beacons do not collect personally identifiable information [1]"
    )


def test_what_another_party_does_is_no_yes_about_the_company():
    """Adweek: "These companies typically use cookies or third party web beacons to collect this
    information" was a Yes to "Does the website use cookies or web beacons to collect …?"."""
    quote = "These companies typically use cookies or third party web beacons to collect this information."
    assert direct_answer("Does the website use cookies to collect my information?", [(1, quote)], "adweek.com") is None
    assert (
        direct_answer("Do third-party companies use cookies?", [(1, quote)], "adweek.com")
        == "Yes — These companies typically use cookies or third party web beacons to collect this information [1]"
    )


def test_a_verb_after_to_is_still_a_verb():
    line = direct_answer(
        "Can I request a copy of my data?", [(1, "You can contact us to request a copy of your data.")], "Bluebell"
    )
    assert line == "Yes — You can contact us to request a copy of your data [1]"


def title_in(question: str) -> str | None:
    """The shop the question names, passed as the caller would (the answer's policy title)."""
    return next((t for t in ("MIKMIK", "KMALL24", "Kpop Mart", "Tootoomart") if t.lower() in question.lower()), None)


@pytest.mark.parametrize("question, quotes, expected", ANSWERED, ids=[q for q, _, _ in ANSWERED])
def test_direct_answer_lifted_from_the_cited_sentence(question, quotes, expected):
    numbered = list(enumerate(quotes, 1))
    line = direct_answer(question, numbered, title_in(question))
    assert line == expected
    assert supported(line, numbered, title_in(question))


UNSETTLED += UNSETTLED_MORE


@pytest.mark.parametrize("question, quotes", UNSETTLED, ids=[q for q, _ in UNSETTLED])
def test_no_line_when_the_quotes_do_not_settle_it(question, quotes):
    assert direct_answer(question, list(enumerate(quotes, 1)), title_in(question)) is None


QUOTE = [(1, TOOTOO("We never sell or rent your personal information to any third parties under any circumstances."))]


@pytest.mark.parametrize(
    "short, ok",
    [
        ("No — We never sell or rent your personal information [1]", True),
        ("NO — we NEVER sell, or rent! [1]", True),  # case and punctuation do not matter
        ("No — Tootoomart says it never sells [1]", False),  # "sells", "it" are not in the quote
        ("No — We never sell or rent your personal information", False),  # no marker
        ("No — We never sell or rent your personal information [2]", False),  # marker names no given quote
        ("Yes — we share your personal information [1]", False),  # "share" is not in the quote
    ],
)
def test_supported_allows_only_quote_words_and_connectives(short, ok):
    assert supported(short, QUOTE) is ok


def test_the_policy_title_may_name_the_shop():
    assert supported("No — Tootoomart says we never sell [1]", QUOTE, title="Tootoomart")
    assert not supported("No — Tootoomart says we never sell [1]", QUOTE)


def test_age_conditions():
    from assistant.answer.ages import age_applies, asked_age

    assert (
        asked_age("my 12 year old daughter") == 12
        and asked_age("a 15-year-old") == 15
        and asked_age("my son, aged 9") == 9
    )
    assert asked_age("How long do you keep data for 3 years?") is None
    assert age_applies(12, "under the age of thirteen (13)") and not age_applies(13, "under the age of thirteen (13)")
    assert age_applies(15, "under the age of 18 but at least 13 years of age") and not age_applies(
        12, "under 18 but at least 13"
    )
    assert age_applies(40, "We collect your name.")


def test_no_plain_no_on_sharing_when_another_quote_shares_with_someone(bot):
    """ "does kmall24 share my data?" got "No — We will not sell, distribute or lease your personal
    information to third parties …" beside its own quote "We may share your information within KITA
    and third parties … (ex. Logistics, Payment, etc.)": the quotes disagree, so no line."""
    answer = bot.ask("does kmall24 share my data?")
    assert not answer.text.startswith("No")
    assert any("We may share your information within KITA" in c.quote for c in answer.citations)
    # Asked about selling, the refusal stands: sharing with a courier is not selling.
    assert bot.ask("Does Kmall24 sell my personal information?").text.startswith("No — We will not sell")


def test_no_plain_no_on_sending_data_abroad_from_a_refusal_to_share_with_third_parties(bot):
    """ "does kmall24 send my personal data to other countries" said "No — We will not sell, distribute
    or lease your personal information to third parties …": a refusal about third parties says
    nothing about other countries."""
    answer = bot.ask("does kmall24 send my personal data to other countries")
    assert answer.short is None or not answer.short.startswith("No"), answer.short


def test_the_period_of_the_clause_about_what_was_asked_in_the_policys_words(bot):
    """ "how long until an unused account is deleted" said "until there is a canceling request", the
    first period of the sentence; "unused" is the policy's "lack of interacting log in after 60 days"."""
    answer = bot.ask("how long until an unused account is deleted according to the information security policy?")
    assert answer.short and answer.short.startswith("after 60 days"), answer.short
