"""Human-readable renderings of an analysis: the terminal (``text``) and a report page
(``html``)."""
