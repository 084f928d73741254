"""Page builders, one module per page kind, in navigation order. Each takes the SiteSource."""

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
