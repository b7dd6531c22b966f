"""Words and tables for reading numbers: number words, scales, vague counts, fractions.

Kept apart from the parser so the vocabulary can be read (and extended) at a glance. The
tables that give a word its value (UNITS, SCALES, VAGUE, FRACTIONS, QUALIFIERS, MEASURES,
CURRENCY_SIGNS ...) are the grammar of numbers and stay here; the plain word lists are
data in lexicon/data (named beside each constant) and are read through `lexicon.words`.
"""

from __future__ import annotations

from claimledger.lexicon import words

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    # South Asian scales: "Rs 40 crore" is 400 million rupees, "2.5 lakh" 250,000
    "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000,
}
# Abbreviated scales glued to digits or following them: "1.5m", "$2bn", "3 mln", "10k".
SCALE_ABBREV = {
    "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
    "b": 1_000_000_000, "tn": 1_000_000_000_000,
}
NUMBER_WORDS = set(UNITS) | set(TENS) | set(SCALES)

# Plural scale words used alone are vague counts: (low, high) as the spec's table gives them.
VAGUE = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 9_999_999),
    "tens of millions": (20_000_000, 99_999_999),
    "hundreds of millions": (200_000_000, 999_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
}
# "several thousand": the unit scale times 3..9.999; "a few thousand" times 2..9.999.
VAGUE_MULTIPLIERS = {"several": 3, "a few": 2, "few": 2, "many": 2}

# Fractions as proportions (percent). "a third" is 33.33.
FRACTIONS = {
    "half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0,
    "thirds": 100 / 3, "quarters": 25.0, "fifths": 20.0, "tenths": 10.0,
}

# Qualifier phrases that precede a figure, longest first when matched.
QUALIFIERS: dict[str, str] = {
    # at_least
    "more than": "at_least", "over": "at_least", "at least": "at_least",
    "in excess of": "at_least", "upwards of": "at_least", "upward of": "at_least",
    "just over": "at_least", "well over": "at_least", "greater than": "at_least",
    "much more than": "at_least", "far more than": "at_least", "much larger than": "at_least",
    "larger than": "at_least", "higher than": "at_least", "no fewer than": "at_least",
    "no less than": "at_least", "not less than": "at_least", "as low as": "at_least",
    "a minimum of": "at_least", "minimum of": "at_least", "more then": "at_least",
    "above": "at_least", "exceeding": "at_least",
    # at_most
    "up to": "at_most", "as many as": "at_most", "almost": "at_most", "nearly": "at_most",
    "fewer than": "at_most", "less than": "at_most", "under": "at_most",
    "as high as": "at_most", "as much as": "at_most", "no more than": "at_most",
    "at most": "at_most", "just under": "at_most", "close to": "at_most",
    "a maximum of": "at_most", "not more than": "at_most", "just shy of": "at_most",
    "below": "at_most", "barely": "at_most",
    # approx
    "about": "approx", "roughly": "approx", "around": "approx", "some": "approx",
    "approximately": "approx", "an estimated": "approx", "estimated": "approx",
    "approx": "approx", "circa": "approx", "an approximate": "approx",
    "a reported": "approx", "in the region of": "approx", "on the order of": "approx",
    "or so": "approx",
}
# Verbs that make "the N mark" a lower bound: "exceeded the 1 million mark".
PASSING_VERBS = words("passing_verbs")

# Dates and times: a number beside a month, a time unit or a clock word is no count.
MONTHS = words("month_names")
WEEKDAYS = words("weekday_names")
TIME_UNITS = words("time_units")
CLOCK_WORDS = words("clock_words")

