#!/usr/bin/env python3
"""Write COUNT made-up news stories in page copy (one .txt per story) for the load benchmark.

Usage: make_stories.py OUTDIR COUNT [SEED]

Every town, person, newspaper and event is fictional. The corpus is deterministic for a
given COUNT and SEED. Stories are spread over five sections (the first line of the
partner's breadcrumb), a dozen source newspapers with their own reporters, one to three
bylined people, one to three subheads, optional "Published in" categories, dates over the
last year, and the footers syndicated copy carries (rule, contributor line, copyright with
"Visit" and "Distributed by", sometimes a comments block).

Most stories are 600-900 words (a regular news story). Every 50th story, and always the
first one, is a long read of 3,900-4,600 words, whose article page is ~25-35 KB of HTML like
the reference page of ../shared/bench/article.py; the benchmark measures the first one. Its path,
relative to OUTDIR, is printed on stdout; a summary goes to stderr.

Headlines are unique across the corpus (also after slugging), so every file is a new story.
"""
import datetime
import os
import random
import re
import sys

SECTIONS = {
    "Current News": {
        "dir": "news",
        "categories": ["News & Features", "Local", "Transportation", "Public Safety", "Government"],
        "headlines": [
            "{town} council approves {adj} plan for {project}",
            "{town} voters to decide on {project} in {month}",
            "{town} transit board adds {num} late-night bus routes",
            "Residents of {town} push back on {project}",
            "{town} fire crews contain blaze at {place}",
            "{town} school board delays vote on {project}",
            "State grant of ${money} million to fund {project} in {town}",
            "{town} mayor names new {role} after {num}-month search",
            "Audit finds {town} overspent on {project}",
            "{town} to reopen {place} after {num}-year closure",
            "Flood repairs in {town} near completion at {place}",
            "{town} library extends hours as demand grows at {place}",
        ],
    },
    "Business": {
        "dir": "business",
        "categories": ["Economy", "Small Business", "Real Estate", "Markets", "Jobs"],
        "headlines": [
            "{company} to add {num} jobs at {town} {facility}",
            "{town} {trade} owners buy {place} to keep it open",
            "{company} posts {adj} quarter as {town} orders climb",
            "Rents in {town} rise {pct} percent as vacancies shrink",
            "{company} weighs moving headquarters from {town}",
            "{town} port handles record {cargo} shipments",
            "{company} opens {facility} in {town} with ${money} million loan",
            "{town} merchants split over {project}",
            "Credit union in {town} expands into {town2}",
            "{company} cuts {num} jobs at {town} {facility}",
            "{town} {trade} cooperative signs export deal for {cargo}",
            "Tourism spending in {town} tops ${money} million",
        ],
    },
    "Science & Environment": {
        "dir": "science",
        "categories": ["Climate", "Health", "Energy", "Wildlife", "Research"],
        "headlines": [
            "{town} researchers map {adj} erosion along {place}",
            "Drought pushes {town} growers toward {crop}",
            "{town} battery project to store {num} megawatt-hours",
            "Survey counts {num} {animal} nesting near {town}",
            "{university} team finds {adj} bacterium in {lake}",
            "Water tests at {lake} show {adj} levels of runoff",
            "{town} hospital trial tests {adj} treatment for {illness}",
            "Heat study ranks {town} streets by shade cover",
            "{university} sensors track {animal} across {lake}",
            "{town} wind project wins state approval after {num} hearings",
            "Invasive {animal} spread to {lake} near {town}",
            "{town} clinic reports rise in {illness} cases",
        ],
    },
    "Sports": {
        "dir": "sports",
        "categories": ["High Schools", "College", "Outdoors", "Running", "Sailing"],
        "headlines": [
            "{town} {team} edge {town2} {team2} {score} in {round}",
            "{town} {team} coach steps down after {num} seasons",
            "{town} runner sets course record at {race}",
            "{town2} {team2} rally late to beat {town} {team} {score}",
            "{town} rowing club wins {race} for {ord} straight year",
            "{town} {team} clinch {round} berth with {score} win",
            "New turf field opens at {place} in {town}",
            "{town} sailing crew takes {race} in heavy wind",
            "{town} {team} sign {adj} goalkeeper from {town2}",
            "{town} swimmers break {num} league records at {race}",
            "Injuries pile up for {town} {team} ahead of {round}",
            "{town} hosts {race} with {num} entrants",
        ],
    },
    "Arts & Culture": {
        "dir": "arts",
        "categories": ["Books", "Music", "Theater", "Museums", "Food"],
        "headlines": [
            "{town} maritime museum reopens with {adj} gallery",
            "{town} choir revives {adj} harvest songs",
            "Novelist from {town} wins {prize} for debut",
            "{town} theater stages {adj} adaptation of a local legend",
            "{town} market hall returns after {num}-year restoration",
            "Painter {person} opens studio at {place} in {town}",
            "{town} film festival draws {num} submissions",
            "{town} bakers revive {adj} rye recipe",
            "{town} orchestra names {person} music director",
            "Lost {town} mural found under plaster at {place}",
            "{town} poets gather for {ord} annual reading at {place}",
            "{town} jazz series moves to {place}",
        ],
    },
}

