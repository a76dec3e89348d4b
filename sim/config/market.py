"""The market our business shares with its rivals: who the rivals are, how households arrive, and
how a household chooses between businesses (sim/model/market.py).

A scenario with no rivals is today's single business: prospects come by our marketing and choose
between us and doing nothing, exactly as before. Rivals are part of the scenario (what we do not
control); each has the levers a variant has, its own timeline of changes, its own marketing, and a
day it enters the market.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from sim.config.base import CHARGE_MAX, Strict, param, probability
from sim.config.levers import Variant

SULTAN_1990 = "Sultan, Farley & Lehmann (1990) meta-analysis of Bass models: mean p = 0.03, q = 0.38 a year"
HISTORY = ("assumption; configs/history_blockbuster_netflix.toml calibrates its own value ({}) to {} "
           "(history replay, policysim validate --case history)")
SUBSCRIBERS = "Netflix subscribers 2000-2004"
SWITCHING = ("assumption: about the pull of a one-point reputation edge; Burnham, Frels & Mahajan (2003) "
             "on procedural and relational switching costs")


class Rival(Variant):
    """A rival business: the levers a variant has (pricing is required), its marketing, and its entry."""

    enters_month: float = param(0.0, "Month the rival opens (0: already in the market at day 0).", ge=0.0,
                                le=1_200.0)
    initial_customers: int = param(0, "Customers the rival has when it opens (new customers, a fresh cohort).",
                                   HISTORY.format("Netflix 6", "Netflix's 156k in March 2000"),
                                   ge=0, le=1_000_000)
    marketing_prospects_per_month: float = param(
        0.0, "Poisson rate of prospects the rival's marketing reaches (they know the rival).", ge=0.0,
        le=1_000_000.0)
    marketing_cost_per_prospect: float = param(2.0, "The rival's marketing spend per prospect reached.", ge=0.0,
                                               le=CHARGE_MAX)
    marketing_cost_per_join: float = param(
        0.0, "Marketing spent per customer who joins the rival (a subscriber acquisition cost: marketing over "
        "gross additions), so its marketing grows with its acquisitions rather than being fixed per simulated "
        "business.", "configs/history_blockbuster_netflix.toml sets Netflix's: $100.5M of marketing over 2.716M "
        "gross additions in 2004 = $37.02 (Netflix 10-K 2006, Marketing)", ge=0.0, le=CHARGE_MAX)
    initial_awareness: float = probability(0.0, "Share of households who know the rival when it opens.",
                                           HISTORY.format("Netflix 0.008", SUBSCRIBERS))
    awareness_per_month: float = probability(
        0.05, "Share of the households who do not know the rival that its marketing reaches each month.")

    @model_validator(mode="before")
    @classmethod
    def _needs_pricing(cls, value: object) -> object:
        if isinstance(value, dict):
            if "pricing" not in value:
                raise ValueError("a rival needs a [pricing] table (model = per_rental, subscription, streaming, "
                                 "hybrid or menu)")
            if value.get("baseline"):
                raise ValueError("baseline: a rival is part of the scenario, never the baseline (allowed keys "
                                 "are a variant's levers and the rival's entry and marketing)")
        return value


class Diffusion(Strict):
    """Bass diffusion of the category: households who start renting films, month by month."""

    potential: int = param(20_000, "Market potential: households that will ever rent (m).", ge=1,
                           le=100_000_000)
    innovation: float = param(0.03, "Coefficient of innovation p, a year.", SULTAN_1990, ge=0.0, le=10.0)
    imitation: float = param(0.38, "Coefficient of imitation q, a year.", SULTAN_1990, ge=0.0, le=10.0)
    adopted_at_start: float = probability(
        0.05, "Share of the potential that had adopted before day 0 (the customers at day 0 come from it).")

    @model_validator(mode="after")
    def _grows(self) -> "Diffusion":
        if self.innovation == 0.0 and self.adopted_at_start == 0.0:
            raise ValueError("innovation: with no innovation and no adopters at day 0 nobody ever adopts "
                             "(give innovation > 0 or adopted_at_start > 0)")
        return self


class Choice(Strict):
    """How a household chooses between the businesses it knows and renting from none (a logit)."""

    switching_cost: float = param(
        1.0, "Utility a customer gives up by leaving its business for a rival (effort, lost history).",
        SWITCHING, ge=0.0, le=20.0)
    mail_convenience: float = param(
        0.0, "Mean utility of renting by mail rather than from a store (rivals present).",
        HISTORY.format("0.3", SUBSCRIBERS), ge=-10.0, le=10.0)
    streaming_convenience: float = param(
        0.0, "Mean utility of streaming rather than renting from a store (rivals present).", ge=-10.0, le=10.0)
    channel_taste_sd: float = param(
        0.5, "Spread of a household's own taste for each channel (normal, per household and channel).",
        ge=0.0, le=10.0)
    brand_taste_sd: float = param(
        0.0, "Spread of a household's own taste for each firm (normal, per household and firm), on top of its "
        "channel taste: two firms on one channel are close but not perfect substitutes (0: the same product "
        "but for price and reputation).", ge=0.0, le=10.0)
    awareness_word_of_mouth: float = param(
        0.5, "Word of mouth: the share of unaware households who hear of a rival each month, per unit of its "
        "market share.", HISTORY.format("0.09", SUBSCRIBERS), ge=0.0, le=10.0)


class MarketConfig(Strict):
    """Where households come from, and how they choose."""

    arrivals: Literal["marketing", "bass"] = param(
        "marketing", "marketing: prospects arrive by each business's marketing (Poisson; the single-business "
        "model); bass: households adopt the category by a Bass diffusion and choose among the businesses they "
        "know, while each business's marketing budget (prospects x cost) spreads awareness only.")
    diffusion: Diffusion = Field(default_factory=Diffusion)
    choice: Choice = Field(default_factory=Choice)
