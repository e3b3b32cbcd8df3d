# ruff: noqa: RUF001  (en dashes in times and ranges are the right typography for prose)
"""The demo City of Alderport's knowledge base: categories and articles, as data.

All text is original, written for CivicDesk's fictional city (Alderport, Iowa; 311 at
+1 319-555-0100; web alderport.example). English articles come first; Spanish translations name
the English original they translate. `seed.seed_knowledge` loads them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoCategory:
    slug: str
    name: str
    name_es: str
    description: str
    order: int


@dataclass(frozen=True, kw_only=True)
class DemoArticle:
    slug: str
    title: str
    summary: str
    body: str
    categories: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    keywords: str = ""
    audience: str = "public"
    language: str = "en"
    translation_of: str | None = None


CATEGORIES: list[DemoCategory] = [
    DemoCategory("trash-recycling", "Trash and recycling", "Basura y reciclaje",
                 "Collection days, what goes where, bulk items and drop-off sites.", 10),
    DemoCategory("streets-snow", "Streets, sidewalks and snow", "Calles, aceras y nieve",
                 "Potholes, street lights, plowing, sweeping and shoveling.", 20),
    DemoCategory("parking-vehicles", "Parking and vehicles", "Estacionamiento y vehículos",
                 "Permits, tickets, towing and abandoned cars.", 30),
    DemoCategory("water-sewer", "Water and sewer", "Agua y alcantarillado",
                 "Bills, starting and stopping service, outages and drains.", 40),
    DemoCategory("permits-licenses", "Permits and licenses", "Permisos y licencias",
                 "Building, fence, block party, dumpster and business permits.", 50),
    DemoCategory("pets-animals", "Pets and animals", "Mascotas y animales",
                 "Pet licenses, lost pets, barking dogs and wildlife.", 60),
    DemoCategory("taxes-property", "Property and taxes", "Propiedad e impuestos",
                 "Property tax bills, assessments and relief programs.", 70),
    DemoCategory("neighborhoods", "Neighborhoods and housing", "Vecindarios y vivienda",
                 "Noise, graffiti, tall grass, rental housing and trees.", 80),
    DemoCategory("parks-recreation", "Parks, recreation and libraries",
                 "Parques, recreación y bibliotecas",
                 "Shelters, classes, pools and library cards.", 90),
    DemoCategory("city-services", "Contacting the city", "Comunicarse con la ciudad",
                 "Reaching 311, public records and other city services.", 100),
]  # fmt: skip

ARTICLES: list[DemoArticle] = [
    # --- Trash and recycling -------------------------------------------------------------------
    DemoArticle(
        slug="trash-collection-day",
        title="When is my trash collection day?",
        summary="Alderport collects household garbage once a week; your day depends on your "
        "address. Carts go to the curb by 6 a.m.",
        categories=("trash-recycling",),
        services=("MISSED_TRASH",),
        keywords="garbage day, trash day, pickup schedule, collection route, truck",
        body="""\
Sanitation & Recycling picks up household garbage **once a week**, Monday through Friday.
The city is split into five collection zones, and each zone has its own day.

## Find your day

- Type your address into the *Collection day finder* on alderport.example/trash, or
- call 311 and an agent will look it up for you.

Recycling is collected on the **same day** as garbage, every other week (see the recycling
guide for which weeks).

## Setting out your cart

1. Put the cart at the curb by **6 a.m.** on your collection day, or after 5 p.m. the night
   before.
2. Leave 3 feet of space around it, with the lid closed and the handles facing your house.
3. Bring the cart back in by the end of the day after collection.

Extra bags next to the cart are collected only if they carry an Alderport *extra bag tag*,
sold at City Hall and at grocery stores for $2 each.
""",
    ),
    DemoArticle(
        slug="recycling-guide",
        title="What goes in the recycling cart?",
        summary="Clean paper, cardboard, cans, and plastic bottles and tubs go loose in the blue "
        "cart every other week. Plastic bags and food do not.",
        categories=("trash-recycling",),
        services=("MISSED_RECYCLING",),
        keywords="blue cart, recyclable, recycle, plastic, cardboard, glass",
        body="""\
Alderport's blue recycling cart is collected **every other week** on your garbage day. Check
the recycling calendar at alderport.example/recycling for your A or B week.

## Yes, please

- Cardboard boxes, flattened (pizza boxes are fine if there is no food or grease left in them)
- Paper: mail, newspaper, magazines, office paper, cereal boxes
- Metal cans from food and drinks, and empty aerosol cans
- Plastic bottles, jugs and tubs marked 1, 2 or 5
- Glass bottles and jars, rinsed

## No, thank you

- **Plastic bags and film** — they tangle the sorting machines. Return them to a grocery store.
- Food, liquids, diapers, garden hoses, cords and clothing
- Styrofoam and takeout containers with food on them
- Batteries and electronics (see *Household hazardous waste* and *Electronics recycling*)

Put items in the cart **loose**, not bagged. If a crew finds the wrong things in your cart,
they leave a tag explaining what to remove; the cart is collected next time once it is fixed.
""",
    ),
    DemoArticle(
        slug="yard-waste-collection",
        title="Yard waste and fall leaf collection",
        summary="Grass, leaves and brush are collected weekly from April to November in paper "
        "bags or the green cart; loose leaves are vacuumed in the fall.",
        categories=("trash-recycling",),
        services=("MISSED_YARD_WASTE",),
        keywords="leaves, leaf pickup, grass clippings, branches, brush, green cart",
        body="""\
From the first Monday of April to the last Friday of November, Alderport collects yard waste
**weekly on your garbage day**.

## How to set it out

- Use compostable **paper yard bags** or the green yard-waste cart (rent one for $30 a season).
- Tie branches in bundles no longer than 4 feet and no heavier than 50 pounds.
- No plastic bags, dirt, rocks or pet waste.

## Fall leaf vacuum

In late October and November, leaf trucks vacuum **loose leaves raked to the curb** (not into
the street). Each neighborhood gets two passes; the schedule is posted at
alderport.example/leaves and changes with the weather.

Missed yard waste? Report it through 311 by the end of the next business day.
""",
    ),
    DemoArticle(
        slug="bulk-item-pickup",
        title="Bulk item pickup: furniture, mattresses and appliances",
        summary="Schedule a free bulk pickup of up to five large items a month, such as couches, "
        "mattresses and appliances.",
        categories=("trash-recycling",),
        services=("BULK_ITEM_PICKUP",),
        keywords="large items, couch, sofa, mattress, furniture, fridge, washer, big trash",
        body="""\
Large household items that do not fit in your cart are collected by appointment.

## What you can set out

Each household may set out up to **five items per month** at no charge: sofas and chairs,
mattresses and box springs, tables, dressers, carpet (rolled, under 4 feet), grills with the
propane tank removed, and appliances. Refrigerators and freezers need the doors removed.

## How to schedule

1. Request a bulk pickup through 311 online, in the app or by phone.
2. You will get a pickup date, usually within 5 business days.
3. Put the items at the curb **the night before** — not on the sidewalk or in the street.

Mattresses must be wrapped in plastic (bags are sold at hardware stores) to protect crews from
bed bugs. Construction debris, tires and hazardous materials are not bulk items.
""",
    ),
    DemoArticle(
        slug="missed-collection",
        title="Missed collection: my trash or recycling was not picked up",
        summary="If your cart was out by 6 a.m. and was not emptied, report it by the end of the "
        "next business day and a crew will return.",
        categories=("trash-recycling",),
        services=("MISSED_TRASH", "MISSED_RECYCLING", "MISSED_YARD_WASTE"),
        keywords="missed pickup, not collected, skipped, forgot, not emptied, still full",
        body="""\
Before you report a missed collection, please check:

- **Was it a holiday week?** Collection runs one day late after a city holiday.
- **Is there a tag on the cart?** Crews leave a tag when they cannot empty a cart, explaining
  why (wrong items, cart blocked by a car, overweight).
- **Is it your recycling week?** Recycling is collected every other week.

## Report it

If your cart was at the curb by 6 a.m. and nothing explains the miss, report it through 311
**by the end of the next business day**. Leave the cart out; a crew returns within one
business day.

If your street is missed several times, tell the agent: the Sanitation supervisor reviews
repeated misses with the route driver.
""",
    ),
    DemoArticle(
        slug="holiday-collection-schedule",
        title="Trash collection on holidays",
        summary="When a city holiday falls on a weekday, collection for the rest of the week "
        "moves one day later.",
        categories=("trash-recycling",),
        keywords="holiday schedule, delay, late pickup, thanksgiving, christmas, new year",
        body="""\
Alderport crews do not collect on these holidays: New Year's Day, Memorial Day, Independence
Day, Labor Day, Thanksgiving Day and Christmas Day.

When a holiday falls on a weekday, collection on that day **and every day after it that week
moves one day later**. Friday's collection moves to Saturday.