# Units of measure after a number: (canonical unit, kind).
MEASURES: dict[str, tuple[str, str]] = {
    "km": ("kilometre", "measure"), "kms": ("kilometre", "measure"),
    "kilometre": ("kilometre", "measure"), "kilometres": ("kilometre", "measure"),
    "kilometer": ("kilometre", "measure"), "kilometers": ("kilometre", "measure"),
    "mile": ("mile", "measure"), "miles": ("mile", "measure"),
    "metre": ("metre", "measure"), "metres": ("metre", "measure"),
    "meter": ("metre", "measure"), "meters": ("metre", "measure"),
    "feet": ("foot", "measure"), "foot": ("foot", "measure"), "ft": ("foot", "measure"),
    "tonne": ("tonne", "measure"), "tonnes": ("tonne", "measure"),
    "ton": ("ton", "measure"), "tons": ("ton", "measure"),
    "kg": ("kilogram", "measure"), "kilogram": ("kilogram", "measure"),
    "kilograms": ("kilogram", "measure"), "kilos": ("kilogram", "measure"),
    "hectare": ("hectare", "measure"), "hectares": ("hectare", "measure"),
    "acre": ("acre", "measure"), "acres": ("acre", "measure"),
    "litre": ("litre", "measure"), "litres": ("litre", "measure"),
    "barrel": ("barrel", "measure"), "barrels": ("barrel", "measure"),
    "dollar": ("dollar", "money"), "dollars": ("dollar", "money"),
    "euro": ("euro", "money"), "euros": ("euro", "money"),
    "pound": ("pound", "money"), "pounds": ("pound", "money"),
    "rouble": ("rouble", "money"), "roubles": ("rouble", "money"),
    "ruble": ("rouble", "money"), "rubles": ("rouble", "money"),
    "hryvnia": ("hryvnia", "money"), "hryvnias": ("hryvnia", "money"),
    "yuan": ("yuan", "money"), "yen": ("yen", "money"), "rupees": ("rupee", "money"),
    "rupee": ("rupee", "money"),
    "mm": ("millimetre", "measure"), "millimetre": ("millimetre", "measure"),
    "millimetres": ("millimetre", "measure"), "millimeter": ("millimetre", "measure"),
    "millimeters": ("millimetre", "measure"),
    "cm": ("centimetre", "measure"), "centimetre": ("centimetre", "measure"),
    "centimetres": ("centimetre", "measure"), "centimeter": ("centimetre", "measure"),
    "centimeters": ("centimetre", "measure"),
    "ha": ("hectare", "measure"), "sqm": ("square metre", "measure"),
    "mph": ("mile per hour", "measure"), "kph": ("kilometre per hour", "measure"),
    "kmh": ("kilometre per hour", "measure"),
    "gallon": ("gallon", "measure"), "gallons": ("gallon", "measure"),
    "megawatt": ("megawatt", "measure"), "megawatts": ("megawatt", "measure"),
    "mw": ("megawatt", "measure"), "gigawatt": ("gigawatt", "measure"),
    "gigawatts": ("gigawatt", "measure"), "gw": ("gigawatt", "measure"),
    "kilowatt": ("kilowatt", "measure"), "kilowatts": ("kilowatt", "measure"),
    "kw": ("kilowatt", "measure"), "kwh": ("kilowatt hour", "measure"),
    "mwh": ("megawatt hour", "measure"), "gwh": ("gigawatt hour", "measure"),
}
# A measure's first word that makes a two-word unit: "square km", "cubic metres",
# "nautical miles" (the second word is looked up in MEASURES).
MEASURE_PREFIXES = {"square": "square", "sq": "square", "cubic": "cubic", "cu": "cubic",
                    "nautical": "nautical"}
# "km²", "m³": a superscript after a length unit.
POWER_SIGNS = {"²": "square", "³": "cubic"}
# Temperatures: "40°C", "47.1C" (glued C or F only where the sentence speaks of heat).
DEGREES = {"c": "degree celsius", "celsius": "degree celsius", "f": "degree fahrenheit",
           "fahrenheit": "degree fahrenheit"}
CURRENCY_SIGNS = {"$": "dollar", "€": "euro", "£": "pound", "₽": "rouble", "₴": "hryvnia",
                  "¥": "yen", "₹": "rupee", "us$": "dollar", "usd": "dollar", "eur": "euro",
                  "gbp": "pound", "rs": "rupee", "inr": "rupee", "rmb": "yuan", "cny": "yuan",
                  "jpy": "yen", "rub": "rouble", "uah": "hryvnia", "a$": "dollar",
                  "c$": "dollar", "hk$": "dollar", "s$": "dollar"}
SIGN_CHARS = "$€£₽₴¥₹"
# Percent written short: "7pc", "2.5 pct".
PERCENT_WORDS = words("percent_words")
# Words that label what follows as an identifier: "Story Code: 198127", "ID 4411".
LABEL_WORDS = words("identifier_labels")
# Verbs of change: "rose from 3.1 to 2.9 percent" gives two figures, not a range.
CHANGE_VERBS = words("change_verbs")
# "Article 5", "Resolution 2231", "Flight 17": a number that names a thing is no figure.
NAMING_WORDS = words("naming_words")
# "aged 19", "ages 5 to 12": an age, not a count.
AGE_WORDS = words("age_words")
# "twice the number", "ten times as many": a multiple is a proportion (200, 1000 percent).
MULTIPLE_NEXT = words("multiple_words")
