"""URLs of the meetings pages (included by facts/urls.py under the `facts` namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
