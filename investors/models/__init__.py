"""investors' models, one module per concern: opportunities (profiles, the workflow, factors,
comparisons, alerts), the data room, message threads, and community campaigns."""

from investors.models.campaigns import Campaign, CostItem, FundMatch, MatchFund, Pledge
from investors.models.dataroom import DataRoomAccess, DataRoomDocument, DataRoomGrant
from investors.models.messaging import Message, Thread
from investors.models.opportunities import (
    SCALE_BANDS,
    AdditionalityFactors,
    InvestmentType,
    InvestorProfile,
    Opportunity,
    OpportunityAlert,
    OpportunityTransition,
    PublishedManager,
    SavedComparison,
    Sector,
    scale_band_of,
)

__all__ = [
    "SCALE_BANDS",
    "AdditionalityFactors",
    "Campaign",
    "CostItem",
    "DataRoomAccess",
    "DataRoomDocument",
    "DataRoomGrant",
    "FundMatch",
    "InvestmentType",
    "InvestorProfile",
    "MatchFund",
    "Message",
    "Opportunity",
    "OpportunityAlert",
    "OpportunityTransition",
    "Pledge",
    "PublishedManager",
    "SavedComparison",
    "Sector",
    "Thread",
    "scale_band_of",
]
