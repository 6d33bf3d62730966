"""The page audit (``make audit``): Lighthouse and the Nu HTML checker over every public page
type. ``pages`` names the page types (the browser tests read it too); ``run`` serves a fresh
copy of the site with production settings and audits it.

``package.json`` pins the Node tools; its ``overrides`` pin two packages that one of
Lighthouse's own dependencies asks for as "latest", so that ``npm ci`` installs exactly what
``package-lock.json`` records.
"""
