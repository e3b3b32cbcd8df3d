"""Spanish (Latin American, "usted") texts for the demo city's service catalog.

Keyed by service code, mirroring `catalog_data.SERVICES`: the service's name, group,
description and search keywords, and per attribute code its question (`description`), its
hint (`datatype_description`, only where the English one is non-empty) and its answer names
(`values`: key → name). `seed_catalog()` writes these as the "es" `ServiceTranslation` rows,
and the departments' names (`DEPARTMENTS_ES`) as their "es" `DepartmentTranslation` rows.
"""

from __future__ import annotations

from typing import Any

_DAYS = {
    "monday": "Lunes",
    "tuesday": "Martes",
    "wednesday": "Miércoles",
    "thursday": "Jueves",
    "friday": "Viernes",
}

# The departments' names, keyed by department code (`catalog_data.DEPARTMENTS`).
DEPARTMENTS_ES: dict[str, str] = {
    "contact-center": "Centro de Atención 311 de Alderport",
    "public-works": "Obras Públicas",
    "sanitation": "Limpieza y Reciclaje",
    "transportation": "Transporte y Estacionamiento",
    "parks-forestry": "Parques y Arbolado",
    "water-utility": "Agua y Drenaje de Alderport",
    "animal-services": "Servicios para Animales",
    "neighborhood-services": "Servicios Vecinales y Cumplimiento de Reglamentos",
    "police-nonemergency": "Policía (no emergencias)",
    "environmental-health": "Salud Ambiental",
    "community-outreach": "Vivienda y Enlace Comunitario",
}