TOWNS = [
    "Port Alder", "Orrin Valley", "Wrenfield", "Quillmoss", "Gullhaven", "Haverly", "Tollan Ridge",
    "Kestrel Bay", "Brackwater", "Merrow Flats", "Tarrow Vale", "Fenmoor", "Ashcombe", "Dunmarrow",
    "Pellham Cross", "Saltmere", "Corrin Hollow", "Vessel Point", "Lindqvist Harbor", "Marlow Heath",
    "Brannock", "Eastwyck", "Hollin Bay", "Stoneharrow", "Caddis Springs", "Wexley", "Oriel Sands",
    "Thornbury Mills", "Greywater", "Sable Reach", "Amberlee", "Rookhaven",
]
FIRST = [
    "Marcus", "Nell", "Tomás", "Harriet", "Emeka", "Wendell", "Delphine", "Walter", "Carol", "Sunil",
    "Petra", "Ines", "Tobias", "Priya", "Corinne", "Gideon", "Helena", "Ruben", "Amaya", "Declan",
    "Yusuf", "Maren", "Oliver", "Dana", "Lionel", "Farah", "Mateo", "Ingrid", "Kwame", "Lucia",
    "Anselm", "Bettina", "Cyrus", "Dagny", "Elias", "Fiona", "Gustavo", "Hana", "Ivo", "Juno",
    "Kasimir", "Leona", "Milo", "Noor", "Otto", "Paloma", "Quentin", "Rosalind", "Soren", "Thea",
    "Ulrich", "Vera", "Wim", "Ximena", "Yara", "Zeno", "Aurelia", "Bastian", "Celeste", "Dmitri",
]
LAST = [
    "Leland", "Kittredge", "Reyes", "Quennell", "Lindahl", "Abara", "Arkwright", "Inglesby", "Ambrey",
    "Marchetti", "Quill", "Farrow", "Wren", "Halvorsen", "Delacroix", "Ashby", "Marsh", "Voss",
    "Oyelaran", "Moreau", "Brandt", "Castellano", "Penhallow", "Okafor", "Bramwell", "Achterberg",
    "Blackwood", "Coulter", "Drummond", "Eskildsen", "Fairweather", "Galloway", "Hartigan", "Ibarra",
    "Jessop", "Kowalczyk", "Lachance", "Mbeki", "Nakagawa", "Ostrowski", "Pemberton", "Quintero",
    "Rasmussen", "Sandoval", "Thorvaldsen", "Underwood", "Valdivia", "Whitcombe", "Yardley", "Zeller",
    "Abernathy", "Bexley", "Carrow", "Dunleavy", "Everly", "Fenwick", "Grimsby", "Hollister",
]
ORGS = [
    ("Port Alder Sentinel", "portaldersentinel.example"), ("Orrin Valley Courier", "orrinvalleycourier.example"),
    ("Harbor Times", "harbortimes.example"), ("Kestrel Bay Gazette", "kestrelbaygazette.example"),
    ("Wrenfield Observer", "wrenfieldobserver.example"), ("Gullhaven Post", "gullhavenpost.example"),
    ("Tollan Ridge Record", "tollanridgerecord.example"), ("Brackwater Bulletin", "brackwaterbulletin.example"),
    ("Merrow Flats Herald", "merrowflatsherald.example"), ("Haverly Tribune", "haverlytribune.example"),
    ("Quillmoss Journal", "quillmossjournal.example"), ("Tarrow Vale Chronicle", "tarrowvalechronicle.example"),
]
PARTNERS = [
    "The Tidewater Reader", "Plainsview Daily", "The Harbor Ledger", "Northfield Courier Online",
    "Coastline Weekly", "The Valley Dispatch", "Riverbend News Network",
]
DISTRIBUTORS = ["Coastal Content Syndicate, LLC", "Northern Wire Services", "Meridian News Exchange"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]

