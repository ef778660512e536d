from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "gongkai.qa"
    label = "qa"
    verbose_name = "政策问答与回应关切"

    def ready(self) -> None:
        from gongkai.core.audit_actions import register_actions
        from gongkai.core.dashboard import register_panel
        from gongkai.publishing import signals
        from gongkai.qa import indexing, selectors, services
        from gongkai.qa.actions import Action
        from gongkai.search.rebuild import register_rebuild

        for signal in (signals.document_published, signals.document_changed, signals.document_withdrawn):
            signal.connect(indexing.on_document_signal, dispatch_uid=f"qa-passages-{id(signal)}")
        signals.document_published.connect(services.notify_subscribers, dispatch_uid="qa-subscriptions")
        signals.documents_imported.connect(indexing.on_documents_imported, dispatch_uid="qa-passages-batch")
        signals.documents_healed.connect(indexing.on_documents_imported, dispatch_uid="qa-passages-healed")
        signals.documents_imported.connect(services.notify_subscribers_batch, dispatch_uid="qa-subscriptions-batch")
        register_rebuild(indexing.rebuild_passages)
        register_panel(selectors.dashboard_panel)
        register_actions(Action)
