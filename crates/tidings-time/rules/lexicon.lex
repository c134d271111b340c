# Tidings time lexicon: word classes the patterns refer to as <class>.
# Format: `[class]` starts a section; each line is `word word … = value`. Words are single
# tokens as the tokenizer sees them (lowercase; a trailing dot is part of abbreviations like
# `jan.`). A word ending in `?` is also an ordinary word (may, march, fall): when it is the
# whole expression it must be tagged as a noun (or, without NLP tokens, be capitalized and
# not start a sentence). Later files add to (never remove) entries.

[month]
january jan jan. = 1
february feb feb. = 2
march? mar mar. = 3
april apr apr. = 4
may? = 5
june jun jun. = 6
july jul jul. = 7
august aug aug. = 8
september sep sep. sept sept. = 9
october oct oct. = 10
november nov nov. = 11
december dec dec. = 12

[weekday]
monday mon mon. = 1
tuesday tue tue. tues tues. = 2
wednesday wed. = 3
thursday thu thu. thur thur. thurs thurs. = 4
friday fri fri. = 5
saturday sat. = 6
sunday sun. = 7

# Calendar units (singular and plural) → TIMEX3 unit letters; MIN is minutes.
[unit]
day days = D
week weeks = W
weekend weekends = WE
month months = M
quarter quarters = Q
year years = Y
decade decades = E
century centuries = C
hour hours = H
minute minutes = MIN
seconds = S
millennium millennia = L

# Units that form relative dates ("last week", "this quarter"); no clock units.
[dateunit]
day = D
week = W
weekend = WE
month = M
quarter = Q
year = Y
decade = E
century = C

# Plural units: fuzzy durations ("a few years", "the next several weeks") and references
# ("in recent years" is a duration PXY, "coming weeks" FUTURE_REF, as TimeBank mostly
# annotates them).
[units]
days = D
weeks = W
months = M
quarters = Q
years = Y
decades = E
centuries = C
hours = H
minutes = MIN

# last/this/next → offset in units from the DCT's unit.
[rel]
last past = -1
this current = 0
next coming = 1

# Relative to the story's time, not the DCT ("the following year").
[relstory]
previous preceding prior = -1
following = 1

# "two years ago" (from the DCT; "a year earlier" is a rule of its own, from the story's time
# in a narrative). "Three days later/before" is anchored to another event, not the DCT, so
# only the duration is tagged.
[ago]
ago = -1
hence = 1

[season]
summer = SU
autumn = FA
winter = WI

# Seasons that are also ordinary words ("the fall of Rome"): only with a year or last/this/next.
[season2]
spring = SP
fall = FA

# Parts of day (TIMEX3 TMO, TAF, TEV, TNI, TDT).
[part]
morning mornings = MO
afternoon afternoons = AF
evening evenings = EV
night nights overnight = NI
daytime = DT

# "the end of …", "the beginning of …"
[mod]
beginning start dawn = START
middle mid = MID
end close = END

# "early 1990", "mid-November", "late yesterday"
[modpre]
early earlier = START
mid = MID
late later = END

[approx]
about around approximately roughly nearly almost some circa approx. = APPROX

[more]
more over = MORE_THAN

[less]
less under = LESS_THAN

[ampm]
a.m. a.m am = AM
p.m. p.m pm = PM

[zone]
est edt cst cdt mst mdt pst pdt gmt utc bst cet = Z

# Number words (the <n> and <year> built-ins combine them: twenty-four, nineteen ninety).
[num]
zero = 0
one = 1
two = 2
three = 3
four = 4
five = 5
six = 6
seven = 7
eight = 8
nine = 9
ten = 10
eleven = 11
twelve = 12
thirteen = 13
fourteen = 14
fifteen = 15
sixteen = 16
seventeen = 17
eighteen = 18
nineteen = 19
twenty = 20
thirty = 30
forty = 40
fifty = 50
sixty = 60
seventy = 70
eighty = 80
ninety = 90
hundred = 100
thousand = 1000

[ord]
first = 1
second = 2
third = 3
fourth = 4
fifth = 5
sixth = 6
seventh = 7
eighth = 8
ninth = 9
tenth = 10
eleventh = 11
twelfth = 12
thirteenth = 13
fourteenth = 14
fifteenth = 15
sixteenth = 16
seventeenth = 17
eighteenth = 18
nineteenth = 19
twentieth = 20
thirtieth = 30

# Fuzzy quantities: the number is unknown (X in TIMEX3).
[few]
few several many some = X

[decade]
twenties = 192
thirties = 193
forties = 194
fifties = 195
sixties = 196
seventies = 197
eighties = 198
nineties = 199

# Quarters and halves by ordinal.
[qord]
first 1st = 1
second 2nd = 2
third 3rd = 3
fourth 4th = 4

[hord]
first 1st = 1
second 2nd = 2

[every]
every each = EVERY

# Frequency adverbs → SET value.
[setadverb]
daily nightly = P1D
weekly = P1W
monthly = P1M
annually yearly = P1Y
hourly = PT1H

# Past/present/future references.
[ref]
now currently presently nowadays = PRESENT_REF
recently formerly lately = PAST_REF