FILL = {
    "adj": ["revised", "ambitious", "scaled-back", "long-delayed", "unusual", "modest", "record",
            "contested", "experimental", "rare", "overdue", "surprising"],
    "project": ["the ferry terminal renovation", "a new fire station", "the harbor seawall",
                "a downtown parking garage", "the Quarry Road bike lanes", "a school bond",
                "the Alder Lane storm drains", "a community pool", "the riverside park",
                "a senior housing complex", "the old mill conversion", "a curbside compost program",
                "the Marlow Street repaving", "a new branch library", "the north harbor dredging"],
    "place": ["the old cannery", "Quay Road", "the north pier", "Brannock Creek", "the mill pond",
              "the civic center", "the fairgrounds", "the east bluffs", "the train depot",
              "the harbor steps", "Lantern Square", "the county fair barn", "Heron Point"],
    "role": ["police chief", "city manager", "harbor master", "finance director", "library director",
             "parks director", "fire chief", "city engineer"],
    "company": ["Alder Coast Marine", "Brightwater Foods", "Kestrel Textiles", "Northline Freight",
                "Orrin Orchards", "Saltmere Boatworks", "Tollan Energy", "Vessel Point Robotics",
                "Greywater Ceramics", "Haverly Bioworks", "Quarry Road Logistics", "Fenmoor Timber"],
    "facility": ["warehouse", "plant", "call center", "shipyard", "bakery", "distribution hub",
                 "research lab", "cannery", "sawmill"],
    "trade": ["bakery", "fishing", "dairy", "brewery", "oyster", "cider", "wool", "pottery"],
    "cargo": ["scallop", "timber", "grain", "container", "cider", "wool", "salt", "kelp"],
    "crop": ["drought-tolerant rootstock", "sorghum", "hardy almonds", "dryland wheat", "olive groves",
             "heritage barley", "lavender", "chickpeas"],
    "animal": ["plovers", "harbor seals", "sea otters", "osprey", "green crabs", "zebra mussels",
               "monarch butterflies", "brook trout", "herons", "terns"],
    "lake": ["Lake Orrin", "Fenmoor Marsh", "the Brannock estuary", "Kestrel Bay", "Saltmere Lagoon",
             "the Tarrow River", "Gull Lake", "Heron Reservoir"],
    "illness": ["asthma", "Lyme disease", "heat stroke", "measles", "whooping cough", "influenza"],
    "university": ["Orrin Valley State", "Haverly Institute", "Kestrel Bay College", "Tollan Ridge University"],
    "team": ["Mariners", "Otters", "Harriers", "Pilots", "Herons", "Foresters", "Anchors", "Comets"],
    "round": ["the regional final", "the league semifinal", "the state quarterfinal", "overtime",
              "the season opener", "the district playoff", "the coastal cup"],
    "race": ["the Harbor Ten", "the Fenmoor Marathon", "the Coastal Regatta", "the Ridge Relay",
             "the Bay Crossing", "the Lantern Square Mile", "the Valley Classic"],
    "prize": ["the Coastal Book Prize", "the Valley Fiction Award", "the Harbor Arts Medal",
              "the Northfield Literary Prize"],
}