| Holiday falls on | Monday route | Friday route |
|---|---|---|
| Monday | Tuesday | Saturday |
| Thursday | no change | Saturday |

Holidays on a weekend do not change the schedule. Christmas trees are collected the first two
weeks of January on your yard-waste day; remove lights, stands and ornaments.
""",
    ),
    DemoArticle(
        slug="cart-repair-replacement",
        title="Repair or replace a damaged, lost or stolen cart",
        summary="Carts belong to the city. Broken lids, wheels and cracked bodies are repaired "
        "free; a stolen cart is replaced once a year at no cost.",
        categories=("trash-recycling",),
        services=("CART_REPAIR",),
        keywords="broken cart, cracked bin, lid, wheel, stolen cart, new cart, bigger cart",
        body="""\
Garbage and recycling carts belong to the City of Alderport and stay with the house when you
move.

## Broken carts

Crews repair lids, wheels and axles for free, usually within a week. Cracked or split carts
are replaced. Request a repair through 311 and give the serial number printed on the front
of the cart if you can.

## Lost or stolen carts

Report a missing cart through 311. The first replacement in a year is free; after that a
replacement costs $60.

## Changing size

Carts come in 35, 65 and 95 gallons. You may change size once a year for a $15 delivery fee.
""",
    ),
    DemoArticle(
        slug="household-hazardous-waste",
        title="Paint, batteries, chemicals and other hazardous waste",
        summary="Take household hazardous waste to the free drop-off site at 1200 Quarry Road, "
        "open Wednesdays and Saturdays. Never put it in your cart.",
        categories=("trash-recycling",),
        keywords="paint, motor oil, batteries, pesticides, propane, cleaners, fluorescent bulbs",
        body="""\
Chemicals from homes can start fires in garbage trucks and pollute the river, so they never go
in a cart.

## Drop-off site

Alderport Household Hazardous Waste Center, **1200 Quarry Road**.
Open Wednesdays 10 a.m.–6 p.m. and Saturdays 8 a.m.–2 p.m. Free for Alderport residents;
bring a utility bill or ID with your address.

## Accepted

Oil-based and latex paint, stains, solvents, motor oil and antifreeze, pesticides and
herbicides, pool chemicals, household cleaners, fluorescent bulbs, rechargeable and car
batteries, propane cylinders and mercury thermometers.

Keep products in their original containers and bring no more than 20 gallons per visit.
Dried-out latex paint (add cat litter) may go in the garbage with the lid off.
""",
    ),
    DemoArticle(
        slug="electronics-recycling",
        title="Recycling TVs, computers and other electronics",
        summary="Electronics with a cord or battery are recycled at the Quarry Road drop-off "
        "site; TVs and monitors cost $10 each.",
        categories=("trash-recycling",),
        keywords="tv, television, computer, laptop, monitor, printer, phone, e-waste",
        body="""\
Electronics contain lead and other metals that Iowa law keeps out of landfills.

Bring electronics to the **Household Hazardous Waste Center, 1200 Quarry Road** on
Wednesdays and Saturdays:

- **Free**: computers, laptops, tablets, phones, keyboards, printers, game consoles, small
  kitchen appliances and cords.
- **$10 each**: televisions and computer monitors.

Erase personal data before you drop off a computer or phone. Several electronics stores in
Alderport also take back small devices. Electronics are not collected as bulk items.
""",
    ),
    DemoArticle(
        slug="food-scrap-composting",
        title="Food scrap composting",
        summary="Sign up for the city's food scrap program to get a kitchen pail and weekly "
        "curbside collection of food waste for $5 a month.",
        categories=("trash-recycling",),
        keywords="compost, organics, food waste, kitchen scraps, coffee grounds",
        body="""\
Food scraps make up a quarter of what Alderport households throw away. The city turns them into
compost for parks and community gardens.

## How it works

1. Sign up at alderport.example/compost or through 311; the fee is **$5 a month** on your
   water bill.
2. You receive a kitchen pail, compostable liners and a 13-gallon curbside bin.
3. Set the bin out weekly on your garbage day.

**Accepted**: fruit and vegetable scraps, meat and bones, dairy, bread, eggshells, coffee
grounds and paper filters, tea bags, napkins and pizza boxes with grease.
**Not accepted**: plastic, "compostable" cutlery, pet waste, diapers.
""",
    ),
    # --- Permits --------------------------------------------------------------------------------
    DemoArticle(
        slug="building-permits",
        title="Do I need a building permit?",
        summary="Most construction, remodeling, roofing, electrical and plumbing work needs a "
        "permit from Neighborhood Services before work starts.",
        categories=("permits-licenses",),
        keywords="construction, remodel, renovation, addition, roof, electrical, plumbing, "
        "contractor",
        body="""\
A building permit makes sure work on your home is safe and meets the building code.

## You need a permit for

- additions, garages, sheds over 120 square feet and finished basements
- new roofs and structural repairs
- electrical, plumbing, furnace and water heater work
- decks and some fences (see *Fence and deck permits*)

## You do not need a permit for

Painting, flooring, cabinets, gutters, and replacing windows of the same size.

## How to apply

Apply online at alderport.example/permits or at City Hall, 2nd floor, weekdays 8 a.m.–4:30
p.m. Simple permits are issued the same day; plans that need review take about 10 business
days. Work without a permit may have to be opened up for inspection.
""",
    ),
    DemoArticle(
        slug="fence-and-deck-permits",
        title="Fence and deck permits",
        summary="Decks need a permit; fences need one only when over 4 feet in front yards or 6 "
        "feet elsewhere. Call Iowa One Call before you dig.",
        categories=("permits-licenses",),
        keywords="fence, deck, porch, patio, property line, height",
        body="""\
## Decks

Every deck attached to a house, and any deck more than 30 inches off the ground, needs a
building permit. Bring a simple drawing with the deck's size, height, footings and stairs.
Inspections happen at the footings and when the deck is finished.

## Fences

- Front yard: up to **4 feet** high without a permit.
- Side and back yards: up to **6 feet** without a permit.
- Taller fences, and any fence on a corner lot within 25 feet of the corner, need a permit.

Fences must stay on your property; the finished side faces your neighbor. Before digging post
holes, call **811 (Iowa One Call)** at least 48 hours ahead to have buried lines marked.
""",
    ),
    DemoArticle(
        slug="block-party-permits",
        title="Block party and street closure permits",
        summary="Apply at least 30 days ahead to close a residential street for a block party; "
        "the permit is free and the city lends barricades.",
        categories=("permits-licenses", "neighborhoods"),
        keywords="block party, street closure, close street, neighborhood event, barricades",
        body="""\
Neighbors may close a residential street for a block party from 9 a.m. to 10 p.m.

## Apply

- Submit the block party form at alderport.example/events **at least 30 days before** the
  event.
- Include signatures of at least **two thirds of the households** on the block.
- Main streets, bus routes and streets next to a fire station cannot be closed.

The permit is **free**. Public Works drops off barricades the day before and picks them up the
day after. Keep a 20-foot lane open for emergency vehicles, and keep music within the noise
limits after 10 p.m.
""",
    ),
    DemoArticle(
        slug="dumpster-permits",
        title="Dumpster, storage pod and moving truck permits",
        summary="A dumpster or storage container on the street or sidewalk needs a right-of-way "
        "permit; on your own driveway it does not.",
        categories=("permits-licenses", "parking-vehicles"),
        keywords="dumpster, roll-off, storage pod, container, moving truck, right of way",
        body="""\
Anything placed in the street, on the sidewalk or on the grass strip between them needs a
**right-of-way permit** from Transportation.

- **On your driveway or lawn**: no permit.
- **In the street**: $25 for up to 14 days, renewable once. Containers need reflective
  markers on each corner and must stay 15 feet from hydrants and 20 feet from corners.
- **Moving trucks** parked more than 24 hours need the same permit.

Apply online at alderport.example/permits at least 3 business days ahead. During a declared
snow emergency, containers must be moved off snow routes.
""",
    ),
    DemoArticle(
        slug="business-licenses",
        title="Starting a business: licenses and registration",
        summary="Most businesses in Alderport need a city business license, renewed each year, "
        "plus any state license for their trade.",
        categories=("permits-licenses",),
        keywords="business license, start a business, home business, vendor, food truck",
        body="""\
## City business license

Businesses operating in Alderport — including home businesses — register with the City
Clerk. The license costs **$50 a year** and renews every January.

## Home businesses

A home business is allowed if customers do not park on the street all day, there are no
signs larger than 2 square feet, and no more than one employee lives elsewhere.

## Special licenses

Food trucks, sidewalk vendors, liquor sales, tattoo parlors and taxi services need extra
licenses and inspections. Environmental Health inspects food businesses before opening.

