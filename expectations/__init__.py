"""Great Expectations suites, one per published view (``v_<topic>.py`` builds suite ``v_<topic>``)."""

SUITES = (
    "v_documents",
    "v_document_text",
    "v_sections",
    "v_indicators",
    "v_terms",
    "v_keywords",
    "v_slogans",
    "v_cited_documents",
    "v_term_trends",
    "v_slogan_trends",
    "v_indicator_series",
    "v_dq_results",
    "v_ingest_runs",
    "v_quarantine",
)
# Suites over the rows a load adds; the run-log suites check the run's own rows.
DATA_SUITES = SUITES[:11]
RUN_SUITES = SUITES[11:]
