"""The words of the demo site: about the platform and the district, true as of November 2026.

Facts about the district come from the product brief and the shipped open data; nothing here
claims an event that did not happen.
"""

from datetime import date

from wagtail.rich_text import RichText

HOME = {
    "title": "Civic Twin · East Birmingham",
    "hero_title": "Have your say on the future of East Birmingham",
    "hero_text": (
        "See what is planned near you, tell the council what you think, and see what happened as a "
        "result – with the numbers behind every decision open for you to check."
    ),
    "hero_link_text": "Explore your area",
    "hero_link_url": "/areas/",
    # Editors arrange the home page in its body; the intro sits there, after the live blocks.
    "intro": "",
}
INTRO = (
    "<p>East Birmingham is home to more than 250,000 people and is set for 60,000 new jobs and "
    "10,000 new homes over the coming decade. Civic Twin is where residents, community groups, "
    "businesses and the council plan that change together.</p>"
)


def home_body(*, lsoa_total: int, lsoa_decile1: int):
    facts = [
        {"value": "250,000+", "label": "people live in East Birmingham", "source": "Birmingham City Council"},
        {"value": "17", "label": "wards covered by this site", "source": "ONS ward boundaries (2018)"},
        {
            "value": "60,000",
            "label": "new jobs planned across East Birmingham in the coming decade",
            "source": "East Birmingham Inclusive Growth Strategy",
        },
        {
            "value": "10,000",
            "label": "new homes planned in the same period",
            "source": "East Birmingham Inclusive Growth Strategy",
        },
    ]
    if lsoa_total:
        facts.insert(
            2,
            {
                "value": f"{lsoa_decile1} of {lsoa_total}",
                "label": "neighbourhoods are among England's 10% most deprived",
                "source": "English Indices of Deprivation 2025 (MHCLG), OGL v3.0",
            },
        )
    return [
        (
            "report_problem",
            {
                "heading": "Report a problem in the street",
                "text": "A pothole, fly-tipping, a broken street light? Tell the council in a minute – by postcode, "
                "by place name or on the map – and follow what happens.",
                "button_text": "Report a problem",
            },
        ),
        ("near_you", {"heading": "Near you and on your priorities", "how_many": 4}),
        ("closing_soon", {"heading": "Consultations closing soon", "how_many": 3}),
        ("decisions", {"heading": "You said, we did: the newest decisions", "how_many": 3}),
        ("fixed_this_week", {"heading": "Fixed this week", "how_many": 5}),
        ("paragraph", RichText(INTRO)),
        ("facts", {"heading": "East Birmingham in numbers", "facts": facts}),
        (
            "featured",
            {
                "heading": "What you can do here",
                "intro": "Everything on this site works on a phone, with a keyboard or a screen reader, and in English, Urdu and Polish.",
                "items": [
                    {
                        "title": "Explore your area",
                        "text": "See the wards and neighbourhoods of East Birmingham on a map or as a list, with population and deprivation figures.",
                        "link": {"page": None, "url": "/areas/"},
                        "link_text": "",
                    },
                    {
                        "title": "Tell us your priorities",
                        "text": "Rank what matters most to you – jobs, air quality, green space, housing and more – and we will show you what affects it first.",
                        "link": {"page": None, "url": "/account/"},
                        "link_text": "",
                    },
                    {
                        "title": "Join a group",
                        "text": "Community groups, businesses and council teams take part as organisations. Find one or register your own.",
                        "link": {"page": None, "url": "/organisations/"},
                        "link_text": "",
                    },
                    {
                        "title": "Tyseley Environmental Enterprise District",
                        "text": "About 100 hectares around Tyseley Energy Park where clean energy and reuse businesses are growing.",
                        "link": {"page": None, "url": "/teed/"},
                        "link_text": "",
                    },
                ],
            },
        ),
    ]


def _p(html):
    return ("paragraph", RichText(html))


STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About Civic Twin",
        "intro": "Civic Twin is the public face of the city's digital twin: a model of the district built from open data.",
        "body": [
            ("heading", "What it is for"),
            _p(
                "<p>Planning decisions shape where people work, how they travel and the air they breathe. "
                "Civic Twin puts those decisions in one place: what is proposed, what people think of it, what "
                "was decided and why.</p>"
            ),
            ("heading", "Every number can be checked"),
            _p(
                "<p>Figures on this site come from published open data – the Office for National Statistics, "
                "the English Indices of Deprivation and others – and each one links to its source and licence. "
                'See <a href="/areas/data-sources/">data sources and licences</a>.</p>'
            ),
            ("heading", "Who runs it"),
            _p(
                "<p>This is a beta service for East Birmingham. It is built so that any other city can run it with "
                "its own boundaries, data and content.</p>"
            ),
        ],
    },
    {
        "slug": "teed",
        "title": "Tyseley Environmental Enterprise District",
        "intro": "About 100 hectares around Tyseley in the south of East Birmingham, designated for clean energy and low-carbon businesses.",
        "body": [
            (
                "facts",
                {
                    "heading": "TEED at a glance",
                    "facts": [
                        {"value": "~100 ha", "label": "of land around Tyseley", "source": "approximate"},
                        {"value": "~250", "label": "businesses", "source": "approximate"},
                        {"value": "~8,000", "label": "jobs", "source": "approximate"},
                        {"value": "~7,750", "label": "residents", "source": "approximate"},
                    ],
                },
            ),
            _p(
                "<p>The district is home to Tyseley Energy Park and sits beside the River Cole valley. It is part of "
                "Tyseley &amp; Hay Mills ward.</p>"
            ),
            (
                "inset",
                {
                    "text": RichText(
                        "<p>The boundary shown on our map is <b>approximate</b>: no official boundary "
                        "is published as data, so we drew it around Tyseley Energy Park and the "
                        "Tyseley industrial area.</p>"
                    )
                },
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "intro": "How Civic Twin uses your personal data, and your rights under UK data protection law.",
        "body": [
            ("heading", "Who we are"),
            _p(
                "<p>The council that runs this site is the data controller for the personal data it holds. "
                "Contact its data protection officer through the council's website.</p>"
            ),
            ("heading", "What we hold and why"),
            _p(
                "<ul><li><b>Your account</b>: email address, password (stored as a secure hash), display name. "
                "We need these to let you sign in and to show your name next to what you post. Lawful basis: "
                "public task (engaging residents in decisions that affect them).</li>"
                "<li><b>Your profile</b>: home area, preferred language and ranked priorities – only if you give them. "
                "We use them to show you what matters to you. Lawful basis: consent; you can change or remove them "
                "at any time.</li>"
                "<li><b>Organisations you belong to</b> and your role in them.</li>"
                "<li><b>Security records</b>: two-step sign-in settings and sign-in attempts, to protect your "
                "account.</li></ul>"
            ),
            ("heading", "What we do not do"),
            _p(
                "<p>We do not sell your data, show advertising or use tracking cookies. Your email address is never "
                "shown to other users.</p>"
            ),
            ("heading", "Your rights"),
            _p(
                '<p>You can <a href="/account/data/">download everything we hold about you</a> as a file and '
                '<a href="/account/data/">delete your account</a> at any time. When you delete your account we erase '
                "your personal data; what you posted stays so that discussions still make sense, but it is no longer "
                "linked to you. You can also ask us to correct your data, restrict how we use it, or complain to the "
                "Information Commissioner's Office (ico.org.uk).</p>"
            ),
            ("heading", "How long we keep it"),
            _p(
                "<p>We keep your account until you delete it. If you do not sign in for three years we will email "
                "you and then delete it.</p>"
            ),
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "intro": "This statement applies to Civic Twin · East Birmingham.",
        "body": [
            _p(
                "<p>We want as many people as possible to be able to use this website. You should be able to:</p>"
                "<ul><li>change colours, contrast levels and fonts using browser or device settings</li>"
                "<li>zoom in up to 400% without the text spilling off the screen</li>"
                "<li>navigate the whole website using just a keyboard</li>"
                "<li>use the website with a screen reader</li>"
                "<li>use every map through the list or table next to it</li>"
                "<li>read the site in English, Urdu or Polish</li></ul>"
            ),
            ("heading", "How accessible this website is"),
            _p(
                "<p>This website aims to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard. "
                "Every page is checked automatically with the axe accessibility engine each time the site changes, "
                "and by keyboard. Map backgrounds come from OpenStreetMap and cannot be described in detail; "
                "the information on each map is always also given as a list or table.</p>"
            ),
            ("heading", "Feedback and contact information"),
            _p(
                "<p>If you need information on this website in a different format, or find a problem not listed here, "
                "contact the council. We will reply within 5 working days.</p>"
            ),
            ("heading", "Enforcement procedure"),
            _p(
                "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector "
                "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy "
                "with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).</p>"
            ),
            ("heading", "Preparation of this statement"),
            _p(
                "<p>This statement was prepared on 26 November 2026. The website was last tested on 26 November 2026 "
                "with automated axe checks and manual keyboard testing of the pages people use most.</p>"
            ),
        ],
    },
    {
        "slug": "cookies",
        "title": "Cookies",
        "intro": "Civic Twin puts small files (known as cookies) on your device. We only use cookies that the site needs to work.",
        "body": [
            ("heading", "Essential cookies"),
            _p(
                "<ul><li><b>sessionid</b> – keeps you signed in (expires when you sign out or after 2 weeks)</li>"
                "<li><b>csrftoken</b> – protects forms from misuse (1 year)</li>"
                "<li><b>civic_language</b> – remembers the language you chose (1 year)</li></ul>"
            ),
            _p("<p>We do not use analytics or advertising cookies, so we do not ask for your consent.</p>"),
        ],
    },
]

NEWS_INDEX = {
    "slug": "news",
    "title": "News",
    "intro": "Updates about Civic Twin and the data behind it. Filter by sector or area with the tags on each item.",
}

NEWS = [
    {
        "slug": "civic-twin-beta-opens",
        "title": "Civic Twin beta opens for East Birmingham",
        "date": "2026-11-26",
        "summary": "The first version of Civic Twin is online: a map of East Birmingham's wards and neighbourhoods, "
        "profiles with ranked priorities, and organisations for community groups, businesses and council teams.",
        "body": [
            _p(
                "<p>This beta is the foundation the rest of the service is built on. Planning proposals, "
                "consultations and street reports come next. Tell us what you think using the feedback link at "
                "the top of every page.</p>"
            )
        ],
        "sector_tags": ["civic-engagement"],
        "area_tags": ["east-birmingham"],
    },
    {
        "slug": "deprivation-data-on-the-map",
        "title": "English Indices of Deprivation 2025 now on the area map",
        "date": "2026-11-25",
        "summary": "Every neighbourhood statistics area (LSOA) in East Birmingham now shows its 2025 deprivation score, "
        "rank and decile, published by MHCLG under the Open Government Licence.",
        "body": [
            _p(
                "<p>The figures come from the English Indices of Deprivation 2025, published on 30 October 2025. "
                "Ward-level populations are estimates apportioned from Census 2021 small areas, and we say so "
                "wherever they appear.</p>"
            )
        ],
        "sector_tags": ["data"],
        "area_tags": ["east-birmingham"],
    },
    {
        "slug": "teed-on-the-map",
        "title": "The Tyseley Environmental Enterprise District on the map",
        "date": "2026-11-24",
        "summary": "An approximate outline of TEED, around Tyseley Energy Park and the Tyseley industrial area, "
        "is now on the area map for investors and residents.",
        "body": [
            _p(
                "<p>No official TEED boundary is published as data, so the outline is marked approximate. "
                "Investment opportunities in the district will be listed here with their local impact.</p>"
            )
        ],
        "sector_tags": ["energy", "investment"],
        "area_tags": ["tyseley"],
    },
]


PROPOSALS = [
    {
        "slug": "tyseley-energy-park-hydrogen-refuelling-demo",
        "title": "Hydrogen and electric refuelling hub at Tyseley Energy Park (demo)",
        "summary": "A demo proposal: extend the refuelling station at Tyseley Energy Park with more hydrogen and rapid "
        "electric charging for buses, refuse lorries and vans, with a training centre for local people.",
        "description": "<p>This is <strong>demo content</strong> for trying out Civic Twin. It shows how a proposal "
        "lists what it is expected to change, so residents and the twin can weigh it up.</p>",
        "status": "consultation",
        "promoter": "investor",
        "themes": ["energy_net_zero", "jobs_skills", "air_quality"],
        "coords": [(-1.8385, 52.4560), (-1.8350, 52.4560), (-1.8350, 52.4578), (-1.8385, 52.4578), (-1.8385, 52.4560)],
        "jobs_created": 45,
        "floorspace_m2": 1800,
        "tco2e_per_year": -2400.0,
        "ev_chargers": 24,
        "trees": 30,
        "other_effects": [{"label": "Training places a year", "value": 60, "unit": ""}],
    },
    {
        "slug": "river-cole-walking-cycling-route-demo",
        "title": "River Cole valley walking and cycling route (demo)",
        "summary": "A demo proposal: a continuous, lit path along the River Cole from Small Heath to Hay Mills, "
        "with new crossings and wetland planting.",
        "description": "<p>Demo content. A route like this would link homes to schools, the energy park and green space.</p>",
        "status": "pre_application",
        "promoter": "council",
        "themes": ["green_blue_space", "transport", "health_wellbeing"],
        "coords": [(-1.8500, 52.4660), (-1.8300, 52.4560), (-1.8280, 52.4575), (-1.8480, 52.4675), (-1.8500, 52.4660)],
        "green_blue_space_change_m2": 12000,
        "trees": 400,
        "tco2e_per_year": -35.0,
    },
    {
        "slug": "hay-mills-community-ev-charging-demo",
        "title": "Community EV charging hubs in Hay Mills (demo)",
        "summary": "A demo proposal: six on-street charging hubs for residents without driveways.",
        "description": "<p>Demo content. Part of a possible EV-charging network layer on the map.</p>",
        "status": "decided",
        "promoter": "council",
        "themes": ["energy_net_zero", "transport"],
        "coords": (-1.8290, 52.4620),
        "ev_chargers": 12,
        "tco2e_per_year": -90.0,
    },
    {
        "slug": "tyseley-station-cycle-hub-demo",
        "title": "Cycle hub and rain garden at Tyseley station (demo)",
        "summary": "A demo proposal, built: secure cycle parking, repairs and a rain garden at the station forecourt.",
        "description": "<p>Demo content. Completed in 2024; its projections are set beside what the twin has "
        "observed since.</p>",
        "status": "completed",
        "delivery_started_on": date(2024, 3, 1),
        "promoter": "council",
        "themes": ["transport", "green_blue_space"],
        "coords": (-1.8392, 52.4540),
        "jobs_created": 4,
        "green_blue_space_change_m2": 650,
        "trees": 30,
        "tco2e_per_year": -20.0,
    },
]

# The community group's idea (its members can turn it into a crowdfunding campaign). Loaded after
# the demo budget, whose items are the first ideas by id.
GROUP_IDEA = {
    "title": "Wildflower meadow and beehives by the Cole",
    "theme": "green_blue_space",
    "description": "Turn the mown grass behind Hay Mills Park into a wildflower meadow with two community "
    "beehives, looked after by our volunteers.",
    "coords": (-1.8185, 52.4625),
}

IDEAS = [
    {
        "title": "Benches and shade along the Cole path",
        "theme": "green_blue_space",
        "description": "Older people would walk the river path more if there were benches every few hundred metres.",
        "coords": (-1.8420, 52.4610),
    },
    {
        "title": "Safer crossing on Warwick Road by the station",
        "theme": "safety",
        "description": "Crossing near Tyseley station is dangerous at school times. A zebra crossing would help.",
        "coords": (-1.8392, 52.4547),
    },
    {
        "title": "Cole path lighting for winter evenings",
        "theme": "safety",
        "description": "The path along the Cole is dark by 5pm in winter; lighting would make it usable after work.",
        "coords": (-1.8405, 52.4620),
    },
]


CONSULTATIONS = [
    {
        "proposal": "tyseley-energy-park-hydrogen-refuelling-demo",
        "title": "Tell us what you think of the refuelling hub (demo)",
        "description": "Demo consultation. We want to know whether you support the hub, what matters most to you, "
        "and what would make it work better for people living nearby.",
        "days_open": 30,
        "results_visibility": "live",
        "questions": [
            {
                "kind": "single",
                "prompt": "How often do you pass Tyseley Energy Park?",
                "options": ["Every day", "Every week", "Less often", "Never"],
            },
            {
                "kind": "multiple",
                "prompt": "Which benefits matter most to you?",
                "options": ["Cleaner air", "Local jobs and training", "Fewer diesel lorries", "Lower bus fares"],
            },
            {"kind": "rating", "prompt": "How well does the proposal explain its effects?"},
            {
                "kind": "ranking",
                "prompt": "Put these priorities for the site in order",
                "options": ["Training for local people", "Quieter operations at night", "Planting and screening"],
            },
            {"kind": "text", "prompt": "Anything else we should know?", "required": False},
        ],
        "votes": [("resident@example.org", "support"), ("group@example.org", "support")],
    },
    {
        "proposal": "hay-mills-community-ev-charging-demo",
        "title": "Community EV charging hubs: where should they go? (demo)",
        "description": "Demo consultation, now closed.",
        "days_open": 14,
        "results_visibility": "after_close",
        "questions": [
            {
                "kind": "single",
                "prompt": "Would you use an on-street charging hub?",
                "options": ["Yes", "Maybe", "No"],
            },
        ],
        "votes": [("resident@example.org", "support"), ("group@example.org", "oppose")],
        "close": True,
    },
]

DECISIONS = [
    {
        "proposal": "hay-mills-community-ev-charging-demo",
        "outcome": "approved_with_changes",
        "reasoning": "<p>Demo decision. Most people who answered supported the hubs. The council approved them "
        "with fewer spaces taken from residents' parking.</p>",
        "what_changed": "You said the hubs should not take parking from residents. We moved two hubs into the "
        "supermarket car park.",
    },
]

IDEA_RESPONSES = [
    {
        "idea": "Cole path lighting for winter evenings",
        "status": "accepted",
        "response": "Demo response. Thank you – lighting is now part of the River Cole route proposal.",
    },
]

MILESTONES = [
    {
        "title": "Lighting designed for the Cole path (demo)",
        "description": "Low-glare lighting that protects bats, from Small Heath to Hay Mills.",
        "status": "in_progress",
        "proposal": "river-cole-walking-cycling-route-demo",
        "ideas": ["Cole path lighting for winter evenings", "Benches and shade along the Cole path"],
    },
]

LAYERS = [
    {
        "name": "Proposed EV-charging network (demo)",
        "description": "Charging hubs and refuelling proposed across the district: a demo thematic layer.",
        "colour": "#00703c",
        "proposals": ["hay-mills-community-ev-charging-demo", "tyseley-energy-park-hydrogen-refuelling-demo"],
    },
]