SERVICES_ES: dict[str, dict[str, Any]] = {
    "POTHOLE": {
        "name": "Bache",
        "group": "Calles y banquetas",
        "description": (
            "Avísenos de un bache en una calle o callejón de la ciudad. Las cuadrillas reparan "
            "la mayoría de los baches en pocos días hábiles."
        ),
        "keywords": ["bache", "hoyo", "pozo", "calle dañada", "pavimento", "asfalto", "grieta"],
        "attributes": {
            "pothole_size": {
                "description": "¿Qué tan grande es el bache?",
                "datatype_description": "Basta con un cálculo aproximado",
                "values": {
                    "small": "Más chico que un plato",
                    "medium": "Más o menos del tamaño de una llanta de carro",
                    "large": "Más grande que una llanta de carro",
                },
            },
            "lane_position": {
                "description": "¿En qué parte de la calle está?",
                "values": {
                    "travel_lane": "En un carril de circulación",
                    "bike_lane": "En una ciclovía",
                    "crosswalk": "En un cruce peatonal",
                    "curb": "Junto a la orilla de la banqueta o la cuneta",
                    "alley": "En un callejón",
                },
            },
        },
    },
    "SIDEWALK_REPAIR": {
        "name": "Reparación de banqueta",
        "group": "Calles y banquetas",
        "description": (
            "Reporte una banqueta (acera) agrietada, levantada o con partes faltantes que haga "
            "peligroso caminar. Un inspector marcará el lugar y programará la reparación."
        ),
        "keywords": ["banqueta", "acera", "vereda", "tropiezo", "desnivel", "agrietada", "grieta"],
        "attributes": {
            "sidewalk_issue": {
                "description": "¿Qué problema tiene la banqueta?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "cracked": "Agrietada o desmoronándose",
                    "heaved": "Losas levantadas o disparejas",
                    "missing": "Falta un pedazo",
                    "roots": "Levantada por raíces de árboles",
                    "sinking": "Hundida o deslavada por debajo",
                },
            },
            "height_difference": {
                "description": "¿Más o menos qué tan alto es el desnivel entre las losas?",
                "datatype_description": "Pulgadas",
                "values": {},
            },
        },
    },
    "CURB_RAMP": {
        "name": "Rampa de banqueta o problema de accesibilidad",
        "group": "Calles y banquetas",
        "description": (
            "Cuéntenos de una rampa de banqueta que falta, está rota o bloqueada, o de cualquier "
            "otra cosa que dificulte usar una banqueta o un cruce con silla de ruedas, andadera "
            "o carriola."
        ),
        "keywords": [
            "rampa",
            "silla de ruedas",
            "accesibilidad",
            "discapacidad",
            "ADA",
            "cruce peatonal",
            "carriola",
        ],
        "attributes": {
            "ramp_issue": {
                "description": "¿Cuál es el problema?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "no_ramp": "No hay rampa",
                    "too_steep": "La rampa está demasiado empinada",
                    "broken": "La rampa está agrietada o rota",
                    "no_warning": "Falta la franja de advertencia con relieve",
                    "ponding": "Se junta agua o hielo al pie de la rampa",
                    "blocked": "Algo bloquea la rampa",
                },
            },
            "impact": {
                "description": "¿Cómo le afecta esto a usted o a personas que conoce?",
                "datatype_description": "Opcional, pero nos ayuda a fijar prioridades",
                "values": {},
            },
        },
    },
    "SIDEWALK_OBSTRUCTION": {
        "name": "Banqueta bloqueada",
        "group": "Calles y banquetas",
        "description": (
            "Reporte objetos, materiales de construcción o plantas crecidas que bloquean una "
            "banqueta pública y no dejan pasar a la gente."
        ),
        "keywords": ["banqueta bloqueada", "acera", "obstrucción", "escombro", "construcción"],
        "attributes": {
            "obstruction_type": {
                "description": "¿Qué está bloqueando la banqueta?",
                "values": {
                    "construction": "Materiales de construcción o contenedor de basura",
                    "vegetation": "Arbustos o ramas",
                    "signs": "Letreros o exhibidores de un negocio",
                    "vehicle": "Un vehículo estacionado",
                    "other": "Otra cosa",
                },
            },
        },
    },
    "SNOW_ICE_SIDEWALK": {
        "name": "Nieve o hielo en la banqueta",
        "group": "Calles y banquetas",
        "description": (
            "Los dueños de las propiedades deben limpiar las banquetas dentro de las 24 horas "
            "después de que deja de nevar. Avísenos de una banqueta que no se ha limpiado y le "
            "daremos seguimiento."
        ),
        "keywords": ["nieve", "hielo", "palear", "banqueta sin limpiar", "invierno", "resbaloso"],
        "attributes": {
            "snow_condition": {
                "description": "¿Qué vio?",
                "values": {
                    "not_shoveled": "Banqueta sin palear",
                    "icy": "Hielo en la banqueta",
                    "ramp_blocked": "Nieve del quitanieves bloqueando una rampa o cruce peatonal",
                },
            },
            "property_kind": {
                "description": "¿Junto a qué tipo de propiedad está?",
                "values": {
                    "home": "Una casa",
                    "business": "Un negocio",
                    "vacant": "Un terreno o edificio desocupado",
                    "city": "Una propiedad de la ciudad, como un parque o una parada de autobús",
                },
            },
        },
    },
    "UNPLOWED_STREET": {
        "name": "Calle sin limpiar de nieve",
        "group": "Calles y banquetas",
        "description": (
            "Primero se limpian las calles principales y después las residenciales. Si su calle "
            "todavía no se ha limpiado 24 horas después de que deja de nevar, avísenos."
        ),
        "keywords": [
            "quitanieves",
            "nieve",
            "calle sin limpiar",
            "sal",
            "calle congelada",
            "invierno",
        ],
        "attributes": {
            "street_type": {
                "description": "¿Qué tipo de calle es?",
                "values": {
                    "main": "Una calle principal o ruta de autobús",
                    "residential": "Una calle residencial",
                    "cul_de_sac": "Una calle cerrada o sin salida",
                    "alley": "Un callejón",
                },
            },
            "last_plowed": {
                "description": "¿Cuándo vio pasar el quitanieves por esta calle por última vez?",
                "datatype_description": "Fecha y hora, si se acuerda",
                "values": {},
            },
        },
    },
    "MISSED_TRASH": {
        "name": "No recogieron la basura",
        "group": "Basura y reciclaje",
        "description": (
            "Si su bote de basura estaba en la orilla de la calle a las 6 a.m. el día de "
            "recolección y no lo vaciaron, avísenos y mandaremos un camión de regreso."
        ),
        "keywords": [
            "basura",
            "recolección",
            "no pasó el camión",
            "bote",
            "contenedor",
            "desechos",
        ],
        "attributes": {
            "collection_day": {
                "description": "¿Cuál es su día normal de recolección?",
                "values": dict(_DAYS),
            },
            "cart_out_time": {
                "description": "¿Cuándo sacó su bote a la orilla de la calle?",
                "datatype_description": "Fecha y hora",
                "values": {},
            },
        },
    },
    "MISSED_RECYCLING": {
        "name": "No recogieron el reciclaje",
        "group": "Basura y reciclaje",
        "description": (
            "El reciclaje se recoge cada dos semanas. Si su bote azul estaba afuera en la semana "
            "que le tocaba y no lo recogieron, díganos aquí."
        ),
        "keywords": ["reciclaje", "recolección", "bote azul", "cartón", "no pasó el camión"],
        "attributes": {
            "collection_day": {
                "description": "¿Cuál es su día normal de recolección?",
                "values": dict(_DAYS),
            },
            "tag_left": {
                "description": "¿La cuadrilla dejó una etiqueta en su bote?",
                "datatype_description": (
                    "Las cuadrillas etiquetan los botes que tienen cosas que no podemos recoger"
                ),
                "values": {"yes": "Sí", "no": "No", "not_sure": "No estoy seguro"},
            },
        },
    },
    "MISSED_YARD_WASTE": {
        "name": "No recogieron los desechos de jardín",
        "group": "Basura y reciclaje",
        "description": (
            "Los desechos de jardín se recogen cada semana de abril a noviembre. Reporte un bote "
            "de desechos de jardín, bolsas de papel o ramas amarradas que no se recogieron."
        ),
        "keywords": ["desechos de jardín", "hojas", "pasto cortado", "ramas", "composta", "zacate"],
        "attributes": {
            "container_type": {
                "description": "¿Qué sacó?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "cart": "Bote de desechos de jardín",
                    "bags": "Bolsas de papel para jardín",
                    "bundles": "Ramas amarradas en manojos",
                },
            },
            "bag_count": {
                "description": "¿Más o menos cuántas bolsas o manojos?",
                "datatype_description": "Número de bolsas o manojos",
                "values": {},
            },
        },
    },
    "BULK_ITEM_PICKUP": {
        "name": "Recolección de objetos grandes",
        "group": "Basura y reciclaje",
        "description": (
            "Programe una recolección gratuita de hasta cinco objetos grandes de la casa, como "
            "muebles, colchones o electrodomésticos. Le llamaremos o le enviaremos un correo con "
            "la fecha de recolección."
        ),
        "keywords": [
            "objetos grandes",
            "muebles",
            "sofá",
            "colchón",
            "electrodoméstico",
            "tiliches",
        ],
        "attributes": {
            "bulk_items": {
                "description": "¿Qué objetos hay que recoger?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "sofa": "Sofá, sillón o reclinable",
                    "mattress": "Colchón o base de cama",
                    "table_chairs": "Mesa o sillas",
                    "dresser": "Cómoda, gabinete o librero",
                    "appliance": "Electrodoméstico (refrigerador, lavadora, estufa)",
                    "carpet": "Alfombra o tapete enrollado",
                    "grill": "Asador sin el tanque de gas",
                    "exercise": "Aparato de ejercicio",
                    "other": "Otra cosa",
                },
            },
            "item_count": {
                "description": "¿Cuántos objetos son en total?",
                "datatype_description": "Número de objetos (hasta 5 por recolección)",
                "values": {},
            },
            "ready_date": {
                "description": "Fecha más próxima en que se pueden recoger sus objetos",
                "datatype_description": "Fecha",
                "values": {},
            },
            "crew_notes": {
                "description": "¿Hay algo que la cuadrilla deba saber?",
                "datatype_description": (
                    "Por ejemplo, los objetos están junto al garaje, del lado del callejón"
                ),
                "values": {},
            },
        },
    },
    "CART_REPAIR": {
        "name": "Bote de basura dañado o perdido",
        "group": "Basura y reciclaje",
        "description": (
            "Pida la reparación o el reemplazo de un bote de basura, reciclaje o desechos de "
            "jardín entregado por la ciudad que esté roto, lo hayan robado o se haya perdido."
        ),
        "keywords": ["bote", "contenedor", "tapa rota", "robado", "reemplazo", "rueda"],
        "attributes": {
            "cart_type": {
                "description": "¿Cuál bote?",
                "values": {
                    "trash": "Basura (gris)",
                    "recycling": "Reciclaje (azul)",
                    "yard_waste": "Desechos de jardín (verde)",
                },
            },
            "cart_problem": {
                "description": "¿Qué le pasó?",
                "values": {
                    "missing": "Se perdió o lo robaron",
                    "lid": "Tapa rota o faltante",
                    "wheel": "Rueda o eje roto",
                    "cracked": "Cuerpo agrietado",
                },
            },
            "cart_serial": {
                "description": "Número de serie del bote, si lo puede ver",
                "datatype_description": (
                    "Está impreso al frente, debajo del asa, por ejemplo AP-0042317"
                ),
                "values": {},
            },
        },
    },
    "ILLEGAL_DUMPING": {
        "name": "Tiradero ilegal de basura",
        "group": "Basura y reciclaje",
        "description": (
            "Reporte basura, muebles, llantas u otros desechos tirados en calles, callejones u "
            "otros terrenos públicos. Si vio quién lo hizo, también puede decírnoslo."
        ),
        "keywords": ["tiradero", "basura tirada", "llantas", "colchón", "escombro", "desechos"],
        "attributes": {
            "dumped_items": {
                "description": "¿Qué tiraron?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "furniture": "Muebles",
                    "mattress": "Colchón",
                    "tires": "Llantas",
                    "appliances": "Electrodomésticos",
                    "construction": "Escombro de construcción o remodelación",
                    "bags": "Bolsas de basura de la casa",
                    "yard_waste": "Desechos de jardín",
                    "electronics": "Televisores o aparatos electrónicos",
                    "hazardous": "Pintura, químicos o aceite",
                    "other": "Otra cosa",
                },
            },
            "pile_size": {
                "description": "¿Más o menos cuánto hay?",
                "values": {
                    "small": "Cabría en la cajuela de un carro",
                    "medium": "Más o menos lo que cabe en una camioneta pickup",
                    "large": "Más de lo que cabe en una camioneta pickup",
                },
            },
            "witness_details": {
                "description": "¿Vio quién lo tiró?",
                "datatype_description": "Descripción del vehículo o número de placa, si lo vio",
                "values": {},
            },
        },
    },
    "STREET_LIGHT_OUT": {
        "name": "Farola o alumbrado público apagado",
        "group": "Tránsito y estacionamiento",
        "description": (
            "Reporte una farola del alumbrado público que esté apagada, parpadeando, encendida "
            "de día o dañada. El número del poste ayuda a que las cuadrillas la encuentren rápido."
        ),
        "keywords": [
            "farola",
            "alumbrado",
            "luminaria",
            "lámpara",
            "luz de la calle",
            "oscuro",
            "poste",
            "parpadea",
        ],
        "attributes": {
            "pole_number": {
                "description": "Número del poste, si lo puede ver",
                "datatype_description": (
                    "Una pequeña placa de metal a la altura de los ojos, por ejemplo AP-10423"
                ),
                "values": {},
            },
            "light_issue": {
                "description": "¿Qué pasa con la luz?",
                "values": {
                    "out": "Completamente apagada",
                    "flickering": "Parpadea o se prende y se apaga",
                    "day_burning": "Encendida durante el día",
                    "pole_damaged": "Poste dañado o derribado",
                    "wires": "Cables expuestos",
                },
            },
            "lights_out_count": {
                "description": "¿Cuántas luces seguidas están apagadas?",
                "datatype_description": "Número de luces",
                "values": {},
            },
        },
    },
    "TRAFFIC_SIGNAL": {
        "name": "Problema con un semáforo",
        "group": "Tránsito y estacionamiento",
        "description": (
            "Reporte un semáforo apagado, trabado, intermitente o dañado. Si todos los semáforos "
            "de un cruce están apagados y el tránsito es peligroso, llame al 911."
        ),
        "keywords": [
            "semáforo",
            "señal de tránsito",
            "luz roja",
            "señal peatonal",
            "cruce",
            "intersección",
        ],
        "attributes": {
            "signal_issue": {
                "description": "¿Qué problema tiene el semáforo?",
                "values": {
                    "dark": "Todas las luces están apagadas",
                    "stuck_red": "Se quedó en rojo",
                    "flashing": "Está intermitente",
                    "bulb_out": "Una de las luces está apagada",
                    "ped_button": "El botón peatonal no funciona",
                    "damaged": "El semáforo está girado o dañado",
                    "timing": "Los tiempos parecen estar mal",
                },
            },
            "direction": {
                "description": "¿Qué sentido del tránsito está afectado?",
                "datatype_description": "Por ejemplo, hacia el norte en Harbor Avenue",
                "values": {},
            },
        },
    },
    "STREET_SIGN": {
        "name": "Letrero de calle dañado o faltante",
        "group": "Tránsito y estacionamiento",
        "description": (
            "Reporte un letrero de alto, de nombre de calle u otra señal de tránsito que falte, "
            "esté derribado, girado o difícil de leer. Los letreros de alto faltantes se "
            "reponen primero."
        ),
        "keywords": ["letrero", "señal", "alto", "nombre de la calle", "derribado", "despintado"],
        "attributes": {
            "sign_type": {
                "description": "¿Qué tipo de letrero?",
                "values": {
                    "stop": "Letrero de alto",
                    "yield": "Letrero de ceda el paso",
                    "street_name": "Letrero con el nombre de la calle",
                    "speed": "Letrero de límite de velocidad",
                    "parking": "Letrero de estacionamiento",
                    "other": "Otro letrero",
                },
            },
            "sign_condition": {
                "description": "¿Qué problema tiene?",
                "values": {
                    "missing": "Falta",
                    "down": "Está derribado",
                    "bent": "Doblado o girado hacia el lado equivocado",
                    "faded": "Despintado o difícil de leer",
                    "blocked": "Tapado por ramas de árboles",
                },
            },
        },
    },
    "ABANDONED_VEHICLE": {
        "name": "Vehículo abandonado",
        "group": "Tránsito y estacionamiento",
        "description": (
            "No se puede dejar un vehículo en una calle de la ciudad por más de 72 horas. "
            "Cuéntenos de un vehículo que no se ha movido y le pondremos un aviso y daremos "
            "seguimiento."
        ),
        "keywords": [
            "carro abandonado",
            "auto abandonado",
            "vehículo",
            "chatarra",
            "estacionado",
            "llantas ponchadas",
        ],
        "attributes": {
            "license_plate": {
                "description": "Número de placa y estado",
                "datatype_description": (
                    "Por ejemplo IA ABC123. Déjelo en blanco si no tiene placa"
                ),
                "values": {},
            },
            "vehicle_make": {
                "description": "Marca y modelo",
                "datatype_description": (
                    "Por ejemplo Ford Focus. Basta con lo que usted crea que es"
                ),
                "values": {},
            },
            "vehicle_color": {"description": "Color", "values": {}},
            "days_parked": {
                "description": "¿Más o menos cuántos días lleva estacionado ahí?",
                "datatype_description": "Número de días",
                "values": {},
            },
        },
    },
    "PARKING_COMPLAINT": {
        "name": "Entrada bloqueada o queja de estacionamiento",
        "group": "Tránsito y estacionamiento",
        "description": (
            "Reporte un vehículo que bloquea la entrada de su cochera o un callejón, que está "
            "estacionado en la banqueta o en un cruce peatonal, o en un lugar para personas con "
            "discapacidad sin permiso."
        ),
        "keywords": [
            "entrada bloqueada",
            "cochera",
            "estacionamiento",
            "mal estacionado",
            "hidrante",
            "callejón",
        ],
        "attributes": {
            "parking_issue": {
                "description": "¿Cuál es el problema?",
                "values": {
                    "driveway": "Bloquea una entrada de cochera",
                    "alley": "Bloquea un callejón",
                    "crosswalk": "En un cruce peatonal o muy cerca de la esquina",
                    "sidewalk": "Estacionado en la banqueta",
                    "accessible": "En un lugar para personas con discapacidad sin permiso",
                    "hydrant": "Bloquea un hidrante",
                    "other": "Otra cosa",
                },
            },
            "license_plate": {
                "description": "Número de placa, si lo puede ver",
                "datatype_description": "Por ejemplo IA ABC123",
                "values": {},
            },
            "noticed_at": {
                "description": "¿Cuándo se dio cuenta?",
                "datatype_description": "Fecha y hora",
                "values": {},
            },
        },
    },
    "TREE_DOWN": {
        "name": "Árbol o rama caída",
        "group": "Parques y árboles",
        "description": (
            "Reporte un árbol o una rama grande caída en una calle, banqueta o parque, o una que "
            "esté colgando y se pueda caer. Manténgase lejos de cualquier cable eléctrico caído."
        ),
        "keywords": ["árbol caído", "rama caída", "rama colgando", "daños por tormenta", "árbol"],
        "attributes": {
            "tree_damage": {
                "description": "¿Qué pasó?",
                "values": {
                    "whole_tree": "Se cayó el árbol completo",
                    "large_limb": "Se cayó una rama grande",
                    "hanging": "Una rama está rota y colgando",
                    "leaning": "El árbol está inclinado o arrancado de raíz",
                },
            },
            "blocking": {
                "description": "¿Qué está bloqueando o tocando?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "street": "La calle",
                    "sidewalk": "La banqueta",
                    "building": "Una casa o edificio",
                    "vehicle": "Un vehículo",
                    "power_lines": "Cables eléctricos",
                    "nothing": "Nada por ahora",
                },
            },
        },
    },
    "TREE_TRIMMING": {
        "name": "Solicitud de poda de árbol",
        "group": "Parques y árboles",
        "description": (
            "Pídanos que revisemos y recortemos un árbol que sea de la ciudad, como uno en la "
            "franja de pasto entre la banqueta y la calle. Los árboles en propiedad privada son "
            "responsabilidad del dueño."
        ),
        "keywords": ["podar", "poda", "ramas", "árbol", "ramas bajas", "árbol seco"],
        "attributes": {
            "trim_reason": {
                "description": "¿Por qué hay que podar el árbol?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "street_light": "Tapa una farola",
                    "sign": "Tapa un letrero o semáforo",
                    "sidewalk": "Ramas bajas sobre la banqueta",
                    "street": "Ramas bajas sobre la calle",
                    "dead": "Ramas secas o muriéndose",
                    "house": "Toca una casa o un techo",
                },
            },
            "tree_location": {
                "description": "¿Dónde está el árbol?",
                "values": {
                    "parkway": "En la franja de pasto, entre la banqueta y la calle",
                    "park": "En un parque",
                    "median": "En un camellón",
                    "not_sure": "No estoy seguro",
                },
            },
        },
    },
    "TREE_PLANTING": {
        "name": "Solicitud para plantar un árbol",
        "group": "Parques y árboles",
        "description": (
            "Pida un árbol gratis para la franja de pasto frente a su casa. Las solicitudes se "
            "revisan por grupos y los árboles se plantan cada primavera y otoño."
        ),
        "keywords": ["plantar un árbol", "árbol nuevo", "árbol de la calle", "sembrar", "sombra"],
        "attributes": {
            "planting_spot": {
                "description": "¿Dónde le gustaría el árbol?",
                "values": {
                    "parkway": "En la franja de pasto frente a mi casa",
                    "replacement": "Para reemplazar un árbol que quitó la ciudad",
                    "side_yard": "En la franja de pasto del costado de un terreno de esquina",
                },
            },
            "parkway_width": {
                "description": "¿Qué tan ancha es la franja de pasto?",
                "datatype_description": "Pies, desde la banqueta hasta la orilla de la calle",
                "values": {},
            },
            "can_water": {
                "description": "¿Puede ayudar a regar el árbol durante sus dos primeros veranos?",
                "datatype_description": "Le enviaremos consejos sencillos para regarlo",
                "values": {
                    "yes": "Sí",
                    "maybe": "Tal vez, me gustaría más información",
                    "no": "No",
                },
            },
        },
    },
    "PARK_MAINTENANCE": {
        "name": "Mantenimiento de parques",
        "group": "Parques y árboles",
        "description": (
            "Reporte un problema en un parque de la ciudad, como botes de basura llenos, bancas "
            "rotas, baños que necesitan atención o senderos dañados."
        ),
        "keywords": ["parque", "baño", "banca", "bote de basura", "cortar el pasto", "sendero"],
        "attributes": {
            "park_name": {
                "description": "¿Cuál parque?",
                "datatype_description": "Por ejemplo Millrace Park",
                "values": {},
            },
            "park_issue": {
                "description": "¿Qué necesita atención?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "trash": "Botes de basura llenos",
                    "litter": "Basura tirada",
                    "restroom": "Baños",
                    "bench": "Banca o mesa de picnic rota",
                    "fountain": "Bebedero",
                    "lights": "Luces del parque",
                    "mowing": "Hay que cortar el pasto",
                    "trail": "Sendero o camino dañado",
                },
            },
        },
    },
    "PLAYGROUND_EQUIPMENT": {
        "name": "Juegos infantiles rotos",
        "group": "Parques y árboles",
        "description": (
            "Reporte juegos infantiles rotos o peligrosos. Las cuadrillas los harán seguros "
            "rápidamente y pedirán piezas si hace falta una reparación."
        ),
        "keywords": [
            "juegos infantiles",
            "columpio",
            "resbaladilla",
            "tobogán",
            "peligroso",
            "niños",
        ],
        "attributes": {
            "park_name": {
                "description": "¿Cuál parque o área de juegos?",
                "datatype_description": "Por ejemplo Harbor Commons",
                "values": {},
            },
            "equipment": {
                "description": "¿Cuál juego?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "slide": "Resbaladilla",
                    "swings": "Columpios",
                    "climber": "Estructura para escalar",
                    "surfacing": "Piso o mantillo del suelo",
                    "fence": "Cerca o puerta",
                    "other": "Otra cosa",
                },
            },
            "hazard_description": {
                "description": "¿Qué está roto y cómo se podría lastimar alguien?",
                "values": {},
            },
        },
    },
    "WATER_LEAK": {
        "name": "Fuga de agua",
        "group": "Agua y drenaje",
        "description": (
            "Reporte agua que sale de la calle, la banqueta, un hidrante o cerca de un medidor "
            "de agua. Las fugas dentro de su casa son responsabilidad del dueño."
        ),
        "keywords": ["fuga", "agua", "agua corriendo", "hidrante", "medidor", "charco"],
        "attributes": {
            "leak_location": {
                "description": "¿De dónde sale el agua?",
                "values": {
                    "street": "De la calle",
                    "sidewalk": "De la banqueta o la franja de pasto",
                    "meter": "Cerca de un medidor o una caja de llave de paso",
                    "hydrant": "De un hidrante",
                    "yard": "De un jardín",
                },
            },
            "water_flow": {
                "description": "¿Cuánta agua?",
                "values": {
                    "trickle": "Un hilito o una zona húmeda",
                    "steady": "Un chorro constante",
                    "gushing": "Sale a borbotones",
                },
            },
        },
    },
    "WATER_MAIN_BREAK": {
        "name": "Ruptura de tubería principal de agua",
        "group": "Agua y drenaje",
        "description": (
            "Reporte agua que brota del suelo o de la calle, inundaciones o una pérdida repentina "
            "de agua en su cuadra. Las cuadrillas atienden las 24 horas del día."
        ),
        "keywords": [
            "tubería rota",
            "tubo roto",
            "inundación",
            "brota agua",
            "socavón",
            "sin agua",
        ],
        "attributes": {
            "safety_note": {
                "description": (
                    "Si está entrando agua a un edificio o el agua se está llevando el camino, "
                    "llame también a la línea de emergencias de Agua y Drenaje al 319-555-0105. "
                    "Si alguien está en peligro, llame al 911."
                ),
                "values": {},
            },
            "flooding": {
                "description": "¿Qué está viendo?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "street_flooding": "Agua inundando la calle",
                    "basement": "Agua en un sótano",
                    "sinkhole": "El pavimento se hunde o se abre un hoyo",
                    "ice": "Agua congelándose en la calle",
                    "no_water": "Casas sin agua",
                },
            },
            "first_noticed": {
                "description": "¿Cuándo se dio cuenta por primera vez?",
                "datatype_description": "Fecha y hora",
                "values": {},
            },
        },
    },
    "LOW_WATER_PRESSURE": {
        "name": "Baja presión de agua",
        "group": "Agua y drenaje",
        "description": (
            "Avísenos si bajó la presión del agua. Nos ayuda saber si es una sola llave, toda su "
            "casa o también la de sus vecinos."
        ),
        "keywords": ["presión de agua", "baja presión", "sale poca agua", "sin agua"],
        "attributes": {
            "pressure_scope": {
                "description": "¿Dónde está baja la presión?",
                "values": {
                    "one_faucet": "Solo en una llave",
                    "whole_home": "En toda mi casa",
                    "neighbors": "Mis vecinos también la tienen baja",
                },
            },
            "started_at": {
                "description": "¿Cuándo empezó?",
                "datatype_description": "Fecha y hora, si la sabe",
                "values": {},
            },
        },
    },
    "SEWER_BACKUP": {
        "name": "Drenaje tapado o desbordado",
        "group": "Agua y drenaje",
        "description": (
            "Reporte aguas negras que se regresan a un sótano o que se desbordan por una "
            "alcantarilla. Una cuadrilla revisará si está tapada la tubería principal del "
            "drenaje de la ciudad."
        ),
        "keywords": [
            "drenaje",
            "aguas negras",
            "desagüe tapado",
            "sótano",
            "alcantarilla",
            "desborde",
        ],
        "attributes": {
            "backup_location": {
                "description": "¿Por dónde se está regresando?",
                "values": {
                    "floor_drain": "Coladera del piso del sótano",
                    "fixtures": "Inodoro, tina o lavabo",
                    "manhole": "Alcantarilla desbordándose en la calle",
                    "cleanout": "Registro del drenaje en el jardín",
                },
            },
            "affected_units": {
                "description": "¿Cuántas casas o departamentos están afectados?",
                "datatype_description": "Número de casas o departamentos",
                "values": {},
            },
        },
    },
    "STORM_DRAIN": {
        "name": "Coladera pluvial o alcantarilla tapada",
        "group": "Agua y drenaje",
        "description": (
            "Reporte una coladera pluvial tapada con hojas o basura, con la rejilla rota, o que "
            "está causando que se inunde la calle. Por favor, nunca tire nada en una coladera."
        ),
        "keywords": ["coladera", "alcantarilla", "inundación", "tapada", "rejilla", "hojas"],
        "attributes": {
            "drain_issue": {
                "description": "¿Cuál es el problema?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "leaves": "Tapada con hojas",
                    "debris": "Tapada con basura o escombro",
                    "flooding": "La calle se está inundando",
                    "grate": "Rejilla faltante o rota",
                    "odor": "Mal olor",
                },
            },
        },
    },
    "WATER_BILLING": {
        "name": "Pregunta sobre el recibo o el medidor de agua",
        "group": "Agua y drenaje",
        "description": (
            "Haga preguntas sobre su recibo de agua, pida un ajuste por fuga o reporte una fuga "
            "en su medidor. Esta solicitud va a nuestro sistema de facturación y un "
            "representante de servicio al cliente se comunicará directamente con usted."
        ),
        "keywords": [
            "recibo de agua",
            "cobro alto",
            "medidor",
            "cuenta",
            "pago",
            "ajuste por fuga",
        ],
        "attributes": {
            "account_number": {
                "description": "Número de cuenta de agua",
                "datatype_description": "10 dígitos, en la parte de arriba de su recibo",
                "values": {},
            },
            "billing_topic": {
                "description": "¿En qué le podemos ayudar?",
                "values": {
                    "high_bill": "Mi recibo salió más alto que de costumbre",
                    "leak_adjustment": "Ajuste por fuga después de una reparación",
                    "meter_leak": "Fuga en mi medidor de agua",
                    "payment": "Pregunta sobre pagos o un plan de pagos",
                    "start_stop": "Iniciar o cancelar el servicio",
                },
            },
        },
    },
    "STRAY_DOG": {
        "name": "Perro callejero o suelto",
        "group": "Animales",
        "description": (
            "Reporte un perro que anda suelto o un perro callejero que haya encontrado. Si ya lo "
            "tiene resguardado de forma segura, avísenos para que un agente revise si tiene "
            "microchip."
        ),
        "keywords": ["perro", "perro callejero", "perro suelto", "mascota perdida", "anda suelto"],
        "attributes": {
            "dog_behavior": {
                "description": "¿Cómo se está portando el perro?",
                "values": {
                    "friendly": "Amigable o tranquilo",
                    "scared": "Asustado o tímido",
                    "aggressive": "Agresivo",
                    "injured": "Herido o enfermo",
                },
            },
            "dog_description": {
                "description": "Describa al perro",
                "datatype_description": "Tamaño, color, raza, collar o placas",
                "values": {},
            },
            "dog_contained": {
                "description": "¿El perro está resguardado en este momento?",
                "values": {
                    "yes": "Sí, está seguro en un patio o una casa",
                    "no": "No, anda suelto",
                },
            },
        },
    },
    "DEAD_ANIMAL": {
        "name": "Recoger un animal muerto",
        "group": "Animales",
        "description": (
            "Pida que se retire un animal muerto de una calle, banqueta o parque. Si es en una "
            "propiedad privada, ponga el animal en una bolsa a la orilla de la calle."
        ),
        "keywords": ["animal muerto", "atropellado", "venado", "cadáver", "recoger"],
        "attributes": {
            "animal_type": {
                "description": "¿Qué tipo de animal?",
                "values": {
                    "cat": "Gato",
                    "dog": "Perro",
                    "deer": "Venado",
                    "small_wildlife": "Mapache, tlacuache, zorrillo o ardilla",
                    "bird": "Pájaro",
                    "other": "Otro",
                },
            },
            "animal_location": {
                "description": "¿Dónde está?",
                "values": {
                    "street": "En la calle",
                    "sidewalk": "En la banqueta o la franja de pasto",
                    "curb": "En una bolsa a la orilla de la calle",
                    "park": "En un parque",
                },
            },
        },
    },
    "ANIMAL_BITE": {
        "name": "Mordedura o animal agresivo",
        "group": "Animales",
        "description": (
            "Reporte una mordedura de animal o un animal que se porta de forma agresiva con "
            "personas o mascotas. Un agente le dará seguimiento para que todos estén seguros."
        ),
        "keywords": ["mordedura", "mordida", "agresivo", "ataque", "perro peligroso", "rabia"],
        "attributes": {
            "safety_note": {
                "description": (
                    "Si alguien está gravemente herido o un animal está atacando en este "
                    "momento, llame al 911. Lave cualquier mordedura con agua y jabón y "
                    "consulte a un médico."
                ),
                "values": {},
            },
            "incident_time": {
                "description": "¿Cuándo pasó?",
                "datatype_description": "Fecha y hora",
                "values": {},
            },
            "animal_kind": {
                "description": "¿Qué tipo de animal?",
                "values": {
                    "dog": "Perro",
                    "cat": "Gato",
                    "wildlife": "Animal silvestre",
                    "other": "Otro",
                },
            },
            "who_was_hurt": {
                "description": "¿Mordió a alguien?",
                "values": {
                    "person": "Mordió a una persona",
                    "pet": "Mordió a una mascota",
                    "none": "No mordió a nadie, pero el animal estaba amenazando",
                },
            },
        },
    },
    "ANIMAL_WELFARE": {
        "name": "Preocupación por el bienestar de un animal",
        "group": "Animales",
        "description": (
            "Avísenos si le preocupa un animal que quizás no tenga suficiente comida, agua o "
            "refugio, o que lo hayan dejado en un vehículo con mucho calor o mucho frío."
        ),
        "keywords": ["maltrato animal", "abandono", "crueldad", "perro en carro", "sin refugio"],
        "attributes": {
            "animal_condition": {
                "description": "Describa al animal y lo que vio",
                "datatype_description": ("Incluya cuánto tiempo lleva solo el animal, si lo sabe"),
                "values": {},
            },
        },
    },
    "GRAFFITI": {
        "name": "Grafiti",
        "group": "Vecindario y propiedades",
        "description": (
            "Reporte grafiti en propiedad pública o privada. Quitamos el grafiti de las "
            "propiedades de la ciudad y ofrecemos ayuda gratuita a los dueños para quitarlo. "
            "El grafiti de odio se quita primero."
        ),
        "keywords": [
            "grafiti",
            "graffiti",
            "pintas",
            "rayones",
            "vandalismo",
            "pintura en aerosol",
        ],
        "attributes": {
            "property_type": {
                "description": "¿De quién es la propiedad?",
                "values": {
                    "public": "Propiedad pública, como un letrero, un puente o un parque",
                    "private": "Una casa o un negocio",
                    "utility": "Una caja o un poste de servicios públicos",
                    "not_sure": "No estoy seguro",
                },
            },
            "surface_types": {
                "description": "¿Sobre qué superficie está?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "brick": "Ladrillo o piedra",
                    "painted": "Pared pintada",
                    "wood": "Madera o cerca",
                    "metal": "Metal, letrero o caja de servicios",
                    "glass": "Vidrio o ventana",
                    "concrete": "Concreto o banqueta",
                    "other": "Otra",
                },
            },
            "is_offensive": {
                "description": "¿Tiene palabras o símbolos de odio u ofensivos?",
                "values": {"yes": "Sí", "no": "No"},
            },
            "approx_area": {
                "description": "¿Más o menos qué tan grande es?",
                "datatype_description": "Pies cuadrados. Basta con un cálculo aproximado",
                "values": {},
            },
        },
    },
    "OVERGROWN_VEGETATION": {
        "name": "Pasto o maleza crecida",
        "group": "Vecindario y propiedades",
        "description": (
            "El pasto y la maleza en propiedades privadas deben medir menos de 10 pulgadas. "
            "Reporte un jardín o terreno con la hierba muy crecida y un inspector se comunicará "
            "con el dueño."
        ),
        "keywords": [
            "pasto alto",
            "maleza",
            "hierba crecida",
            "terreno baldío",
            "jardín",
            "zacate",
        ],
        "attributes": {
            "grass_height": {
                "description": "¿Más o menos qué tan alto está el pasto o la maleza?",
                "datatype_description": "Pulgadas",
                "values": {},
            },
            "occupancy": {
                "description": "¿Vive alguien ahí?",
                "values": {
                    "occupied": "Sí, alguien vive ahí",
                    "vacant": "No, parece desocupado",
                    "not_sure": "No estoy seguro",
                },
            },
        },
    },
    "HOUSING_CODE": {
        "name": "Problema de vivienda o del código de construcción",
        "group": "Vecindario y propiedades",
        "description": (
            "Los inquilinos y vecinos pueden reportar condiciones peligrosas o insalubres, como "
            "falta de calefacción o de agua caliente, goteras, moho o plagas. Un inspector se "
            "comunicará con usted para hacer una visita. Su información se mantiene confidencial."
        ),
        "keywords": [
            "sin calefacción",
            "casero",
            "dueño",
            "renta",
            "moho",
            "plagas",
            "vivienda insegura",
        ],
        "attributes": {
            "housing_problems": {
                "description": "¿Qué problemas tiene?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "no_heat": "No hay calefacción",
                    "no_hot_water": "No hay agua caliente",
                    "leaks": "Goteras en el techo o fugas en la plomería",
                    "mold": "Moho",
                    "pests": "Plagas como cucarachas, ratones o chinches",
                    "doors_windows": "Ventanas, puertas o cerraduras rotas",
                    "electrical": "Cableado peligroso o no hay luz",
                    "smoke_detector": "Falta detector de humo o de monóxido de carbono",
                },
            },
            "unit_number": {"description": "Número de departamento o unidad", "values": {}},
            "landlord_notified": {
                "description": "¿Ya le avisó al dueño o al administrador del edificio?",
                "values": {
                    "yes": "Sí",
                    "no": "No",
                    "not_applicable": "No aplica, soy vecino o dueño",
                },
            },
            "landlord_notified_on": {
                "description": "¿Cuándo le avisó?",
                "datatype_description": "Fecha",
                "values": {},
            },
        },
    },
    "NOISE_COMPLAINT": {
        "name": "Queja por ruido",
        "group": "Salud y seguridad",
        "description": (
            "Reporte ruido constante o repetido, como fiestas ruidosas, perros que ladran o "
            "construcción fuera del horario permitido. Es posible que le llamemos para dar "
            "seguimiento, así que por favor comparta sus datos de contacto."
        ),
        "keywords": [
            "ruido",
            "música alta",
            "fiesta",
            "ladridos",
            "ruido de construcción",
            "escándalo",
        ],
        "attributes": {
            "noise_type": {
                "description": "¿Qué tipo de ruido?",
                "values": {
                    "music_party": "Música alta o fiesta",
                    "construction": "Construcción fuera del horario permitido",
                    "barking": "Perro ladrando",
                    "vehicle": "Vehículo, escape o estéreo de carro",
                    "business": "Negocio o equipo comercial",
                    "fireworks": "Cohetes o fuegos artificiales",
                    "other": "Otra cosa",
                },
            },
            "noise_started": {
                "description": "¿Cuándo empezó el ruido?",
                "datatype_description": "Fecha y hora",
                "values": {},
            },
            "noise_pattern": {
                "description": "¿Sigue el ruido?",
                "values": {
                    "now": "Sí, está pasando ahora",
                    "regular": "Pasa seguido",
                    "over": "Ya paró",
                },
            },
        },
    },
    "RODENTS": {
        "name": "Ratas o ratones",
        "group": "Salud y seguridad",
        "description": (
            "Reporte ratas o madrigueras de roedores afuera, en jardines, callejones o espacios "
            "públicos. Nuestro equipo puede revisar y poner cebo en la zona, y darle consejos "
            "para mantener alejados a los roedores."
        ),
        "keywords": [
            "ratas",
            "ratones",
            "roedores",
            "madrigueras",
            "plagas",
            "cebo",
            "veneno para ratas",
        ],
        "attributes": {
            "sighting": {
                "description": "¿Qué vio?",
                "values": {
                    "rats": "Ratas",
                    "mice": "Ratones",
                    "burrows": "Solo madrigueras o excremento",
                },
            },
            "sighting_places": {
                "description": "¿Dónde los ha visto?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "alley": "Callejón",
                    "yard": "Patio o jardín",
                    "garbage": "Alrededor de botes o contenedores de basura",
                    "vacant": "Edificio o terreno desocupado",
                    "business": "Restaurante o negocio",
                    "park": "Parque",
                },
            },
        },
    },
    "STANDING_WATER": {
        "name": "Agua estancada o mosquitos",
        "group": "Salud y seguridad",
        "description": (
            "Reporte agua estancada donde se crían mosquitos, como una alberca abandonada o un "
            "montón de llantas viejas. Nuestro equipo revisará y tratará la zona."
        ),
        "keywords": [
            "mosquitos",
            "zancudos",
            "agua estancada",
            "alberca",
            "piscina",
            "virus del Nilo Occidental",
        ],
        "attributes": {},
    },
    "FOOD_SAFETY": {
        "name": "Problema de higiene en restaurante o alimentos",
        "group": "Salud y seguridad",
        "description": (
            "Reporte un problema de higiene de alimentos en un restaurante, tienda de abarrotes "
            "o puesto de comida móvil, o una enfermedad que cree que vino de la comida. Un "
            "inspector le dará seguimiento."
        ),
        "keywords": [
            "restaurante",
            "intoxicación",
            "comida en mal estado",
            "insalubre",
            "food truck",
            "inspección",
        ],
        "attributes": {
            "establishment_name": {"description": "Nombre del negocio", "values": {}},
            "food_concerns": {
                "description": "¿Qué le preocupa?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "illness": "Me enfermé después de comer ahí",
                    "pests": "Plagas como cucarachas o ratones",
                    "unclean": "Cocina, comedor o baño sucio",
                    "temperature": "La comida no se mantiene caliente o fría",
                    "hygiene": "El personal no se lava las manos ni usa guantes",
                    "foreign_object": "Había algo extraño en mi comida",
                },
            },
            "visit_time": {
                "description": "¿Cuándo fue?",
                "datatype_description": "Fecha y hora",
                "values": {},
            },
            "food_eaten": {
                "description": "¿Qué comió o qué vio?",
                "datatype_description": "Opcional. Ayuda si alguien se enfermó",
                "values": {},
            },
        },
    },
    "ENCAMPMENT_OUTREACH": {
        "name": "Solicitud de apoyo o de visita de bienestar",
        "group": "Salud y seguridad",
        "description": (
            "Pida a nuestro equipo de apoyo en la calle que visite a alguien que quizás no tenga "
            "vivienda o necesite ayuda. El equipo ofrece albergue, comida, atención médica y "
            "apoyo para conseguir vivienda. Si alguien está en peligro inmediato, llame al 911."
        ),
        "keywords": [
            "personas sin hogar",
            "indigente",
            "campamento",
            "visita de bienestar",
            "albergue",
            "casa de campaña",
        ],
        "attributes": {
            "people_count": {
                "description": "¿Más o menos cuántas personas hay?",
                "datatype_description": "Número de personas, si lo sabe",
                "values": {},
            },
            "possible_needs": {
                "description": "¿Cree que alguien pueda necesitar algo de esto?",
                "datatype_description": "Marque todas las que correspondan",
                "values": {
                    "medical": "Atención médica",
                    "food_water": "Comida o agua",
                    "weather": "Protección contra el frío o el calor",
                    "children": "Hay niños",
                    "pets": "Ayuda con mascotas",
                    "unknown": "No estoy seguro",
                },
            },
        },
    },
    "GENERAL_INQUIRY": {
        "name": "Pregunta general",
        "group": "General",
        "description": (
            "¿Tiene una pregunta sobre los servicios de la ciudad o no sabe qué solicitud "
            "elegir? Pregunte al 311 y le buscaremos la respuesta o la enviaremos al equipo "
            "correcto."
        ),
        "keywords": ["pregunta", "información", "ayuda", "otro", "311"],
        "attributes": {
            "topic": {
                "description": "¿Sobre qué es su pregunta?",
                "values": {
                    "trash": "Basura, reciclaje o desechos de jardín",
                    "streets": "Calles, nieve o estacionamiento",
                    "water": "Agua o drenaje",
                    "parks": "Parques, árboles o recreación",
                    "permits": "Permisos o licencias",
                    "other": "Otra cosa",
                },
            },
        },
    },
    "GENERAL_FEEDBACK": {
        "name": "Felicitación o comentario",
        "group": "General",
        "description": (
            "Comparta una felicitación, una sugerencia o una inquietud sobre un servicio de la "
            "ciudad. Leemos todos los mensajes y les hacemos llegar las felicitaciones a las "
            "cuadrillas que se las ganaron."
        ),
        "keywords": ["comentario", "felicitación", "sugerencia", "gracias", "queja"],
        "attributes": {
            "feedback_type": {
                "description": "¿Qué tipo de comentario?",
                "values": {
                    "compliment": "Felicitación",
                    "suggestion": "Sugerencia",
                    "concern": "Inquietud sobre el servicio",
                },
            },
            "staff_or_team": {
                "description": "Empleado o equipo, si lo sabe",
                "datatype_description": "Por ejemplo, la cuadrilla de reciclaje de los martes",
                "values": {},
            },
        },
    },
}