Apply online at alderport.example/business or at the City Clerk's office in City Hall.
""",
    ),
    DemoArticle(
        slug="garage-sales",
        title="Garage and yard sales",
        summary="Residents may hold up to three garage sales a year without a permit; signs go on "
        "private property only.",
        categories=("permits-licenses", "neighborhoods"),
        keywords="garage sale, yard sale, rummage sale, estate sale, signs",
        body="""\
You do not need a permit for a garage or yard sale. The rules:

- Up to **three sales a year** per address, each lasting no more than three days.
- Hours: 7 a.m. to 7 p.m.
- Signs may go on private property with the owner's permission, **never on utility poles,
  street signs or in the median**, and must come down the day the sale ends.

Leftover items are not bulk pickup items unless you schedule a pickup (see *Bulk item
pickup*). Many charities in Alderport pick up donations for free.
""",
    ),
    # --- Parking and vehicles -------------------------------------------------------------------
    DemoArticle(
        slug="residential-parking-permits",
        title="Residential parking permits",
        summary="In permit zones near downtown and the college, residents park on the street "
        "with a yearly permit of $30 per vehicle.",
        categories=("parking-vehicles",),
        keywords="parking permit, parking sticker, zone, guest pass, visitor parking",
        body="""\
Some streets near downtown and Alderport College are **residential permit zones**: signs say
"2 hour parking except with Zone permit".

## Get a permit

- Apply online at alderport.example/parking with your vehicle registration at a zone address.
- **$30 per vehicle per year**, up to three vehicles per household.
- Each household may also buy two **guest passes** ($10 each) for visitors.

Permits run September 1 to August 31. A permit does not reserve a particular space and does
not allow parking during street sweeping or a snow emergency.
""",
    ),
    DemoArticle(
        slug="parking-tickets",
        title="Pay or contest a parking ticket",
        summary="Pay a parking ticket online, by mail or at City Hall within 30 days; to contest "
        "it, ask for a review within 14 days.",
        categories=("parking-vehicles",),
        services=("PARKING_COMPLAINT",),
        keywords="parking ticket, citation, fine, pay ticket, appeal ticket, dispute",
        body="""\
## Pay

- **Online** at alderport.example/tickets with the ticket number and license plate
- **By mail**: check to "City of Alderport" at PO Box 311, Alderport IA
- **In person** at City Hall, 1st floor cashier, weekdays 8 a.m.–4:30 p.m.

Fines double if not paid within **30 days**, and unpaid tickets can lead to a boot.

## Contest

If you believe a ticket was wrong, request a review online or in writing **within 14 days**.
Include photos and any receipts. A parking hearing officer decides within 30 days; if you
disagree, you may ask for a hearing in person.
""",
    ),
    DemoArticle(
        slug="towed-vehicles",
        title="My vehicle was towed",
        summary="Vehicles towed by the city go to the Alderport impound lot at 400 Levee Street. "
        "Call the non-emergency line to confirm, then bring ID and registration.",
        categories=("parking-vehicles",),
        keywords="towed car, tow, impound lot, get my car back, vehicle removed",
        body="""\
If your car is gone from where you parked it, first call the police non-emergency line at
+1 319-555-0108 to find out whether it was **towed or stolen**.

## Getting it back

City tows go to the **Alderport Impound Lot, 400 Levee Street**, open every day 7 a.m.–9 p.m.
Bring:

- a photo ID,
- the vehicle registration or title, and
- payment: $125 tow fee plus $20 a day for storage (cash, card).

Unpaid parking tickets on the vehicle must be paid first. Vehicles left more than 30 days are
sold at auction.
""",
    ),
    DemoArticle(
        slug="abandoned-vehicles",
        title="Report an abandoned vehicle",
        summary="A vehicle parked on a public street for more than 72 hours, or clearly "
        "inoperable, can be reported to 311 for tagging and towing.",
        categories=("parking-vehicles",),
        services=("ABANDONED_VEHICLE",),
        keywords="abandoned car, junk car, flat tires, not moved, expired plates",
        body="""\
Vehicles may not be parked on a public street for more than **72 hours** without moving, and
vehicles that cannot run (flat tires, missing parts, no plates) may not be kept on the street.

## Report it

Report an abandoned vehicle through 311 with the make, color, plate and where it is parked.
A parking officer visits within 3 business days and puts a warning tag on it. If it is still
there after 72 hours, it is towed.

Vehicles on **private property** are handled by Neighborhood Services as a code complaint
when they are inoperable or unlicensed.
""",
    ),
    # --- Streets and snow -----------------------------------------------------------------------
    DemoArticle(
        slug="snow-emergency-parking",
        title="Snow emergency parking rules",
        summary="When the city declares a snow emergency, park off snow routes and follow odd/even "
        "side rules until plowing is done, or your car may be ticketed and towed.",
        categories=("parking-vehicles", "streets-snow"),
        keywords="snow emergency, snow route, odd even parking, where to park, winter parking",
        body="""\
A **snow emergency** is declared when 3 inches or more of snow is expected. You will hear it on
local radio, see it at alderport.example/snow and receive an alert if you signed up.

## While it lasts

1. **Snow routes** (red and white signs): no parking at all until the route is plowed curb
   to curb.
2. **Other streets**: on odd-numbered days park on the side with odd house numbers; on even
   days, the even side.
3. Free parking is available in the city ramps on 3rd Street and Market Street.

Cars left in the way are ticketed ($50) and may be towed. The emergency ends when the city
announces it, usually 48 hours after the snow stops.
""",
    ),
    DemoArticle(
        slug="snow-plowing",
        title="How and when streets are plowed",
        summary="Plows clear main streets and bus routes first, then neighborhood streets; most "
        "residential streets are plowed within 24 hours after snow stops.",
        categories=("streets-snow",),
        services=("UNPLOWED_STREET",),
        keywords="snow plow, plowing, unplowed, snowplow, icy roads, salt, windrow",
        body="""\
Alderport plows in order of priority:

1. **Main streets, bus routes and hospital access** — kept open during the storm.
2. **Collector streets and school routes**.
3. **Residential streets and cul-de-sacs** — plowed once the snow stops, usually within
   **24 hours**.

Alleys are plowed only after heavy storms. Streets are salted at hills, curves and
intersections.

Plows push snow to the side of the road, which leaves a ridge at driveways; clearing it is the
property owner's job. Please do not shovel or blow snow into the street.

If your street is still not plowed 24 hours after the snow stopped, report it through 311.
""",
    ),
    DemoArticle(
        slug="sidewalk-snow-removal",
        title="Shoveling sidewalks after snow",
        summary="Property owners must clear sidewalks next to their property within 24 hours "
        "after snow stops. Help is available for seniors and people with disabilities.",
        categories=("streets-snow",),
        services=("SNOW_ICE_SIDEWALK",),
        keywords="shovel, icy sidewalk, snow removal, unshoveled, curb ramp",
        body="""\
Owners and tenants must clear snow and ice from the sidewalks next to their property **within
24 hours after the snow stops**, including the curb ramp at a corner.

- Clear a path at least 3 feet wide.
- Put down sand or salt where ice remains.
- Do not pile snow in the street or on fire hydrants.

If a sidewalk stays unshoveled, report it through 311. An inspector leaves a notice; if it is
still not cleared after 24 more hours, a city contractor clears it and the owner is billed.

**Snow Buddies**: residents over 65 or with a disability can ask 311 to be matched with a
volunteer who shovels for them.
""",
    ),
    DemoArticle(
        slug="potholes",
        title="Report a pothole",
        summary="Report potholes on city streets through 311; crews fill most within 3 business "
        "days. Damage claims go to the City Clerk.",
        categories=("streets-snow",),
        services=("POTHOLE",),
        keywords="pothole, hole in road, road damage, street repair, crack",
        body="""\
Freeze and thaw cycles open potholes every spring. Report one through 311 on the web, in the
app or by phone — a photo and the nearest address or intersection help the crew find it.

Crews fill most potholes within **3 business days**. Large areas of broken pavement are
scheduled for patching or resurfacing.

State highways in Alderport (Highway 61 and Highway 22) are repaired by the Iowa DOT; 311
forwards those reports.

## Vehicle damage

If a pothole damaged your vehicle, you may file a claim with the City Clerk within 60 days.
Include photos, repair estimates and the exact location.
""",
    ),
    DemoArticle(
        slug="streetlight-outages",
        title="Street light out",
        summary="Report a dark or flickering street light with the pole number; most repairs are "
        "made within 5 business days.",
        categories=("streets-snow",),
        services=("STREET_LIGHT_OUT",),
        keywords="street light out, dark street, streetlight, lamp post, flickering light",
        body="""\
Each street light pole has a **tag with a number** about 5 feet up. Report an outage through
311 with that number or the nearest address.

- Single lights out: repaired within **5 business days**.
- Several lights out in a row, or a pole knocked down: treated as urgent.
- Lights in parks and parking lots are repaired by Parks or the lot's owner.