SUBHEADS = [
    "A petition from the night shift", "Drivers still needed", "Questions about the money",
    "What comes next", "A long road to the vote", "Years from practical use", "Found by accident",
    "The cost to taxpayers", "Neighbors divided", "How the plan changed", "Critics and supporters",
    "A second look at the numbers", "Back to the drawing board", "Lessons from the last storm",
    "Where the money goes", "The view from the harbor", "An unexpected ally", "Waiting on the state",
    "A family business", "The season ahead", "Behind the numbers", "On the water",
    "A community effort", "Concerns about safety", "Still unanswered", "The long view",
]

SPEAKERS_ROLES = [
    "a councilmember", "the city manager", "a resident of the east side", "the harbor master",
    "a union representative", "the school board chair", "an engineer with the county",
    "the owner of a bakery on Quay Road", "a spokesperson for the transit authority",
    "a biologist with the state wildlife office", "the team's captain", "a longtime season-ticket holder",
    "the museum's curator", "a nurse at the regional hospital", "the president of the merchants' group",
]
VERBS = [
    "said on Tuesday that", "told reporters that", "argued during the hearing that",
    "warned in a letter that", "acknowledged after the vote that", "wrote in a memo released Wednesday that",
    "estimated that", "pointed out that", "insisted that", "confirmed in an interview that",
    "noted in a public filing that", "said at a meeting on Thursday that",
]
CLAUSES = [
    "the {project_s} relies on a one-time transfer of ${money} million from the reserve",
    "work at {place} could begin as early as {month} if the state grant of ${money} million arrives",
    "property taxes would stay flat for a {ord} straight year under the revised plan",
    "about {pct} percent of the ${money} million budget is already committed",
    "flooding along {place} has damaged at least {num} homes since {year}",
    "the pilot program will be reviewed after {small} months",
    "the schedule for the work will be posted online by {month}",
    "inspection backlogs at the building department have grown to {num} permits",
    "the reserve would still hold roughly {pct} percent of annual spending after the transfer",
    "a raise of {q} percent matches the agreement reached with city employees in {month}",
    "the study will include {small} public workshops across the districts",
    "bids for the work came in {pct} percent above the engineer's estimate",
    "ridership on the morning ferry has fallen to about {num} passengers a day since {year}",
    "the permit expires in {month} and renewal could cost ${money} million",
    "{company} had hired {num} people in the region over the past {small} years",
    "the counts near {lake} were the highest since records began in {year}",
    "the {team} had not won {round} since {year}",
    "attendance at {place} rose {pct} percent over the summer",
    "the equipment would arrive from {town} in {month}",
    "a similar effort in {town} had stalled for {small} years over the same questions",
]
TAILS = [
    "", "", "", "", ", a figure disputed by several speakers", ", according to documents reviewed by the newspaper",
    ", though no formal vote has been scheduled", ", a change from the draft presented in {month}",
    ", the first such estimate made public", ", up from {num} a year earlier",
    ", while others urged the board to wait",
]
QUOTES = [
    "Nobody should have to spend a tenth of their shift just getting home",
    "We were still planning for the town we had ten years ago",
    "I would like to see a plan for year four before we promise year one",
    "Seven percent does not sound like much, and it is not yet",
    "The harbor is busier at two in the morning now than it was at noon back then",
    "We heard the same promises in {year}, and the money never came",
    "This is the most careful work I have seen on the question",
    "If the numbers hold, we can start in {month}",
    "People in {town} have waited long enough",
    "We are not against it, we just want to know who pays",
    "The kids played with a lot of heart tonight",
    "Every season someone says it cannot be done, and every season they do it",
    "It is a small room, but it tells a big story",
    "We knew the roof would not last another winter",
    "The water does not care about the budget cycle",
]
SAID = ["said", "told the newspaper", "said in an interview", "said after the meeting", "added"]
CONTEXT = [
    "The proposal drew more than {num} written comments before the hearing, most of them from residents of {town}.",
    "The last comparable project in the region, at {place} in {year}, ran {pct} percent over budget and opened {small} months late.",
    "Officials expect a final decision by {month}, after a second public hearing and a review by the state.",
    "The board voted {v1}-{v2}, with members from the eastern districts in the minority.",
    "Supporters filled the council chamber on Tuesday, many wearing green stickers that read “Finish the job.”",
    "The agency says it will publish a detailed cost breakdown by {month}.",
    "A consultant's report released last spring put the total cost at ${money} million over {small} years.",
    "{company} did not respond to requests for comment by Thursday evening.",
    "The {team} finished the regular season with {small} wins and {small2} losses.",
    "Researchers collected samples at {small} sites around {lake} between {month} and {month2}.",
    "Tickets went on sale in {month} and sold out within {small} days, organizers said.",
    "The building, which dates to {year0}, was listed on the state register of historic places in {year}.",
]


