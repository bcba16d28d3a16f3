"""Demo content for Zukunftsstadt: the fictional Brandenburg town Musterstadt.

Data only, no logic. All texts are German and written as citizens would write them on a
participation platform. Used by the demo loader to fill an example process in its ideas phase.
"""

from __future__ import annotations

CITY_NAME = "Musterstadt"

PROCESS = {
    "slug": "zukunft-2035",
    "title": "Musterstadt 2035 – Unsere Stadt der Zukunft",
    "description": (
        "Wie sieht sie aus, die Zukunft in Musterstadt? Gerade die aktuellen Entwicklungen "
        "zeigen, dass sich die Zukunft rasch ändern kann. Zukunftsthemen rücken mit hoher "
        "Priorität auf die Agenda: die digitale Transformation, der Klimawandel, die Stärkung "
        "des Zusammenhalts und des Gemeinwohls. Mit „Musterstadt 2035 – Unsere Stadt der "
        "Zukunft“ laden wir alle Bürgerinnen und Bürger, Vereine, Initiativen und Unternehmen "
        "ein, gemeinsam über die Zukunft unserer Stadt am See nachzudenken – von der Altstadt "
        "über das Bahnhofsviertel und das ehemalige Industriegelände bis in die Ortsteile."
        "\n\n"
        "Der Beteiligungsprozess ist Teil der Landesinitiative „Meine Stadt der Zukunft“ des "
        "Ministeriums für Infrastruktur und Landesplanung (MIL) des Landes Brandenburg. Die "
        "vielen Fragen an die Stadt der Zukunft erfordern ein gemeinsames Nachdenken über "
        "passende Strategien, denkbare Ziele und realisierbare Projekte. Neben den vier "
        "Zukunftsthemen der Initiative sammeln wir auch Ideen zu Mobilität, Wohnen und Kultur, "
        "weil sie den Alltag in Musterstadt besonders prägen. Die Diskussion wird moderiert, "
        "damit alle Stimmen gehört werden und der Austausch sachlich und respektvoll bleibt."
        "\n\n"
        "Der Prozess läuft in sechs Phasen: In der Phase Information stellen Stadtverwaltung "
        "und Fachleute Zahlen, Pläne und Rahmenbedingungen vor. In der Ideensammlung, in der "
        "wir uns gerade befinden, kann jede und jeder Vorschläge einreichen, kommentieren und "
        "unterstützen. In den Werkstätten arbeiten Bürgerinnen und Bürger gemeinsam mit "
        "Verwaltung und Fachleuten die Ideen zu prüfbaren Projektskizzen aus. In der "
        "Abstimmung entscheiden Sie mit, welche Projekte Ihnen am wichtigsten sind. In der "
        "Auswahl prüfen Stadtverordnetenversammlung und Verwaltung Kosten, Machbarkeit und "
        "Fördermöglichkeiten. Unter Ergebnisse dokumentieren wir transparent, was aus jeder "
        "Idee geworden ist."
        "\n\n"
        "Unser Ziel ist klar: Am Ende des Prozesses sollen konkrete, umsetzbare Projekte "
        "stehen, die in den darauffolgenden Jahren Realität werden. Deshalb freuen wir uns "
        "besonders über Vorschläge, die ein Problem vor Ort genau beschreiben und eine "
        "machbare Lösung skizzieren. Machen Sie mit – Musterstadt 2035 entsteht jetzt!"
    ),
}

TOPICS = [
    ("digital", "Digitale Transformation"),
    ("climate", "Klimaschutz und Klimaanpassung"),
    ("cohesion", "Sozialer Zusammenhalt"),
    ("common_good", "Gemeinwohl"),
    ("mobility", "Mobilität"),
    ("housing", "Wohnen"),
    ("culture", "Kultur"),
]

DISTRICTS = [
    "Altstadt",
    "Bahnhofsviertel",
    "Seeufer",
    "Nordend",
    "Fabrikviertel",
    "Ortsteil Kiefernheide",
]

AUTHORS = [
    "Karin M.",
    "Jonas aus dem Nordend",
    "Familie Özdemir",
    "Radfahrer_MS",
    "Dr. Ulrich Behrendt",
    "Sabine K.",
    "Opa Heinz",
    "Lena (16)",
    "Thomas Wegener",
    "Seeblick-Anwohnerin",
    "Marek Nowak",
    "Gärtnerin Petra",
    "Ahmad R.",
    "Birgit aus Kiefernheide",
]

