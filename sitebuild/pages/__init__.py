"""Page builders, one module per page kind, in navigation order: each `build(site: SiteDocs)` renders
its pages from `site.data` (sitebuild/site_data.py) and reads no file."""

from . import calculator_page, changes, fees, history, home, linking_guide, open_data, price_list, text_part

BUILDERS = (
    home.build,
    calculator_page.build,
    changes.build,
    fees.build,
    text_part.build,
    price_list.build,
    history.build,
    open_data.build,
    linking_guide.build,
)