def filler(rng):
    return dict(
        money=f"{rng.randint(1, 40)}.{rng.randint(0, 9)}", pct=rng.randint(3, 60), q=f"{rng.randint(1, 4)}.{rng.randint(0, 9)}",
        num=rng.randint(12, 4800), small=rng.randint(2, 9), small2=rng.randint(1, 9), month=rng.choice(MONTHS),
        month2=rng.choice(MONTHS), year=rng.randint(2009, 2025), year0=rng.randint(1870, 1950),
        ord=rng.choice(ORDINALS), v1=rng.randint(5, 7), v2=rng.randint(1, 4),
        town=rng.choice(TOWNS), place=rng.choice(FILL["place"]), company=rng.choice(FILL["company"]),
        lake=rng.choice(FILL["lake"]), team=rng.choice(FILL["team"]), round=rng.choice(FILL["round"]),
        project_s=rng.choice(FILL["project"]).removeprefix("the ").removeprefix("a "),
    )


def person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng, people):
    f = filler(rng)
    who = rng.choice(people) if people and rng.random() < 0.5 else None
    subject = who or (person(rng) + ", " + rng.choice(SPEAKERS_ROLES) + ",")
    s = f"{subject} {rng.choice(VERBS)} {rng.choice(CLAUSES)}{rng.choice(TAILS)}.".format(**f)
    return s[0].upper() + s[1:]


def paragraph(rng, people, introduced):
    r = rng.random()
    if r < 0.22:
        name = rng.choice(people)
        q = rng.choice(QUOTES).format(**filler(rng))
        if name in introduced:
            tail = f" {name.split()[-1]} {rng.choice(SAID)}."
        else:
            introduced.add(name)
            tail = f" said {name}, {rng.choice(SPEAKERS_ROLES)}."
        extra = " " + sentence(rng, people) if rng.random() < 0.4 else ""
        return f"\u201c{q},\u201d{tail}{extra}"
    if r < 0.40:
        return rng.choice(CONTEXT).format(**filler(rng)) + " " + sentence(rng, people)
    return " ".join(sentence(rng, people) for _ in range(rng.randint(2, 4)))


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def headline(rng, section, seen):
    templates = SECTIONS[section]["headlines"]
    for attempt in range(200):
        f = {k: rng.choice(v) for k, v in FILL.items()}
        f.update(town=rng.choice(TOWNS), town2=rng.choice(TOWNS), num=rng.randint(2, 900),
                 money=f"{rng.randint(1, 90)}.{rng.randint(1, 9)}", pct=rng.randint(2, 40),
                 month=rng.choice(MONTHS), ord=rng.choice(ORDINALS), person=person(rng),
                 team2=rng.choice(FILL["team"]), score=f"{rng.randint(2, 9)}-{rng.randint(0, 1)}")
        h = rng.choice(templates).format(**f)
        if attempt > 50:  # the space is large; this only happens for huge corpora
            h += f" in {rng.choice(MONTHS)} {rng.randint(2000, 2026)}"
        h = h[0].upper() + h[1:]
        if slug(h) not in seen:
            seen.add(slug(h))
            return h
    raise SystemExit("cannot find a unique headline")