Lights on a few streets belong to the electric utility; 311 forwards those reports to them.
""",
    ),
    DemoArticle(
        slug="street-sweeping",
        title="Street sweeping schedule",
        summary="Streets are swept monthly from April to October; move your car on posted "
        "sweeping days or get a $30 ticket.",
        categories=("streets-snow", "parking-vehicles"),
        keywords="street sweeping, sweeper, street cleaning, move car",
        body="""\
Sweepers clean every city street **once a month from April to October**, and downtown every
week.

Temporary "No parking — street sweeping" signs go up at least 24 hours before. Move your car
off the street from 7 a.m. to 3 p.m. that day or it may be ticketed ($30).

Sweeping keeps leaves and litter out of storm drains. Please do not rake leaves into the
street; see *Yard waste and fall leaf collection*.
""",
    ),
    DemoArticle(
        slug="storm-drains-and-flooding",
        title="Clogged storm drains and street flooding",
        summary="Report clogged storm drains and flooded streets to 311; for sewage in your "
        "basement, call right away.",
        categories=("water-sewer", "streets-snow"),
        services=("STORM_DRAIN", "SEWER_BACKUP"),
        keywords="storm drain, flooding, flooded street, sewer backup, basement water, catch basin",
        body="""\
## Street flooding and storm drains

After heavy rain, water should drain within a few hours. If a storm drain is blocked by
leaves or trash, you can help by raking debris away **from the top** of the grate — never
reach inside. Report drains that stay blocked through 311.

## Sewage in the basement

If sewage is coming up through a floor drain, call 311 **right away, day or night**. A crew
checks whether the city's sewer main is blocked. If the main is clear, the problem is in your
private sewer line and you will need a plumber.

The city offers rebates of up to $1,500 for backflow valves and sump pump disconnections.
""",
    ),
    # --- Water ----------------------------------------------------------------------------------
    DemoArticle(
        slug="pay-water-bill",
        title="Pay your water bill",
        summary="Pay your Alderport Water bill online, by phone, by automatic payment, by mail or "
        "in person. Bills come every month and are due in 21 days.",
        categories=("water-sewer",),
        services=("WATER_BILLING",),
        keywords="water bill, utility bill, pay online, autopay, payment plan, late fee",
        body="""\
Alderport Water bills every month for water, sewer, storm water and garbage. Bills are due
**21 days** after the bill date.

## Ways to pay

- **Online**: alderport.example/water — card or bank account, no fee
- **Automatic payment**: sign up online; the bill is drafted on the due date
- **Phone**: +1 319-555-0105, 24 hours
- **Mail**: PO Box 450, Alderport IA
- **In person**: City Hall cashier or the drop box by the front door

A late fee of 5% is added after the due date. If you are struggling to pay, ask for a
**payment plan** before the due date; shutoffs are never made on Fridays, holidays or when it
is below 20°F.
""",
    ),
    DemoArticle(
        slug="high-water-bill",
        title="Why is my water bill high?",
        summary="A sudden jump in your water bill is usually a leak, most often a running toilet. "
        "Here is how to check, and how to ask for a leak adjustment.",
        categories=("water-sewer",),
        services=("WATER_BILLING", "WATER_LEAK"),
        keywords="high water bill, expensive, bill increase, leak, running toilet, usage",
        body="""\
A running toilet can waste 200 gallons a day. Before calling, check for leaks:

1. **Read your meter** at night, use no water for two hours, and read it again. If the
   number changed, water is leaking somewhere.
2. **Toilets**: put a few drops of food coloring in the tank. Color in the bowl after 15
   minutes means the flapper leaks.
3. Look for dripping faucets, a leaking water heater and outdoor hoses.

Summer bills are higher from watering lawns; sewer charges in summer are based on your winter
average, so watering does not raise them.

## Leak adjustment

Once a leak is fixed, you can ask for a one-time **leak adjustment** of up to half the extra
charge. Send the plumber's receipt to Alderport Water within 60 days. If you find no leak,
ask for a free meter test.
""",
    ),
    DemoArticle(
        slug="start-stop-water-service",
        title="Start, stop or transfer water service",
        summary="Moving in or out? Start or stop water service online at least 3 business days "
        "before your move; there is no fee.",
        categories=("water-sewer",),
        keywords="moving, move in, move out, new account, close account, transfer service, "
        "final bill",
        body="""\
## Moving in

Start service online at alderport.example/water or by phone at least **3 business days**
before you move in. You need your move-in date, ID, and a lease or closing papers. Renters can
open an account in their own name with the owner's consent.

## Moving out

Stop service with your move-out date. The meter is read that day and a **final bill** is sent
to your new address. If you are moving within Alderport, ask to **transfer** your account.

There is no fee to start, stop or transfer service. The water itself is not turned off
between owners unless the house will be empty.
""",
    ),
    DemoArticle(
        slug="water-outages-and-main-breaks",
        title="No water, low pressure or a water main break",
        summary="If your water is off or water is running in the street, call 311 at any hour. "
        "Planned shutoffs are announced 48 hours ahead.",
        categories=("water-sewer",),
        services=("WATER_MAIN_BREAK", "LOW_WATER_PRESSURE", "WATER_LEAK"),
        keywords="no water, water off, tap, low pressure, main break, water in street, "
        "discolored water",
        body="""\
## Water running in the street

Report it to 311 right away, **24 hours a day**. Crews usually fix a main break within 8
hours; your water may be off while they work.

## No water or low pressure at home

1. Check the outage map at alderport.example/water.
2. Ask a neighbor: if they have water, the problem may be inside your home (a closed valve,
   a frozen pipe).
3. Call 311 if the whole street is affected.

After repairs, water may look cloudy or brown. Run cold water from the bathtub for 10 minutes
until it is clear, and avoid laundry until then. Planned shutoffs are announced with door
hangers 48 hours ahead.
""",
    ),
    # --- Pets and animals -----------------------------------------------------------------------
    DemoArticle(
        slug="pet-licenses",
        title="Dog and cat licenses",
        summary="Dogs and cats over 6 months old need a city license, renewed each year: $15 if "
        "spayed or neutered, $35 if not.",
        categories=("pets-animals",),
        keywords="dog license, cat license, pet tag, rabies, register pet, renewal",
        body="""\
Every dog and cat over **6 months** old living in Alderport needs a license. The tag helps us
bring lost pets home.

| Pet | Spayed or neutered | Not spayed or neutered |
|---|---|---|
| Dog or cat | $15 a year | $35 a year |

Seniors over 65 pay half. Licenses run with the rabies vaccination and are renewed online at
alderport.example/pets, by mail, or at the Alderport Animal Shelter, 85 Kennel Way. You need
a current **rabies certificate** from your vet.

Renewal reminders are mailed a month before a license expires. An unlicensed pet may bring a
$50 fine.
""",
    ),
    DemoArticle(
        slug="lost-and-found-pets",
        title="Lost or found pets",
        summary="Check the Alderport Animal Shelter in person and online right away; found pets "
        "can be reported to 311 or brought to the shelter.",
        categories=("pets-animals",),
        services=("STRAY_DOG",),
        keywords="lost dog, lost cat, missing pet, found dog, stray, animal shelter",
        body="""\
## Lost your pet?

1. Visit the **Alderport Animal Shelter, 85 Kennel Way** (open daily 11 a.m.–6 p.m.) and see
   the found-pets page at alderport.example/pets. Visit in person every two days; pets can
   look different after time outside.
2. File a lost-pet report with the shelter, with a photo.
3. Stray animals are kept for **5 days**, or 7 days if they wear a tag or microchip.

To reclaim your pet, bring ID and proof of ownership. Fees are waived for a first reclaim of
a licensed, microchipped pet.

## Found a pet?

Check for a tag, ask a vet or the shelter to scan for a microchip, and report the animal
through 311. A loose dog that is running in traffic or acting aggressively: call 311 and an
animal control officer will come.
""",
    ),
    DemoArticle(
        slug="barking-dogs-and-animal-complaints",
        title="Barking dogs and other animal complaints",
        summary="Talk to the owner first. Barking that continues for 10 minutes or more can be "
        "reported to Animal Services, who will warn, then fine, the owner.",
        categories=("pets-animals", "neighborhoods"),
        services=("ANIMAL_WELFARE", "NOISE_COMPLAINT"),
        keywords="barking dog, dog barks, animal noise, dog poop, leash, chickens",
        body="""\
Often a neighbor does not know their dog barks while they are away. A friendly conversation
or a note solves most problems.

## When to report

Report barking or howling that goes on for **10 minutes or more**, or often during the night,
through 311. Animal Services sends the owner a letter first; further reports lead to a visit
and fines starting at $50.

## Other complaints

