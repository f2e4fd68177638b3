-- v_dq_results: one row per data-quality expectation evaluated in an ingest run
with

results as (
    select * from fact_dq_result
)

select
    run_id,
    checked_at,
    suite,
    expectation,
    column_name,
    is_critical,
    success,
    element_count,
    unexpected_count,
    observed_value,
from results
