"""Does a policy cover the question: typos and the policy's own words are not missing topics,
everyday acronyms are found spelled out. Pure functions over literal text."""

from __future__ import annotations

from assistant.answer import coverage


def test_missing_words_tolerate_typos_and_the_policys_own_words():
    policy = "we share data with third parties. we use cookies and web beacons. you may opt-out at any time."
    assert coverage.missing_words("Do you share with third parities?", policy, set()) == []
    assert coverage.missing_words("Do you track me?", policy, set()) == []  # "track" -> cookies, beacons
    assert coverage.missing_words("Can I unsubscribe?", policy, set()) == []  # -> opt-out
    # a link is no way to unsubscribe: "near the link to the Privacy Policy" answered how to unsubscribe
    linked = "we will add new near the link to the privacy policy. newsletter: we send e-mails."
    assert coverage.missing_words("How do I unsubscribe from the newsletter?", linked, set()) == ["unsubscribe"]
    assert coverage.missing_words("Do you use blockchain?", policy, set()) == ["blockchain"]
    assert coverage.missing_words("Do you use blockchian?", policy, set()) == ["blockchian"]  # no near word


def test_words_about_the_policy_as_a_text_are_no_missing_topic():
    """ "Does the policy clearly specify …" abstained on "specify" in policies that never use the word."""
    policy = "we keep your order records for 5 years. we use cookies."
    assert (
        coverage.missing_words("Does the policy clearly specify how long order records are kept?", policy, set()) == []
    )
    assert coverage.missing_words("Is the policy transparent about fingerprint scans?", policy, set()) == [
        "fingerprint",
        "scans",
    ]


def test_children_are_a_topic_a_policy_may_leave_out():
    """ "children" was filler, so a policy that never mentions children answered a question about
    them with its opt-out passage."""
    policy = "you may choose to restrict the collection or use of your personal information."
    assert coverage.missing_words("How do you handle children's information?", policy, set()) == ["children"]
    assert coverage.missing_words("Do you sell to kids?", "we never sell to children under 13.", set()) == []


def test_forms_of_generic_words_are_no_missing_topic():
    """ "What happens to user data once it is no longer needed?" abstained on "longer" (and "needed")
    in policies that say how long they keep it: forms of generic words ("need", "long") are generic."""
    policy = "we retain your personal information for as long as necessary, then delete it."
    assert coverage.missing_words("What happens to data once it is no longer needed?", policy, set()) == []
    assert coverage.missing_words("Do they keep fingerprints longer?", policy, set()) == ["fingerprints"]


def test_chat_filler_is_no_missing_topic():
    """ "tootoo mart selling my data or nah?" abstained: the policy never says "nah"."""
    policy = "we never sell or rent your personal information to any third parties."
    assert coverage.missing_words("selling my data or nah?", policy, set()) == []
    assert coverage.missing_words("lol do u sell my data tbh", policy, set()) == []
    assert coverage.missing_words("do u sell my fingerprints lol", policy, set()) == ["fingerprints"]


def test_a_retention_rule_without_a_length_answers_how_long():
    """US policies often keep data "as necessary to comply with our legal obligations" or "for a
    reasonable period": the policy's answer to "how long", not a reason to say it does not say."""
    _, duration = coverage.answer_type("How long does the company keep personal information?")
    rule = "We will retain and use your information as necessary to comply with our legal obligations."
    assert duration.search(rule) and coverage.about_keeping(rule, [])
    assert coverage.about_keeping(
        "We may store the Personally Identifiable Information we hold about you indefinitely.", []
    )
    assert not duration.search("We use your information to process your orders.")


def test_everyday_acronyms_are_found_spelled_out():
    assert coverage.term_in("IDs", "we collect device identifiers and your ip address")
    assert not coverage.term_in("IDs", "we collect your name")
    assert not coverage.term_in("Google Analytics", "we use our own analytics")


def test_opening_hours_are_times_of_day_not_how_soon():
    """A number of hours ("within 24 hours", how soon an e-mail is answered) is a duration: "mikmik call
    centre opening hours?" quoted it instead of the phone hours in the sentence before."""
    label, hours = coverage.answer_type("mikmik call centre opening hours?")
    assert label == "the hours"
    assert hours.search("Counselling time on phone is possible from AM 10:00 to PM 05:00 in Korea business time.")
    assert hours.search("Our office hours are Monday to Friday.")
    assert not hours.search("We are trying to give an answer within 24 hours after receiving counselling by email.")
    assert not hours.search("Requests are handled within 48hours.")