- Dogs off leash, or owners not picking up after their dogs
- Animals left outside without shelter or water — report right away; an officer checks
- Chickens are allowed (up to six hens, no roosters) with a $10 permit
""",
    ),
    DemoArticle(
        slug="dead-animal-removal",
        title="Dead animal removal",
        summary="Crews pick up dead animals from streets and sidewalks within one business day; "
        "report them to 311.",
        categories=("pets-animals",),
        services=("DEAD_ANIMAL",),
        keywords="dead animal, roadkill, dead deer, dead raccoon, dead bird, carcass",
        body="""\
Report dead animals on streets, sidewalks, alleys and in parks through 311. Give the nearest
address and which side of the street. Crews pick them up within **one business day**.

On **private property**, owners may double-bag small animals and put them in the garbage
cart. For large animals on private property, call 311 for a removal fee ($40).

If a dead pet has a tag or microchip, Animal Services notifies the owner. Do not touch bats,
raccoons or skunks with bare hands; report a bat found inside your home to 311 because of the
rabies risk.
""",
    ),
    # --- Property and taxes ---------------------------------------------------------------------
    DemoArticle(
        slug="property-tax-payments",
        title="Property tax due dates and how to pay",
        summary="Property taxes are paid in two halves, due September 30 and March 31, online, by "
        "mail or at the County Treasurer.",
        categories=("taxes-property",),
        keywords="property tax, tax bill, due date, pay taxes, installment, treasurer",
        body="""\
Property taxes in Alderport are billed by the **County Treasurer** for the city, the schools
and the county.

## Due dates

- First half: due **September 30**
- Second half: due **March 31**

A penalty of 1.5% a month is added after each due date. If you have a mortgage, your lender
usually pays from an escrow account.

## How to pay

Online at the county's tax portal, by mail, at the Treasurer's office in the County Building,
or in the drop box at City Hall. Keep your receipt number.

Questions about what your home is worth go to the **City Assessor**; see *Appeal your
property assessment*.
""",
    ),
    DemoArticle(
        slug="property-assessment-appeals",
        title="Appeal your property assessment",
        summary="If you think the Assessor's value of your home is wrong, ask for an informal "
        "review, then appeal to the Board of Review between April 2 and April 30.",
        categories=("taxes-property",),
        keywords="assessment, appraisal, assessed value, home value, appeal, board of review",
        body="""\
The City Assessor values every property on January 1. Notices of a changed value are mailed
by April 1.

## Steps

1. **Informal review**: call or visit the Assessor's office in April. Many questions are
   settled by correcting the facts about your home (square footage, bathrooms, condition).
2. **Board of Review**: file a written protest between **April 2 and April 30**. Bring
   evidence such as a recent appraisal or sales of similar homes nearby.
3. The Board decides by the end of May. You may appeal its decision to the State Property
   Assessment Appeal Board.

An appeal is about the value of your home, not about the tax rate.
""",
    ),
    DemoArticle(
        slug="property-tax-relief",
        title="Property tax credits and relief for homeowners and seniors",
        summary="Homeowners get the homestead credit; seniors 65 and over, veterans and people "
        "with low incomes can apply for extra credits and exemptions.",
        categories=("taxes-property",),
        keywords="homestead credit, senior exemption, senior discount, veterans exemption, "
        "disabled, low income, tax relief",
        body="""\
## Homestead credit

If you own and live in your home, apply once for the homestead credit with the Assessor by
**July 1**. It lowers your taxable value every year you live there.

## Seniors and people with low incomes

Homeowners **65 or older** qualify for an additional exemption, and households with limited
income can apply for an elderly and disabled tax credit, which can also help renters. Apply by
June 1 with proof of age and income.

## Veterans

Veterans may claim a military exemption with their discharge papers (DD-214).

The Assessor's office helps with forms weekdays 8 a.m.–4:30 p.m. in City Hall.
""",
    ),
    # --- Neighborhoods and housing --------------------------------------------------------------
    DemoArticle(
        slug="noise-complaints",
        title="Noise complaints and quiet hours",
        summary="Quiet hours are 10 p.m. to 7 a.m. Loud parties or music at night go to the "
        "police non-emergency line; construction noise and other daytime noise go to 311.",
        categories=("neighborhoods",),
        services=("NOISE_COMPLAINT",),
        keywords="noise, loud music, party, quiet hours, construction noise, neighbors",
        body="""\
Alderport's quiet hours are **10 p.m. to 7 a.m.** (11 p.m. on Fridays and Saturdays). During
those hours, sound from music, parties or equipment must not be heard clearly inside another
home.

## Who to contact

- **Loud party or music right now**: call the police non-emergency line, +1 319-555-0108.
- **Construction** is allowed 7 a.m. to 8 p.m. on weekdays and 8 a.m. to 6 p.m. on weekends;
  report work outside those hours through 311.
- **Repeated noise** from a business, a barking dog or equipment such as air conditioners:
  report through 311 so an inspector can measure it.

For fireworks, see the city's rules for July 3 and 4 at alderport.example.
""",
    ),
    DemoArticle(
        slug="graffiti-removal",
        title="Graffiti removal",
        summary="The city removes graffiti from public property within 3 business days and offers "
        "free removal kits, or free removal with consent, on private property.",
        categories=("neighborhoods",),
        services=("GRAFFITI",),
        keywords="graffiti, spray paint, tagging, vandalism, paint over",
        body="""\
Graffiti that stays up invites more. Report it through 311 with a photo.

- **Public property** (signs, poles, bridges, park buildings): removed within 3 business days.
  Offensive or hateful graffiti is removed within one business day.
- **Private property** (your house, garage, fence): sign a consent form and a city crew paints
  over or pressure-washes it for free, or pick up a free removal kit at Public Works, 900
  Industrial Parkway.

If you see someone spraying graffiti, call the police non-emergency line.
""",
    ),
    DemoArticle(
        slug="tall-grass-and-weeds",
        title="Tall grass, weeds and overgrown lots",
        summary="Grass and weeds over 10 inches high break city code. Report overgrown yards and "
        "vacant lots to 311; the owner gets 7 days to mow.",
        categories=("neighborhoods",),
        services=("OVERGROWN_VEGETATION",),
        keywords="tall grass, weeds, overgrown yard, vacant lot, unmowed lawn, empty house",
        body="""\
Property owners must keep grass and weeds **under 10 inches** high, and trim bushes that block
sidewalks or street signs.

## Report it

Report an overgrown property through 311. An inspector visits within 5 business days and, if
it is over the limit, sends the owner a notice with **7 days** to mow. If it is not done, a
city contractor mows and the owner is billed, with the cost added to their property taxes if
unpaid.

Vacant and foreclosed houses are checked every two weeks in summer once reported.
""",
    ),
    DemoArticle(
        slug="rental-housing-complaints",
        title="Rental housing problems: when your landlord will not make repairs",
        summary="Every Alderport rental must be safe and heated. If your landlord does not fix a "
        "problem after written notice, ask for a housing inspection.",
        categories=("neighborhoods",),
        services=("HOUSING_CODE",),
        keywords="landlord, tenant, renter, repairs, no heat, mold, pests, rental inspection",
        body="""\
Rental homes in Alderport must be registered and inspected every three years, and must have
heat (at least 68°F), hot water, working smoke detectors, safe wiring and no leaks or pests.

## If something needs fixing

1. Tell your landlord **in writing** (keep a copy) and allow a reasonable time — 24 hours for
   no heat or water, 7 days for most repairs.
2. If it is not fixed, request a **housing inspection** through 311. An inspector visits
   within 5 business days (1 business day for no heat in winter).
3. The landlord gets an order to repair, with re-inspection and fines if ignored.

Landlords may not evict or raise rent to punish a tenant for asking for an inspection.
Free legal advice for tenants is available from Iowa Legal Aid.
""",
    ),
    DemoArticle(
        slug="street-trees",
        title="Street trees: trimming, removal and planting",
        summary="The city cares for trees between the sidewalk and the street. Ask 311 for "
        "trimming, report fallen limbs, or request a free new tree.",
        categories=("neighborhoods", "parks-recreation"),
        services=("TREE_TRIMMING", "TREE_DOWN", "TREE_PLANTING"),
        keywords="tree trimming, branch, fallen tree, limb, dead tree, plant a tree, parkway",
        body="""\
Trees in the strip between the sidewalk and the street (the parkway) belong to the city.

- **Trimming**: request it through 311; a forester inspects within 10 business days. Every
  neighborhood is pruned on a 7-year cycle.
- **Fallen tree or large limb** blocking a street or sidewalk: report it right away, any hour.
- **Dead or dying tree**: the forester decides whether to remove it; stumps are ground later.
- **New tree**: ask for a free parkway tree; planting is in spring and fall.

Please do not prune or remove parkway trees yourself. Trees on private property are the
owner's responsibility.
""",
    ),
    # --- Parks, recreation and libraries --------------------------------------------------------
    DemoArticle(
        slug="park-shelter-reservations",
        title="Reserve a park shelter or pavilion",
        summary="Park shelters can be reserved online from January for the season; fees start at "
        "$40 for half a day for residents.",
        categories=("parks-recreation",),
        keywords="park shelter, pavilion, picnic, reserve, birthday party, rent a shelter",
        body="""\