def story(rng, i, seen, reporters, start):
    section = list(SECTIONS)[i % len(SECTIONS)] if i else "Current News"
    long_read = i % 50 == 0
    org, site = rng.choice(ORGS)
    n_people = rng.choices([1, 2, 3], weights=[70, 24, 6])[0]
    byliners = rng.sample(reporters[org], n_people)
    names = byliners[0] if n_people == 1 else ", ".join(byliners[:-1]) + " and " + byliners[-1]
    date = start + datetime.timedelta(days=rng.randint(0, 364))
    date_text = f"{MONTHS[date.month - 1]} {date.day}, {date.year}"
    style = rng.random()
    header = [section, "/", rng.choice(PARTNERS), "", headline(rng, section, seen), ""]
    category = [f"Published in {rng.choice(SECTIONS[section]['categories'])}", ""] if rng.random() < 0.8 else []
    if style < 0.6:
        header += [f"{names}, {org} on {date_text}", ""] + category
    elif style < 0.8:
        header += [f"By {names}, {org}", ""] + category + [date_text, ""]
    elif style < 0.95:
        header += [f"By {names}, {org} on {date_text}", ""] + category
    else:  # the partner page's date did not survive the copy: a dangling " on"
        header += [f"{names}, {org} on", ""] + category

    # People quoted in the story: a few recurring sources.
    sources = [person(rng) for _ in range(rng.randint(2, 5))]
    introduced = set()
    target = rng.randint(3900, 4600) if long_read else rng.randint(600, 900)
    paras, words = [], 0
    while words < target:
        p = paragraph(rng, sources, introduced)
        paras.append(p)
        words += len(p.split())
    n_sub = rng.randint(4, 6) if long_read else rng.randint(1, 3)
    n_sub = min(n_sub, max(1, len(paras) // 3))
    # Subheads sit between paragraphs, never first or last, never two in a row.
    at = sorted(rng.sample(range(2, len(paras) - 1), n_sub))
    subs = rng.sample(SUBHEADS, n_sub)
    body = []
    for k, p in enumerate(paras):
        if k in at:
            body += [subs[at.index(k)], ""]
        body += [p, ""]

    footer = []
    if rng.random() < 0.7:
        footer += ["----------", ""]
    if rng.random() < 0.5:
        footer += [f"\u2014With assistance from {person(rng)}.", ""]
    credit = f"\u00a9{date.year} {org} Media."
    if rng.random() < 0.85:
        credit += f" Visit {site}."
    if rng.random() < 0.8:
        credit += f" Distributed by {rng.choice(DISTRIBUTORS)}."
    footer += [credit, ""]
    if rng.random() < 0.3:
        footer += ["Comments", "", "blog comments powered by Disqus", ""]
    text = "\n".join(header + body + footer)
    return SECTIONS[section]["dir"], text, words, long_read


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    out, count = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261125
    rng = random.Random(seed)
    reporters = {}
    for org, _ in ORGS:
        names = set()
        while len(names) < 15:
            names.add(person(rng))
        reporters[org] = sorted(names)
    start = datetime.date(2025, 11, 1)
    seen, total_words, longs, total_bytes, first = set(), 0, 0, 0, None
    for d in {s["dir"] for s in SECTIONS.values()}:
        os.makedirs(os.path.join(out, d), exist_ok=True)
    for i in range(count):
        folder, text, words, long_read = story(rng, i, seen, reporters, start)
        rel = os.path.join(folder, f"{i:05d}.txt")
        with open(os.path.join(out, rel), "w", encoding="utf-8") as f:
            f.write(text)
        total_words += words
        longs += long_read
        total_bytes += len(text.encode())
        if i == 0:
            first = rel
    print(first)
    print(f"stories: {count} ({longs} long reads), {total_words} words, {total_bytes / 1e6:.1f} MB of copy, "
          f"{total_words / max(count, 1):.0f} words on average", file=sys.stderr)


if __name__ == "__main__":
    main()
