from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "bontot.criteria"
    verbose_name = "Tiêu chí"

    def ready(self) -> None:
        from bontot.core.records import fact_changed

        from .verdicts import on_fact_changed

        fact_changed.connect(on_fact_changed, dispatch_uid="criteria.refresh_verdicts")
