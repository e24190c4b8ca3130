from .index import ResourceIndexPage
from .sheets import MethodSheetPage, MethodSheetPageKeyword, MethodSheetRelated, MethodSheetStep
from .white_papers import (
    WhitePaperContributor,
    WhitePaperPage,
    WhitePaperPageKeyword,
    WhitePaperSource,
)

__all__ = [
    "MethodSheetPage",
    "MethodSheetPageKeyword",
    "MethodSheetRelated",
    "MethodSheetStep",
    "ResourceIndexPage",
    "WhitePaperContributor",
    "WhitePaperPage",
    "WhitePaperPageKeyword",
    "WhitePaperSource",
]
