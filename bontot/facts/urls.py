"""Fact entry pages, one module per area so that each stays small."""

from . import urls_meetings, urls_people, urls_ratings

app_name = "facts"

urlpatterns = [*urls_meetings.urlpatterns, *urls_ratings.urlpatterns, *urls_people.urlpatterns]