PROPOSALS = [
    # ------------------------------------------------------------------ digital
    {
        "title": "Digitales Bürgeramt: Anträge online stellen und Termine selbst buchen",
        "body": (
            "Wer in Musterstadt einen neuen Personalausweis, eine Meldebescheinigung oder einen "
            "Anwohnerparkausweis braucht, muss in der Regel während der Öffnungszeiten ins "
            "Rathaus. Für Berufstätige, die nach Berlin pendeln, heißt das oft: einen halben "
            "Urlaubstag nehmen. Termine gibt es nur telefonisch, und die Leitung ist häufig "
            "besetzt."
            "\n\n"
            "Ich schlage vor, ein digitales Bürgeramt aufzubauen. Einfache Leistungen wie "
            "Meldebescheinigung, Anwohnerparkausweis oder Hundesteuer-Anmeldung sollten "
            "vollständig online möglich sein, alle anderen Termine sollten über ein Online-"
            "Buchungssystem vergeben werden. Ergänzend wäre ein langer Donnerstag bis 19 Uhr "
            "sinnvoll."
            "\n\n"
            "Auf https://www.musterstadt.de/buergerservice stehen zwar schon Formulare, aber "
            "nur als PDF zum Ausdrucken. Das Land Brandenburg bietet mit dem Serviceportal "
            "bereits Bausteine an, die die Stadt nutzen könnte, ohne alles neu zu erfinden."
        ),
        "topic": "digital",
        "district": None,
        "author": "Dr. Ulrich Behrendt",
        "days_ago": 38,
        "lat": None,
        "lon": None,
        "comments": [
            {
                "author": "Thomas Wegener",
                "body": (
                    "Volle Zustimmung. Vor allem die Online-Terminbuchung wäre schnell "
                    "umsetzbar, dafür gibt es fertige Lösungen, die andere Kommunen im Land "
                    "schon nutzen."
                ),
                "replies": [
                    {
                        "author": "Dr. Ulrich Behrendt",
                        "body": (
                            "Genau, es muss nicht gleich alles perfekt sein. Mit der "
                            "Terminbuchung anzufangen wäre schon ein großer Schritt."
                        ),
                    },
                ],
            },
            {
                "author": "Opa Heinz",
                "body": (
                    "Gut und schön, aber bitte nicht vergessen: Nicht jeder hat ein "
                    "Smartphone. Der persönliche Schalter im Rathaus muss bleiben!"
                ),
                "replies": [
                    {
                        "author": "Sabine K.",
                        "body": (
                            "Das sehe ich auch so. Wenn mehr Leute online erledigen, hat das "
                            "Personal am Schalter sogar mehr Zeit für die, die Hilfe brauchen."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Kostenloses WLAN am Bahnhof und auf dem Bahnhofsvorplatz",
        "body": (
            "Jeden Morgen warten am Bahnhof Musterstadt Hunderte Pendlerinnen und Pendler auf "
            "den Regionalexpress nach Berlin. Gerade im Winter oder bei Zugausfällen stehen wir "
            "oft lange auf dem Bahnsteig, und der Mobilfunkempfang im Bahnhofsgebäude ist "
            "miserabel."
            "\n\n"
            "Mein Vorschlag: ein frei zugängliches WLAN am Bahnhof, im Wartebereich und auf dem "
            "Bahnhofsvorplatz bis zur Bushaltestelle. Das hilft Pendlern, Touristen, die zum "
            "See wollen, und auch Jugendlichen, die dort auf den Bus warten. Man könnte sich an "
            "bestehenden Freifunk-Initiativen oder Landesprogrammen orientieren."
        ),
        "topic": "digital",
        "district": "Bahnhofsviertel",
        "author": "Marek Nowak",
        "days_ago": 35,
        "lat": 52.4253,
        "lon": 13.0731,
        "comments": [
            {
                "author": "Jonas aus dem Nordend",
                "body": (
                    "Freifunk wäre super, da gibt es in Brandenburg einige aktive Gruppen. "
                    "Die würden bestimmt helfen, Router auf städtischen Gebäuden aufzustellen."
                ),
                "replies": [],
            },
            {
                "author": "Karin M.",
                "body": (
                    "Wer haftet denn, wenn über das offene Netz etwas Illegales "
                    "heruntergeladen wird? Das sollte vorher geklärt sein."
                ),
                "replies": [
                    {
                        "author": "Marek Nowak",
                        "body": (
                            "Die Störerhaftung ist seit einigen Jahren abgeschafft, das ist "
                            "für Kommunen kein großes Risiko mehr. Trotzdem gute Frage!"
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Open-Data-Portal: Haushalt, Baustellen und Parkplätze als offene Daten",
        "body": (
            "Viele Informationen der Stadt sind irgendwo vorhanden, aber schwer zu finden: "
            "Der Haushaltsplan steht als 400-seitiges PDF im Netz, Baustellen werden im "
            "Amtsblatt veröffentlicht, und wie viele Kita-Plätze frei sind, weiß niemand so "
            "genau."
            "\n\n"
            "Ich schlage ein kleines Open-Data-Portal für Musterstadt vor. Den Anfang könnten "
            "der Haushalt in maschinenlesbarer Form, aktuelle Baustellen mit Karte, "
            "Parkplatzbelegung am Bahnhof und die Standorte von Spielplätzen und Toiletten "
            "machen. Die Daten unter https://www.musterstadt.de/haushalt wären ein guter "
            "Startpunkt."
            "\n\n"
            "Offene Daten schaffen Transparenz und ermöglichen es Schulen, Vereinen oder "
            "Hobby-Programmierern, eigene kleine Anwendungen zu bauen, zum Beispiel eine "
            "Baustellen-Warnung für Radfahrer."
        ),
        "topic": "digital",
        "district": None,
        "author": "Thomas Wegener",
        "days_ago": 20,
        "lat": None,
        "lon": None,
        "comments": [
            {
                "author": "Radfahrer_MS",
                "body": (
                    "Baustellen als Karte wäre Gold wert. Ich stehe regelmäßig mit dem Rad vor "
                    "einer gesperrten Straße, ohne dass es vorher irgendwo angekündigt war."
                ),
                "replies": [
                    {
                        "author": "Thomas Wegener",
                        "body": (
                            "Genau solche Fälle meine ich. Eine einfache Liste mit Koordinaten "
                            "würde schon reichen, den Rest können andere bauen."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Digital-Sprechstunde für Seniorinnen und Senioren in der Stadtbibliothek",
        "body": (
            "Immer mehr Dinge gehen nur noch online: Bahntickets, Arzttermine, Bankgeschäfte. "
            "Viele ältere Menschen in Musterstadt fühlen sich dabei abgehängt. Ich erlebe das in "
            "meiner eigenen Familie und in der Nachbarschaft ständig."
            "\n\n"
            "Meine Idee: eine feste, kostenlose Digital-Sprechstunde, zum Beispiel jeden "
            "Dienstagnachmittag in der Stadtbibliothek am Markt. Ehrenamtliche und "
            "Schülerinnen und Schüler der Gesamtschule helfen beim Einrichten des Smartphones, "
            "beim Online-Banking oder bei Videoanrufen mit den Enkeln."
            "\n\n"
            "Die Bibliothek hat WLAN und einen Gruppenraum, der nachmittags oft leer steht. "
            "Kosten entstehen kaum, man bräuchte nur etwas Koordination und ein paar "
            "Leihgeräte zum Üben."
        ),
        "topic": "digital",
        "district": "Altstadt",
        "author": "Sabine K.",
        "days_ago": 30,
        "lat": 52.4198,
        "lon": 13.0602,
        "comments": [
            {
                "author": "Opa Heinz",
                "body": (
                    "Da wäre ich der Erste! Mein Enkel erklärt mir das immer am Telefon, aber "
                    "das klappt nicht richtig. Vor Ort wäre mir viel lieber."
                ),
                "replies": [
                    {
                        "author": "Sabine K.",
                        "body": (
                            "Genau für Sie ist die Idee, Heinz! Vielleicht können wir ja "
                            "gemeinsam ein Probetreffen organisieren."
                        ),
                    },
                ],
            },
            {
                "author": "Lena (16)",
                "body": (
                    "Wir müssen in der 10. Klasse sowieso ein soziales Projekt machen. Ich "
                    "frage mal in unserer Klasse, ob welche mitmachen wollen."
                ),
                "replies": [
                    {
                        "author": "Karin M.",
                        "body": (
                            "Toll, Lena! Generationen zusammenbringen ist genau das, was unsere "
                            "Stadt braucht."
                        ),
                    },
                ],
            },
            {
                "author": "Dr. Ulrich Behrendt",
                "body": (
                    "Sehr gute Idee. Ich würde ergänzen: auch Hilfe bei der elektronischen "
                    "Patientenakte und beim E-Rezept. Da gibt es in meiner Praxis viele "
                    "Fragen."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Mängelmelder-App: Schlaglöcher und kaputte Laternen per Handy melden",
        "body": (
            "In Musterstadt gibt es viele kleine Ärgernisse: Schlaglöcher, defekte "
            "Straßenlaternen, überquellende Mülleimer am See oder wilde Müllablagerungen am "
            "Waldrand. Wer das melden will, muss erst herausfinden, welches Amt zuständig ist, "
            "und dann anrufen oder eine E-Mail schreiben."
            "\n\n"
            "Ein Mängelmelder, also eine App oder Webseite, auf der man ein Foto hochlädt und den "
            "Ort auf einer Karte markiert, würde das viel einfacher machen. Wichtig wäre, dass "
            "man sieht, was mit der Meldung passiert: eingegangen, in Bearbeitung, erledigt. "
            "So etwas gibt es in vielen Städten schon, warum nicht auch bei uns?"
        ),
        "topic": "digital",
        "district": None,
        "author": "Ahmad R.",
        "days_ago": 12,
        "lat": None,
        "lon": None,
        "comments": [],
    },
    {
        "title": "Co-Working-Space im alten Bahnhofsgebäude für Pendlerinnen und Pendler",
        "body": (
            "Das alte Empfangsgebäude am Bahnhof steht seit Jahren größtenteils leer, nur der "
            "Kiosk ist noch drin. Gleichzeitig arbeiten viele Leute aus Musterstadt zwei oder "
            "drei Tage die Woche im Homeoffice, oft am Küchentisch, weil die Wohnung keinen "
            "Platz für ein Arbeitszimmer hat."
            "\n\n"
            "Warum nicht im Obergeschoss des Bahnhofs einen Co-Working-Space einrichten? "
            "Schreibtische zum Mieten, schnelles Internet, ein Besprechungsraum und eine "
            "Kaffeeküche. Man spart sich die Fahrt nach Berlin und bleibt trotzdem unter Leuten."
            "\n\n"
            "Nebenbei würde der Bahnhof wieder belebt, und das Café im Erdgeschoss hätte mehr "
            "Kundschaft. Andere Orte in Brandenburg haben mit solchen Dorfbüros gute "
            "Erfahrungen gemacht."
        ),
        "topic": "digital",
        "district": "Bahnhofsviertel",
        "author": "Jonas aus dem Nordend",
        "days_ago": 27,
        "lat": 52.4249,
        "lon": 13.0722,
        "comments": [
            {
                "author": "Marek Nowak",
                "body": (
                    "Würde ich sofort nutzen. Zwei Tage die Woche in Musterstadt statt in "
                    "Berlin-Mitte arbeiten, das spart mir fast drei Stunden Fahrzeit."
                ),
                "replies": [],
            },
            {
                "author": "Dr. Ulrich Behrendt",
                "body": (
                    "Wem gehört das Bahnhofsgebäude eigentlich? Soweit ich weiß, ist es noch "
                    "im Besitz der Bahn. Das sollte man vorher klären."
                ),
                "replies": [
                    {
                        "author": "Jonas aus dem Nordend",
                        "body": (
                            "Laut Zeitungsbericht vom letzten Jahr will die Bahn es verkaufen. "
                            "Vielleicht eine Chance für die Stadt oder eine Genossenschaft?"
                        ),
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ climate
    {
        "title": "Schwammstadt: Schulhof der Grundschule am See entsiegeln und begrünen",
        "body": (
            "Der Schulhof der Grundschule am See ist fast komplett asphaltiert. Im letzten "
            "Sommer wurde es dort so heiß, dass die Kinder in der großen Pause lieber drinnen "
            "geblieben sind. Bei Starkregen steht das Wasser dagegen knöcheltief vor dem "
            "Eingang."
            "\n\n"
            "Wir schlagen vor, den Schulhof nach dem Schwammstadt-Prinzip umzubauen: Asphalt "
            "aufbrechen, Bäume pflanzen, eine Versickerungsmulde und ein kleines Grünes "
            "Klassenzimmer anlegen. Das Regenwasser bleibt vor Ort, und im Sommer gibt es "
            "endlich Schatten."
            "\n\n"
            "Eltern und Kinder würden bei Pflanzaktionen bestimmt mithelfen. Unsere beiden Kinder "
            "gehen dort zur Schule, und der Förderverein hat schon Interesse signalisiert."
        ),
        "topic": "climate",
        "district": "Seeufer",
        "author": "Familie Özdemir",
        "days_ago": 33,
        "lat": 52.4131,
        "lon": 13.0478,
        "comments": [
            {
                "author": "Gärtnerin Petra",
                "body": (
                    "Tolle Idee! Bei der Pflanzenauswahl helfe ich gern. Hitzeverträgliche "
                    "Bäume wie Feldahorn oder Zerreiche wären hier gut geeignet."
                ),
                "replies": [
                    {
                        "author": "Familie Özdemir",
                        "body": (
                            "Danke, Petra! Wir melden uns bestimmt, wenn es konkret wird. "
                            "Fachwissen können wir gut gebrauchen."
                        ),
                    },
                ],
            },
            {
                "author": "Thomas Wegener",
                "body": (
                    "Für Entsiegelung und Regenwassermanagement gibt es Fördermittel von Bund "
                    "und Land. Die Stadt sollte das unbedingt prüfen, bevor sie eigenes Geld "
                    "einsetzt."
                ),
                "replies": [],
            },
            {
                "author": "Karin M.",
                "body": (
                    "Wo spielen die Kinder dann Fußball? Ein bisschen feste Fläche braucht so "
                    "ein Schulhof ja auch."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Trinkbrunnen auf dem Marktplatz und am Seeufer aufstellen",
        "body": (
            "In den heißen Sommern der letzten Jahre habe ich oft gesehen, wie Leute auf dem "
            "Marktplatz oder an der Uferpromenade nach Wasser gesucht haben. Einen öffentlichen "
            "Trinkbrunnen gibt es in ganz Musterstadt nicht, man muss sich Wasser im Laden "
            "kaufen."
            "\n\n"
            "Ich wünsche mir mindestens zwei Trinkbrunnen: einen auf dem Marktplatz neben dem "
            "Rathaus und einen an der Promenade beim Strandbad. Das hilft älteren Menschen, "
            "Kindern, Radfahrern und Touristen und vermeidet Plastikflaschen. Die Berliner "
            "Wasserbetriebe machen das seit Jahren vor, das müsste auch bei uns gehen."
        ),
        "topic": "climate",
        "district": "Altstadt",
        "author": "Karin M.",
        "days_ago": 31,
        "lat": 52.4202,
        "lon": 13.0598,
        "comments": [
            {
                "author": "Radfahrer_MS",
                "body": (
                    "Ja, bitte! Auf der Radtour um den See gibt es genau null Möglichkeiten, "
                    "die Flasche aufzufüllen."
                ),
                "replies": [],
            },
            {
                "author": "Marek Nowak",
                "body": (
                    "Wie sieht es mit der Hygiene aus? Die Brunnen müssen regelmäßig gespült "
                    "und geprüft werden, das kostet laufend Geld. Wer übernimmt das?"
                ),
                "replies": [
                    {
                        "author": "Karin M.",
                        "body": (
                            "Das könnte der Wasserverband übernehmen, so ist es in anderen "
                            "Städten auch geregelt. Die Kosten halten sich in Grenzen."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Öffentliche Trinkwasserstellen in der Innenstadt für heiße Sommertage",
        "body": (
            "Letzten Sommer ist auf dem Wochenmarkt eine ältere Dame wegen der Hitze "
            "zusammengebrochen. Zum Glück ging es glimpflich aus, aber es hat mich nachdenklich "
            "gemacht. In der Innenstadt gibt es keinen einzigen Ort, wo man kostenlos Wasser "
            "bekommt."
            "\n\n"
            "Ich schlage öffentliche Trinkwasserstellen vor, vor allem in der Altstadt rund um "
            "den Markt und vor der Stadtkirche. Außerdem könnten Geschäfte und Cafés mit einem "
            "Aufkleber zeigen, dass man bei ihnen die Wasserflasche kostenlos auffüllen darf. "
            "Das kostet fast nichts und wäre schnell gemacht."
        ),
        "topic": "climate",
        "district": "Altstadt",
        "author": "Opa Heinz",
        "days_ago": 6,
        "lat": 52.4195,
        "lon": 13.0611,
        "comments": [
            {
                "author": "Sabine K.",
                "body": (
                    "Es gibt schon einen sehr ähnlichen Vorschlag von Karin M. zu "
                    "Trinkbrunnen am Markt. Vielleicht kann man beide zusammenlegen?"
                ),
                "replies": [
                    {
                        "author": "Opa Heinz",
                        "body": (
                            "Oh, den hatte ich übersehen. Die Idee mit den Aufklebern für die "
                            "Geschäfte ist aber neu, die sollte erhalten bleiben."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Hitzeschutzplan für Musterstadt mit kühlen Orten und Hitzetelefon",
        "body": (
            "Die Zahl der heißen Tage über 30 Grad hat auch in Brandenburg deutlich zugenommen. "
            "Besonders gefährdet sind ältere und kranke Menschen, Kleinkinder und Menschen, die "
            "draußen arbeiten. In meiner Praxis sehe ich jeden Sommer Patientinnen und Patienten "
            "mit Kreislaufproblemen, die vermeidbar wären."
            "\n\n"
            "Musterstadt braucht einen kommunalen Hitzeschutzplan. Dazu gehören: eine Karte mit "
            "kühlen Orten wie Bibliothek, Kirche und klimatisierten Räumen im Rathaus, ein "
            "Hitzetelefon, über das Alleinlebende angerufen werden, Warnungen über die Webseite "
            "und die lokale Presse sowie Absprachen mit Pflegediensten und Kitas."
            "\n\n"
            "Hinweise und Materialien zur Klimaanpassung gibt es auf https://www.brandenburg.de/ "
            "bereits. Wir müssen das Rad also nicht neu erfinden, sondern nur für unsere Stadt "
            "anpassen."
        ),
        "topic": "climate",
        "district": None,
        "author": "Dr. Ulrich Behrendt",
        "days_ago": 25,
        "lat": None,
        "lon": None,
        "comments": [
            {
                "author": "Seeblick-Anwohnerin",
                "body": (
                    "Das Hitzetelefon finde ich besonders wichtig. In unserem Haus wohnen "
                    "mehrere alleinstehende ältere Leute, die im Sommer kaum rausgehen."
                ),
                "replies": [],
            },
            {
                "author": "Sabine K.",
                "body": (
                    "Könnte man die kühlen Orte gleich mit den Trinkbrunnen-Ideen verbinden? "
                    "Eine gemeinsame Karte wäre praktisch."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Bürgerenergiegenossenschaft: Solardächer auf Schulen, Kita und Bauhof",
        "body": (
            "Die Dächer der städtischen Gebäude in Musterstadt sind fast alle ungenutzt. Allein "
            "die Gesamtschule, die Sporthalle, die Kita Sonnenschein und der Bauhof haben "
            "zusammen mehrere tausend Quadratmeter Dachfläche, auf die den ganzen Tag die Sonne "
            "scheint."
            "\n\n"
            "Mein Vorschlag ist eine Bürgerenergiegenossenschaft. Bürgerinnen und Bürger kaufen "
            "Anteile, zum Beispiel ab 100 Euro, die Genossenschaft baut Photovoltaikanlagen auf "
            "städtische Dächer und verkauft den Strom günstig an die Stadt. Der Gewinn bleibt in "
            "Musterstadt, statt an große Konzerne zu gehen."
            "\n\n"
            "So leisten wir einen echten Beitrag zum Klimaschutz, die Stadt spart Energiekosten, "
            "und die Leute sind direkt beteiligt. In mehreren Brandenburger Gemeinden "
            "funktioniert das schon sehr gut."
        ),
        "topic": "climate",
        "district": None,
        "author": "Thomas Wegener",
        "days_ago": 28,
        "lat": None,
        "lon": None,
        "comments": [
            {
                "author": "Marek Nowak",
                "body": (
                    "Ich wäre sofort mit ein paar Anteilen dabei. Wichtig ist, dass die "
                    "Genossenschaft von Leuten vor Ort geführt wird."
                ),
                "replies": [],
            },
            {
                "author": "Dr. Ulrich Behrendt",
                "body": (
                    "Sind die Dächer statisch überhaupt dafür geeignet? Die Sporthalle ist "
                    "aus den 70ern, da wäre ich vorsichtig."
                ),
                "replies": [
                    {
                        "author": "Thomas Wegener",
                        "body": (
                            "Das müsste natürlich ein Statiker prüfen. Falls die Halle nicht "
                            "geht, bleiben immer noch Schule, Kita und Bauhof."
                        ),
                    },
                ],
            },
            {
                "author": "Seeblick-Anwohnerin",
                "body": (
                    "Könnten sich auch Mieterinnen und Mieter beteiligen, die selbst kein Dach "
                    "haben? Das fände ich gerecht."
                ),
                "replies": [
                    {
                        "author": "Thomas Wegener",
                        "body": (
                            "Genau das ist der Gedanke. Jeder kann Anteile kaufen, egal ob "
                            "Eigentümer oder Mieter."
                        ),
                    },
                ],
            },
            {
                "author": "Ahmad R.",
                "body": (
                    "Man könnte auch die Schülerinnen und Schüler einbeziehen, zum Beispiel "
                    "mit einer Anzeige im Foyer, wie viel Strom gerade erzeugt wird."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Baumpatenschaften für die Straßenbäume im Nordend",
        "body": (
            "Im Nordend wurden vor zwei Jahren viele junge Straßenbäume gepflanzt. Leider sind "
            "nach den trockenen Sommern schon einige vertrocknet, weil der Bauhof nicht überall "
            "regelmäßig gießen kann."
            "\n\n"
            "Ich schlage Baumpatenschaften vor: Anwohnerinnen und Anwohner übernehmen einen Baum "
            "vor ihrer Haustür, gießen ihn in Trockenzeiten und melden Schäden. Die Stadt stellt "
            "Gießsäcke und ein kleines Schild mit dem Namen der Paten zur Verfügung. So "
            "identifizieren sich die Leute mit „ihrem“ Baum, und die Bäume überleben."
        ),
        "topic": "climate",
        "district": "Nordend",
        "author": "Gärtnerin Petra",
        "days_ago": 17,
        "lat": 52.4352,
        "lon": 13.0618,
        "comments": [
            {
                "author": "Jonas aus dem Nordend",
                "body": (
                    "Ich nehme die Linde vor der Nummer 14 in der Birkenallee! Gießsäcke wären "
                    "echt eine große Hilfe, mit der Kanne ist das mühsam."
                ),
                "replies": [],
            },
            {
                "author": "Birgit aus Kiefernheide",
                "body": (
                    "Bei uns in Kiefernheide gibt es auch einige neue Bäume an der "
                    "Dorfstraße. Könnte man das gleich für die ganze Stadt anbieten?"
                ),
                "replies": [
                    {
                        "author": "Gärtnerin Petra",
                        "body": (
                            "Unbedingt! Das Nordend ist nur ein Anfang, weil dort besonders "
                            "viele junge Bäume stehen."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Parkplatz an der alten Tuchfabrik entsiegeln – Bäume statt Asphalt",
        "body": (
            "Der große Parkplatz an der alten Tuchfabrik ist eine einzige Hitzeinsel. Er ist "
            "meistens nur zu einem Drittel belegt, außer bei Veranstaltungen in der Halle. Im "
            "Sommer flimmert dort die Luft, und die angrenzenden Wohnhäuser heizen sich stark "
            "auf."
            "\n\n"
            "Man könnte die Hälfte der Fläche entsiegeln und mit Bäumen, Rasengittersteinen und "
            "einer Regenwassermulde umgestalten. Die restlichen Stellplätze reichen im Alltag "
            "völlig aus. Für große Veranstaltungen kann man die Rasengitterfläche ja trotzdem "
            "zum Parken freigeben."
        ),
        "topic": "climate",
        "district": "Fabrikviertel",
        "author": "Ahmad R.",
        "days_ago": 9,
        "lat": 52.4163,
        "lon": 13.0857,
        "comments": [],
    },
    # ------------------------------------------------------------------ cohesion
    {
        "title": "Nachbarschaftszentrum im leerstehenden Konsum-Gebäude im Nordend",
        "body": (
            "Im Nordend wohnen inzwischen fast 5.000 Menschen, aber es gibt keinen einzigen Ort, "
            "an dem man sich ohne Konsumzwang treffen kann. Der alte Konsum an der Ecke "
            "Birkenallee/Lindenweg steht seit über drei Jahren leer und verfällt langsam."
            "\n\n"
            "Daraus könnte ein Nachbarschaftszentrum werden: ein Raum für Krabbelgruppe, "
            "Seniorenkaffee, Hausaufgabenhilfe, Sprachcafé und Versammlungen der "
            "Mietergemeinschaft. Vielleicht mit einer kleinen Küche und einem Garten hinter dem "
            "Haus."
            "\n\n"
            "Getragen werden könnte das Ganze von einem Verein, die Stadt müsste am Anfang die "
            "Miete oder den Kauf und eine halbe Stelle für die Koordination finanzieren. Ich "
            "bin sicher, dass sich viele Nachbarn ehrenamtlich einbringen würden."
        ),
        "topic": "cohesion",
        "district": "Nordend",
        "author": "Jonas aus dem Nordend",
        "days_ago": 36,
        "lat": 52.4347,
        "lon": 13.0635,
        "comments": [
            {
                "author": "Familie Özdemir",
                "body": (
                    "Ein Sprachcafé würden wir sofort unterstützen. Wir kennen mehrere "
                    "Familien, die neu in Musterstadt sind und Anschluss suchen."
                ),
                "replies": [],
            },
            {
                "author": "Karin M.",
                "body": (
                    "Das Gebäude gehört meines Wissens einer Erbengemeinschaft in "
                    "Westdeutschland. Ob die verkaufen wollen, ist die große Frage."
                ),
                "replies": [
                    {
                        "author": "Jonas aus dem Nordend",
                        "body": (
                            "Stimmt, aber die Stadt könnte ja zumindest mal anfragen. Leerstand "
                            "bringt den Eigentümern auch nichts."
                        ),
                    },
                ],
            },
            {
                "author": "Opa Heinz",
                "body": (
                    "Im Konsum habe ich früher jeden Morgen meine Schrippen gekauft. Schön "
                    "wäre es, wenn da wieder Leben reinkommt."
                ),
                "replies": [
                    {
                        "author": "Lena (16)",
                        "body": (
                            "Und vielleicht auch ein Raum für uns Jugendliche? Im Nordend gibt "
                            "es abends echt gar nichts."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Jugendbeirat und eigenes Jugendbudget für Musterstadt",
        "body": (
            "Wir Jugendlichen werden in Musterstadt selten gefragt, obwohl es um unsere Zukunft "
            "geht. Wenn über den Skatepark oder die Busverbindungen entschieden wird, sitzen im "
            "Ausschuss nur Erwachsene."
            "\n\n"
            "Ich fände es gut, wenn es einen Jugendbeirat gibt, der von den Schülerinnen und "
            "Schülern gewählt wird und in den Ausschüssen Rederecht hat. Dazu ein kleines "
            "Jugendbudget, zum Beispiel 10.000 Euro im Jahr, über das wir selbst entscheiden "
            "dürfen. Damit könnte man Sachen wie eine Sitzecke am See, Konzerte oder neue "
            "Basketballkörbe finanzieren."
            "\n\n"
            "In anderen Städten gibt es sowas schon. Es wäre ein echtes Zeichen, dass man uns "
            "ernst nimmt."
        ),
        "topic": "cohesion",
        "district": None,
        "author": "Lena (16)",
        "days_ago": 22,
        "lat": None,
        "lon": None,
        "comments": [
            {
                "author": "Dr. Ulrich Behrendt",
                "body": (
                    "Sehr unterstützenswert. Die Kommunalverfassung in Brandenburg sieht die "
                    "Beteiligung von Kindern und Jugendlichen ausdrücklich vor."
                ),
                "replies": [],
            },
            {
                "author": "Ahmad R.",
                "body": (
                    "Gute Sache. Wichtig wäre, dass nicht nur Gymnasiasten mitmachen, sondern "
                    "auch Azubis und Jugendliche aus den Ortsteilen."
                ),
                "replies": [
                    {
                        "author": "Lena (16)",
                        "body": (
                            "Ja, voll! Man könnte an allen Schulen und im Jugendclub wählen "
                            "lassen, nicht nur an unserer."
                        ),
                    },
                ],
            },
            {
                "author": "Karin M.",
                "body": (
                    "10.000 Euro finde ich für den Anfang viel. Vielleicht erst mal kleiner "
                    "starten und schauen, wie es läuft?"
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Stadtteilfest im Fabrikviertel: alte und neue Nachbarn lernen sich kennen",
        "body": (
            "Im Fabrikviertel sind in den letzten Jahren viele neue Leute hergezogen, junge "
            "Familien aus Berlin, Geflüchtete, Studierende. Gleichzeitig wohnen hier noch viele, "
            "die früher in der Tuchfabrik gearbeitet haben. Man grüßt sich kaum, und es gibt "
            "manchmal Spannungen."
            "\n\n"
            "Ich schlage ein jährliches Stadtteilfest auf dem Platz vor der alten Fabrikhalle "
            "vor. Jeder bringt etwas zu essen mit, die Vereine stellen sich vor, es gibt Musik "
            "und eine Ecke, wo ehemalige Fabrikarbeiter von früher erzählen. Die Stadt müsste "
            "nur Genehmigung, Bierbänke und etwas Geld für Technik stellen."
        ),
        "topic": "cohesion",
        "district": "Fabrikviertel",
        "author": "Ahmad R.",
        "days_ago": 19,
        "lat": 52.4158,
        "lon": 13.0842,
        "comments": [
            {
                "author": "Opa Heinz",
                "body": (
                    "Ich habe 31 Jahre in der Tuchfabrik gearbeitet. Wenn jemand zuhören will, "
                    "erzähle ich gern, wie es damals war."
                ),
                "replies": [
                    {
                        "author": "Ahmad R.",
                        "body": (
                            "Das wäre wunderbar, Heinz! Genau solche Geschichten meine ich. "
                            "Vielleicht mit alten Fotos?"
                        ),
                    },
                ],
            },
            {
                "author": "Seeblick-Anwohnerin",
                "body": (
                    "Schöne Idee, aber bitte mit einem vernünftigen Ende um 22 Uhr. Die "
                    "Anwohner müssen am nächsten Tag auch arbeiten."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Willkommenspaten für neu Zugezogene im Nordend",
        "body": (
            "Als wir vor vier Jahren nach Musterstadt gezogen sind, hat es lange gedauert, bis "
            "wir wussten, welcher Kinderarzt neue Patienten nimmt, wo es einen Sportverein für "
            "die Kinder gibt oder wann der Sperrmüll abgeholt wird. Im Nordend ziehen gerade "
            "wieder viele neue Familien in die Neubauten."
            "\n\n"
            "Unsere Idee: Ehrenamtliche Willkommenspaten, die neuen Nachbarn in den ersten "
            "Wochen als Ansprechpartner zur Seite stehen. Dazu ein monatlicher "
            "Willkommensspaziergang durch den Stadtteil und eine kleine Begrüßungsmappe von der "
            "Stadt mit Gutscheinen für Museum, Strandbad und Bibliothek."
        ),
        "topic": "cohesion",
        "district": "Nordend",
        "author": "Familie Özdemir",
        "days_ago": 14,
        "lat": None,
        "lon": None,
        "comments": [],
    },
    {
        "title": "Schattige Bänke und ein Treffpunkt für Ältere an der Uferpromenade",
        "body": (
            "Die Uferpromenade ist für viele ältere Menschen aus dem Seeviertel der wichtigste "
            "Ort, um rauszukommen. Leider gibt es zwischen Strandbad und Bootsverleih auf fast "
            "einem Kilometer nur drei Bänke, und die stehen in der prallen Sonne."
            "\n\n"
            "Ich wünsche mir mehr Bänke mit Rückenlehne und Armlehnen, damit man gut wieder "
            "aufstehen kann, dazu ein paar Bäume oder Sonnensegel. Schön wäre auch ein "
            "überdachter Treffpunkt, wo sich Nachbarn zum Schach oder Kartenspielen verabreden "
            "können. Gegen die Einsamkeit hilft das mehr als jedes Programm."
        ),
        "topic": "cohesion",
        "district": "Seeufer",
        "author": "Seeblick-Anwohnerin",
        "days_ago": 11,
        "lat": 52.4118,
        "lon": 13.0465,
        "comments": [],
    },
    {
        "title": "Offener Jugendtreff in Kiefernheide – Bauwagen oder Container",
        "body": (
            "In Kiefernheide wohnen rund 1.200 Menschen, darunter viele Jugendliche. Einen Ort "
            "für sie gibt es nicht. Die Jugendlichen treffen sich an der Bushaltestelle oder auf "
            "dem Spielplatz, was regelmäßig zu Ärger mit Anwohnern führt. In die Stadt kommen "
            "sie abends nicht mehr, weil kein Bus fährt."
            "\n\n"
            "Eine einfache Lösung wäre ein Bauwagen oder Container neben dem Sportplatz, den die "
            "Jugendlichen mit Unterstützung selbst ausbauen und gestalten. Einmal pro Woche "
            "könnte die Streetworkerin aus der Stadt vorbeikommen. Das kostet nicht viel, zeigt "
            "aber, dass die Jugend im Ortsteil nicht vergessen wird."
        ),
        "topic": "cohesion",
        "district": "Ortsteil Kiefernheide",
        "author": "Birgit aus Kiefernheide",
        "days_ago": 4,
        "lat": None,
        "lon": None,
        "comments": [
            {
                "author": "Lena (16)",
                "body": (
                    "Mein Cousin wohnt in Kiefernheide und sagt genau das. Selbst ausbauen "
                    "finde ich cool, dann passen auch alle drauf auf."
                ),
                "replies": [],
            },
            {
                "author": "Thomas Wegener",
                "body": (
                    "Beim Standort sollte man auf Abstand zu den Wohnhäusern achten, sonst "
                    "gibt es wieder Beschwerden wegen Lärm."
                ),
                "replies": [],
            },
        ],
    },
    # ------------------------------------------------------------------ common good
    {
        "title": "Reparaturcafé im Fabrikviertel: Reparieren statt Wegwerfen",
        "body": (
            "Bei uns zu Hause landet viel zu viel auf dem Wertstoffhof, was eigentlich noch zu "
            "retten wäre: ein Toaster mit Wackelkontakt, eine Hose mit kaputtem Reißverschluss, "
            "ein Fahrrad mit platten Reifen. Vielen fehlt nur das Werkzeug oder das Wissen."
            "\n\n"
            "Ich bin Elektriker und würde gern ein Reparaturcafé mit aufbauen, einmal im Monat "
            "am Samstag. In der alten Tuchfabrik gibt es einen ungenutzten Werkstattraum, der "
            "sich gut eignen würde. Ehrenamtliche helfen beim Reparieren, dazu gibt es Kaffee "
            "und Kuchen. Man lernt was, spart Geld und schont die Umwelt."
            "\n\n"
            "Von der Stadt bräuchten wir den Raum, eine Haftpflichtversicherung und ein bisschen "
            "Startgeld für Werkzeug."
        ),
        "topic": "common_good",
        "district": "Fabrikviertel",
        "author": "Marek Nowak",
        "days_ago": 29,
        "lat": 52.4170,
        "lon": 13.0868,
        "comments": [
            {
                "author": "Sabine K.",
                "body": (
                    "Ich kann nähen und würde gern die Textilecke übernehmen. Reißverschlüsse "
                    "und Säume sind meine Spezialität!"
                ),
                "replies": [
                    {
                        "author": "Marek Nowak",
                        "body": (
                            "Super, Sabine! Damit hätten wir schon zwei Bereiche abgedeckt. "
                            "Jetzt fehlt noch jemand für Fahrräder."
                        ),
                    },
                    {
                        "author": "Radfahrer_MS",
                        "body": (
                            "Fahrräder mache ich! Schläuche flicken und Bremsen einstellen kann "
                            "ich im Schlaf."
                        ),
                    },
                ],
            },
            {
                "author": "Gärtnerin Petra",
                "body": (
                    "Könnte man das mit einem Tauschregal verbinden? Was nicht mehr zu "
                    "reparieren ist, findet vielleicht als Ersatzteil noch einen Abnehmer."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Tauschregal und offener Bücherschrank am Bahnhof",
        "body": (
            "Am Bahnhof warten jeden Tag viele Menschen, und im Wartebereich gibt es nichts "
            "außer einem Fahrkartenautomaten. Gleichzeitig haben viele zu Hause Bücher, Spiele "
            "oder Kinderkleidung, die sie nicht mehr brauchen, aber zu schade zum Wegwerfen "
            "finden."
            "\n\n"
            "Ein wetterfestes Tauschregal mit offenem Bücherschrank am Bahnhofsvorplatz wäre "
            "eine einfache Sache: Man stellt etwas rein und nimmt sich etwas raus. In anderen "
            "Städten kümmern sich Paten darum, dass das Regal ordentlich bleibt. Ich würde mich "
            "gern als Patin melden."
        ),
        "topic": "common_good",
        "district": "Bahnhofsviertel",
        "author": "Karin M.",
        "days_ago": 26,
        "lat": None,
        "lon": None,
        "comments": [],
    },
    {
        "title": "Gemeinschaftsgarten auf der Brachfläche hinter der Stadthalle",
        "body": (
            "Hinter der Stadthalle liegt seit dem Abriss der alten Garagen eine Brachfläche, "
            "auf der nur Unkraut wächst. Gleichzeitig gibt es in der Altstadt viele Menschen, "
            "die in Wohnungen ohne Garten oder Balkon leben und gern gärtnern würden. Die "
            "Warteliste beim Kleingartenverein ist lang."
            "\n\n"
            "Auf der Fläche könnte ein Gemeinschaftsgarten entstehen: Hochbeete, ein paar "
            "Obstbäume, eine Kräuterspirale, ein Wasseranschluss und ein Geräteschuppen. Die "
            "Kita nebenan und die Grundschule könnten eigene Beete bekommen. Ich habe Erfahrung "
            "mit solchen Projekten und würde mich um die Organisation kümmern."
        ),
        "topic": "common_good",
        "district": "Altstadt",
        "author": "Gärtnerin Petra",
        "days_ago": 21,
        "lat": 52.4215,
        "lon": 13.0578,
        "comments": [
            {
                "author": "Familie Özdemir",
                "body": (
                    "Wir wären dabei! Unsere Kinder wollen schon lange Tomaten und Erdbeeren "
                    "selbst anpflanzen, auf dem Balkon ist dafür kein Platz."
                ),
                "replies": [],
            },
            {
                "author": "Thomas Wegener",
                "body": (
                    "Ist die Fläche nicht als Bauland für Wohnungen vorgesehen? Ein Garten als "
                    "Zwischennutzung für ein paar Jahre wäre aber trotzdem sinnvoll."
                ),
                "replies": [
                    {
                        "author": "Gärtnerin Petra",
                        "body": (
                            "Hochbeete kann man zur Not auch umziehen. Eine Zwischennutzung "
                            "wäre für den Anfang völlig in Ordnung."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Leihladen in der Altstadt: Werkzeug, Zelte und Partygarnituren ausleihen",
        "body": (
            "Wer braucht schon jeden Tag eine Bohrmaschine, einen Hochdruckreiniger oder ein "
            "Partyzelt? Trotzdem steht das in fast jedem Keller in Musterstadt und wird zweimal "
            "im Jahr benutzt. Gleichzeitig stehen in der Altstadt mehrere Läden leer."
            "\n\n"
            "Ein Leihladen in einem dieser leeren Läden wäre die Lösung: Leute spenden oder "
            "verleihen Gegenstände, andere können sie gegen eine kleine Gebühr oder "
            "Mitgliedschaft ausleihen. Das spart Geld und Ressourcen und bringt wieder Leben in "
            "die Fußgängerzone. Der Laden könnte von einem Verein betrieben werden, die Stadt "
            "könnte mit dem Eigentümer über eine günstige Zwischenmiete verhandeln."
        ),
        "topic": "common_good",
        "district": "Altstadt",
        "author": "Birgit aus Kiefernheide",
        "days_ago": 13,
        "lat": None,
        "lon": None,
        "comments": [],
    },
    {
        "title": "Ehrenamtsbörse für Musterstadt: Wer hilft wo – online und am schwarzen Brett",
        "body": (
            "In Musterstadt gibt es über 80 Vereine und Initiativen, und fast alle suchen "
            "Helferinnen und Helfer. Umgekehrt wollen sich viele Menschen engagieren, wissen "
            "aber nicht, wo sie gebraucht werden. Gerade Neuzugezogene und Rentner fragen "
            "mich das oft."
            "\n\n"
            "Meine Idee ist eine Ehrenamtsbörse: eine einfache Webseite, auf der Vereine "
            "Aufgaben einstellen (zum Beispiel „Fahrer für die Tafel, 2 Stunden pro Woche“), "
            "und ein schwarzes Brett im Rathausfoyer für alle, die nicht online sind. Einmal im "
            "Jahr könnte es einen Ehrenamtsmarkt auf dem Marktplatz geben, wo sich alle "
            "vorstellen. Vieleicht kann auch die Freiwilligenagentur des Landkreises helfen."
        ),
        "topic": "common_good",
        "district": None,
        "author": "Sabine K.",
        "days_ago": 8,
        "lat": None,
        "lon": None,
        "comments": [
            {
                "author": "Ahmad R.",
                "body": (
                    "Der Ehrenamtsmarkt gefällt mir. Bei der Tafel suchen wir tatsächlich "
                    "dringend Fahrer, das wäre ein guter Ort, um Leute zu finden."
                ),
                "replies": [],
            },
            {
                "author": "Dr. Ulrich Behrendt",
                "body": (
                    "Gute Idee. Man sollte die Ehrenamtsbörse mit dem Mängelmelder und dem "
                    "digitalen Bürgeramt auf einer gemeinsamen Plattform bündeln."
                ),
                "replies": [],
            },
        ],
    },
    # ------------------------------------------------------------------ mobility
    {
        "title": "Sicherer Radweg zur Gesamtschule entlang der Seestraße",
        "body": (
            "Die Seestraße ist für viele Kinder der einzige direkte Weg zur Gesamtschule und "
            "zur Grundschule am See. Einen Radweg gibt es nicht, die Fahrbahn ist eng, und "
            "morgens fahren dort Elterntaxis, Lieferwagen und der Schulbus gleichzeitig. Im "
            "letzten Herbst gab es zwei Unfälle mit Kindern auf dem Rad."
            "\n\n"
            "Ich schlage einen baulich getrennten Radweg auf der Seeseite der Straße vor, vom "
            "Kreisel am Bahnhof bis zur Schule. Wo der Platz nicht reicht, sollte zumindest "
            "Tempo 30 gelten und ein Teil der Parkplätze wegfallen. Zusätzlich brauchen wir "
            "einen Zebrastreifen an der Einmündung Fischerweg."
            "\n\n"
            "Wenn Kinder sicher mit dem Rad fahren können, gibt es auch weniger Elterntaxis. "
            "Davon profitieren am Ende alle."
        ),
        "topic": "mobility",
        "district": "Seeufer",
        "author": "Radfahrer_MS",
        "days_ago": 37,
        "lat": 52.4142,
        "lon": 13.0505,
        "comments": [
            {
                "author": "Familie Özdemir",
                "body": (
                    "Danke für diesen Vorschlag! Unser Sohn fährt jeden Tag die Seestraße "
                    "entlang, und wir haben jedes Mal ein ungutes Gefühl."
                ),
                "replies": [],
            },
            {
                "author": "Seeblick-Anwohnerin",
                "body": (
                    "Ich verstehe das Anliegen, aber wenn die Parkplätze wegfallen, wo sollen "
                    "wir Anwohner dann parken? Im Sommer ist wegen des Strandbads ohnehin "
                    "alles zugeparkt."
                ),
                "replies": [
                    {
                        "author": "Radfahrer_MS",
                        "body": (
                            "Verständlich. Vielleicht könnte man für Anwohner Parkausweise "
                            "einführen und die Strandbadgäste auf den großen Parkplatz lenken."
                        ),
                    },
                    {
                        "author": "Thomas Wegener",
                        "body": (
                            "Der Parkplatz am Strandbad ist außerhalb der Saison fast leer. "
                            "Da ist eigentlich genug Platz."
                        ),
                    },
                ],
            },
            {
                "author": "Dr. Ulrich Behrendt",
                "body": (
                    "Die Seestraße ist eine Landesstraße, oder? Dann muss das Land mitspielen. "
                    "Das sollte man frühzeitig klären."
                ),
                "replies": [
                    {
                        "author": "Radfahrer_MS",
                        "body": (
                            "Nur der Abschnitt ab dem Kreisel. Das Stück an der Schule ist "
                            "eine Gemeindestraße, da kann die Stadt selbst entscheiden."
                        ),
                    },
                ],
            },
            {
                "author": "Lena (16)",
                "body": (
                    "Ich fahre da jeden Tag lang. Am schlimmsten ist es kurz vor acht, wenn "
                    "alle Eltern gleichzeitig vor der Grundschule halten."
                ),
                "replies": [],
            },
            {
                "author": "Marek Nowak",
                "body": (
                    "Ein baulich getrennter Radweg wird teuer. Vielleicht erst mal mit "
                    "Markierung und Pollern anfangen, das geht schnell und kostet wenig."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Radweg für Schulkinder: sicher mit dem Fahrrad zur Schule am See",
        "body": (
            "Meine Tochter ist jetzt in der 4. Klasse und möchte endlich allein mit dem Fahrrad "
            "zur Schule fahren. Ich traue mich aber nicht, sie die Seestraße entlangfahren zu "
            "lassen. Da gibt es keinen Radweg und die Autos fahren viel zu schnell."
            "\n\n"
            "Bitte baut einen sicheren Radweg zur Schule am See! Es müsste auch nicht unbedingt "
            "an der Seestraße sein, man könnte auch den Weg durch die Kleingärten asphaltieren "
            "und beleuchten, der ist ruhiger. Hauptsache, die Kinder kommen sicher an."
        ),
        "topic": "mobility",
        "district": "Seeufer",
        "author": "Sabine K.",
        "days_ago": 5,
        "lat": 52.4138,
        "lon": 13.0512,
        "comments": [
            {
                "author": "Radfahrer_MS",
                "body": (
                    "Hallo Sabine, ich habe einen ganz ähnlichen Vorschlag für die Seestraße "
                    "gemacht. Die Idee mit dem Weg durch die Kleingärten ist aber eine gute "
                    "Ergänzung!"
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Bürgerbus für die Ortsteile – auch abends und am Wochenende",
        "body": (
            "Von Kiefernheide in die Innenstadt fährt der Bus nur alle zwei Stunden und nach "
            "18 Uhr gar nicht mehr. Am Wochenende fährt nur ein einziger Bus am Samstagvormittag. "
            "Wer kein Auto hat, ist praktisch abgeschnitten, das betrifft vor allem Ältere und "
            "Jugendliche."
            "\n\n"
            "Ich schlage einen Bürgerbus vor, wie es ihn in anderen Brandenburger Gemeinden gibt: "
            "ein Kleinbus mit acht Sitzen, gefahren von ehrenamtlichen Fahrerinnen und Fahrern, "
            "der die Lücken im Fahrplan schließt. Zum Beispiel abends bis 22 Uhr und samstags "
            "nachmittags, mit Anschluss an den Zug nach Berlin."
            "\n\n"
            "Die Stadt müsste das Fahrzeug anschaffen und Versicherung und Sprit bezahlen. "
            "Fahrer finden sich bestimmt, ich würde selbst zwei Schichten pro Woche übernehmen."
        ),
        "topic": "mobility",
        "district": "Ortsteil Kiefernheide",
        "author": "Birgit aus Kiefernheide",
        "days_ago": 34,
        "lat": 52.4061,
        "lon": 13.0315,
        "comments": [
            {
                "author": "Opa Heinz",
                "body": (
                    "Ich habe 40 Jahre einen Führerschein Klasse C und fahre sicher. Wenn es so "
                    "einen Bus gibt, bin ich als Fahrer dabei."
                ),
                "replies": [
                    {
                        "author": "Birgit aus Kiefernheide",
                        "body": (
                            "Heinz, das ist großartig! Mit zwei, drei weiteren Leuten hätten wir "
                            "schon einen Dienstplan."
                        ),
                    },
                ],
            },
            {
                "author": "Karin M.",
                "body": (
                    "Könnte man nicht einfach den Landkreis bitten, den regulären Bus öfter "
                    "fahren zu lassen? Ein ehrenamtlicher Bus ist ja nur eine Notlösung."
                ),
                "replies": [
                    {
                        "author": "Birgit aus Kiefernheide",
                        "body": (
                            "Das versuchen wir seit Jahren. Solange sich nichts bewegt, ist der "
                            "Bürgerbus besser als gar nichts."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Mitfahrbänke in Kiefernheide und am Marktplatz",
        "body": (
            "Eine Mitfahrbank ist eine ganz einfache Idee: Man setzt sich auf eine auffällig "
            "markierte Bank, klappt ein Schild mit dem Ziel aus, und wer mit dem Auto in die "
            "gleiche Richtung fährt, nimmt einen mit. In einigen Dörfern in Brandenburg gibt es "
            "das schon."
            "\n\n"
            "Ich schlage Mitfahrbänke an der Bushaltestelle in Kiefernheide und am Marktplatz in "
            "der Altstadt vor. Die meisten Autos fahren diese Strecke sowieso mit nur einer "
            "Person. Das kostet die Stadt nur zwei Bänke und ein paar Schilder, und man kommt "
            "nebenbei mit seinen Nachbarn ins Gespräch."
        ),
        "topic": "mobility",
        "district": "Ortsteil Kiefernheide",
        "author": "Opa Heinz",
        "days_ago": 24,
        "lat": 52.4048,
        "lon": 13.0322,
        "comments": [
            {
                "author": "Familie Özdemir",
                "body": (
                    "Wir würden unsere Kinder ehrlich gesagt nicht zu Fremden ins Auto steigen "
                    "lassen. Für Erwachsene aber eine schöne Idee."
                ),
                "replies": [
                    {
                        "author": "Opa Heinz",
                        "body": (
                            "Das stimmt, für Kinder ist das nichts. Gedacht ist es vor allem "
                            "für Ältere, die nicht mehr selbst fahren."
                        ),
                    },
                ],
            },
            {
                "author": "Birgit aus Kiefernheide",
                "body": (
                    "Ergänzt sich gut mit dem Bürgerbus. Tagsüber Mitfahrbank, abends Bus, "
                    "dann wären wir schon viel besser angebunden."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Carsharing-Station am Bahnhof mit E-Autos und Lastenrad",
        "body": (
            "Viele Haushalte in Musterstadt halten sich ein Zweitauto, obwohl es die meiste Zeit "
            "herumsteht. Wir pendeln mit dem Zug nach Berlin und bräuchten ein Auto eigentlich "
            "nur für den Großeinkauf oder den Besuch bei den Schwiegereltern."
            "\n\n"
            "Eine Carsharing-Station am Bahnhof mit zwei oder drei E-Autos und einem "
            "Lastenfahrrad wäre ideal. Man kommt mit dem Zug an und kann direkt weiterfahren. "
            "Es gibt Anbieter, die auch in Kleinstädten Stationen betreiben, wenn die Stadt "
            "Stellplätze zur Verfügung stellt und am Anfang eine Mindestauslastung garantiert."
        ),
        "topic": "mobility",
        "district": "Bahnhofsviertel",
        "author": "Thomas Wegener",
        "days_ago": 16,
        "lat": 52.4244,
        "lon": 13.0736,
        "comments": [
            {
                "author": "Jonas aus dem Nordend",
                "body": (
                    "Ein Lastenrad zum Ausleihen fände ich super. Für den Wocheneinkauf "
                    "brauche ich eigentlich kein Auto."
                ),
                "replies": [],
            },
            {
                "author": "Seeblick-Anwohnerin",
                "body": (
                    "Was kostet denn so eine Mindestauslastung die Stadt? Das sollte vorher "
                    "offen auf den Tisch."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Ladesäulen für E-Autos und E-Bikes am Parkplatz Strandbad",
        "body": (
            "Am Parkplatz beim Strandbad gibt es keine einzige Ladesäule, obwohl dort im Sommer "
            "viele Ausflügler aus Berlin parken. Auch die Leute, die im Seeviertel in "
            "Mehrfamilienhäusern wohnen, haben keine Möglichkeit, ihr E-Auto zu Hause zu laden."
            "\n\n"
            "Ich schlage vier Schnellladesäulen für Autos und eine Ladestation für E-Bikes mit "
            "Schließfächern vor. Betreiben könnten das die Stadtwerke, die sich über die "
            "Ladegebühren refinanzieren. Gerade für den Tourismus am See wäre das ein Plus, und "
            "die Radler können beim Laden ein Eis essen gehen."
        ),
        "topic": "mobility",
        "district": "Seeufer",
        "author": "Marek Nowak",
        "days_ago": 10,
        "lat": 52.4125,
        "lon": 13.0452,
        "comments": [],
    },
    {
        "title": "Barrierefreier Bahnhof: Aufzug zu Gleis 2 endlich bauen",
        "body": (
            "Gleis 2 am Bahnhof Musterstadt ist nur über eine steile Treppe in der Unterführung "
            "erreichbar. Wer im Rollstuhl sitzt, mit Kinderwagen oder schwerem Koffer unterwegs "
            "ist, hat ein echtes Problem. Ich sehe jeden Morgen Leute, die ihren Kinderwagen die "
            "Treppe hochschleppen, und Rollstuhlfahrer kommen gar nicht auf das Gleis Richtung "
            "Berlin."
            "\n\n"
            "Die Stadt sollte sich gemeinsam mit dem Land und der Bahn dafür einsetzen, dass "
            "endlich ein Aufzug oder eine Rampe gebaut wird. Infos zum Bahnhofsprogramm des "
            "Landes findet man unter https://www.brandenburg.de/ – dort ist von "
            "barrierefreien Zugängen die Rede, aber bei uns passiert seit Jahren nichts."
            "\n\n"
            "Bis dahin wäre ein Hinweis auf einen Mobilitätsservice und eine Rampe für "
            "Kinderwagen an der Treppe eine Übergangslösung."
        ),
        "topic": "mobility",
        "district": "Bahnhofsviertel",
        "author": "Ahmad R.",
        "days_ago": 32,
        "lat": 52.4251,
        "lon": 13.0727,
        "comments": [
            {
                "author": "Seeblick-Anwohnerin",
                "body": (
                    "Seit meiner Hüft-OP fahre ich gar nicht mehr mit dem Zug nach Berlin, "
                    "weil ich die Treppe nicht schaffe. Das ist wirklich ein Armutszeugnis."
                ),
                "replies": [],
            },
            {
                "author": "Marek Nowak",
                "body": (
                    "Zuständig ist hier aber die Bahn, nicht die Stadt. Ich befürchte, "
                    "Musterstadt kann da wenig ausrichten."
                ),
                "replies": [
                    {
                        "author": "Ahmad R.",
                        "body": (
                            "Formal stimmt das, aber die Stadt kann Druck machen und sich an "
                            "den Kosten beteiligen. Andere Gemeinden haben so ihren Aufzug "
                            "bekommen."
                        ),
                    },
                ],
            },
            {
                "author": "Familie Özdemir",
                "body": (
                    "Mit Zwillingskinderwagen ist Gleis 2 für uns unerreichbar. Wir fahren "
                    "deshalb immer mit dem Auto bis Potsdam."
                ),
                "replies": [],
            },
            {
                "author": "Karin M.",
                "body": (
                    "Die Rampe an der Treppe als Übergangslösung sollte man sofort machen, "
                    "das kostet doch kaum etwas."
                ),
                "replies": [],
            },
        ],
    },
    # ------------------------------------------------------------------ housing
    {
        "title": "Mehrgenerationenwohnen auf dem Gelände der alten Tuchfabrik",
        "body": (
            "Auf dem ehemaligen Industriegelände der Tuchfabrik stehen seit Jahrzehnten Hallen "
            "und Verwaltungsgebäude leer. Gleichzeitig suchen junge Familien bezahlbaren "
            "Wohnraum, und viele Ältere wohnen allein in zu großen Häusern, die sie nicht mehr "
            "bewirtschaften können."
            "\n\n"
            "Ich schlage vor, im ehemaligen Verwaltungsgebäude ein Mehrgenerationenhaus mit "
            "etwa 20 Wohnungen unterschiedlicher Größe einzurichten, barrierefrei und mit "
            "Gemeinschaftsräumen. Junge und Alte helfen sich gegenseitig: Die einen gehen "
            "einkaufen, die anderen passen mal auf die Kinder auf."
            "\n\n"
            "Getragen werden könnte das Projekt von einer Wohnungsbaugenossenschaft oder der "
            "städtischen Wohnungsgesellschaft. Es gibt Förderprogramme des Landes für genau "
            "solche Projekte."
        ),
        "topic": "housing",
        "district": "Fabrikviertel",
        "author": "Dr. Ulrich Behrendt",
        "days_ago": 39,
        "lat": 52.4160,
        "lon": 13.0875,
        "comments": [
            {
                "author": "Opa Heinz",
                "body": (
                    "Meine Frau und ich wohnen allein in einem Haus mit 140 Quadratmetern. So "
                    "eine Wohnung im Mehrgenerationenhaus würden wir uns ernsthaft überlegen."
                ),
                "replies": [],
            },
            {
                "author": "Thomas Wegener",
                "body": (
                    "Ist der Boden auf dem Fabrikgelände nicht belastet? Bei alten "
                    "Industrieflächen gibt es oft Altlasten, deren Sanierung teuer wird."
                ),
                "replies": [
                    {
                        "author": "Dr. Ulrich Behrendt",
                        "body": (
                            "Ein berechtigter Punkt. Es gab wohl schon ein Gutachten, das "
                            "sollte die Stadt veröffentlichen."
                        ),
                    },
                ],
            },
            {
                "author": "Ahmad R.",
                "body": (
                    "Bitte auch an Familien mit wenig Einkommen denken. Ein Teil der "
                    "Wohnungen sollte mietpreisgebunden sein."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Leerstand in der Altstadt nutzen: Wohnungen über Läden wieder bewohnbar machen",
        "body": (
            "In der Altstadt stehen nicht nur viele Läden leer, sondern auch die Wohnungen "
            "darüber. Viele Obergeschosse in der Breiten Straße und am Markt sind seit Jahren "
            "unbewohnt, weil die Eigentümer die Sanierung scheuen oder keinen separaten Zugang "
            "haben. Gleichzeitig suchen viele Menschen eine Wohnung in Musterstadt."
            "\n\n"
            "Die Stadt sollte ein Leerstandsmanagement einrichten: eine Ansprechperson, die "
            "Eigentümer berät, Fördermittel für die Sanierung vermittelt und bei Bedarf "
            "zwischen Eigentümern und Mietern vermittelt. Informationen zur "
            "Altstadtsanierung gibt es unter https://www.musterstadt.de/altstadtsanierung, "
            "aber die sind sehr allgemein."
            "\n\n"
            "Mehr Bewohner in der Altstadt bedeuten auch mehr Kundschaft für die Geschäfte und "
            "mehr Leben am Abend."
        ),
        "topic": "housing",
        "district": "Altstadt",
        "author": "Karin M.",
        "days_ago": 18,
        "lat": 52.4205,
        "lon": 13.0592,
        "comments": [
            {
                "author": "Jonas aus dem Nordend",
                "body": (
                    "Ein Leerstandskataster wäre ein erster Schritt. Dann weiß man überhaupt "
                    "erst mal, wie viele Wohnungen betroffen sind."
                ),
                "replies": [],
            },
            {
                "author": "Gärtnerin Petra",
                "body": (
                    "Vielleicht auch an Zwischennutzung denken: Ateliers oder Läden für "
                    "Start-ups, bis die Wohnungen saniert sind."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Bezahlbare Wohnungen für junge Familien – Genossenschaftsmodell prüfen",
        "body": (
            "Seit die Bahnverbindung nach Berlin besser geworden ist, steigen die Mieten in "
            "Musterstadt stark. Für junge Leute, die hier aufgewachsen sind, ist es kaum noch "
            "möglich, eine bezahlbare Familienwohnung zu finden. Viele meiner Freunde sind "
            "deshalb schon weggezogen."
            "\n\n"
            "Ich fände es gut, wenn die Stadt Grundstücke nicht mehr an den Meistbietenden "
            "verkauft, sondern in Erbpacht an Wohnungsgenossenschaften vergibt. So bleiben die "
            "Mieten langfristig stabil. Außerdem sollte bei jedem Neubauprojekt ein fester "
            "Anteil an geförderten Wohnungen vorgeschrieben werden, zum Beispiel 30 Prozent."
        ),
        "topic": "housing",
        "district": None,
        "author": "Jonas aus dem Nordend",
        "days_ago": 15,
        "lat": None,
        "lon": None,
        "comments": [
            {
                "author": "Marek Nowak",
                "body": (
                    "Erbpacht ist ein kluger Ansatz. Die Stadt behält die Grundstücke und hat "
                    "langfristig Einnahmen."
                ),
                "replies": [],
            },
            {
                "author": "Karin M.",
                "body": (
                    "Eine feste Quote schreckt aber private Investoren ab. Dann wird am Ende "
                    "vielleicht gar nicht gebaut."
                ),
                "replies": [
                    {
                        "author": "Jonas aus dem Nordend",
                        "body": (
                            "In anderen Städten funktioniert es trotzdem. Und wenn nur teure "
                            "Wohnungen gebaut werden, hilft das uns auch nicht."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Wohnungstauschbörse: große Wohnung gegen kleine tauschen",
        "body": (
            "Viele ältere Menschen in Musterstadt wohnen noch in der großen Familienwohnung, "
            "obwohl die Kinder längst ausgezogen sind. Sie würden gern in eine kleinere, "
            "barrierefreie Wohnung ziehen, aber ein neuer Mietvertrag ist oft teurer als der "
            "alte. Junge Familien dagegen quetschen sich in zu kleine Wohnungen."
            "\n\n"
            "Eine Wohnungstauschbörse der städtischen Wohnungsgesellschaft könnte helfen: Wer "
            "tauscht, behält den alten Quadratmeterpreis und bekommt Hilfe beim Umzug. Das "
            "schafft keinen einzigen neuen Quadratmeter Beton und hilft trotzdem beiden Seiten."
        ),
        "topic": "housing",
        "district": None,
        "author": "Opa Heinz",
        "days_ago": 7,
        "lat": None,
        "lon": None,
        "comments": [],
    },
    # ------------------------------------------------------------------ culture
    {
        "title": "Kulturhaus in der alten Fabrikhalle: Konzerte, Ateliers und Proberäume",
        "body": (
            "Ich spiele in einer Band und wir proben in einer Garage, weil es in ganz "
            "Musterstadt keinen Proberaum gibt. Konzerte gibt es hier auch kaum, für alles "
            "muss man nach Berlin oder Potsdam fahren, und der letzte Zug zurück geht um kurz "
            "nach zwölf."
            "\n\n"
            "Die große Halle der alten Tuchfabrik wäre perfekt für ein Kulturhaus: unten ein "
            "Saal für Konzerte, Theater und Kino, oben Ateliers für Künstler und Proberäume "
            "für Bands, dazu ein Café. Das Gebäude hat eine tolle Atmosphäre mit den alten "
            "Backsteinen und den großen Fenstern."
            "\n\n"
            "Ich weiß, dass so ein Umbau viel kostet. Man könnte aber klein anfangen, zum "
            "Beispiel mit einem Raum und ein paar Veranstaltungen im Sommer, und dann Schritt "
            "für Schritt weitermachen."
        ),
        "topic": "culture",
        "district": "Fabrikviertel",
        "author": "Lena (16)",
        "days_ago": 40,
        "lat": 52.4166,
        "lon": 13.0861,
        "comments": [
            {
                "author": "Jonas aus dem Nordend",
                "body": (
                    "Endlich! Die Halle ist so ein schöner Ort und verfällt einfach. Mit "
                    "einem Verein könnte man sicher Fördermittel beantragen."
                ),
                "replies": [],
            },
            {
                "author": "Opa Heinz",
                "body": (
                    "In der Halle standen früher die Webstühle. Ein kleiner Ausstellungsraum "
                    "zur Geschichte der Fabrik sollte unbedingt dazugehören."
                ),
                "replies": [
                    {
                        "author": "Lena (16)",
                        "body": (
                            "Voll gute Idee! Alt und neu zusammen, das würde das Kulturhaus "
                            "besonders machen."
                        ),
                    },
                ],
            },
            {
                "author": "Seeblick-Anwohnerin",
                "body": (
                    "Konzerte bis spät in die Nacht mitten im Wohngebiet? Da muss der "
                    "Schallschutz stimmen, sonst gibt es Ärger."
                ),
                "replies": [],
            },
            {
                "author": "Thomas Wegener",
                "body": (
                    "Die Sanierung der Halle dürfte mehrere Millionen kosten. Hat jemand "
                    "Zahlen, was ähnliche Projekte in Brandenburg gekostet haben?"
                ),
                "replies": [
                    {
                        "author": "Dr. Ulrich Behrendt",
                        "body": (
                            "Es gibt Städtebaufördermittel für genau solche Industriedenkmäler. "
                            "Der Eigenanteil der Stadt wäre deutlich kleiner."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "Seebühne am Strandbad für Open-Air-Kino, Theater und Konzerte",
        "body": (
            "Der See ist das Schönste, was Musterstadt zu bieten hat, aber kulturell passiert "
            "dort im Sommer wenig. Eine kleine, feste Bühne auf der Wiese neben dem Strandbad "
            "wäre ein Anziehungspunkt für Einheimische und Gäste."
            "\n\n"
            "Auf der Seebühne könnte es im Sommer Open-Air-Kino, Auftritte der Musikschule, "
            "Sommertheater und kleine Konzerte geben. Die Bühne sollte einfach gebaut sein, aus "
            "Holz, mit Sitzstufen zum Hang hin. Außerhalb der Veranstaltungen können sich dort "
            "Leute zum Sonnenuntergang treffen."
            "\n\n"
            "Wichtig ist mir, dass die Veranstaltungen um 22 Uhr enden und sich die Lautstärke "
            "in Grenzen hält, damit die Anwohnenden nicht gestört werden."
        ),
        "topic": "culture",
        "district": "Seeufer",
        "author": "Familie Özdemir",
        "days_ago": 23,
        "lat": 52.4112,
        "lon": 13.0441,
        "comments": [
            {
                "author": "Seeblick-Anwohnerin",
                "body": (
                    "Ich wohne direkt gegenüber. Schall trägt über das Wasser sehr weit. "
                    "Ich bitte darum, dass die Anwohner bei der Planung mitreden dürfen."
                ),
                "replies": [
                    {
                        "author": "Familie Özdemir",
                        "body": (
                            "Das finden wir absolut richtig. Vielleicht kann man die Bühne so "
                            "ausrichten, dass sie vom Wohngebiet weg zeigt."
                        ),
                    },
                ],
            },
            {
                "author": "Lena (16)",
                "body": (
                    "Open-Air-Kino am See wäre der Hammer. Wir haben als Schülerband auch "
                    "schon Interesse angemeldet, falls es klappt!"
                ),
                "replies": [],
            },
            {
                "author": "Radfahrer_MS",
                "body": (
                    "Bitte genug Fahrradbügel einplanen, sonst stehen die Räder wieder kreuz "
                    "und quer auf der Promenade."
                ),
                "replies": [],
            },
        ],
    },
    {
        "title": "Stadtgeschichte entdecken: QR-Code-Tafeln an historischen Gebäuden der Altstadt",
        "body": (
            "Musterstadt hat eine lange Geschichte, aber kaum jemand kennt sie. Wer weiß schon, "
            "dass in der Breiten Straße früher eine Brauerei war oder dass das alte Rathaus "
            "nach dem großen Stadtbrand neu gebaut wurde? Die wenigen Tafeln, die es gibt, sind "
            "verblasst und nur schwer lesbar."
            "\n\n"
            "Ich schlage einen Geschichtspfad mit neuen Tafeln vor, jeweils mit einem QR-Code, "
            "der auf eine Seite mit alten Fotos, Zeitzeugenberichten und einer Hörfassung "
            "führt. Der Heimatverein hat viel Material im Archiv, das bisher niemand zu sehen "
            "bekommt. Schulklassen könnten einzelne Stationen gestalten."
        ),
        "topic": "culture",
        "district": "Altstadt",
        "author": "Opa Heinz",
        "days_ago": 20,
        "lat": 52.4199,
        "lon": 13.0588,
        "comments": [],
    },
    {
        "title": "Kulturabende und Straßenmusik auf dem Marktplatz im Sommer",
        "body": (
            "Abends ist der Marktplatz in der Altstadt wie ausgestorben, obwohl er so schön ist. "
            "Dabei gibt es in Musterstadt viele Musikerinnen und Musiker, die Musikschule und "
            "mehrere Chöre, die gern öfter auftreten würden."
            "\n\n"
            "Mein Vorschlag: Jeden Donnerstag im Juli und August einen Kulturabend auf dem "
            "Marktplatz, mit kleiner Bühne, Auftritten lokaler Gruppen und Ständen der "
            "Gastronomie rundum. Dazu sollte Straßenmusik in der Fußgängerzone ohne kompliziertes "
            "Genehmigungsverfahren erlaubt werden. Das würde die Altstadt beleben und auch den "
            "Geschäften helfen."
        ),
        "topic": "culture",
        "district": "Altstadt",
        "author": "Lena (16)",
        "days_ago": 2,
        "lat": None,
        "lon": None,
        "comments": [],
    },
    {
        "title": "Legale Graffiti-Wand und Street-Art in der Bahnunterführung",
        "body": (
            "Die Bahnunterführung zwischen Bahnhofsviertel und Nordend ist dunkel, dreckig und "
            "ständig mit Schmierereien übersät. Viele gehen da abends nur ungern durch. Die "
            "Stadt lässt die Wände ab und zu überstreichen, und zwei Wochen später sieht es "
            "wieder genauso aus."
            "\n\n"
            "Besser wäre es, die Unterführung gemeinsam mit Jugendlichen und lokalen Künstlern "
            "als Street-Art-Galerie zu gestalten. Erfahrungsgemäß werden gut gestaltete Wände "
            "viel seltener beschmiert. Dazu noch eine legale Graffiti-Wand am Skatepark, wo sich "
            "die Sprayer ausprobieren dürfen, und eine bessere Beleuchtung, dann hätte man "
            "einen Angstraum weniger."
        ),
        "topic": "culture",
        "district": "Bahnhofsviertel",
        "author": "Jonas aus dem Nordend",
        "days_ago": 3,
        "lat": None,
        "lon": None,
        "comments": [
            {
                "author": "Karin M.",
                "body": (
                    "Die bessere Beleuchtung ist für mich das Wichtigste. Abends gehe ich da "
                    "als Frau wirklich nicht gern allein durch."
                ),
                "replies": [],
            },
            {
                "author": "Lena (16)",
                "body": (
                    "In unserer Kunst-AG würden bestimmt einige mitmachen. Wir könnten Entwürfe "
                    "machen und abstimmen lassen."
                ),
                "replies": [],
            },
        ],
    },
]
