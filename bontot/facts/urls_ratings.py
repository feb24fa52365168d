"""URLs of the ratings pages (included by facts/urls.py under the `facts` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