Alderport has 14 park shelters, from small picnic shelters to the Riverside Pavilion.

## Reserve

- Reservations open **January 2** for the whole season (May–October) at
  alderport.example/parks or by phone with Parks & Forestry.
- Fees for residents: **$40** half day, $70 full day; Riverside Pavilion $150 a day.
- Shelters without a reservation are first come, first served.

Alcohol needs a separate permit. Bounce houses are allowed at shelters marked on the map.
Cancel at least 14 days ahead for a refund minus a $10 fee.
""",
    ),
    DemoArticle(
        slug="recreation-programs",
        title="Recreation classes, camps and pools",
        summary="Register for swim lessons, youth sports, summer camps and adult classes online; "
        "fee help is available for families with low incomes.",
        categories=("parks-recreation",),
        keywords="recreation, classes, summer camp, swimming pool, swim lessons, sports, "
        "registration",
        body="""\
The Parks & Recreation guide comes out three times a year (winter, spring, summer) with
classes for all ages.

- **Registration** opens online at alderport.example/rec three weeks before each season.
- **Pools**: Northside and Riverside pools are open from Memorial Day to Labor Day, 1–7 p.m.
  Day passes are $4 for adults and $2 for children.
- **Summer camps** for ages 5–12 run weekly in June and July.

Families who receive SNAP or free school lunch may get up to **75% off** program fees; apply
once a year with proof of eligibility.
""",
    ),
    DemoArticle(
        slug="library-cards",
        title="Get a library card",
        summary="Alderport residents get a free library card at any branch with photo ID and "
        "proof of address.",
        categories=("parks-recreation",),
        keywords="library card, library, borrow books, renew, ebooks",
        body="""\
Cards from the **Alderport Public Library** are free for anyone who lives, works or goes to
school in Alderport.

Bring a photo ID and something showing your address (a bill, lease or piece of mail) to the
Main Library, 200 River Street, or the Eastside or Westside branch.

With a card you can borrow up to 50 items, download ebooks and audiobooks, use computers and
reserve study rooms. Children under 18 need a parent's signature. There are no late fees on
children's books.
""",
    ),
    # --- Contacting the city --------------------------------------------------------------------
    DemoArticle(
        slug="contact-311",
        title="How to reach Alderport 311",
        summary="Call 311 (or +1 319-555-0100 from outside the city) weekdays 7 a.m. to 7 p.m., "
        "or report and track requests online and in the app at any time.",
        categories=("city-services",),
        services=("GENERAL_INQUIRY",),
        keywords="311, phone number, call, hours, contact the city, customer service, help",
        body="""\
Alderport 311 is the one number for city services and information.

## Ways to reach us

- **Phone**: dial **311** in Alderport, or +1 319-555-0100 from a cell phone outside the city.
  Agents answer weekdays 7 a.m.–7 p.m. and Saturdays 8 a.m.–noon. Interpreters are available in
  more than 200 languages.
- **Online and app**: report a problem and track it any time at alderport.example/311.
- **Email**: 311@alderport.example
- **In person**: the 311 desk in the City Hall lobby, 100 Main Street.

For emergencies — fire, crime in progress, medical — always call **911**. After hours, water
main breaks, sewer backups and fallen trees are still handled by the on-call crews.
""",
    ),
    DemoArticle(
        slug="public-records-requests",
        title="Request public records",
        summary="Anyone may ask for city records under Iowa's open records law; most requests are "
        "free and answered within 10 business days.",
        categories=("city-services",),
        keywords="public records, open records, documents, foia, police report, copies",
        body="""\
Iowa's open records law gives everyone the right to see most city records.

## How to ask

Submit a request at alderport.example/records, by email to the City Clerk, or on paper at City
Hall. Describe the records as clearly as you can (dates, addresses, names).

- Most requests are answered within **10 business days**.
- The first 30 minutes of staff time and electronic copies are free; paper copies cost
  $0.25 a page.
- Police reports are requested from the Police Records Unit.

Some records are confidential by law, such as personal medical information; the Clerk will
tell you which exception applies.
""",
    ),
    # --- Staff only -----------------------------------------------------------------------------
    DemoArticle(
        slug="staff-missed-collection-escalation",
        title="Agent guide: repeated missed collections",
        summary="How agents handle a third missed collection at the same address in 30 days: file "
        "the request, flag it, and tell the caller when a supervisor will call back.",
        categories=("trash-recycling",),
        services=("MISSED_TRASH",),
        audience="staff",
        keywords="escalation, repeat miss, supervisor callback, sanitation",
        body="""\
Use this when a caller reports a missed trash, recycling or yard-waste collection and the
address history shows **two or more misses in the last 30 days**.

1. File the missed-collection request as usual; check the request history on the contact
   screen.
2. In the notes, write **"REPEAT MISS"** and the dates of the earlier misses.
3. Tell the caller a Sanitation supervisor will call back **within one business day**, and
   that a crew will return the next business day regardless.
4. Do not promise a credit on the utility bill; supervisors decide credits.

