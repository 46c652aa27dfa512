"""A deterministic, realistic synthetic network (``kith demo``), as plain data.

Same ``people``, ``seed`` and ``today`` always give the same network. It has career histories
across industries, who-knows-whom clusters with a few bridges, groups with contributors,
two years of interactions with intents and initiators, and a job search that started and landed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Femi",
    "Gita",
    "Hugo",
    "Ines",
    "Jon",
    "Kemal",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Xavi",
    "Yara",
    "Zoe",
    "Aiko",
    "Bruno",
    "Carla",
    "Dara",
    "Emil",
    "Farah",
    "Goran",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lila",
    "Marco",
    "Nina",
    "Oscar",
    "Paula",
    "Raj",
    "Sofia",
    "Tom",
    "Uma",
    "Viktor",
    "Willa",
    "Yusuf",
    "Zara",
    "Leo",
    "Mia",
]
LAST = [
    "Lima",
    "Okafor",
    "Martin",
    "Patel",
    "Rossi",
    "Adeyemi",
    "Rao",
    "Lefevre",
    "Costa",
    "Berg",
    "Yilmaz",
    "Novak",
    "Silva",
    "Haddad",
    "Farouk",
    "Sharma",
    "Kelly",
    "Diaz",
    "Weber",
    "Singh",
    "Khan",
    "Petrova",
    "Chen",
    "Ruiz",
    "Haddad",
    "Tanaka",
    "Moreau",
    "Ferreira",
    "Walsh",
    "Jensen",
    "Kowalski",
    "Nguyen",
    "Murphy",
    "Sato",
    "Ibrahim",
    "Fischer",
    "Larsen",
    "Bianchi",
    "Santos",
    "Mensah",
]

ORGS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Acme Corp.", "software", ("Software Engineer", "Engineering Manager", "Product Manager")),
    ("Globex", "software", ("Senior Engineer", "Data Scientist", "Designer")),
    ("Initech", "it services", ("Consultant", "Project Manager", "Developer")),
    ("Ledgerly", "fintech", ("Backend Engineer", "Risk Analyst", "Head of Product")),
    ("Mercy Health", "healthcare", ("Nurse Manager", "Data Analyst", "IT Director")),
    ("Riverside University", "education", ("Lecturer", "Researcher", "Career Adviser")),
    ("Studio Nine", "design", ("UX Designer", "Creative Director", "Illustrator")),
    ("Northwind Traders", "retail", ("Operations Lead", "Buyer", "Store Manager")),
    ("Contoso Media", "digital media", ("Editor", "Producer", "Growth Marketer")),
    ("Umbrella Manufacturing", "manufacturing", ("Plant Engineer", "Quality Lead", "Planner")),
)
ORG_WORDS = (
    "Blue Harbor",
    "Northstar",
    "Quarry",
    "Lumen",
    "Cobalt",
    "Juniper",
    "Halcyon",
    "Meridian",
    "Tidewater",
    "Redwood",
    "Silverline",
    "Kestrel",
    "Orchard",
    "Beacon",
    "Ironbridge",
    "Sable",
)
ORG_KINDS = ("Labs", "Systems", "Partners", "Analytics", "Health", "Studio", "Logistics", "Bank")


def org_table(people: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """The named employers plus a long tail, as real networks have (about one per 12 people)."""
    table = list(ORGS)
    for i in range(max(6, people // 12)):
        word = ORG_WORDS[i % len(ORG_WORDS)]
        kind = ORG_KINDS[(i // len(ORG_WORDS)) % len(ORG_KINDS)]
        series = i // (len(ORG_WORDS) * len(ORG_KINDS))
        name = f"{word} {kind}" + (f" {series + 1}" if series else "")
        _, industry, titles = ORGS[i % len(ORGS)]
        table.append((name, industry, titles))
    return table


CLUSTERS: tuple[tuple[str, tuple[str, ...], tuple[int, ...]], ...] = (
    # name, interests, org indexes people in it tend to work at
    ("ex-Acme colleagues", ("python", "distributed systems", "engineering management"), (0, 1, 3)),
    ("university friends", ("hiking", "music", "research"), (5, 4, 2)),
    ("design community", ("ux", "accessibility", "illustration"), (6, 8, 1)),
    ("fintech meetup", ("fintech", "python", "data"), (3, 0, 2)),
    ("neighbours and family", ("cooking", "football", "gardening"), (7, 9, 4)),
)
GROUPS = (
    ("Python Meetup Lisbon", "Meetup", ("python", "data")),
    ("UX Guild", "Slack", ("ux", "accessibility")),
    ("Fintech Founders Circle", "LinkedIn", ("fintech", "startups")),
    ("Engineering Leaders", "Slack", ("engineering management", "leadership")),
)
ME_NAME = "Alex Morgan"

# tie classes: (share, touches per year, channels, closeness)
TIE_CLASSES = {
    "inner": (0.03, 30, ("in_person", "call", "message", "video"), 5),
    "close": (0.07, 12, ("call", "message", "in_person", "video"), 4),
    "medium": (0.20, 4, ("message", "email", "video", "event"), 3),
    "weak": (0.35, 1.2, ("message", "email", "social_comment", "event"), 2),
    "dormant": (0.15, 0, ("in_person", "call", "email"), 3),
    "never": (0.20, 0, ("message",), None),
}
SUMMARIES = {
    "catch_up": (
        "Coffee and catch-up",
        "Quick call to catch up",
        "Lunch",
        "Caught up after the meetup",
    ),
    "give": ("Sent a job posting that fits them", "Reviewed their CV", "Shared an article on {t}"),
    "connect": ("Introduced them to a friend working on {t}", "Made an intro over email"),
    "ask": (
        "Asked for advice on {t}",
        "Asked about openings at their company",
        "Asked for a referral",
    ),
    "thanks": ("Thanked them for the intro", "Sent a thank-you and an update"),
    "follow_up": ("Followed up on our chat", "Sent the notes I promised"),
}


@dataclass
class DemoPerson:
    key: int
    name: str
    tie: str
    cluster: int
    tags: list[str]
    location: str
    closeness: int | None
    met_on: date | None
    how_met: str | None
    kin: bool
    emails: list[str]
    positions: list[tuple[int, str, date | None, date | None]] = field(default_factory=list)


@dataclass
class DemoInteraction:
    on: date
    channel: str
    intent: str
    initiator: str
    summary: str
    people: list[int]
    outcome: str | None = None


@dataclass
class DemoData:
    me_positions: list[tuple[int, str, date | None, date | None]]
    me_tags: list[str]
    people: list[DemoPerson]
    links: list[tuple[int, int, str]]
    groups: list[tuple[str, str, tuple[str, ...]]]
    memberships: list[tuple[int, int]]  # group index, person key
    activities: list[tuple[int, int, str, date, str]]  # group, person key (-1: me), kind, on, topic
    interactions: list[DemoInteraction]
    orgs: list[tuple[str, str, tuple[str, ...]]]  # name, industry, titles
    job_search: tuple[date, date, str, tuple[str, ...], tuple[str, ...]]  # start, landed, org


def generate(
    people: int = 200,
    seed: int = 7,
    today: date = date(2026, 11, 25),
    *,
    links_per_person: int = 4,
    activity: float = 1.0,
) -> DemoData:
    """``links_per_person`` and ``activity`` (a touch-rate multiplier) scale benchmarks."""
    rng = random.Random(seed)
    search_start = today - timedelta(days=300)
    landed = today - timedelta(days=120)
    taken: set[str] = set()
    orgs = org_table(people)
    named_share = min(0.85, 2500 / max(people, 1))
    folks = [_person(rng, i, today, taken, orgs, named_share) for i in range(people)]
    me_positions: list[tuple[int, str, date | None, date | None]] = [
        (0, "Software Engineer", today - timedelta(days=2900), today - timedelta(days=1400)),
        (7, "Engineering Lead", today - timedelta(days=1400), landed - timedelta(days=1)),
        (3, "Engineering Manager", landed, None),
    ]
    interactions = _interactions(rng, folks, today, search_start, landed, activity)
    memberships, activities = _groups(rng, folks, today)
    return DemoData(
        me_positions=me_positions,
        me_tags=["python", "fintech", "engineering management", "hiking"],
        people=folks,
        links=_links(rng, folks, links_per_person),
        groups=list(GROUPS),
        memberships=memberships,
        activities=activities,
        interactions=interactions,
        orgs=orgs,
        job_search=(
            search_start,
            landed,
            ORGS[3][0],
            ("Ledgerly", "Acme"),
            ("engineering manager",),
        ),
    )


def _person(
    rng: random.Random,
    key: int,
    today: date,
    taken: set[str],
    table: list[tuple[str, str, tuple[str, ...]]],
    named_share: float,
) -> DemoPerson:
    tie = _pick_tie(rng)
    cluster = rng.randrange(len(CLUSTERS))
    first, last = rng.choice(FIRST), rng.choice(LAST)
    name = _unique_name(first, last, key, taken)
    _, interests, orgs = CLUSTERS[cluster]
    tags = rng.sample(interests, k=rng.randint(0, 2))
    closeness = TIE_CLASSES[tie][3]
    met_years = {"inner": 9, "close": 7, "medium": 5, "weak": 3, "dormant": 8, "never": 1}[tie]
    met_on = today - timedelta(days=rng.randint(200, 365 * met_years + 200))
    slug = f"{first}.{last}{key}".lower()
    person = DemoPerson(
        key=key,
        name=name,
        tie=tie,
        cluster=cluster,
        tags=tags,
        location=rng.choice(("Lisbon", "Porto", "London", "Berlin", "Remote")),
        closeness=closeness if rng.random() < 0.6 else None,
        met_on=met_on if rng.random() < 0.7 else None,
        how_met=rng.choice((None, "work", "university", "a meetup", "through a friend")),
        kin=cluster == 4 and rng.random() < 0.3,
        emails=[f"{slug}@example.org"] if rng.random() < 0.8 else [],
    )
    person.positions = _career(rng, orgs, today, table, named_share)
    return person


def _unique_name(first: str, last: str, key: int, taken: set[str]) -> str:
    """First and last name; a middle initial (then a number) keeps names unique."""
    candidates = [f"{first} {last}"]
    candidates += [f"{first} {chr(65 + (key + i) % 26)}. {last}" for i in range(26)]
    for name in candidates:
        if name not in taken:
            taken.add(name)
            return name
    name = f"{first} {last} ({key})"
    taken.add(name)
    return name


def _pick_tie(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for tie, (share, *_rest) in TIE_CLASSES.items():
        acc += share
        if x < acc:
            return tie
    return "never"


def _career(
    rng: random.Random,
    orgs: tuple[int, ...],
    today: date,
    table: list[tuple[str, str, tuple[str, ...]]],
    named_share: float,
) -> list[tuple[int, str, date | None, date | None]]:
    stints: list[tuple[int, str, date | None, date | None]] = []
    start = today - timedelta(days=rng.randint(1500, 5000))
    for _ in range(rng.randint(1, 3)):
        org = rng.choice(orgs) if rng.random() < named_share else rng.randrange(len(table))
        title = rng.choice(table[org][2])
        end = start + timedelta(days=rng.randint(400, 1800))
        if end >= today - timedelta(days=30):
            stints.append((org, title, start, None))
            return stints
        stints.append((org, title, start, end))
        start = end + timedelta(days=rng.randint(1, 60))
    last_org, last_title, last_start, _ = stints[-1]
    stints[-1] = (last_org, last_title, last_start, None)
    return stints


def _links(
    rng: random.Random, folks: list[DemoPerson], per_person: int
) -> list[tuple[int, int, str]]:
    by_cluster: dict[int, list[int]] = {}
    for p in folks:
        by_cluster.setdefault(p.cluster, []).append(p.key)
    seen: set[tuple[int, int]] = set()
    out = []
    for members in by_cluster.values():
        for a in members:
            for b in rng.sample(members, k=min(len(members), per_person)):
                pair = (min(a, b), max(a, b))
                if a != b and pair not in seen:
                    seen.add(pair)
                    kind = rng.choice(("knows", "knows", "knows_well", "colleague"))
                    out.append((pair[0], pair[1], kind))
    bridges = max(2, len(folks) // 40)
    for _ in range(bridges):  # a few people bridge clusters
        a, b = rng.sample(range(len(folks)), 2)
        pair = (min(a, b), max(a, b))
        if folks[a].cluster != folks[b].cluster and pair not in seen:
            seen.add(pair)
            out.append((pair[0], pair[1], "knows"))
    return out


def _interactions(
    rng: random.Random,
    folks: list[DemoPerson],
    today: date,
    search_start: date,
    landed: date,
    activity: float,
) -> list[DemoInteraction]:
    start = today - timedelta(days=730)
    out: list[DemoInteraction] = []
    helpers: list[int] = []
    for p in folks:
        per_year = TIE_CLASSES[p.tie][1] * activity
        count = _poisson(rng, per_year * 2)
        for _ in range(count):
            on = start + timedelta(days=rng.randint(0, 729))
            touch = _touch(rng, p, on, asking=search_start <= on <= landed)
            out.append(touch)
            if (
                touch.initiator == "them"
                and touch.intent in ("give", "connect")
                and (rng.random() < 0.8)
            ):  # a considerate user thanks most helpers within days
                thanks_on = on + timedelta(days=rng.randint(1, 10))
                out.append(
                    DemoInteraction(
                        thanks_on, "message", "thanks", "me", "Thanked them for the help", [p.key]
                    )
                )
        if p.tie == "dormant":
            old = today - timedelta(days=rng.randint(900, 1500))
            out.append(_touch(rng, p, old, asking=False))
    relevant = [p for p in folks if p.tie in ("medium", "weak", "close")]
    for p in rng.sample(relevant, k=min(len(relevant), max(3, len(folks) // 25))):
        on = search_start + timedelta(days=rng.randint(5, 120))
        ask = DemoInteraction(
            on,
            "email",
            "ask",
            "me",
            _text(rng, "ask", p),
            [p.key],
            outcome=rng.choice(("helped", "helped", "declined", "no_reply")),
        )
        out.append(ask)
        if ask.outcome == "helped":
            helpers.append(p.key)
    for key in helpers[: max(1, len(helpers) * 2 // 3)]:  # most helpers get thanked
        on = landed + timedelta(days=rng.randint(2, 20))
        out.append(
            DemoInteraction(
                on, "message", "thanks", "me", "Thanked them and shared the news", [key]
            )
        )
    out.sort(key=lambda it: (it.on, it.people[0], it.intent))
    return [it for it in out if it.on <= today]


def _touch(rng: random.Random, p: DemoPerson, on: date, *, asking: bool) -> DemoInteraction:
    intents = ["catch_up"] * 5 + ["give"] * 2 + ["connect", "follow_up", "thanks"]
    if asking:
        intents += ["ask"] * 2
    intent = rng.choice(intents)
    channel = rng.choice(TIE_CLASSES[p.tie][2])
    initiator = rng.choice(("me", "me", "them", "mutual"))
    return DemoInteraction(on, channel, intent, initiator, _text(rng, intent, p), [p.key])


def _text(rng: random.Random, intent: str, p: DemoPerson) -> str:
    topic = p.tags[0] if p.tags else "work"
    return rng.choice(SUMMARIES[intent]).format(t=topic)


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    # Knuth's method is fine for the small means used here
    limit, k, prod = pow(2.718281828459045, -min(mean, 60)), 0, 1.0
    while True:
        prod *= rng.random()
        if prod <= limit:
            return k
        k += 1


def _groups(
    rng: random.Random, folks: list[DemoPerson], today: date
) -> tuple[list[tuple[int, int]], list[tuple[int, int, str, date, str]]]:
    memberships: list[tuple[int, int]] = []
    activities: list[tuple[int, int, str, date, str]] = []
    for gi, (_, _, interests) in enumerate(GROUPS):
        members = [p for p in folks if set(p.tags) & set(interests)]
        for p in members:
            memberships.append((gi, p.key))
        for p in members[: max(2, len(members) // 4)]:  # the contributors
            for _ in range(rng.randint(1, 4)):
                on = today - timedelta(days=rng.randint(1, 400))
                kind = rng.choice(("post", "comment", "comment", "talk", "organized"))
                activities.append((gi, p.key, kind, on, rng.choice(interests)))
        if gi < 2:  # the user shows up in two groups, less lately
            for days in (20, 95, 200, 320):
                activities.append(
                    (gi, -1, "comment", today - timedelta(days=days + gi * 30), interests[0])
                )
    return memberships, activities
