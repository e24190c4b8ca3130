from .base import BasePage, ListingFields, ReactionsFields, SocialFields, ThemeFields
from .pages import HomePage, HomePageFeatured, StandardPage, StandardPageKeyword
from .settings import SiteSettings
from .taxonomy import Keyword, KeywordItemBase, Theme

__all__ = [
    "BasePage",
    "HomePage",
    "HomePageFeatured",
    "Keyword",
    "KeywordItemBase",
    "ListingFields",
    "ReactionsFields",
    "SiteSettings",
    "SocialFields",
    "StandardPage",
    "StandardPageKeyword",
    "Theme",
    "ThemeFields",
]
