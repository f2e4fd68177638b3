"""Great Expectations suites, one per published view (``v_<topic>.py`` builds suite ``v_<topic>``)."""

# Rows each report's parse makes on its own: a critical failure quarantines that report alone.
DOCUMENT_SUITES = (
    "v_documents",
    "v_document_text",
    "v_sections",
    "v_indicators",
    "v_terms",
    "v_slogans",
    "v_cited_documents",
    "v_sentences",
)
# Rows many reports make together: checked on every load, reported as warnings, never a quarantine.
# The term trends first: the slowest to read and to check, the others are read while it is checked.
CROSS_DOCUMENT_SUITES = (
    "v_term_trends",
    "v_keywords",
    "v_slogan_trends",
    "v_indicator_series",
)
# The run log's own rows.
RUN_SUITES = (
    "v_dq_results",
    "v_ingest_runs",
    "v_quarantine",
)
# Suites over the rows a load adds: the document suites first, whose texts the later ones reuse.
DATA_SUITES = DOCUMENT_SUITES + CROSS_DOCUMENT_SUITES
SUITES = DATA_SUITES + RUN_SUITES
