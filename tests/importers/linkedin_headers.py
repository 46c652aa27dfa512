"""Exact LinkedIn export headers and preamble, copied from shared/formats.md §1."""

from __future__ import annotations


def _header(line: str) -> list[str]:
    """Headers are kept as the verbatim lines of formats.md, split here."""
    return line.split(",")


CONNECTIONS = _header("First Name,Last Name,URL,Email Address,Company,Position,Connected On")
CONNECTIONS_2018 = _header("First Name,Last Name,Email Address,Company,Position,Connected On")
CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    " are missing. You will only see email addresses for connections who have allowed their"
    " connections to see or download their email address using this setting"
    " https://www.linkedin.com/psettings/privacy/email. You can learn more here"
    ' https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
MESSAGES_2024 = _header(
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER"
)
MESSAGES_DEC_2024 = [*MESSAGES_2024, "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"]
MESSAGES_2018 = _header("From,To,Date,Subject,Content,Direction,Folder")
INVITATIONS_2018 = _header("From,To,Sent At,Message,Direction")
INVITATIONS_JAN_2024 = [*INVITATIONS_2018, "inviterProfileUrn", "inviteeProfileUrn"]
INVITATIONS_2024 = [*INVITATIONS_2018, "inviterProfileUrl", "inviteeProfileUrl"]
POSITIONS = _header("Company Name,Title,Description,Location,Started On,Finished On")
PROFILE_2024 = _header(
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
    "Geo Location,Twitter Handles,Websites,Instant Messengers"
)
PROFILE_2018 = _header(
    "First Name,Last Name,Maiden Name,Address,Birth Date,Contact Instructions,Headline,Summary,"
    "Industry,Country,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers"
)
EMAIL_ADDRESSES = _header("Email Address,Confirmed,Primary,Updated On")
PHONE_NUMBERS = _header("Extension,Number,Type")
ENDORSEMENTS_RECEIVED = _header(
    "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,"
    "Endorsement Status"
)
ENDORSEMENTS_GIVEN = _header(
    "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,Endorsee Public Url,"
    "Endorsement Status"
)
RECOMMENDATIONS = _header("First Name,Last Name,Company,Job Title,Text,Creation Date,Status")
