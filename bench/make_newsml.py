#!/usr/bin/env python3
"""Write COUNT made-up NewsML-G2 text items (one newsMessage file each) for the ingest
benchmark.

Usage: make_newsml.py OUTDIR COUNT [SEED]

Every town, person and event is fictional. Each item has a unique guid, version 1, a
headline, a byline, a dateline, subjects, a rights line and an XHTML body of 400-700
words with a subhead, like the text items wire services send. Deterministic for a given
COUNT and SEED.
"""
import os
import random
import sys

TOWNS = ["Port Alder", "Kestrel Bay", "Millbrook", "Ashford Cove", "Larkspur", "Fenwick",
         "Halden", "Oyster Point", "Greystone", "Willowmere", "Saltmarsh", "Brackenridge"]
PEOPLE = ["Ana Ruiz", "Tom Becker", "Lee Chan", "Maria Lopez", "Ravi Shah", "Jo Park",
          "Elena Marsh", "Omar Haddad", "Greta Lind", "Sam Okafor", "Ines Duarte", "Kai Moreno"]
SUBJECTS = ["Transport", "Local government", "Education", "Environment", "Economy",
            "Health", "Housing", "Fisheries", "Weather", "Culture"]
TOPICS = ["ferry service", "harbour dredging", "school budget", "library hours",
          "bridge repairs", "fish market", "bus routes", "flood defences", "housing plan"]
WORDS = ("the board council residents said plan would week year cost million office "
         "harbour town vote public meeting report new service after before during support "
         "funding local state project members community water road season early late").split()


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def item(n, rng):
    town = rng.choice(TOWNS)
    topic = rng.choice(TOPICS)
    people = rng.sample(PEOPLE, rng.randint(1, 2))
    subjects = rng.sample(SUBJECTS, 2)
    day = 1 + n % 28
    paragraphs = [paragraph(rng) for _ in range(rng.randint(8, 12))]
    body = "".join(f"<p>{p}</p>" for p in paragraphs[:4])
    body += "<h2>What comes next</h2>"
    body += "".join(f"<p>{p}</p>" for p in paragraphs[4:])
    subject_xml = "".join(
        f'<subject type="cpnat:abstract" qcode="subj:{i}"><name>{s}</name></subject>'
        for i, s in enumerate(subjects)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
  <header><sent>2026-03-{day:02d}T09:00:00Z</sent></header>
  <itemSet>
    <newsItem guid="urn:newsml:coastline.example:2026:bench-{n:06d}" version="1" standard="NewsML-G2" standardversion="2.29" xml:lang="en">
      <rightsInfo><copyrightHolder><name>Coastline Wire</name></copyrightHolder>
        <copyrightNotice>Copyright 2026 Coastline Wire. All rights reserved.</copyrightNotice></rightsInfo>
      <itemMeta>
        <itemClass qcode="ninat:text"/>
        <provider literal="Coastline Wire"/>
        <versionCreated>2026-03-{day:02d}T08:{n % 60:02d}:00Z</versionCreated>
        <firstCreated>2026-03-{day:02d}T08:{n % 60:02d}:00Z</firstCreated>
        <pubStatus qcode="stat:usable"/>
      </itemMeta>
      <contentMeta>
        <urgency>{rng.randint(3, 6)}</urgency>
        <located><name>{town}</name></located>
        <creditline>Coastline Wire</creditline>
        <headline>{town} weighs {topic} plan, item {n}</headline>
        <by>By {" and ".join(people)}, Coastline Wire</by>
        <dateline>{town.upper()}, March {day} (Coastline)</dateline>
        {subject_xml}
        <description role="drol:summary">{sentence(rng)}</description>
      </contentMeta>
      <contentSet>
        <inlineXML contenttype="application/xhtml+xml">
          <html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body>{body}</body></html>
        </inlineXML>
      </contentSet>
    </newsItem>
  </itemSet>
</newsMessage>
"""


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    os.makedirs(out, exist_ok=True)
    for n in range(count):
        with open(os.path.join(out, f"item-{n:06d}.xml"), "w", encoding="utf-8") as f:
            f.write(item(n, rng))
    print(f"{count} NewsML-G2 items in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