def test_how_long_passages_speak_of_the_thing_asked():
    """A length of time answers "how long"; an end ("once", "expire", "is removed") only when it is
    said of what was asked, or of keeping personal information as a whole."""
    _, duration = coverage.answer_type("How long do you keep my card details?")
    assert not duration.search("Payment details (including payment card number, security code, expiration date)")
    assert not duration.search("please write to or email us as soon as possible")
    assert duration.search("then the data is removed from the system")
    assert coverage.about_keeping("Complaint or trouble settlement: 3 years.", ["grumble"])
    cookies = "Once you log out or close your browser, these session cookies expire."
    assert coverage.about_keeping(cookies, ["cookies"]) and not coverage.about_keeping(cookies, [])
    assert not coverage.about_keeping("then the data is removed from the system", ["payment", "details"])
    assert coverage.about_keeping("We keep your personal information until you close your account.", ["address"])


def test_a_recipients_question_is_answered_by_a_passage_that_shares_with_someone():
    q = "Who does Tootoomart share my details with?"
    assert coverage.names_recipients(
        q, "We will share personal customer information only with our agents, representatives."
    )
    assert coverage.names_recipients(
        q, "We may share your information within KITA and third parties with whom we have a relationship"
    )
    # shared with nobody, or with the reader: not recipients
    assert not coverage.names_recipients(
        q,
        "None of your personally identifiable information (such as your name, address, email address, etc.) will be received by or shared with these third parties.",
    )
    assert not coverage.names_recipients(
        q,
        "Aside from the purposes described above, we will never share your personal information with any other third parties.",
    )
    assert not coverage.names_recipients(q, "We will provide it to you on request.")
    # other questions are not recipient questions
    assert coverage.names_recipients("What does Tootoomart collect?", "We share it with our agents.") is None


def test_pointers_to_an_address_given_elsewhere_are_recognised():
    from assistant.answer.referred import _POINTS

    for text in [
        "please write to or email us as soon as possible, at the above address.",
        "You can reach us at the address below.",
        "Send your request to the following address:",
        "using the contact details above",
    ]:
        assert _POINTS.search(text), text
    assert not _POINTS.search("We collect your name and address above all to deliver your order.")


def test_what_the_reader_provides_is_not_shared_with_anyone():
    q = "Who gets my personal information at Tootoomart?"
    assert not coverage.names_recipients(
        q,
        "If we encounter a problem when processing your order, we may use the personal information you provide us with to contact you.",
    )


def test_which_country_is_answered_by_a_country():
    """ "Which country is MIKMIK's overseas IDC center in?" was answered by the sentence that only says
    "overseas IDC center": a question asking which country wants a passage that names one."""
    label, country = coverage.answer_type("which country is MIKMIK's overseas IDC data center located in?")
    assert label == "a country"
    assert not country.search("MIKMIK is receiving support of basic security from overseas IDC center.")
    assert country.search("Your data is stored on servers in the United States.")
    assert country.search("We may transfer it to Korean partners.")  # the start of a word: "Korea"
    assert not country.search("Please CONTACT US with any questions.")  # capitals, not the U.S.
    assert coverage.answer_type("What countries do you send my data to?")[0] == "a country"
    assert coverage.answer_type("Is my data sent to another country?") is None  # a yes/no, not which


def test_a_policy_that_names_no_country_says_so(bot):
    answer = bot.ask("which country is MIKMIK's overseas IDC data center located in?")
    assert not answer.answerable and "does not give a country" in answer.text, answer.text
    assert any("overseas IDC center" in c.quote for c in answer.citations)  # the closest passage still shown


def test_a_minimum_age_is_answered_by_an_age_limit():
    """ "What is the minimum age to become a MIKMIK member?" was answered by "age-limited service
    offer"; an age limit ("under the age of 13", "18 or older") answers it."""
    label, limit = coverage.answer_type("What is the minimum age to become a MIKMIK member?")
    assert label == "an age"
    assert not limit.search("Name of purchaser, CI/DI: Confirmation of identity, age-limited service offer")
    assert limit.search("Children under the age of 13 may not use this Site.")
    assert limit.search("You must be 18 or older to register.")
    assert coverage.answer_type("how old do I have to be to shop there?")[0] == "an age"
    assert coverage.answer_type("Does Kpop Mart check how old I am?") is None  # a yes/no, not asking an age


def test_a_policy_that_sets_no_age_says_so(bot):
    answer = bot.ask("What is the minimum age to become a MIKMIK member?")
    assert not answer.answerable and "does not give an age" in answer.text, answer.text
