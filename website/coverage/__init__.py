"""The public face of coverage: the /cakupan/ pages, the home page's headline and the open-data API.

Plain Django views and a django-ninja API next to the Wagtail site; the figures come from
`assessment.coverage`, so the public reads exactly what coordinators see.
"""