If the caller is elderly or has a disability and cannot move the cart, offer the **carry-out
service** sign-up (free with a doctor's note).
""",
    ),
    DemoArticle(
        slug="staff-snow-emergency-call-script",
        title="Agent guide: calls during a snow emergency",
        summary="What to say and what to file during a declared snow emergency, when call volume "
        "triples.",
        categories=("streets-snow",),
        services=("UNPLOWED_STREET", "SNOW_ICE_SIDEWALK"),
        audience="staff",
        keywords="snow emergency script, call volume, plowing questions, towing questions",
        body="""\
During a declared snow emergency:

- **"When will my street be plowed?"** Explain the priority order. File an unplowed-street
  request only if snow stopped **more than 24 hours ago**.
- **"My car was towed."** Check the tow list on the intranet, then read the *My vehicle was
  towed* article; towed cars go to 400 Levee Street.
- **Medical needs** (dialysis, oxygen delivery): transfer the caller to the Public Works
  dispatcher at extension 4410 so a plow can clear the way.
- Keep calls short; send the snow emergency article by text when the caller agrees.

Supervisors post updates in the console banner every two hours.
""",
    ),
]

SPANISH_ARTICLES: list[DemoArticle] = [
    DemoArticle(
        slug="dia-de-recoleccion-de-basura",
        translation_of="trash-collection-day",
        language="es",
        title="¿Qué día recogen mi basura?",
        summary="Alderport recoge la basura una vez por semana; el día depende de su dirección. "
        "Saque el contenedor antes de las 6 a. m.",
        categories=("trash-recycling",),
        services=("MISSED_TRASH",),
        keywords="día de la basura, camión de la basura, horario de recolección, ruta",
        body="""\
Saneamiento y Reciclaje recoge la basura de los hogares **una vez por semana**, de lunes a
viernes. La ciudad tiene cinco zonas de recolección y cada una tiene su día.

## Cómo saber su día

- Escriba su dirección en el *buscador de día de recolección* en alderport.example/trash, o
- llame al 311 y un agente se lo busca.

El reciclaje se recoge el **mismo día** que la basura, cada dos semanas.

## Cómo sacar el contenedor

1. Póngalo en la orilla de la calle antes de las **6 a. m.** del día de recolección, o
   después de las 5 p. m. del día anterior.
2. Deje un metro libre alrededor, con la tapa cerrada.
3. Guárdelo al final del día de recolección.

Las bolsas extra solo se recogen con la **etiqueta de bolsa extra** de Alderport ($2).
""",
    ),
    DemoArticle(
        slug="guia-de-reciclaje",
        translation_of="recycling-guide",
        language="es",
        title="¿Qué se puede reciclar en el contenedor azul?",
        summary="Papel limpio, cartón, latas y botellas de plástico van sueltos en el contenedor "
        "azul cada dos semanas. Las bolsas de plástico y la comida no.",
        categories=("trash-recycling",),
        services=("MISSED_RECYCLING",),
        keywords="reciclar, reciclables, contenedor azul, plástico, cartón, vidrio",
        body="""\
El contenedor azul de reciclaje se recoge **cada dos semanas** en su día de basura.

## Sí, por favor

- Cajas de cartón aplastadas (las de pizza, si no tienen restos de comida)
- Papel: correo, periódicos, revistas, cajas de cereal
- Latas de comida y bebida
- Botellas y envases de plástico con los números 1, 2 o 5
- Botellas y frascos de vidrio enjuagados

## No, gracias

- **Bolsas y plástico de envolver**: devuélvalas en el supermercado.
- Comida, líquidos, pañales, mangueras, cables y ropa
- Unicel y envases con restos de comida
- Pilas y aparatos electrónicos

Ponga los materiales **sueltos**, sin bolsa. Si el equipo encuentra cosas equivocadas, deja
una etiqueta que explica qué sacar.
""",
    ),
    DemoArticle(
        slug="recogida-de-articulos-voluminosos",
        translation_of="bulk-item-pickup",
        language="es",
        title="Recogida de muebles, colchones y electrodomésticos",
        summary="Pida una recogida gratuita de hasta cinco artículos grandes al mes, como sofás, "
        "colchones y electrodomésticos.",
        categories=("trash-recycling",),
        services=("BULK_ITEM_PICKUP",),
        keywords="artículos grandes, sofá, colchón, muebles, refrigerador, lavadora, tirar",
        body="""\
Los artículos grandes que no caben en el contenedor se recogen con cita.

Cada hogar puede sacar hasta **cinco artículos al mes** sin costo: sofás y sillas, colchones,
mesas, cómodas, alfombras enrolladas, parrillas sin tanque de gas y electrodomésticos. Los
refrigeradores deben ir sin puertas.

## Cómo pedirla

1. Pida la recogida por el 311 en línea, en la aplicación o por teléfono.
2. Recibirá una fecha, normalmente en 5 días hábiles.
3. Saque los artículos a la orilla **la noche anterior**, no en la acera ni en la calle.

Los colchones deben ir envueltos en plástico. Escombros de construcción, llantas y productos
peligrosos no se aceptan.
""",
    ),
    DemoArticle(
        slug="recoleccion-omitida",
        translation_of="missed-collection",
        language="es",
        title="No recogieron mi basura o mi reciclaje",
        summary="Si su contenedor estaba afuera a las 6 a. m. y no lo vaciaron, repórtelo antes "
        "del final del siguiente día hábil y un equipo regresará.",
        categories=("trash-recycling",),
        services=("MISSED_TRASH", "MISSED_RECYCLING", "MISSED_YARD_WASTE"),
        keywords="no recogieron, no pasaron, se olvidaron, basura sin recoger",
        body="""\
Antes de reportar, revise:

- **¿Fue semana de feriado?** La recolección se retrasa un día después de un feriado.
- **¿Tiene una etiqueta el contenedor?** El equipo la deja cuando no puede vaciarlo y explica
  por qué.
- **¿Le toca reciclaje esta semana?** El reciclaje se recoge cada dos semanas.

## Repórtelo

Si el contenedor estaba en la calle antes de las 6 a. m., repórtelo por el 311 **antes del
final del siguiente día hábil**. Déjelo afuera; un equipo regresa en un día hábil.

Si su calle queda sin recoger varias veces, dígaselo al agente para que un supervisor lo revise.
""",
    ),
    DemoArticle(
        slug="calendario-de-recoleccion-en-feriados",
        translation_of="holiday-collection-schedule",
        language="es",
        title="Recolección de basura en días feriados",
        summary="Cuando un feriado de la ciudad cae entre semana, la recolección del resto de la "
        "semana se hace un día después.",
        categories=("trash-recycling",),
        keywords="feriado, día festivo, acción de gracias, navidad, año nuevo, retraso",
        body="""\
No hay recolección en Año Nuevo, el Día de los Caídos, el Día de la Independencia, el Día del
Trabajo, el **Día de Acción de Gracias** y Navidad.

Cuando un feriado cae entre semana, la recolección de ese día **y de los días siguientes de
esa semana se hace un día después**. La del viernes pasa al sábado.

Los feriados en fin de semana no cambian el calendario. Los árboles de Navidad se recogen las
dos primeras semanas de enero, sin luces ni adornos.
""",
    ),
    DemoArticle(
        slug="pagar-factura-de-agua",
        translation_of="pay-water-bill",
        language="es",
        title="Pagar la factura del agua",
        summary="Pague su factura de Alderport Water en línea, por teléfono, con pago automático, "
        "por correo o en persona. Vence 21 días después de la fecha de la factura.",
        categories=("water-sewer",),
        services=("WATER_BILLING",),
        keywords="factura del agua, recibo del agua, pagar en línea, pago automático, plan de pago",
        body="""\
Alderport Water envía una factura cada mes por agua, alcantarillado, aguas pluviales y
basura. Vence **21 días** después de la fecha de la factura.

## Formas de pago

- **En línea**: alderport.example/water, con tarjeta o cuenta bancaria, sin cargo
- **Pago automático**: inscríbase en línea
- **Teléfono**: +1 319-555-0105, las 24 horas
- **Correo**: PO Box 450, Alderport IA
- **En persona**: caja de la Alcaldía o el buzón junto a la puerta principal

Después de la fecha de vencimiento se cobra un recargo del 5 %. Si tiene dificultades para
pagar, pida un **plan de pago** antes del vencimiento.
""",
    ),
    DemoArticle(
        slug="factura-de-agua-alta",
        translation_of="high-water-bill",
        language="es",
        title="¿Por qué mi factura de agua es tan alta?",
        summary="Un aumento repentino suele deberse a una fuga, casi siempre un inodoro que no "
        "deja de correr. Cómo revisarlo y cómo pedir un ajuste por fuga.",
        categories=("water-sewer",),
        services=("WATER_BILLING", "WATER_LEAK"),
        keywords="factura alta, recibo alto, cobro alto, fuga de agua, inodoro, consumo",
        body="""\
Un inodoro que corre sin parar puede gastar 750 litros al día. Antes de llamar, busque fugas:

1. **Lea su medidor** de noche, no use agua durante dos horas y vuelva a leerlo. Si el
   número cambió, hay una fuga.
2. **Inodoros**: ponga unas gotas de colorante en el tanque. Si el color pasa a la taza en 15
   minutos, la válvula tiene fuga.
3. Revise grifos que gotean, el calentador de agua y las mangueras del jardín.

## Ajuste por fuga

Una vez reparada la fuga, puede pedir un **ajuste por fuga** de hasta la mitad del cobro
extra. Envíe el recibo del plomero a Alderport Water dentro de 60 días. Si no encuentra
fugas, pida una prueba gratuita del medidor.
""",
    ),
    DemoArticle(
        slug="iniciar-o-cancelar-servicio-de-agua",
        translation_of="start-stop-water-service",
        language="es",
        title="Iniciar, cancelar o transferir el servicio de agua",
        summary="¿Se muda? Inicie o cancele el servicio de agua en línea al menos 3 días hábiles "
        "antes de la mudanza; no tiene costo.",
        categories=("water-sewer",),
        keywords="mudanza, me mudo, cuenta nueva, cerrar cuenta, cancelar servicio, "
        "transferir, factura final",
        body="""\
## Si llega a una casa

Inicie el servicio en alderport.example/water o por teléfono al menos **3 días hábiles**
antes. Necesita la fecha de entrada, una identificación y el contrato de alquiler o de compra.

## Si se va

Cancele el servicio indicando la fecha de salida. Ese día se lee el medidor y la **factura
final** se envía a su nueva dirección. Si se muda dentro de Alderport, pida **transferir** su
cuenta.

Iniciar, cancelar o transferir el servicio no tiene costo.
""",
    ),
    DemoArticle(
        slug="multas-de-estacionamiento",
        translation_of="parking-tickets",
        language="es",
        title="Pagar o disputar una multa de estacionamiento",
        summary="Pague la multa en línea, por correo o en la Alcaldía dentro de 30 días; para "
        "disputarla, pida una revisión dentro de 14 días.",
        categories=("parking-vehicles",),
        services=("PARKING_COMPLAINT",),
        keywords="multa, infracción, boleta de estacionamiento, pagar multa, apelar",
        body="""\
## Pagar

- **En línea** en alderport.example/tickets con el número de la multa y la placa
- **Por correo**: cheque a "City of Alderport", PO Box 311, Alderport IA
- **En persona** en la caja de la Alcaldía, primer piso, de lunes a viernes

La multa se duplica si no se paga en **30 días**.

## Disputar

Si cree que la multa es un error, pida una revisión en línea o por escrito **dentro de 14
días**, con fotos y recibos. Un oficial de audiencias decide en 30 días.
""",
    ),
    DemoArticle(
        slug="vehiculos-remolcados",
        translation_of="towed-vehicles",
        language="es",
        title="La grúa se llevó mi vehículo",
        summary="Los vehículos remolcados por la ciudad van al depósito de Alderport en 400 Levee "
        "Street. Llame a la línea de policía que no es de emergencia para confirmarlo.",
        categories=("parking-vehicles",),
        keywords="grúa, remolcaron mi carro, depósito, recuperar mi carro, auto remolcado",
        body="""\
Si su carro no está donde lo dejó, llame primero a la línea de la policía que no es de
emergencia, +1 319-555-0108, para saber si fue **remolcado o robado**.

## Cómo recuperarlo

Los vehículos van al **depósito de Alderport, 400 Levee Street**, abierto todos los días de
7 a. m. a 9 p. m. Lleve:

- una identificación con foto,
- el registro o título del vehículo, y
- el pago: $125 por la grúa más $20 por cada día de almacenamiento.

Primero hay que pagar las multas de estacionamiento pendientes del vehículo.
""",
    ),
    DemoArticle(
        slug="estacionamiento-en-emergencia-de-nieve",
        translation_of="snow-emergency-parking",
        language="es",
        title="Dónde estacionar durante una emergencia de nieve",
        summary="Cuando la ciudad declara emergencia de nieve, no estacione en las rutas de nieve "
        "y siga la regla de lado par o impar hasta que pasen las quitanieves.",
        categories=("parking-vehicles", "streets-snow"),
        keywords="emergencia de nieve, ruta de nieve, estacionar, lado par, lado impar, invierno",
        body="""\
La **emergencia de nieve** se declara cuando se esperan 8 centímetros de nieve o más. Se
anuncia en la radio, en alderport.example/snow y por alerta si se inscribió.

## Mientras dure

1. **Rutas de nieve** (letreros rojos y blancos): prohibido estacionar hasta que la ruta esté
   limpia.
2. **Otras calles**: los días impares estacione del lado de los números impares; los días
   pares, del lado par.
3. Puede estacionar gratis en los estacionamientos de la calle 3 y de Market Street.

Los carros que estorban reciben una multa de $50 y pueden ser remolcados.
""",
    ),
    DemoArticle(
        slug="pago-de-impuestos-a-la-propiedad",
        translation_of="property-tax-payments",
        language="es",
        title="Impuestos a la propiedad: fechas de vencimiento y cómo pagar",
        summary="El impuesto a la propiedad se paga en dos mitades, que vencen el 30 de "
        "septiembre y el 31 de marzo.",
        categories=("taxes-property",),
        keywords="impuesto predial, impuesto a la propiedad, vencimiento, pagar impuestos",
        body="""\
El **Tesorero del Condado** cobra el impuesto a la propiedad de la ciudad, las escuelas y el
condado.

## Fechas de vencimiento

- Primera mitad: vence el **30 de septiembre**
- Segunda mitad: vence el **31 de marzo**

Después de cada fecha se cobra un recargo del 1,5 % al mes. Si tiene hipoteca, el banco suele
pagar desde una cuenta de depósito.

## Cómo pagar

En el portal de impuestos del condado, por correo, en la oficina del Tesorero o en el buzón de
la Alcaldía.
""",
    ),
    DemoArticle(
        slug="licencias-para-mascotas",
        translation_of="pet-licenses",
        language="es",
        title="Licencias para perros y gatos",
        summary="Los perros y gatos de más de 6 meses necesitan licencia de la ciudad cada año: "
        "$15 si están esterilizados, $35 si no.",
        categories=("pets-animals",),
        keywords="licencia de perro, licencia de gato, placa, rabia, registrar mascota",
        body="""\
Todo perro o gato de más de **6 meses** que vive en Alderport necesita licencia. La placa nos
ayuda a devolver las mascotas perdidas.

- Esterilizado: **$15 al año**
- Sin esterilizar: **$35 al año**

Los mayores de 65 años pagan la mitad. Renueve en alderport.example/pets, por correo o en el
Refugio de Animales de Alderport, 85 Kennel Way. Necesita el **certificado de vacuna contra la
rabia** de su veterinario.
""",
    ),
    DemoArticle(
        slug="mascotas-perdidas-y-encontradas",
        translation_of="lost-and-found-pets",
        language="es",
        title="Mascotas perdidas o encontradas",
        summary="Visite el Refugio de Animales de Alderport y su página en línea de inmediato; "
        "las mascotas encontradas se reportan al 311 o se llevan al refugio.",
        categories=("pets-animals",),
        services=("STRAY_DOG",),
        keywords="perro perdido, gato perdido, mascota extraviada, perro callejero, refugio",
        body="""\
## ¿Perdió su mascota?

1. Visite el **Refugio de Animales de Alderport, 85 Kennel Way** (todos los días de 11 a. m. a
   6 p. m.) y vea la página de mascotas encontradas en alderport.example/pets.
2. Llene un reporte de mascota perdida con una foto.
3. Los animales se guardan **5 días**, o 7 si tienen placa o microchip.

Para recuperarla, lleve una identificación y prueba de que es suya.

## ¿Encontró una mascota?

Busque una placa, pida que un veterinario lea el microchip y repórtela por el 311.
""",
    ),
    DemoArticle(
        slug="quejas-por-ruido",
        translation_of="noise-complaints",
        language="es",
        title="Quejas por ruido y horas de silencio",
        summary="Las horas de silencio son de 10 p. m. a 7 a. m. Para fiestas o música fuerte de "
        "noche, llame a la línea de policía que no es de emergencia.",
        categories=("neighborhoods",),
        services=("NOISE_COMPLAINT",),
        keywords="ruido, música fuerte, fiesta, vecinos ruidosos, horas de silencio",
        body="""\
Las horas de silencio en Alderport son de **10 p. m. a 7 a. m.** (11 p. m. los viernes y
sábados). En ese horario, la música, las fiestas o las máquinas no deben oírse claramente
dentro de otra casa.

## A quién llamar

- **Fiesta o música fuerte en este momento**: línea de la policía que no es de emergencia,
  +1 319-555-0108.
- **Construcción** fuera del horario permitido: repórtela por el 311.
- **Ruido repetido** de un negocio o de equipos: repórtelo por el 311 para que un inspector
  lo mida.
""",
    ),
    DemoArticle(
        slug="baches",
        translation_of="potholes",
        language="es",
        title="Reportar un bache",
        summary="Reporte los baches de las calles de la ciudad por el 311; la mayoría se rellenan "
        "en 3 días hábiles.",
        categories=("streets-snow",),
        services=("POTHOLE",),
        keywords="bache, hoyo en la calle, calle dañada, pavimento",
        body="""\
Los cambios de temperatura abren baches cada primavera. Repórtelos por el 311 en la web, en la
aplicación o por teléfono; una foto y la dirección más cercana ayudan al equipo.

Los equipos rellenan la mayoría de los baches en **3 días hábiles**.

## Daños a su vehículo

Si un bache dañó su vehículo, puede presentar un reclamo ante la Secretaría de la Ciudad
dentro de 60 días, con fotos y presupuestos de reparación.
""",
    ),
    DemoArticle(
        slug="comunicarse-con-311",
        translation_of="contact-311",
        language="es",
        title="Cómo comunicarse con el 311 de Alderport",
        summary="Llame al 311 (o al +1 319-555-0100 desde fuera de la ciudad) de lunes a viernes "
        "de 7 a. m. a 7 p. m., o haga reportes en línea a cualquier hora.",
        categories=("city-services",),
        services=("GENERAL_INQUIRY",),
        keywords="311, número de teléfono, llamar, horario, atención al ciudadano, ayuda",
        body="""\
El 311 de Alderport es el único número para servicios e información de la ciudad.

- **Teléfono**: marque **311** en Alderport, o +1 319-555-0100 desde un celular fuera de la
  ciudad. Atendemos de lunes a viernes de 7 a. m. a 7 p. m. y los sábados de 8 a. m. a
  mediodía. Hay intérpretes en más de 200 idiomas, y agentes que hablan español.
- **En línea y en la aplicación**: alderport.example/311, a cualquier hora.
- **Correo electrónico**: 311@alderport.example
- **En persona**: el mostrador del 311 en la Alcaldía, 100 Main Street.

Para emergencias, llame siempre al **911**.
""",
    ),
    DemoArticle(
        slug="quejas-de-vivienda-de-alquiler",
        translation_of="rental-housing-complaints",
        language="es",
        title="Problemas en una vivienda de alquiler: cuando el dueño no hace reparaciones",
        summary="Toda vivienda de alquiler en Alderport debe ser segura y tener calefacción. Si el "
        "dueño no repara después de un aviso por escrito, pida una inspección.",
        categories=("neighborhoods",),
        services=("HOUSING_CODE",),
        keywords="casero, dueño, inquilino, reparaciones, sin calefacción, moho, plagas",
        body="""\
Las viviendas de alquiler deben tener **calefacción** (al menos 20 °C), agua caliente,
detectores de humo que funcionen, instalación eléctrica segura y no tener goteras ni plagas.

## Si algo necesita reparación

1. Avise al dueño **por escrito** (guarde una copia) y dé un plazo razonable: 24 horas si no
   hay calefacción o agua, 7 días para la mayoría de las reparaciones.
2. Si no lo arregla, pida una **inspección de vivienda** por el 311. Un inspector visita en 5
   días hábiles (1 día si no hay calefacción en invierno).
3. El dueño recibe una orden de reparación, con multas si no la cumple.

El dueño no puede desalojarlo ni subirle la renta por pedir una inspección.
""",
    ),
]
