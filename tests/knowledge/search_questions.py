"""Questions residents really ask the contact center, each with the demo article(s) that answer it.

Written before the search was tuned, in residents' own words (typos and all), and kept as the
yardstick: `test_search_quality.py` asks each one and counts it answered when an expected
article is among the first three results.
"""

from __future__ import annotations

ENGLISH_QUESTIONS: list[tuple[str, set[str]]] = [
    ("what day is my garbage picked up", {"trash-collection-day"}),
    ("when does the trash truck come to my street", {"trash-collection-day"}),
    ("can I put pizza boxes in the recycling", {"recycling-guide"}),
    ("is plastic bag recyclable", {"recycling-guide"}),
    ("how do I get rid of an old couch", {"bulk-item-pickup"}),
    ("mattress disposal", {"bulk-item-pickup"}),
    ("they skipped my trash this week", {"missed-collection"}),
    ("garbage not collected today", {"missed-collection"}),
    ("is trash pickup delayed for thanksgiving", {"holiday-collection-schedule"}),
    ("my recycling bin is cracked and needs replacing", {"cart-repair-replacement"}),
    ("where can I drop off old paint and motor oil", {"household-hazardous-waste"}),
    ("how to recycle an old tv", {"electronics-recycling"}),
    ("leaf collection in the fall", {"yard-waste-collection"}),
    ("do I need a permit to build a deck", {"fence-and-deck-permits"}),
    ("permit to close my street for a block party", {"block-party-permits"}),
    ("can I put a dumpster in front of my house", {"dumpster-permits"}),
    ("how do I pay a parking ticket", {"parking-tickets"}),
    ("my car got towed where is it", {"towed-vehicles"}),
    ("residential parking sticker for my street", {"residential-parking-permits"}),
    ("where can I park during a snow emergency", {"snow-emergency-parking"}),
    ("when will my street get plowed", {"snow-plowing"}),
    ("do i have to shovel the sidewalk", {"sidewalk-snow-removal"}),
    ("dog licence renewal", {"pet-licenses"}),
    ("I found a lost dog", {"lost-and-found-pets"}),
    ("neighbors dog barks all night", {"barking-dogs-and-animal-complaints"}),
    ("dead deer on the road", {"dead-animal-removal"}),
    ("pay my water bill online", {"pay-water-bill"}),
    ("why is my water bill so high", {"high-water-bill"}),
    ("I am moving, how do I stop water service", {"start-stop-water-service"}),
    ("there is no water coming out of my tap", {"water-outages-and-main-breaks"}),
    ("loud music from the neighbors late at night", {"noise-complaints"}),
    ("when is property tax due", {"property-tax-payments"}),
    ("how do i appeal my home assessment", {"property-assessment-appeals"}),
    ("senior citizen property tax discount", {"property-tax-relief"}),
    ("report a pothole", {"potholes"}),
    ("street light is out on my block", {"streetlight-outages"}),
    ("someone spray painted my garage", {"graffiti-removal"}),
    ("my landlord won't fix the heat", {"rental-housing-complaints"}),
    ("reserve a picnic shelter in the park", {"park-shelter-reservations"}),
    ("what is the phone number for 311", {"contact-311"}),
    ("recyling pickup day", {"recycling-guide", "trash-collection-day"}),
    ("grass is overgrown at the vacant house next door", {"tall-grass-and-weeds"}),
]

SPANISH_QUESTIONS: list[tuple[str, set[str]]] = [
    ("qué día pasa el camión de la basura", {"dia-de-recoleccion-de-basura"}),
    ("que se puede reciclar", {"guia-de-reciclaje"}),
    ("como tirar un sofá viejo", {"recogida-de-articulos-voluminosos"}),
    ("no recogieron mi basura", {"recoleccion-omitida"}),
    ("hay recolección el día de acción de gracias", {"calendario-de-recoleccion-en-feriados"}),
    ("pagar la factura del agua", {"pagar-factura-de-agua"}),
    ("mi recibo de agua es muy alto", {"factura-de-agua-alta"}),
    ("me mudo y quiero cancelar el servicio de agua", {"iniciar-o-cancelar-servicio-de-agua"}),
    ("como pago una multa de estacionamiento", {"multas-de-estacionamiento"}),
    ("la grúa se llevó mi carro", {"vehiculos-remolcados"}),
    ("dónde estacionar cuando hay emergencia de nieve", {"estacionamiento-en-emergencia-de-nieve"}),
    ("cuando vence el impuesto a la propiedad", {"pago-de-impuestos-a-la-propiedad"}),
    ("licencia para mi perro", {"licencias-para-mascotas"}),
    ("se perdió mi gato", {"mascotas-perdidas-y-encontradas"}),
    ("los vecinos tienen la musica muy alta", {"quejas-por-ruido"}),
    ("reportar un bache en la calle", {"baches"}),
    ("mi casero no arregla la calefacción", {"quejas-de-vivienda-de-alquiler"}),
]
