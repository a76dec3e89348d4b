"""Small experiment files the tests share: a two-variant study, with uncertainties, with a rival."""

SMALL = """
[experiment]
name = "small"
replications = 3
seed = 7
horizon_days = 240

[scenario.customers]
initial = 60
marketing_prospects_per_month = 8

[scenario.catalogue]
titles = 40

[variants.late_fees]
baseline = true

[variants.subscription.pricing]
model = "subscription"
"""

GOOD = SMALL + """
[uncertainties]
"scenario.goodwill.kappa" = [0.5, 1.5]
"scenario.customers.segments.0.price_sensitivity" = {low = 0.5, high = 2.0, distribution = "triangular", mode = 1.0}
[uncertainties.scenario.goodwill.effects]
late_fee = {low = -0.5, high = -0.05}
"""

RIVAL = """
[scenario.rivals.mailco]
enters_month = 1
marketing_prospects_per_month = 6
[scenario.rivals.mailco.pricing]
model = "subscription"
monthly_fee = 17.99
"""
DUEL = SMALL.replace("replications = 3", "replications = 2") + RIVAL
