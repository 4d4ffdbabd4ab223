"""The reviewers' web application (``asnwatch serve``): the review queue, items, decisions, adjudication,
dashboards and the weekly report in a browser, and a JSON API beside the pages.

Public API::

    from pipeline.web import create_app
    app = create_app(store, secret="a long random string")   # an ASGI app; uvicorn serves it

Modules: ``app`` (the application, headers), ``security`` (sessions, CSRF, origin, login limits),
``context`` (viewer, role checks, rendering), ``login``, ``pages`` (queue and items), ``admin``
(adjudication, dashboards, report, users), ``api`` (JSON), ``views`` (masking, highlighting, filters),
``i18n`` (Indonesian and English text from ``data/messages.yaml``).
"""

from pipeline.web.app import create_app

__all__ = ["create_app"]
